#include "check/check_report_format.h"

#include <algorithm>
#include <map>

#include "render/json_writer.h"

namespace recipes {

namespace {

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string ShellQuote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%$") ==
                        std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string SelectionText(const Value& sel) {
  if (sel.Get("source")) {
    return "guide command at line " + (sel.Get("line") ? sel.Get("line")->ToDisplayString() : "?");
  }
  std::string out;
  auto add = [&](const char* label, const Value* v) {
    if (!v || v->is_null()) return;
    std::string t;
    if (v->is_array()) {
      std::vector<std::string> parts;
      for (const Value& e : v->items()) parts.push_back(e.ToDisplayString());
      t = parts.empty() ? "none" : Join(parts, ",");
    } else if (v->is_object()) {
      t = ToJson(*v, 0);
    } else {
      t = v->ToDisplayString();
    }
    out += (out.empty() ? "" : " · ") + std::string(label) + " " + t;
  };
  add("hardware", sel.Get("hardware"));
  add("variant", sel.Get("variant"));
  add("strategy", sel.Get("strategy"));
  if (const Value* n = sel.Get("node_count"); n && n->is_number() && n->number() != 1) add("nodes", n);
  add("features", sel.Get("features"));
  if (const Value* m = sel.Get("feature_modes"); m && m->is_object() && m->size() > 0) add("modes", m);
  if (const Value* pd = sel.Get("pd_nodes"); pd && pd->is_object()) add("pd", pd);
  if (const Value* kv = sel.Get("kv_offload"); kv && kv->is_string()) add("kv_offload", kv);
  return out;
}

}  // namespace

size_t CheckReport::errors() const {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(), [](const CheckFinding& f) { return f.error; }));
}
size_t CheckReport::warnings() const { return findings.size() - errors(); }
int CheckReport::ExitCode() const { return errors() > 0 || !unknown_recipes.empty() ? 1 : 0; }

std::string VerdictText(const CheckReport& report, const std::string& prefix) {
  std::string out = prefix + VerdictLine(report) + "\n";
  for (const CheckFinding& f : report.findings) {
    std::string where = f.pos.known() ? f.pos.ToString() : f.file;
    out += prefix + "  " + where + ": " + (f.error ? "error" : "warning") + ": " + f.message + " [" +
           ProblemName(f.problem) + "]\n";
  }
  return out;
}

Diagnostics CheckDiagnostics(const CheckReport& report) {
  Diagnostics out;
  for (const CheckFinding& f : report.findings) {
    std::string msg = "[vLLM " + f.version + ", " + ProblemName(f.problem) + "] " + f.message;
    Diagnostic d = f.error ? Diagnostic::Error(f.pos, msg) : Diagnostic::Warning(f.pos, msg);
    if (!f.pos.known()) d.path = f.file;
    out.push_back(std::move(d));
  }
  for (const RecipeVerdict& r : report.recipes) {
    for (const Diagnostic& d : r.min_versions) out.push_back(d);
  }
  return out;
}

namespace {

std::string FormatFindingBlock(const CheckFinding& f, const std::vector<std::string>& versions, size_t renderings,
                               bool error) {
  std::string out;
  std::string message = f.message + " [" + ProblemName(f.problem) + "]";
  Diagnostic d = error ? Diagnostic::Error(f.pos, message) : Diagnostic::Warning(f.pos, message);
  if (!f.pos.known()) d.path = f.file;
  out += d.Render();
  out += "  flag " + f.flag + " · " + std::to_string(renderings) + " rendering" + (renderings == 1 ? "" : "s") +
         " · vLLM " + Join(versions, ", ") + (f.layer.empty() ? "" : " · from " + f.layer) + "\n";
  out += "  e.g. " + SelectionText(f.example_selection) + " (" + f.example_process + ")\n";
  std::vector<std::string> quoted;
  for (const std::string& a : f.example_argv) quoted.push_back(ShellQuote(a));
  out += "    " + Join(quoted, " ") + "\n";
  return out;
}

}  // namespace

std::string FormatCheckFinding(const CheckFinding& f) {
  return FormatFindingBlock(f, {f.version}, f.renderings, f.error);
}

