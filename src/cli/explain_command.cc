// `recipes explain <org/repo>`: the serve command of a selection with the
// origin of every flag and env entry (file:line:col and catalog layer), then
// what a later layer dropped or replaced and which sources were left out.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "check/catalog_check.h"
#include "cli/commands.h"
#include "cli/selection_cli.h"
#include "render/json_writer.h"
#include "render/shell_command.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

constexpr size_t kMaxTextColumn = 44;
constexpr size_t kMaxPosColumn = 46;

// Display width in characters (UTF-8 aware) for alignment.
size_t Width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Pad(std::string_view s, size_t width) {
  std::string out(s);
  size_t w = Width(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string UnitText(const std::vector<std::string>& tokens) {
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) out += ' ';
    bool flag = !tokens[i].empty() && tokens[i][0] == '-';
    out += flag && i == 0 ? tokens[i] : QuoteShellValue(tokens[i]);
  }
  return out;
}

std::string PosText(const Pos& pos, std::string_view layer = {}) {
  if (pos.known()) return pos.ToString();
  return layer == "advanced" ? "(--arg)" : "(computed)";
}

std::string OriginText(const Origin& o) {
  return o.layer.empty() ? PosText(o.pos) : PosText(o.pos, o.layer) + " " + o.layer;
}

// The env map a process was rendered with, from the resolver's output.
const Value* ProcessEnv(const Value& out, const std::string& process) {
  const Value* holder = &out;
  if (process == "prefill" || process == "decode") {
    holder = out.Get(process);
  } else if (process.rfind("vllm", 0) == 0) {
    holder = out.Get("vllm");
  }
  const Value* env = holder ? holder->Get("env") : nullptr;
  return env && env->is_object() ? env : nullptr;
}

// A table of (text, origin pos, detail) rows with aligned columns; text that
// is too long for its column pushes the rest of its row to the next line.
class Table {
 public:
  void Add(std::string text, std::string pos, std::string detail) {
    rows_.push_back({std::move(text), std::move(pos), std::move(detail)});
  }
  bool empty() const { return rows_.empty(); }

  std::string Render(const std::string& indent) const {
    size_t tw = 0, pw = 0;
    for (const Row& r : rows_) {
      if (Width(r.text) <= kMaxTextColumn) tw = std::max(tw, Width(r.text));
      if (Width(r.pos) <= kMaxPosColumn) pw = std::max(pw, Width(r.pos));
    }
    std::string out;
    for (const Row& r : rows_) {
      std::string line = indent + r.text;
      if (Width(r.text) > tw) line += "\n" + indent + std::string(tw, ' ');
      else line = indent + Pad(r.text, tw);
      line += "  " + (r.detail.empty() ? r.pos : Pad(r.pos, pw) + "  " + r.detail);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }

 private:
  struct Row {
    std::string text, pos, detail;
  };
  std::vector<Row> rows_;
};

std::string Marked(const Value& marks, const std::string& key) {
  const Value* m = marks.Get(key);
  return m && m->is_string() ? " [" + m->str() + "]" : std::string();
}

std::string Header(const Recipe& recipe, const Selection& sel, const std::string& model_id, const Value& marks) {
  std::string out = recipe.hf_id + " → " + model_id + "\n";
  out += "  variant " + sel.variant + Marked(marks, "variant") + " · hardware " + sel.hardware +
         Marked(marks, "hardware") + " · strategy " + sel.strategy + Marked(marks, "strategy");
  if (sel.pd_nodes.is_object()) {
    for (const char* role : {"prefill", "decode"}) {
      const Value* r = sel.pd_nodes.Get(role);
      const Value* n = r && r->is_object() ? r->Get("nodes") : r;
      const Value* par = r && r->is_object() ? r->Get("parallelism") : nullptr;
      if (!n || !n->is_number()) continue;
      out += " · " + std::string(role) + " " + n->ToDisplayString() + (n->number() == 1 ? " node" : " nodes");
      if (par && par->is_string()) out += " (" + par->str() + ")";
    }
  } else {
    out += " · " + std::to_string(sel.node_count) + " node" + (sel.node_count == 1 ? "" : "s") +
           Marked(marks, "nodes");
  }
  if (sel.kv_offload) out += " · kv offload " + *sel.kv_offload + Marked(marks, "kv_offload");
  out += "\n";
  std::string features;
  for (const std::string& f : sel.features) {
    features += (features.empty() ? "" : ", ") + f;
    for (const auto& [k, m] : sel.feature_modes) {
      if (k == f) features += " (" + m + Marked(marks, "mode " + k) + ")";
    }
    features += Marked(marks, "feature " + f);
  }
  out += "  features: " + (features.empty() ? std::string("none") : features) + "\n";
  return out;
}

std::string ExplainProcess(const ProcessProvenance& p, const Value* values, const std::string& model_id,
                           const std::string& source, const std::string& binary = "vllm serve") {
  std::string out = "== " + p.process + " ==\n";
  out += binary + " " + model_id + "    (model id from " + source + ")\n";
  Table args;
  for (const ArgUnit& u : p.args) {
    std::string detail = u.origin.layer;
    if (u.tokens.size() > 1 && u.value_origin.layer != u.origin.layer && !u.value_origin.layer.empty()) {
      detail += " (value: " + OriginText(u.value_origin) + ")";
    }
    args.Add(UnitText(u.tokens), PosText(u.origin.pos, u.origin.layer), detail);
  }
  out += args.Render("  ");

  if (!p.env.empty()) {
    out += "\nenv:\n";
    Table env;
    for (const EnvProvenance& e : p.env) {
      std::string detail = e.origin.layer;
      if (!e.overridden.empty()) {
        detail += " (replaces ";
        for (size_t i = 0; i < e.overridden.size(); ++i) {
          detail += (i ? ", " : "") + OriginText(e.overridden[i]);
        }
        detail += ")";
      }
      const Value* v = values ? values->Get(e.key) : nullptr;
      env.Add(v ? e.key + "=" + QuoteShellValue(v->ToDisplayString()) : e.key, PosText(e.origin.pos, e.origin.layer),
              detail);
    }
    out += env.Render("  ");
  }

  if (!p.dropped.empty()) {
    out += "\ndropped or replaced:\n";
    Table dropped;
    for (const DroppedArg& d : p.dropped) {
      std::string detail = d.unit.origin.layer + ": " + d.reason;
      if (d.winner) detail += " (kept: " + OriginText(*d.winner) + ")";
      dropped.Add(UnitText(d.unit.tokens), PosText(d.unit.origin.pos, d.unit.origin.layer), detail);
    }
    out += dropped.Render("  ");
  }

  if (!p.skipped.empty()) {
    out += "\nleft out:\n";
    Table skipped;
    for (const SkippedSource& s : p.skipped) skipped.Add(s.what, PosText(s.pos), s.reason);
    out += skipped.Render("  ");
  }
  return out;
}

}  // namespace

