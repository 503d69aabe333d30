// `recipes plan`: will it fit? vLLM's memory arithmetic for a recipe's
// resolved command on its hardware, or for any model (--config PATH or the
// local Hugging Face cache) on any GPU.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/model_config_files.h"
#include "cli/selection_cli.h"
#include "parse/catalog_loader.h"
#include "plan/memory_plan.h"
#include "plan/plan_report.h"
#include "plan/recipe_plan.h"
#include "render/json_writer.h"
#include "resolve/resolver.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

struct PlanOptions {
  std::string model;
  std::string config;
  std::string catalog;
  std::string format = "text";
  std::optional<double> gpu_memory_gib;
  std::optional<int> gpus, tp, pp, dp;
  bool ep = false;
  std::optional<int64_t> max_model_len, max_num_batched_tokens;
  std::optional<double> utilization, weights_gib, kv_cache_gib;
  std::optional<std::string> kv_cache_dtype, quantization;
  std::optional<int> block_size, max_num_seqs;
  bool all = false;
};

// The explicit options win over the resolved command's flags.
void ApplyOverrides(const PlanOptions& o, PlanInput* in) {
  if (o.gpu_memory_gib) in->gpu_memory_gib = *o.gpu_memory_gib;
  if (o.tp) in->tp = *o.tp;
  if (o.pp) in->pp = *o.pp;
  if (o.dp) in->dp = *o.dp;
  if (o.ep) in->expert_parallel = true;
  if (o.gpus && !o.tp) {
    // --gpus alone: TP over what PP and DP leave.
    int rest = *o.gpus / (std::max(in->pp, 1) * std::max(in->dp, 1));
    in->tp = std::max(rest, 1);
  } else if (o.gpus && o.tp && !o.dp) {
    in->dp = std::max(*o.gpus / (*o.tp * std::max(in->pp, 1)), 1);
  }
  if (o.max_model_len) in->max_model_len = *o.max_model_len;
  if (o.max_num_batched_tokens) in->max_num_batched_tokens = *o.max_num_batched_tokens;
  if (o.max_num_seqs) in->max_num_seqs = *o.max_num_seqs;
  if (o.utilization) in->gpu_memory_utilization = *o.utilization;
  if (o.kv_cache_dtype) in->kv_cache_dtype = *o.kv_cache_dtype;
  if (o.quantization) in->precision = *o.quantization;
  if (o.block_size) in->block_size = *o.block_size;
  if (o.weights_gib) in->weights_gib = *o.weights_gib;
  if (o.kv_cache_gib) in->kv_cache_gib = *o.kv_cache_gib;
}