std::string FormatCheckText(const CheckReport& report) {
  std::string out;
  // One diagnostic per cause; the versions it shows up on are listed together.
  std::map<std::string, std::vector<size_t>> merged;
  std::vector<std::string> order;
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const CheckFinding& f = report.findings[i];
    std::string key = f.recipe + '\n' + ProblemName(f.problem) + '\n' + f.flag + '\n' + f.pos.ToString() + '\n' +
                      f.file;
    if (!merged.count(key)) order.push_back(key);
    merged[key].push_back(i);
  }
  for (const std::string& key : order) {
    const std::vector<size_t>& idx = merged[key];
    const CheckFinding& f = report.findings[idx.back()];  // the newest version's wording
    std::vector<std::string> versions;
    size_t renderings = 0;
    bool error = false;
    for (size_t i : idx) {
      versions.push_back(report.findings[i].version);
      renderings = std::max(renderings, report.findings[i].renderings);
      error = error || report.findings[i].error;
    }
    out += FormatFindingBlock(f, versions, renderings, error);
  }
  for (const RecipeVerdict& r : report.recipes) {
    if (!r.scope_note.empty()) out += r.path + ": note: not checked: " + r.scope_note + "\n";
    for (const Diagnostic& d : r.min_versions) out += d.Render();
  }
  if (report.versions.size() > 1) {
    out += "\nversions on which every rendering parses:\n";
    for (const RecipeVerdict& r : report.recipes) {
      if (!r.scope_note.empty()) continue;
      out += "  " + r.recipe + ": " + (r.parses_on.empty() ? "none of the checked versions" : Join(r.parses_on, ", ")) +
             "\n";
    }
  }
  for (const std::string& id : report.unknown_recipes) out += "error: no recipe " + id + " in the catalog\n";
  size_t checked = 0;
  for (const RecipeVerdict& r : report.recipes) checked += r.scope_note.empty() ? 1 : 0;
  out += "\nchecked " + std::to_string(report.renderings) + " renderings of " + std::to_string(checked) +
         (checked == 1 ? " recipe" : " recipes") + " on vLLM " + Join(report.versions, ", ") + ": " + std::to_string(report.errors()) + " error" +
         (report.errors() == 1 ? "" : "s") + ", " + std::to_string(report.warnings()) + " warning" +
         (report.warnings() == 1 ? "" : "s") + "\n";
  return out;
}

Value CheckReportToJson(const CheckReport& report) {
  ObjectItems root;
  ArrayItems versions;
  for (const std::string& v : report.versions) versions.push_back(Value::String(v));
  root.Set("vllm", Value::Array(std::move(versions)));
  root.Set("renderings", Value::Number(static_cast<double>(report.renderings)));
  ArrayItems findings;
  for (const CheckFinding& f : report.findings) {
    ObjectItems o;
    o.Set("recipe", Value::String(f.recipe));
    o.Set("vllm", Value::String(f.version));
    o.Set("flag", Value::String(f.flag));
    o.Set("problem", Value::String(ProblemName(f.problem)));
    o.Set("severity", Value::String(f.error ? "error" : "warning"));
    o.Set("message", Value::String(f.message));
    o.Set("file", Value::String(f.file));
    o.Set("line", f.pos.known() ? Value::Number(f.pos.line) : Value::Null());
    o.Set("col", f.pos.known() ? Value::Number(f.pos.col) : Value::Null());
    o.Set("renderings", Value::Number(static_cast<double>(f.renderings)));
    o.Set("example_selection", f.example_selection);
    ArrayItems argv;
    for (const std::string& a : f.example_argv) argv.push_back(Value::String(a));
    o.Set("example_argv", Value::Array(std::move(argv)));
    findings.push_back(Value::Object(std::move(o)));
  }
  root.Set("findings", Value::Array(std::move(findings)));
  ArrayItems recipes;
  for (const RecipeVerdict& r : report.recipes) {
    ObjectItems o;
    o.Set("recipe", Value::String(r.recipe));
    o.Set("renderings", Value::Number(static_cast<double>(r.renderings)));
    ArrayItems ok, bad;
    for (const std::string& v : r.parses_on) ok.push_back(Value::String(v));
    for (const std::string& v : r.fails_on) bad.push_back(Value::String(v));
    o.Set("parses_on", Value::Array(std::move(ok)));
    o.Set("fails_on", Value::Array(std::move(bad)));
    if (!r.scope_note.empty()) o.Set("out_of_scope", Value::String(r.scope_note));
    if (!r.min_versions.empty()) {
      // One line per minimum that is too old (the model's, then variants').
      std::string text;
      for (const Diagnostic& d : r.min_versions) text += (text.empty() ? "" : "\n") + d.message;
      o.Set("min_vllm_version_too_old", Value::String(text));
    }
    recipes.push_back(Value::Object(std::move(o)));
  }
  root.Set("recipes", Value::Array(std::move(recipes)));
  return Value::Object(std::move(root));
}

std::string VerdictLine(const CheckReport& report) {
  std::string versions = Join(report.versions, ", ");
  for (const RecipeVerdict& r : report.recipes) {
    if (!r.scope_note.empty()) return "· not checked: " + r.scope_note;
  }
  size_t errors = report.errors(), warnings = report.warnings();
  std::string warn = warnings ? " · " + std::to_string(warnings) + " warning" + (warnings == 1 ? "" : "s") : "";
  if (errors == 0) return "\xE2\x9C\x93 parses on vLLM " + versions + warn;
  const CheckFinding* first = nullptr;
  for (const CheckFinding& f : report.findings) {
    if (f.error) {
      first = &f;
      break;
    }
  }
  std::vector<std::string> fails;
  for (const RecipeVerdict& r : report.recipes) fails = r.fails_on;
  return "\xE2\x9C\x97 does not parse on vLLM " + Join(fails, ", ") + ": " + std::to_string(errors) + " error" +
         (errors == 1 ? "" : "s") + " (" + first->flag + ": " + ProblemName(first->problem) + ")" + warn;
}

}  // namespace recipes