int RunExplain(const std::vector<std::string>& args) {
  SelectionCliArgs cli;
  int code = ParseSelectionCli(args, "explain",
                               "Print the serve command of a recipe with the origin of every flag and env entry.",
                               /*with_output_options=*/true, &cli);
  if (code >= 0) return code;
  LoadedSelection loaded;
  code = LoadSelection(cli, "explain", &loaded);
  if (code >= 0) return code;
  Value marks = SelectionMarks(loaded);
  const Recipe& recipe = *loaded.recipe;
  const Selection& sel = loaded.outcome.selection;
  if (loaded.omni) {
    OmniResolution omni = ResolveOmniCommand(*loaded.catalog, recipe, sel.variant, loaded.omni_task, sel.hardware);
    if (!omni.ok()) {
      std::string where = omni.error->pos.known() ? omni.error->pos.ToString() + ": " : std::string();
      std::fprintf(stderr, "recipes explain: %serror: %s\n", where.c_str(), omni.error->message.c_str());
      return 1;
    }
    std::string out = recipe.hf_id + " → " + omni.model_id + "  (vLLM-Omni)\n  variant " + sel.variant +
                      " · hardware " + sel.hardware;
    if (loaded.omni_task) out += " · task " + loaded.omni_task->key;
    std::string source = loaded.omni_task && !loaded.omni_task->model_id.empty() ? "the task" : "the variant or model";
    std::string binary = omni.command.substr(0, omni.command.find(' ' + omni.model_id));
    out += "\n\n" + ExplainProcess(omni.provenance, omni.env.is_object() ? &omni.env : nullptr, omni.model_id,
                                     source, binary);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  }
  ResolveOptions options;
  options.quote_every_token = true;
  Resolution res = ResolveCommand(*loaded.catalog, recipe, sel, options);
  if (!res.ok()) {
    std::string where = res.error->pos.known() ? res.error->pos.ToString() + ": " : std::string();
    ReportCliError(cli.format, "explain", {"resolve", res.error->message, {}, where + "error: " + res.error->message + "\n"});
    return 1;
  }
  if (cli.format == "json") {
    ObjectItems o;
    o.Set("recipe", Value::String(recipe.hf_id));
    o.Set("selection", sel.ToJson());
    o.Set("marks", marks);
    o.Set("model_id", Value::String(res.model_id));
    o.Set("resolution", res.output);
    o.Set("provenance", ProvenanceToValue(res.processes));
    if (cli.docker) o.Set("docker", DockerForms(*loaded.catalog, recipe, sel, res.output));
    o.Set("check", CheckReportToJson(CheckResolution(recipe, sel, res, VllmTables::Builtin(), {})));
    std::string text = ToJson(Value::Object(std::move(o)));
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    return 0;
  }
  const Value* variant = FindVariant(recipe, sel.variant);
  const Value* vid = variant ? variant->Get("model_id") : nullptr;
  std::string source = vid && vid->is_string() && !vid->str().empty()
                           ? "variants." + sel.variant + ".model_id"
                           : "model.model_id";
  std::string out = Header(recipe, sel, res.model_id, marks);
  for (const ProcessProvenance& p : res.processes) out += "\n" + ExplainProcess(p, ProcessEnv(res.output, p.process), res.model_id, source);
  if (cli.docker) {
    const Value forms = DockerForms(*loaded.catalog, recipe, sel, res.output);
    for (const Value& f : forms.items()) {
      out += "\n== docker: " + f.Get("process")->str() + " ==\n" + f.Get("command")->str() + "\n";
    }
  }
  out += "\n" + VerdictText(CheckResolution(recipe, sel, res, VllmTables::Builtin(), {}), "");
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace recipes