int Print(const PlanOptions& o, const PlanInput& in, int gpus_per_node) {
  MemoryPlan plan = PlanMemory(in);
  std::string text;
  if (o.format == "json") {
    text = ToJson(PlanToJson(plan)) + "\n";
  } else {
    text = PlanToText(plan, PlanAdvice(in, plan, gpus_per_node));
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

// A model described by files: --config PATH, or the HF cache entry of `model_id`.
int PlanFromFiles(const PlanOptions& o, const std::string& path, const std::string& model_id) {
  ModelConfigFiles files;
  std::string err;
  if (!ReadModelConfigFiles(path, &files, &err)) {
    std::fprintf(stderr, "recipes plan: error: %s\n", err.c_str());
    return 1;
  }
  PlanInput in;
  std::vector<std::string> problems;
  in.arch = ArchitectureFromConfig(files.config, &problems);
  if (!problems.empty()) {
    std::fprintf(stderr, "recipes plan: error: %s: %s\n", files.config_path.c_str(), problems.front().c_str());
    return 1;
  }
  if (files.total_size) in.arch.checkpoint_bytes = files.total_size;
  in.model = model_id.empty() ? path : model_id;
  if (!o.gpu_memory_gib) {
    std::fprintf(stderr, "recipes plan: error: --gpu-memory-gib is required with a model that is not a recipe\n");
    return 2;
  }
  in.notes.push_back("facts from " + files.config_path);
  ApplyOverrides(o, &in);
  return Print(o, in, 0);
}

// Every recipe with facts on the builder's default selection: one line (or
// one JSON object) each.
int PlanAll(const PlanOptions& o) {
  LoadResult loaded = LoadCatalogFrom(o.catalog);
  if (!loaded.catalog) return 1;
  const Catalog& catalog = *loaded.catalog;
  std::string out;
  int failures = 0;
  for (const Recipe& recipe : catalog.recipes) {
    if (!RecipeHasArchitecture(recipe)) continue;
    SelectionOutcome sel = DefaultSelection(catalog, recipe, SelectionRequest{});
    if (!sel.ok()) {
      ++failures;
      continue;
    }
    Resolution res = ResolveCommand(catalog, recipe, sel.selection, {.provenance = false});
    RecipePlanInput r = res.ok() ? PlanInputForSelection(catalog, recipe, sel.selection, res) : RecipePlanInput{};
    if (!r.input) {
      ++failures;
      continue;
    }
    ApplyOverrides(o, &*r.input);
    MemoryPlan plan = PlanMemory(*r.input);
    if (o.format == "json") {
      ObjectItems line;
      line.Set("recipe", Value::String(recipe.hf_id));
      line.Set("hardware", Value::String(sel.selection.hardware));
      line.Set("plan", PlanToJson(plan));
      out += ToJson(Value::Object(std::move(line)), /*indent=*/0) + "\n";
    } else {
      out += recipe.hf_id + " on " + sel.selection.hardware + ": " + plan.verdict + "\n";
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return failures == 0 ? 0 : 1;
}

}  // namespace

int RunPlan(const std::vector<std::string>& args) {
  PlanOptions o;
  CLI::App app{"Will it fit? vLLM's memory arithmetic (weights, activation, KV cache, max context, concurrency) "
               "for a recipe's resolved command on its hardware, or for any model on any GPU.",
               "recipes plan"};
  app.get_formatter()->column_width(34);
  app.allow_extras();
  app.footer(
      "\nForms:\n"
      "  recipes plan ORG/REPO [every selection option of 'recipes command'] [overrides]\n"
      "  recipes plan --config PATH --gpu-memory-gib G [--gpus N] [--tp N] [--pp N] [--dp N] [--ep] [overrides]\n"
      "  recipes plan ORG/REPO --gpu-memory-gib G ...   (a model that is not a recipe: the local HF cache)\n"
      "\nExamples:\n"
      "  recipes plan MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 --feature spec_decoding\n"
      "  recipes plan --config ./Llama-3.1-8B-Instruct --gpu-memory-gib 79.18 --max-model-len 16000\n"
      "  recipes plan Qwen/Qwen3-32B --kv-cache-gib 4.45 --format json");
  app.add_option("model", o.model, "recipe id, or a Hugging Face model id found in the local cache");
  app.add_option("--config", o.config, "config.json, or a model folder (with model.safetensors.index.json)");
  app.add_option("--catalog", o.catalog, "catalog folder (default: the catalog built into the binary)");
  app.add_option("--format", o.format, "output format")->check(CLI::IsMember({"text", "json"}));
  app.add_option("--gpu-memory-gib", o.gpu_memory_gib, "memory of one GPU in GiB, as CUDA reports it");
  app.add_option("--gpus", o.gpus, "GPUs in all (TP x PP x DP)");
  app.add_option("--tp", o.tp, "tensor-parallel size");
  app.add_option("--pp", o.pp, "pipeline-parallel size");
  app.add_option("--dp", o.dp, "data-parallel size");
  app.add_flag("--ep", o.ep, "expert parallelism");
  app.add_option("--max-model-len", o.max_model_len, "context length per request");
  app.add_option("--gpu-memory-utilization", o.utilization, "fraction of GPU memory vLLM may use (default 0.9)");
  app.add_option("--kv-cache-dtype", o.kv_cache_dtype, "auto, fp8, fp8_e5m2, nvfp4");
  app.add_option("--block-size", o.block_size, "KV cache block size in tokens");
  app.add_option("--max-num-batched-tokens", o.max_num_batched_tokens, "scheduler token budget per step");
  app.add_option("--max-num-seqs", o.max_num_seqs, "requests per step");
  app.add_option("--quantization", o.quantization, "weight format: bf16, fp8, mxfp8, int8, nvfp4, mxfp4, int4");
  app.add_option("--weights-gib", o.weights_gib, "replace the weight estimate (GiB per GPU)");
  app.add_option("--kv-cache-gib", o.kv_cache_gib, "pin the available KV memory (GiB per GPU)");
  app.add_flag("--all", o.all, "plan every recipe with architecture facts on its default selection (one line each)");
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  std::vector<std::string> reversed(rest.rbegin(), rest.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  std::vector<std::string> extras = app.remaining();

  if (!o.config.empty()) {
    if (!extras.empty()) {
      std::fprintf(stderr, "recipes plan: error: '%s' does not apply with --config\n", extras.front().c_str());
      return 2;
    }
    return PlanFromFiles(o, o.config, o.model);
  }
  if (o.all) return PlanAll(o);
  if (o.model.empty()) {
    std::fprintf(stderr, "recipes plan: error: name a recipe (ORG/REPO) or give --config PATH\n");
    return 2;
  }
  LoadResult catalog = LoadCatalogFrom(o.catalog);
  const Recipe* recipe = catalog.catalog ? catalog.catalog->FindRecipe(o.model) : nullptr;
  if (!recipe) {
    // Not a recipe: a model of the local Hugging Face cache.
    std::string searched;
    std::string snapshot = FindInHfCache(o.model, &searched);
    if (snapshot.empty()) {
      std::fprintf(stderr,
                   "recipes plan: error: '%s' is neither a recipe nor in the Hugging Face cache (%s); "
                   "use --config PATH\n",
                   o.model.c_str(), searched.c_str());
      return 1;
    }
    if (!extras.empty()) {
      std::fprintf(stderr, "recipes plan: error: '%s' applies to recipes only\n", extras.front().c_str());
      return 2;
    }
    return PlanFromFiles(o, snapshot, o.model);
  }

  // A recipe: resolve the selection as `recipes command` does.
  std::vector<std::string> sel_args = {"plan", o.model};
  if (!o.catalog.empty()) sel_args.insert(sel_args.end(), {"--catalog", o.catalog});
  sel_args.insert(sel_args.end(), extras.begin(), extras.end());
  SelectionCliArgs cli;
  int code = ParseSelectionCli(sel_args, "plan", "Plan the memory of a recipe's serve command.",
                               /*with_output_options=*/false, &cli);
  if (code >= 0) return code;
  LoadedSelection loaded;
  Resolution res;
  code = LoadAndResolve(cli, "plan", "the planner covers vllm serve models", &loaded, &res);
  if (code >= 0) return code;
  const Selection& sel = loaded.outcome.selection;
  RecipePlanInput r = PlanInputForSelection(*loaded.catalog, *loaded.recipe, sel, res);
  if (!r.input) {
    // No facts in the recipe: the served checkpoint may be in the HF cache.
    std::string searched;
    std::string snapshot = FindInHfCache(res.model_id, &searched);
    if (snapshot.empty()) {
      std::fprintf(stderr, "recipes plan: error: %s: %s, and %s is not in the Hugging Face cache (%s)\n",
                   loaded.recipe->hf_id.c_str(), r.error.c_str(), res.model_id.c_str(), searched.c_str());
      return 1;
    }
    ModelConfigFiles files;
    std::string err;
    if (!ReadModelConfigFiles(snapshot, &files, &err)) {
      std::fprintf(stderr, "recipes plan: error: %s\n", err.c_str());
      return 1;
    }
    // Re-run the recipe path with the cached config as its facts.
    Recipe with_facts = *loaded.recipe;
    ObjectItems doc = with_facts.doc.members();
    Value config = files.config;
    if (files.total_size && config.is_object()) {
      ObjectItems c = config.members();
      c.Set("checkpoint_bytes", Value::Number(*files.total_size));
      config = Value::Object(std::move(c));
    }
    doc.Set("architecture", config);
    with_facts.doc = Value::Object(std::move(doc));
    r = PlanInputForSelection(*loaded.catalog, with_facts, sel, res);
    if (!r.input) {
      std::fprintf(stderr, "recipes plan: error: %s: %s\n", files.config_path.c_str(), r.error.c_str());
      return 1;
    }
    r.input->notes.push_back("facts from " + files.config_path);
  }
  ApplyOverrides(o, &*r.input);
  return Print(o, *r.input, r.gpus_per_node);
}

}  // namespace recipes
