#include "cli/selection_cli.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli/cli_args.h"
#include "cli/node_count_check.h"
#include "model/diagnostic.h"
#include "parse/catalog_loader.h"
#include "render/json_writer.h"
#include "resolve/choice_words.h"

namespace recipes {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "models/Org/Repo.yaml" and "Org/Repo" both name the recipe Org/Repo.
std::string NormalizeRecipeId(std::string id) {
  if (id.rfind("models/", 0) == 0) id = id.substr(7);
  if (id.size() > 5 && id.compare(id.size() - 5, 5, ".yaml") == 0) id.resize(id.size() - 5);
  return id;
}

// The feature switches in command-line order (CLI11 groups them per option).
void OrderedFeatureSwitches(const std::vector<std::string>& args, SelectionRequest* req) {
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    bool on;
    std::string value;
    if (a == "--feature" || a == "--no-feature") {
      if (i + 1 >= args.size()) continue;
      on = a == "--feature";
      value = args[++i];
    } else if (a.rfind("--feature=", 0) == 0) {
      on = true;
      value = a.substr(10);
    } else if (a.rfind("--no-feature=", 0) == 0) {
      on = false;
      value = a.substr(13);
    } else {
      continue;
    }
    size_t eq = value.find('=');
    if (on && eq != std::string::npos) {
      req->feature_modes.emplace_back(value.substr(0, eq), value.substr(eq + 1));
      req->feature_switches.emplace_back(value.substr(0, eq), true);
    } else {
      req->feature_switches.emplace_back(value, on);
    }
  }
}

}  // namespace

