// `recipes list`, `recipes show ORG/REPO` and `recipes hardware`: what the
// site's browse page and builder pills show, from the catalog, as text or JSON.
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_args.h"
#include "cli/commands.h"
#include "cli/selection_cli.h"
#include "parse/catalog_loader.h"
#include "render/json_writer.h"
#include "resolve/choice_words.h"
#include "resolve/omni.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

std::string Str(const Value* v) { return v && v->is_string() ? v->str() : v && v->is_number() ? v->ToDisplayString() : ""; }
const Value* Sub(const Value* v, std::string_view k) { return v && v->is_object() ? v->Get(k) : nullptr; }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void PrintJson(const Value& v) {
  std::string text = ToJson(v);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

std::vector<std::string> Tasks(const Recipe& r) {
  std::vector<std::string> out;
  if (const Value* t = Sub(r.doc.Get("meta"), "tasks"); t && t->is_array()) {
    for (const Value& e : t->items()) out.push_back(Str(&e));
  }
  return out;
}

bool Loaded(const std::string& dir, const std::string& name, const std::string& format, LoadResult* out) {
  if (!dir.empty() && !std::filesystem::is_directory(dir)) {
    ReportCliError(format, name, {"catalog", "no catalog folder at '" + dir + "'", {}, ""});
    return false;
  }
  *out = LoadCatalogFrom(dir);
  return true;
}

}  // namespace

int RunList(const std::vector<std::string>& args) {
  CLI::App app{"List the recipes of the catalog.", "recipes list"};
  std::string dir, hardware, task, format = "text";
  app.add_option("--catalog", dir, "catalog folder (default: the built-in catalog)");
  app.add_option("--hardware", hardware, "only recipes that run on this hardware (id or label)");
  app.add_option("--task", task, "only recipes with this task (text, multimodal, omni, embedding)");
  app.add_option("--format", format, "output format")->check(CLI::IsMember({"text", "json"}));
  if (auto code = ParseArgs(app, args)) return *code;
  LoadResult loaded;
  if (!Loaded(dir, "list", format, &loaded)) return 2;
  const Catalog& c = *loaded.catalog;
  if (!hardware.empty()) {
    std::vector<std::string> ids;
    if (const Value* p = c.HardwareProfiles()) {
      for (const auto& [id, v] : p->members()) ids.push_back(id);
    }
    std::vector<Candidate> cands = ChoiceCandidates(c, nullptr, "hardware", ids);
    std::optional<std::string> key = KeyForWord(hardware, cands);
    if (!key) {
      std::string list;
      for (const Candidate& x : cands) list += (list.empty() ? "" : ", ") + KeyWithLabel(x);
      const Candidate* best = BestMatch(hardware, cands);
      std::string msg = "unknown hardware '" + hardware + "'";
      ReportCliError(format, "list", {"hardware", msg, ids,
                                      "error: " + msg + "\n  valid hardware choices: " + list + "\n" +
                                          (best ? "  did you mean " + KeyWithLabel(*best) + "?\n" : "")});
      return 1;
    }
    hardware = *key;
  }
  ArrayItems rows;
  std::string text;
  for (const Recipe& r : c.recipes) {
    std::vector<std::string> tasks = Tasks(r);
    if (!task.empty()) {
      bool has = false;
      for (const std::string& t : tasks) has = has || Lower(t) == Lower(task);
      if (!has) continue;
    }
    if (!hardware.empty()) {
      bool runs = false;
      for (const std::string& v : VariantKeys(r)) runs = runs || CheckHardware(c, r, v, hardware).ok();
      if (VariantKeys(r).empty()) runs = CheckHardware(c, r, "default", hardware).ok();
      if (!runs) continue;
    }
    std::string title = Str(Sub(r.doc.Get("meta"), "title"));
    std::string joined;
    for (const std::string& t : tasks) joined += (joined.empty() ? "" : ",") + t;
    ObjectItems o;
    o.Set("id", Value::String(r.hf_id));
    o.Set("title", Value::String(title));
    ArrayItems ta;
    for (const std::string& t : tasks) ta.push_back(Value::String(t));
    o.Set("tasks", Value::Array(std::move(ta)));
    ArrayItems va;
    for (const std::string& v : VariantKeys(r)) va.push_back(Value::String(v));
    o.Set("variants", Value::Array(std::move(va)));
    rows.push_back(Value::Object(std::move(o)));
    char line[512];
    std::snprintf(line, sizeof line, "%-48s %-12s %s\n", r.hf_id.c_str(), joined.c_str(), title.c_str());
    text += line;
  }
  if (format == "json") {
    PrintJson(Value::Array(std::move(rows)));
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fprintf(stderr, "%zu recipe%s\n", rows.size(), rows.size() == 1 ? "" : "s");
  }
  return 0;
}

