#include "diff/diff_report.h"

#include "diff/command_changes.h"
#include "render/json_writer.h"

namespace recipes {

namespace {

// ------------------------------------------------------------------ JSON ---

Value Str(const std::string& s) { return Value::String(s); }

Value StrList(const std::vector<std::string>& v, size_t max = SIZE_MAX) {
  ArrayItems a;
  for (size_t i = 0; i < v.size() && i < max; ++i) a.push_back(Str(v[i]));
  return Value::Array(std::move(a));
}

Value AddedRemovedJson(const AddedRemoved& d) {
  ObjectItems o;
  o.Set("added", StrList(d.added));
  o.Set("removed", StrList(d.removed));
  return Value::Object(std::move(o));
}

Value Opt(const std::optional<std::string>& s) { return s ? Str(*s) : Value::Null(); }
Value OrNull(const std::string& s) { return s.empty() ? Value::Null() : Str(s); }

Value ChangeJson(const CommandChange& c) {
  ObjectItems o;
  o.Set("kind", Str(CommandChange::KindName(c.kind)));
  o.Set("process", OrNull(c.process));
  o.Set("name", Str(c.name));
  o.Set("before", Opt(c.before));
  o.Set("after", Opt(c.after));
  o.Set("base_at", OrNull(c.base_at));
  o.Set("base_line", OrNull(c.base_line));
  o.Set("head_at", OrNull(c.head_at));
  o.Set("head_line", OrNull(c.head_line));
  return Value::Object(std::move(o));
}

Value GroupJson(const ChangeGroup& g) {
  ObjectItems o;
  o.Set("hardware", StrList(g.hardware));
  o.Set("variants", StrList(g.variants));
  o.Set("strategies", StrList(g.strategies));
  o.Set("choices", StrList(g.choices));
  o.Set("renderings", Value::Number(static_cast<double>(g.renderings)));
  o.Set("example", Str(g.example));
  ArrayItems changes;
  for (const CommandChange& c : g.changes) changes.push_back(ChangeJson(c));
  o.Set("changes", Value::Array(std::move(changes)));
  return Value::Object(std::move(o));
}

Value FindingsJson(const std::vector<FindingDelta>& v) {
  ArrayItems a;
  for (const FindingDelta& f : v) {
    ObjectItems o;
    o.Set("finding", Str(f.finding));
    o.Set("hardware", StrList(f.hardware));
    o.Set("renderings", Value::Number(static_cast<double>(f.renderings)));
    o.Set("example", Str(f.example));
    a.push_back(Value::Object(std::move(o)));
  }
  return Value::Array(std::move(a));
}

Value Num(size_t n) { return Value::Number(static_cast<double>(n)); }

constexpr size_t kJsonKeyExamples = 20;

Value RecipeJson(const CatalogDiff& diff, const RecipeDiff& d) {
  ObjectItems o;
  o.Set("recipe", Str(d.recipe));
  o.Set("status", Str(d.status));
  o.Set("variants", AddedRemovedJson(d.variants));
  o.Set("hardware", AddedRemovedJson(d.hardware));
  o.Set("strategies", AddedRemovedJson(d.strategies));
  o.Set("features", AddedRemovedJson(d.features));
  o.Set("modes", AddedRemovedJson(d.modes));
  ObjectItems r;
  r.Set("changed", Num(d.renderings_changed));
  r.Set("same", Num(d.renderings_same));
  r.Set("added", Num(d.renderings_added));
  r.Set("removed", Num(d.renderings_removed));
  ArrayItems examples;
  for (const ChangeGroup& g : d.groups) examples.push_back(GroupJson(g));
  r.Set("examples", Value::Array(std::move(examples)));
  r.Set("added_examples", StrList(d.added_keys, kJsonKeyExamples));
  r.Set("removed_examples", StrList(d.removed_keys, kJsonKeyExamples));
  o.Set("renderings", Value::Object(std::move(r)));
  ObjectItems f;
  f.Set("checked", Value::Bool(diff.findings_checked));
  f.Set("new", FindingsJson(d.findings_new));
  f.Set("fixed", FindingsJson(d.findings_fixed));
  o.Set("findings", Value::Object(std::move(f)));
  ObjectItems p;
  p.Set("checked", Value::Bool(diff.plan_checked));
  ArrayItems plan;
  for (const PlanDelta& x : d.plan_changed) {
    ObjectItems e;
    e.Set("rendering", Str(x.rendering));
    e.Set("before", OrNull(x.before));
    e.Set("after", OrNull(x.after));
    plan.push_back(Value::Object(std::move(e)));
  }
  p.Set("changed", Value::Array(std::move(plan)));
  o.Set("plan", Value::Object(std::move(p)));
  o.Set("guide", OrNull(d.guide_diff));
  ObjectItems api;
  api.Set("added", StrList(d.api_added));
  api.Set("removed", StrList(d.api_removed));
  std::vector<std::string> changed;
  for (const ApiFileChange& c : d.api_changed) changed.push_back(c.path);
  api.Set("changed", StrList(changed));
  o.Set("api_files", Value::Object(std::move(api)));
  o.Set("errors", StrList(d.errors));
  return Value::Object(std::move(o));
}

}  // namespace

Value DiffToJson(const CatalogDiff& diff) {
  ObjectItems o;
  o.Set("base", Str(diff.base));
  o.Set("head", Str(diff.head));
  o.Set("equal", Value::Bool(diff.equal()));
  ArrayItems recipes;
  for (const RecipeDiff& d : diff.recipes) recipes.push_back(RecipeJson(diff, d));
  o.Set("recipes", Value::Array(std::move(recipes)));
  o.Set("api_files_added", StrList(diff.api_files_added));
  o.Set("api_files_removed", StrList(diff.api_files_removed));
  std::vector<std::string> changed;
  ObjectItems paths;
  for (const ApiFileChange& c : diff.api_files_changed) {
    changed.push_back(c.path);
    std::vector<std::string> jp = c.json_paths;
    if (c.json_paths_truncated) jp.push_back("…");
    paths.Set(c.path, StrList(jp));
  }
  o.Set("api_files_changed", StrList(changed));
  o.Set("api_json_paths", Value::Object(std::move(paths)));
  if (!diff.api_error.empty()) o.Set("api_error", Str(diff.api_error));
  return Value::Object(std::move(o));
}

std::string FormatDiffJson(const CatalogDiff& diff) { return ToJson(DiffToJson(diff), 2) + "\n"; }

}  // namespace recipes
