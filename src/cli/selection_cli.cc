#include "cli/selection_cli.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "cli/cli_args.h"
#include "model/diagnostic.h"
#include "parse/catalog_loader.h"

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

std::vector<std::string> SimilarRecipes(const Catalog& catalog, const std::string& id) {
  std::string needle = Lower(id.substr(id.find('/') == std::string::npos ? 0 : id.find('/') + 1));
  std::string org = id.find('/') == std::string::npos ? std::string() : Lower(id.substr(0, id.find('/')));
  std::vector<std::string> out;
  for (const Recipe& r : catalog.recipes) {
    std::string hf = Lower(r.hf_id);
    std::string repo = hf.substr(hf.find('/') + 1);
    bool near = (!needle.empty() && (repo.find(needle) != std::string::npos || needle.find(repo) != std::string::npos)) ||
                hf == Lower(id);
    if (!near && !org.empty() && hf.rfind(org + "/", 0) == 0) near = true;
    if (near) out.push_back(r.hf_id);
    if (out.size() >= 8) break;
  }
  return out;
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
  if (with_output_options) {
    app.add_flag("--docker", out->docker, "print the docker run form");
    app.add_option("--format", out->format, "output format")->check(CLI::IsMember({"text", "json"}));
  }

  if (auto code = ParseArgs(app, args)) return *code;
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
  OrderedFeatureSwitches(args, &req);
  return -1;
}

int LoadSelection(const SelectionCliArgs& args, const std::string& name, LoadedSelection* out) {
  const std::string prefix = "recipes " + name + ": ";
  if (!args.catalog_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(args.catalog_dir, ec)) {
      std::fprintf(stderr, "%sno catalog folder at '%s'\n", prefix.c_str(), args.catalog_dir.c_str());
      return 2;
    }
  }
  LoadResult loaded = LoadCatalogFrom(args.catalog_dir);
  out->catalog = std::move(loaded.catalog);
  out->recipe = out->catalog->FindRecipe(args.recipe_id);
  if (!out->recipe) {
    std::string where = args.catalog_dir.empty() ? "the built-in catalog" : "'" + args.catalog_dir + "'";
    std::fprintf(stderr, "%serror: no recipe '%s' in %s\n", prefix.c_str(), args.recipe_id.c_str(), where.c_str());
    std::vector<std::string> similar = SimilarRecipes(*out->catalog, args.recipe_id);
    if (!similar.empty()) {
      std::string list;
      for (const std::string& s : similar) list += (list.empty() ? "" : ", ") + s;
      std::fprintf(stderr, "  similar recipes: %s\n", list.c_str());
    }
    size_t errors = CountErrors(loaded.diagnostics);
    if (errors > 0) {
      std::fprintf(stderr, "  (the catalog has %zu load error%s; run 'recipes validate' to see them)\n", errors,
                   errors == 1 ? "" : "s");
    }
    return 1;
  }
  out->omni = IsOmniServed(*out->recipe);
  const SelectionRequest& req = args.request;
  if (args.task && !out->omni) {
    std::fprintf(stderr, "%serror: --task applies to vLLM-Omni recipes only; %s is served by vllm serve\n",
                 prefix.c_str(), out->recipe->hf_id.c_str());
    return 1;
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
      std::fprintf(stderr,
                   "%serror: %s is served by vLLM-Omni; %s %s not apply there (choose --hardware, --variant, --task)\n",
                   prefix.c_str(), out->recipe->hf_id.c_str(), list.c_str(), unused.size() == 1 ? "does" : "do");
      return 1;
    }
  }
  out->outcome = DefaultSelection(*out->catalog, *out->recipe, args.request);
  if (!out->outcome.ok()) {
    for (const SelectionError& e : out->outcome.errors) {
      std::fprintf(stderr, "%s%s", prefix.c_str(), FormatSelectionError(e).c_str());
    }
    return 1;
  }
  if (out->omni) {
    out->omni_tasks = OmniTasks(out->recipe->doc, out->outcome.selection.hardware);
    if (!out->omni_tasks.empty()) out->omni_task = &out->omni_tasks.front();
    if (args.task) {
      out->omni_task = nullptr;
      for (const OmniTask& t : out->omni_tasks) {
        if (t.key == *args.task) out->omni_task = &t;
      }
      for (const OmniTask& t : out->omni_tasks) {  // a bare task id names its first preset
        if (!out->omni_task && t.id == *args.task) out->omni_task = &t;
      }
      if (!out->omni_task) {
        std::string keys;
        for (const OmniTask& t : out->omni_tasks) keys += (keys.empty() ? "" : ", ") + t.key;
        std::fprintf(stderr, "%serror: unknown task '%s' for %s\n", prefix.c_str(), args.task->c_str(),
                     out->recipe->hf_id.c_str());
        if (!keys.empty()) std::fprintf(stderr, "  valid task choices: %s\n", keys.c_str());
        return 1;
      }
    }
  }
  for (const std::string& note : out->outcome.notes) {
    std::fprintf(stderr, "%snote: %s\n", prefix.c_str(), note.c_str());
  }
  return -1;
}

}  // namespace recipes