int RunHardware(const std::vector<std::string>& args) {
  CLI::App app{"List the hardware taxonomy.", "recipes hardware"};
  std::string dir, format = "text";
  app.add_option("--catalog", dir, "catalog folder (default: the built-in catalog)");
  app.add_option("--format", format, "output format")->check(CLI::IsMember({"text", "json"}));
  if (auto code = ParseArgs(app, args)) return *code;
  LoadResult loaded;
  if (!Loaded(dir, "hardware", format, &loaded)) return 2;
  ArrayItems rows;
  std::string text;
  if (const Value* p = loaded.catalog->HardwareProfiles()) {
    for (const auto& [id, v] : p->members()) {
      ObjectItems o;
      o.Set("id", Value::String(id));
      for (const char* k : {"display_name", "brand", "generation", "gpu_count", "vram_gb", "scalable", "restricted"}) {
        if (const Value* x = v.Get(k)) o.Set(k, *x);
      }
      rows.push_back(Value::Object(std::move(o)));
      char line[512];
      std::snprintf(line, sizeof line, "%-20s %-22s %-8s %-12s %3s GPU %6s GB%s\n", id.c_str(),
                    Str(v.Get("display_name")).c_str(), Str(v.Get("brand")).c_str(), Str(v.Get("generation")).c_str(),
                    Str(v.Get("gpu_count")).c_str(), Str(v.Get("vram_gb")).c_str(),
                    IsHardwareScalable(&v) ? "" : "  (one node only)");
      text += line;
    }
  }
  if (format == "json") {
    PrintJson(Value::Array(std::move(rows)));
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return 0;
}

int RunShow(const std::vector<std::string>& args) {
  CLI::App app{"Show a recipe as the command builder's pills do.", "recipes show"};
  std::string dir, id, format = "text";
  app.add_option("recipe", id, "recipe id, e.g. MiniMaxAI/MiniMax-M3")->required();
  app.add_option("--catalog", dir, "catalog folder (default: the built-in catalog)");
  app.add_option("--format", format, "output format")->check(CLI::IsMember({"text", "json"}));
  if (auto code = ParseArgs(app, args)) return *code;
  LoadResult loaded;
  if (!Loaded(dir, "show", format, &loaded)) return 2;
  const Catalog& c = *loaded.catalog;
  RecipeMatch m = FindRecipeByWord(c, id);
  if (!m.recipe) {
    std::vector<Candidate> cands = RecipeCandidates(c);
    const Candidate* best = BestMatch(id, cands);
    std::string msg = "no recipe '" + id + "'";
    ReportCliError(format, "show", {"recipe", msg, best ? std::vector<std::string>{best->key} : std::vector<std::string>{},
                                    "error: " + msg + "\n" + (best ? "  did you mean " + best->key + "?\n" : "")});
    return 1;
  }
  const Recipe& r = *m.recipe;
  SelectionOutcome def = DefaultSelection(c, r);
  const Value* declared = Sub(r.doc.Get("meta"), "hardware");
  std::string text = r.hf_id + " — " + Str(Sub(r.doc.Get("meta"), "title")) + "\n";
  ObjectItems o;
  o.Set("id", Value::String(r.hf_id));
  o.Set("title", Value::String(Str(Sub(r.doc.Get("meta"), "title"))));
  // Hardware: offered profiles with memory and verified marks.
  ArrayItems hw;
  text += "\nhardware (✓ verified by the recipe author):\n";
  for (const std::string& h : OfferedHardware(c, r)) {
    const Value* p = c.FindHardware(h);
    bool verified = Str(Sub(declared, h)) == "verified";
    ObjectItems x;
    x.Set("id", Value::String(h));
    x.Set("label", Value::String(Str(Sub(p, "display_name"))));
    if (const Value* g = Sub(p, "vram_gb")) x.Set("vram_gb", *g);
    x.Set("verified", Value::Bool(verified));
    hw.push_back(Value::Object(std::move(x)));
    text += "  " + std::string(verified ? "✓ " : "  ") + h + " (" + Str(Sub(p, "display_name")) + ", " +
            Str(Sub(p, "vram_gb")) + " GB)\n";
  }
  o.Set("hardware", Value::Array(std::move(hw)));
  // Variants: label, checkpoint, VRAM.
  ArrayItems vs;
  text += "\nvariants:\n";
  std::string own = Str(Sub(r.doc.Get("model"), "model_id"));
  for (const std::string& k : VariantKeys(r)) {
    const Value* v = FindVariant(r, k);
    std::string label = ChoiceLabel(c, &r, "variant", k);
    std::string ckpt = Str(Sub(v, "model_id"));
    if (ckpt.empty()) ckpt = own.empty() ? r.hf_id : own;
    ObjectItems x;
    x.Set("key", Value::String(k));
    x.Set("label", Value::String(label.empty() ? k : label));
    x.Set("checkpoint", Value::String(ckpt));
    if (const Value* g = Sub(v, "vram_minimum_gb")) x.Set("vram_gb", *g);
    vs.push_back(Value::Object(std::move(x)));
    text += "  " + k + " (" + (label.empty() ? k : label) + ", " + Str(Sub(v, "vram_minimum_gb")) + " GB) " + ckpt + "\n";
  }
  o.Set("variants", Value::Array(std::move(vs)));
  // Strategies.
  ArrayItems ss;
  std::vector<std::string> strategies = EffectiveStrategies(r);
  if (!strategies.empty()) text += "\nstrategies:\n";
  for (const std::string& s : strategies) {
    std::string label = ChoiceLabel(c, &r, "strategy", s);
    ObjectItems x;
    x.Set("id", Value::String(s));
    x.Set("label", Value::String(label));
    ss.push_back(Value::Object(std::move(x)));
    text += "  " + s + (label.empty() ? "" : " (" + label + ")") + "\n";
  }
  o.Set("strategies", Value::Array(std::move(ss)));
  // Features with their modes.
  ArrayItems fs;
  std::vector<std::string> features = FeatureKeys(r);
  if (!features.empty()) text += "\nfeatures:\n";
  for (const std::string& f : features) {
    ObjectItems x;
    x.Set("key", Value::String(f));
    x.Set("label", Value::String(ChoiceLabel(c, &r, "feature", f)));
    ArrayItems modes;
    std::string mtext;
    for (const std::string& md : FeatureModeKeys(r, f)) {
      std::string label = ChoiceLabel(c, &r, "mode", md);
      ObjectItems y;
      y.Set("key", Value::String(md));
      y.Set("label", Value::String(label));
      modes.push_back(Value::Object(std::move(y)));
      mtext += (mtext.empty() ? "" : ", ") + md + (label.empty() ? "" : " (" + label + ")");
    }
    x.Set("modes", Value::Array(std::move(modes)));
    fs.push_back(Value::Object(std::move(x)));
    text += "  " + f + " (" + ChoiceLabel(c, &r, "feature", f) + ")" + (mtext.empty() ? "" : ": " + mtext) + "\n";
  }
  o.Set("features", Value::Array(std::move(fs)));
  if (IsOmniServed(r)) {
    ArrayItems ts;
    text += "\ntasks (vLLM-Omni):\n";
    for (const OmniTask& t : OmniTasks(r.doc)) {
      ts.push_back(Value::String(t.key));
      text += "  " + t.key + (t.label.empty() ? "" : " (" + t.label + ")") + "\n";
    }
    o.Set("tasks", Value::Array(std::move(ts)));
  }
  if (def.ok()) {
    o.Set("defaults", def.selection.ToJson());
    const Selection& s = def.selection;
    text += "\ndefaults: variant " + s.variant + " · hardware " + s.hardware + " · strategy " + s.strategy + " · " +
            std::to_string(s.node_count) + " node" + (s.node_count == 1 ? "" : "s") + "\n";
  }
  if (format == "json") {
    PrintJson(Value::Object(std::move(o)));
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return 0;
}

}  // namespace recipes