int ParseSelectionCli(const std::vector<std::string>& args, const std::string& name, const std::string& summary,
                      bool with_output_options, SelectionCliArgs* out) {
  CLI::App app{summary, "recipes " + name};
  app.get_formatter()->column_width(34);
  app.footer(
      "\nExamples:\n"
      "  recipes " + name + " MiniMaxAI/MiniMax-M3\n"
      "  recipes " + name + " MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 --feature spec_decoding=eagle3_gqa\n"
      "  recipes " + name + " MiniMaxAI/MiniMax-M3 --strategy pd_cluster --decode-mode dep --decode-nodes 2\n"
      "  recipes " + name + " MiniMaxAI/MiniMax-M3 --kv-offload kv_store_distributed_mooncake --kv-instances 2\n"
      "  recipes " + name + " MiniMaxAI/MiniMax-M3 --arg=--max-model-len --arg=131072\n"
      "  recipes " + name + " minimaxai/minimax-m3 --hardware H200 -- --max-model-len 131072\n"
      "  recipes " + name + " nvidia/MiniMax-M3-NVFP4     (a checkpoint id picks its recipe and variant)\n"
      "\nIds are case-insensitive; labels the site shows work too (H200, NVFP4, GQA).\n"
      "Arguments after -- are passed to vllm serve as they are.\n"
      "\nAn impossible choice (e.g. NVFP4 on Hopper) exits 1 with the valid choices; usage errors exit 2.");
  SelectionRequest& req = out->request;
  std::string hardware, variant, strategy, kv_offload, prefill_mode, decode_mode;
  int nodes = 0, prefill_nodes = 0, decode_nodes = 0, prefill_rank = 0, decode_rank = 0;
  int kv_instances = 0, kv_instance = 0;
  std::string task;
  std::vector<std::string> features, no_features;

  app.add_option("recipe", out->recipe_id, "recipe id, e.g. MiniMaxAI/MiniMax-M3")->required();
  app.add_option("--catalog", out->catalog_dir, "catalog folder (default: the catalog built into the binary)");
  auto* o_hw = app.add_option("--hardware", hardware, "hardware profile id (default: the recipe's default)");
  auto* o_variant = app.add_option("--variant", variant, "variant key (default: default)");
  auto* o_strategy = app.add_option("--strategy", strategy, "serving strategy id (default: the recommended one)");
  app.add_option("--feature", features, "switch a feature on; KEY=MODE also picks its mode (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--no-feature", no_features, "switch a default feature off (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  auto* o_nodes = app.add_option("--nodes", nodes, "nodes per deployment (1-16)");
  auto* o_pn = app.add_option("--prefill-nodes", prefill_nodes, "pd_cluster: prefill pool nodes");
  auto* o_dn = app.add_option("--decode-nodes", decode_nodes, "pd_cluster: decode pool nodes");
  auto* o_pr = app.add_option("--prefill-rank", prefill_rank, "pd_cluster: prefill node to show (0-based)");
  auto* o_dr = app.add_option("--decode-rank", decode_rank, "pd_cluster: decode node to show (0-based)");
  auto* o_pm = app.add_option("--prefill-mode", prefill_mode, "pd_cluster: prefill parallelism (tp, tep, dep)");
  auto* o_dm = app.add_option("--decode-mode", decode_mode, "pd_cluster: decode parallelism (tp, tep, dep)");
  auto* o_kv = app.add_option("--kv-offload", kv_offload, "KV offload option or Mooncake deployment id (off = none)");
  auto* o_kvn = app.add_option("--kv-instances", kv_instances, "Mooncake: number of vLLM instances (1-16)");
  auto* o_kvi = app.add_option("--kv-instance", kv_instance, "Mooncake: instance to show (0-based)");
  auto* o_task = app.add_option("--task", task, "vLLM-Omni recipes: task key (default: the first task)");
  app.add_option("--arg", req.advanced_args, "extra serve argument, one token each; use --arg=--flag (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  int node_rank = 0;
  CLI::Option* o_rank = nullptr;
  if (with_output_options) {
    app.add_flag("--docker", out->docker, "print the docker run form");
    app.add_option("--format", out->format, "output format")->check(CLI::IsMember({"text", "json"}));
    o_rank = app.add_option("--node-rank", node_rank, "multi-node: print only node N's command (0 = head)");
    app.add_option("--out", out->out_dir, "write one node_N.sh per node into DIR instead of printing");
  }

  // Everything after `--` goes to vllm serve untouched.
  std::vector<std::string> own = args;
  std::vector<std::string> passthrough;
  if (auto dd = std::find(own.begin() + (own.empty() ? 0 : 1), own.end(), "--"); dd != own.end()) {
    passthrough.assign(dd + 1, own.end());
    own.erase(dd, own.end());
  }
  if (auto code = ParseArgs(app, own)) return *code;
  if (o_rank && *o_rank) out->node_rank = node_rank;
  req.advanced_args.insert(req.advanced_args.end(), passthrough.begin(), passthrough.end());
  out->recipe_id = NormalizeRecipeId(out->recipe_id);
  if (*o_hw) req.hardware = hardware;
  if (*o_variant) req.variant = variant;
  if (*o_strategy) req.strategy = strategy;
  if (*o_nodes) req.node_count = nodes;
  if (*o_pn) req.prefill_nodes = prefill_nodes;
  if (*o_dn) req.decode_nodes = decode_nodes;
  if (*o_pr) req.prefill_rank = prefill_rank;
  if (*o_dr) req.decode_rank = decode_rank;
  if (*o_pm) req.prefill_mode = prefill_mode;
  if (*o_dm) req.decode_mode = decode_mode;
  if (*o_kv) req.kv_offload = kv_offload;
  if (*o_kvn) req.kv_instances = kv_instances;
  if (*o_kvi) req.kv_instance = kv_instance;
  if (*o_task) out->task = task;
  OrderedFeatureSwitches(own, &req);
  out->typed = req;
  return -1;
}

namespace {

// Colour only on a terminal (or with CLICOLOR_FORCE=1), never with NO_COLOR.
std::string Coloured(std::string text) {
  const char* no = std::getenv("NO_COLOR");
  if (no && *no) return text;
  const char* force = std::getenv("CLICOLOR_FORCE");
  if (!(force && std::string(force) == "1") && !isatty(fileno(stderr))) return text;
  if (text.rfind("error: ", 0) == 0) text = "\x1b[1;31merror:\x1b[0m " + text.substr(7);
  return text;
}

}  // namespace

void ReportCliError(const std::string& format, const std::string& name, const CliError& e) {
  if (format == "json") {
    ArrayItems valid;
    for (const std::string& v : e.valid) valid.push_back(Value::String(v));
    ObjectItems err;
    err.Set("param", Value::String(e.param));
    err.Set("message", Value::String(e.message));
    err.Set("valid", Value::Array(std::move(valid)));
    ObjectItems o;
    o.Set("error", Value::Object(std::move(err)));
    std::string text = ToJson(Value::Object(std::move(o)));
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    return;
  }
  std::string text = Coloured(e.text.empty() ? "error: " + e.message + "\n" : e.text);
  std::fprintf(stderr, "recipes %s: %s", name.c_str(), text.c_str());
}

namespace {

// The load error of the file that would hold `id` (models/<org>/<repo>.yaml,
// case-insensitively), rendered as file:line:col with the line; "" when none.
std::string LoadErrorOf(const Diagnostics& diags, const std::string& id) {
  std::string want = "models/" + Lower(id) + ".yaml";
  for (const Diagnostic& d : diags) {
    if (!d.is_error()) continue;
    std::string file = Lower(d.file());
    if (file == want || (file.size() > want.size() && file.compare(file.size() - want.size() - 1, want.size() + 1,
                                                                   "/" + want) == 0)) {
      return d.Render();
    }
  }
  return {};
}

}  // namespace

int LoadSelection(const SelectionCliArgs& args, const std::string& name, LoadedSelection* out) {
  auto fail = [&](CliError e, int code = 1) {
    ReportCliError(args.format, name, e);
    return code;
  };
  if (!args.catalog_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(args.catalog_dir, ec)) {
      return fail({"catalog", "no catalog folder at '" + args.catalog_dir + "'", {}, ""}, 2);
    }
  }
  LoadResult loaded = LoadCatalogFrom(args.catalog_dir);
  out->catalog = std::move(loaded.catalog);
  RecipeMatch match = FindRecipeByWord(*out->catalog, args.recipe_id);
  out->recipe = match.recipe;
  if (!out->recipe) {
    std::string where = args.catalog_dir.empty() ? "the built-in catalog" : "'" + args.catalog_dir + "'";
    if (std::string broken = LoadErrorOf(loaded.diagnostics, args.recipe_id); !broken.empty()) {
      // The recipe exists but its file failed to load: show why.
      std::string msg = "recipe '" + args.recipe_id + "' failed to load";
      return fail({"recipe", msg, {}, "error: " + msg + ":\n" + broken});
    }
    std::vector<Candidate> cands = RecipeCandidates(*out->catalog);
    std::vector<size_t> ranked = RankMatches(args.recipe_id, cands);
    std::vector<std::string> similar;
    for (size_t i = 0; i < ranked.size() && i < 8; ++i) similar.push_back(cands[ranked[i]].key);
    std::string msg = "no recipe '" + args.recipe_id + "' in " + where;
    std::string text = "error: " + msg + "\n";
    if (!similar.empty()) {
      text += "  did you mean " + similar.front() + "?\n";
      if (similar.size() > 1) {
        std::string list;
        for (size_t i = 1; i < similar.size(); ++i) list += (list.size() ? ", " : "") + similar[i];
        text += "  also similar: " + list + "\n";
      }
    } else {
      text += "  run 'recipes list' to see every recipe\n";
    }
    size_t errors = CountErrors(loaded.diagnostics);
    if (errors > 0) {
      text += "  (the catalog has " + std::to_string(errors) + " load error" + (errors == 1 ? "" : "s") +
              "; run 'recipes validate' to see them)\n";
    }
    return fail({"recipe", msg, similar, text});
  }
  out->omni = IsOmniServed(*out->recipe);
  SelectionRequest req = RequestInKeys(*out->catalog, *out->recipe, args.request);
  if (!match.variant.empty()) {
    out->checkpoint_variant = match.variant;
    if (!req.variant) req.variant = match.variant;
  }
  out->request = req;
  if (args.task && !out->omni) {
    return fail({"task", "--task applies to vLLM-Omni recipes only; " + out->recipe->hf_id + " is served by vllm serve",
                 {}, ""});
  }
  if (out->omni) {
    // The omni path has no strategy, node, feature or KV logic (resolution.md §16).
    std::vector<std::string> unused;
    if (req.strategy) unused.push_back("--strategy");
    if (req.node_count) unused.push_back("--nodes");
    if (!req.feature_switches.empty() || !req.feature_modes.empty()) unused.push_back("--feature/--no-feature");
    if (req.prefill_nodes || req.decode_nodes || req.prefill_rank || req.decode_rank || req.prefill_mode ||
        req.decode_mode) {
      unused.push_back("--prefill-*/--decode-*");
    }
    if (req.kv_offload || req.kv_instances || req.kv_instance) unused.push_back("--kv-*");
    if (!req.advanced_args.empty()) unused.push_back("--arg");
    if (!unused.empty()) {
      std::string list;
      for (const std::string& u : unused) list += (list.empty() ? "" : ", ") + u;
      return fail({unused.front().substr(2), out->recipe->hf_id + " is served by vLLM-Omni; " + list +
                                                 (unused.size() == 1 ? " does" : " do") +
                                                 " not apply there (choose --hardware, --variant, --task)",
                   {}, ""});
    }
  }
  out->outcome = DefaultSelection(*out->catalog, *out->recipe, req);
  if (!out->outcome.ok()) {
    const SelectionError& e = out->outcome.errors.front();
    // A refused --nodes lists the counts the strategy runs on.
    std::vector<std::string> node_choices;
    std::string node_line;
    if (e.field == "nodes" && req.node_count) {
      SelectionRequest without = req;
      without.node_count.reset();
      SelectionOutcome base = DefaultSelection(*out->catalog, *out->recipe, without);
      if (base.ok()) {
        std::vector<int> counts = ValidNodeCounts(*out->catalog, *out->recipe, base.selection);
        for (int k : counts) node_choices.push_back(std::to_string(k));
        if (!counts.empty()) {
          node_line = "  valid node counts for " + base.selection.strategy + " on " + base.selection.hardware + ": " +
                      JoinCounts(counts) + "\n";
        }
      }
    }
    if (args.format == "json") return fail({e.field, e.message, e.choices.empty() ? node_choices : e.choices, ""});
    for (const SelectionError& err : out->outcome.errors) {
      std::fprintf(stderr, "recipes %s: %s%s", name.c_str(),
                   Coloured(FormatChoiceError(*out->catalog, *out->recipe, err)).c_str(),
                   err.field == "nodes" ? node_line.c_str() : "");
    }
    return 1;
  }
  if (!out->omni && req.node_count) {
    const Selection& sel = out->outcome.selection;
    if (std::string problem = NodeCountProblem(*out->catalog, *out->recipe, sel); !problem.empty()) {
      std::vector<int> counts = ValidNodeCounts(*out->catalog, *out->recipe, sel);
      std::vector<std::string> valid;
      for (int k : counts) valid.push_back(std::to_string(k));
      std::string msg = "--nodes " + std::to_string(sel.node_count) + ": " + problem;
      std::string text = "error: " + msg + "\n  valid node counts for " + sel.strategy + " on " + sel.hardware +
                         ": " + (counts.empty() ? "none" : JoinCounts(counts)) + "\n";
      return fail({"nodes", msg, valid, text});
    }
  }
  if (out->omni) {
    out->omni_tasks = OmniTasks(out->recipe->doc, out->outcome.selection.hardware);
    if (!out->omni_tasks.empty()) out->omni_task = &out->omni_tasks.front();
    if (args.task) {
      std::vector<Candidate> tasks;
      for (const OmniTask& t : out->omni_tasks) tasks.push_back({t.key, t.label});
      std::optional<std::string> key = KeyForWord(*args.task, tasks);
      out->omni_task = nullptr;
      for (const OmniTask& t : out->omni_tasks) {
        if (key && t.key == *key) out->omni_task = &t;
      }
      for (const OmniTask& t : out->omni_tasks) {  // a bare task id names its first preset
        if (!out->omni_task && Lower(t.id) == Lower(*args.task)) out->omni_task = &t;
      }
      if (!out->omni_task) {
        std::vector<std::string> keys;
        std::string list;
        for (const Candidate& c : tasks) {
          keys.push_back(c.key);
          list += (list.empty() ? "" : ", ") + KeyWithLabel(c);
        }
        std::string msg = "unknown task '" + *args.task + "' for " + out->recipe->hf_id;
        std::string text = "error: " + msg + "\n";
        if (!list.empty()) text += "  valid task choices: " + list + "\n";
        if (const Candidate* best = BestMatch(*args.task, tasks)) text += "  did you mean " + KeyWithLabel(*best) + "?\n";
        return fail({"task", msg, keys, text});
      }
    }
  }
  if (!out->checkpoint_variant.empty()) {
    std::fprintf(stderr, "recipes %s: note: %s is the %s variant of %s\n", name.c_str(), args.recipe_id.c_str(),
                 out->checkpoint_variant.c_str(), out->recipe->hf_id.c_str());
  }
  for (const std::string& note : out->outcome.notes) {
    std::fprintf(stderr, "recipes %s: note: %s\n", name.c_str(), note.c_str());
  }
  return -1;
}

int LoadAndResolve(const SelectionCliArgs& args, const std::string& name, const std::string& omni_hint,
                   LoadedSelection* loaded, Resolution* res) {
  if (int code = LoadSelection(args, name, loaded); code >= 0) return code;
  if (loaded->omni) {
    std::fprintf(stderr, "recipes %s: error: %s is served by vLLM-Omni; %s\n", name.c_str(),
                 loaded->recipe->hf_id.c_str(), omni_hint.c_str());
    return 1;
  }
  ResolveOptions options;
  options.provenance = false;
  *res = ResolveCommand(*loaded->catalog, *loaded->recipe, loaded->outcome.selection, options);
  if (!res->ok()) {
    std::string where = res->error->pos.known() ? res->error->pos.ToString() + ": " : std::string();
    std::fprintf(stderr, "recipes %s: %serror: %s\n", name.c_str(), where.c_str(), res->error->message.c_str());
    return 1;
  }
  return -1;
}

Value SelectionMarks(const LoadedSelection& loaded) {
  const SelectionRequest& req = loaded.request;
  const Selection& sel = loaded.outcome.selection;
  auto mark = [](const auto& asked, const auto& got, bool implied_change = false) {
    if (asked) return std::string(*asked == got ? "chosen" : "adjusted");
    return std::string(implied_change ? "adjusted" : "default");
  };
  ObjectItems o;
  // A hardware pick that the default variant cannot run switches the variant.
  bool variant_switched = !req.variant && sel.variant != "default" && req.hardware.has_value();
  o.Set("variant", Value::String(mark(req.variant, sel.variant, variant_switched)));
  o.Set("hardware", Value::String(mark(req.hardware, sel.hardware)));
  o.Set("strategy", Value::String(mark(req.strategy, sel.strategy)));
  o.Set("nodes", Value::String(mark(req.node_count, sel.node_count)));
  std::optional<std::string> kv = req.kv_offload && *req.kv_offload == "off" ? std::nullopt : req.kv_offload;
  o.Set("kv_offload", Value::String(kv ? (kv == sel.kv_offload ? "chosen" : "adjusted") : "default"));
  for (const std::string& f : sel.features) {
    bool asked = false;
    for (const auto& [k, on] : req.feature_switches) asked = asked || (k == f && on);
    o.Set("feature " + f, Value::String(asked ? "chosen" : "default"));
  }
  for (const auto& [f, m] : sel.feature_modes) {
    std::string how = "default";
    for (const auto& [k, mode] : req.feature_modes) {
      if (k == f) how = mode == m ? "chosen" : "adjusted";
    }
    o.Set("mode " + f, Value::String(how));
  }
  return Value::Object(std::move(o));
}

}  // namespace recipes
