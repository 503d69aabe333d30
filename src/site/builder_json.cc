#include "site/builder_json.h"

#include <cmath>

#include "render/json_writer.h"

namespace recipes {

namespace {

Value Str(std::string_view s) { return Value::String(std::string(s)); }

Value StrList(const std::vector<std::string>& v) {
  ArrayItems a;
  a.reserve(v.size());
  for (const auto& s : v) a.push_back(Str(s));
  return Value::Array(std::move(a));
}

Value PairObject(const std::vector<std::pair<std::string, std::string>>& v) {
  ObjectItems o;
  for (const auto& [k, s] : v) o.Set(k, Str(s));
  return Value::Object(std::move(o));
}

Value NumberValue(const BuilderNumber& n) {
  ObjectItems o;
  o.Set("param", Str(n.param));
  o.Set("label", Str(n.label));
  o.Set("value", Value::Number(n.value));
  o.Set("min", Value::Number(n.min));
  o.Set("max", Value::Number(n.max));
  o.Set("suffix", Str(n.suffix));
  return Value::Object(std::move(o));
}

Value Numbers(const std::vector<BuilderNumber>& v) {
  ArrayItems a;
  for (const auto& n : v) a.push_back(NumberValue(n));
  return Value::Array(std::move(a));
}

Value PillValue(const BuilderPill& p) {
  ObjectItems o;
  o.Set("id", Str(p.id));
  o.Set("label", Str(p.label));
  if (!p.detail.empty()) o.Set("detail", Str(p.detail));
  o.Set("active", Value::Bool(p.active));
  o.Set("disabled", Value::Bool(p.disabled));
  if (p.verified) o.Set("verified", Value::Bool(true));
  if (p.recommended) o.Set("recommended", Value::Bool(true));
  o.Set(p.disabled ? "reason" : "tooltip", Str(p.tooltip));
  o.Set("query", Str(p.query));
  return Value::Object(std::move(o));
}

Value RowValue(const BuilderRow& row) {
  ObjectItems o;
  o.Set("key", Str(row.key));
  o.Set("label", Str(row.label));
  o.Set("note", Str(row.note));
  ArrayItems lines;
  for (const auto& [group, pills] : row.lines) {
    ObjectItems line;
    line.Set("group", Str(group));
    ArrayItems ps;
    for (const auto& p : pills) ps.push_back(PillValue(p));
    line.Set("pills", Value::Array(std::move(ps)));
    lines.push_back(Value::Object(std::move(line)));
  }
  o.Set("lines", Value::Array(std::move(lines)));
  return Value::Object(std::move(o));
}

Value TabValue(const BuilderTab& t) {
  ObjectItems o;
  o.Set("id", Str(t.id));
  o.Set("label", Str(t.label));
  o.Set("description", Str(t.description));
  o.Set("command", Str(t.command));
  if (t.wraps) o.Set("docker_command", Str(t.docker_command));
  o.Set("env", PairObject(t.env));
  o.Set("numbers", Numbers(t.numbers));
  o.Set("client_target", Value::Bool(t.client_target));
  return Value::Object(std::move(o));
}

}  // namespace

Value BuilderViewValue(const BuilderView& v) {
  ObjectItems o;
  o.Set("recipe", Str(v.recipe ? v.recipe->hf_id : ""));
  o.Set("query", Str(v.query));
  ArrayItems corrections;
  for (const auto& c : v.corrections) {
    ObjectItems e;
    e.Set("param", Str(c.param));
    e.Set("message", Str(c.message));
    corrections.push_back(Value::Object(std::move(e)));
  }
  o.Set("corrections", Value::Array(std::move(corrections)));

  ObjectItems state;
  state.Set("variant", Str(v.variant));
  state.Set("hardware", Str(v.hardware));
  state.Set("strategy", Str(v.strategy));
  state.Set("deploy_type", Str(v.deploy_type));
  state.Set("nodes", Value::Number(v.nodes));
  state.Set("features", StrList(v.features));
  state.Set("modes", PairObject(v.modes));
  state.Set("advanced", StrList(v.advanced));
  state.Set("kv_offload", Str(v.kv_offload));
  state.Set("model_id", Str(v.model_id));
  o.Set("state", Value::Object(std::move(state)));

  ArrayItems controls;
  for (const auto& row : v.rows) controls.push_back(RowValue(row));
  o.Set("controls", Value::Array(std::move(controls)));

  ArrayItems advanced;
  for (const auto& a : v.advanced_options) {
    ObjectItems e;
    e.Set("id", Str(a.id));
    e.Set("label", Str(a.label));
    e.Set("checked", Value::Bool(a.checked));
    e.Set("query", Str(a.query));
    advanced.push_back(Value::Object(std::move(e)));
  }
  o.Set("advanced", Value::Array(std::move(advanced)));
  o.Set("pd_pools", Numbers(v.pd_numbers));
  o.Set("status", Str(v.status));
  o.Set("summary", Str(v.summary));
  o.Set("vram_warning", Str(v.vram_warning));
  if (v.memory.present) {
    auto r2 = [](double x) { return Value::Number(std::round(x * 100) / 100); };
    ObjectItems m;
    m.Set("fits", Value::Bool(v.memory.fits));
    m.Set("budget_gib", r2(v.memory.budget_gib));
    m.Set("weights_gib", r2(v.memory.weights_gib));
    m.Set("activation_gib", r2(v.memory.overhead_gib));
    m.Set("kv_cache_gib", r2(v.memory.kv_gib));
    m.Set("tokens", Value::Number(static_cast<double>(v.memory.tokens)));
    m.Set("max_model_len", Value::Number(static_cast<double>(v.memory.max_model_len)));
    m.Set("max_concurrency", r2(v.memory.max_concurrency));
    m.Set("max_model_len_that_fits", Value::Number(static_cast<double>(v.memory.max_model_len_that_fits)));
    m.Set("sentence", Value::String(v.memory.sentence));
    o.Set("memory", Value::Object(std::move(m)));
  }
  ArrayItems tabs;
  for (const auto& t : v.tabs) tabs.push_back(TabValue(t));
  o.Set("tabs", Value::Array(std::move(tabs)));
  o.Set("env_defaults", PairObject(v.env_defaults));
  o.Set("curl", Str(v.curl));
  o.Set("bench", Str(v.bench));
  if (!v.resolve_error.empty()) o.Set("resolve_error", Str(v.resolve_error));
  return Value::Object(std::move(o));
}

std::string BuilderViewJson(const BuilderView& v, const std::string& html) {
  // The resolution and the HTML fragment (most of the bytes) are appended
  // in place rather than copied into the Value.
  std::string o = ToJson(BuilderViewValue(v), 0);
  o.reserve(o.size() + 4096 + html.size());
  o.pop_back();  // the closing brace
  o += ",\"resolution\":";
  AppendJson(&o, v.resolution, 0);
  o += ",\"html\":";
  AppendJsonString(&o, html);
  o += '}';
  return o;
}

std::string BuilderErrorJson(const BuilderError& e) {
  ObjectItems err;
  err.Set("param", Str(e.param));
  err.Set("message", Str(e.message));
  err.Set("valid", StrList(e.valid));
  ObjectItems o;
  o.Set("error", Value::Object(std::move(err)));
  return ToJson(Value::Object(std::move(o)), 0);
}

}  // namespace recipes
