#include "plan/recipe_plan.h"

#include <cstdlib>

#include "parse/json_reader.h"
#include "plan/plan_report.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

// An 80 GB H100 reports 79.18 GiB to CUDA (calibration.jsonl); the same
// ratio converts the other profiles' marketing gigabytes.
constexpr double kReportedPerMarketingGb = 79.18 / 80.0;

std::string Normalize(std::string flag) {
  for (char& c : flag) {
    if (c == '_') c = '-';
  }
  return flag;
}

bool ParseInt(const std::string& s, int64_t* out) {
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (end == s.c_str() || *end != '\0') {
    // vLLM accepts 128k / 1m style lengths too.
    if (end && end != s.c_str() && (*end == 'k' || *end == 'K') && end[1] == '\0') v *= 1000;
    else if (end && end != s.c_str() && (*end == 'm' || *end == 'M') && end[1] == '\0') v *= 1000000;
    else return false;
  }
  *out = v;
  return true;
}

bool ParseDouble(const std::string& s, double* out) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') return false;
  *out = v;
  return true;
}

void ReadDraft(const std::string& json, PlanInput* in) {
  Value v;
  std::string err;
  if (!ParseJson(json, &v, &err) || !v.is_object()) {
    in->notes.push_back("--speculative-config is not JSON: no draft counted");
    return;
  }
  DraftModel d;
  const Value* method = v.Get("method");
  const Value* model = v.Get("model");
  const Value* k = v.Get("num_speculative_tokens");
  d.method = method && method->is_string() ? method->str() : "";
  d.model_id = model && model->is_string() ? model->str() : "";
  d.num_speculative_tokens = k && k->is_number() ? static_cast<int>(k->number()) : 0;
  if (d.method.empty() && d.model_id.find("eagle") != std::string::npos) d.method = "eagle";
  if (d.method == "ngram" || d.method == "suffix" || d.method.empty()) return;  // no GPU memory of its own
  in->draft = d;
}

}  // namespace

double ProfileGpuMemoryGib(const Value* profile) {
  const Value* vram = profile ? profile->Get("vram_gb") : nullptr;
  int gpus = ProfileGpusPerNode(profile);
  if (!vram || !vram->is_number() || gpus <= 0) return 0;
  return vram->number() / gpus * kReportedPerMarketingGb;
}

int ProfileGpusPerNode(const Value* profile) {
  const Value* n = profile ? profile->Get("gpu_count") : nullptr;
  return n && n->is_number() && n->number() > 0 ? static_cast<int>(n->number()) : 0;
}

void ApplyServeArgs(const std::vector<std::string>& argv, PlanInput* in) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& tok = argv[i];
    if (tok.rfind("-", 0) != 0) continue;
    std::string flag = tok, value;
    bool inline_value = false;
    if (size_t eq = tok.find('='); eq != std::string::npos && tok.rfind("--", 0) == 0) {
      flag = tok.substr(0, eq);
      value = tok.substr(eq + 1);
      inline_value = true;
    }
    flag = Normalize(flag);
    auto next = [&]() -> bool {
      if (inline_value) return true;
      if (i + 1 >= argv.size()) return false;
      value = argv[++i];
      return true;
    };
    int64_t n = 0;
    double d = 0;
    if (flag == "--tensor-parallel-size" || flag == "-tp") {
      if (next() && ParseInt(value, &n) && n > 0) in->tp = static_cast<int>(n);
    } else if (flag == "--pipeline-parallel-size" || flag == "-pp") {
      if (next() && ParseInt(value, &n) && n > 0) in->pp = static_cast<int>(n);
    } else if (flag == "--data-parallel-size" || flag == "-dp") {
      if (next() && ParseInt(value, &n) && n > 0) in->dp = static_cast<int>(n);
    } else if (flag == "--enable-expert-parallel" || flag == "-ep") {
      in->expert_parallel = true;
    } else if (flag == "--max-model-len") {
      if (next() && ParseInt(value, &n) && n > 0) in->max_model_len = n;
    } else if (flag == "--gpu-memory-utilization") {
      if (next() && ParseDouble(value, &d) && d > 0) in->gpu_memory_utilization = d;
    } else if (flag == "--kv-cache-dtype") {
      if (next()) in->kv_cache_dtype = value;
    } else if (flag == "--block-size") {
      if (next() && ParseInt(value, &n) && n > 0) in->block_size = static_cast<int>(n);
    } else if (flag == "--max-num-batched-tokens") {
      if (next() && ParseInt(value, &n) && n > 0) in->max_num_batched_tokens = n;
    } else if (flag == "--max-num-seqs") {
      if (next() && ParseInt(value, &n) && n > 0) in->max_num_seqs = static_cast<int>(n);
    } else if (flag == "--quantization" || flag == "-q") {
      if (next()) in->precision = value;
    } else if (flag == "--kv-cache-memory" || flag == "--kv-cache-memory-bytes") {
      if (next() && ParseDouble(value, &d) && d > 0) in->kv_cache_gib = d / (1024.0 * 1024.0 * 1024.0);
    } else if (flag == "--language-model-only") {
      in->language_model_only = true;
    } else if (flag == "--speculative-config") {
      if (next()) ReadDraft(value, in);
    }
  }
}

std::vector<std::string> MainServeArgv(const Value& out) {
  const Value* argv = nullptr;
  for (const char* key : {"argv", "headArgv"}) {
    if (!argv) argv = out.GetNonNull(key);
  }
  for (const char* role : {"decode", "vllm"}) {
    const Value* r = out.GetNonNull(role);
    if (!argv && r && r->is_object()) argv = r->GetNonNull("argv");
  }
  std::vector<std::string> tokens;
  if (argv && argv->is_array()) {
    for (const Value& t : argv->items()) {
      if (t.is_string()) tokens.push_back(t.str());
    }
  }
  return tokens;
}

bool RecipeHasArchitecture(const Recipe& recipe) {
  const Value* a = recipe.doc.Get("architecture");
  return a && a->is_object();
}

RecipePlanInput PlanInputForSelection(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                      const Resolution& resolution) {
  RecipePlanInput r;
  const Value* facts = recipe.doc.Get("architecture");
  if (!facts || !facts->is_object()) {
    r.error = "the recipe has no architecture facts";
    return r;
  }
  PlanInput in;
  std::vector<std::string> problems;
  in.arch = ArchitectureFromConfig(*facts, &problems);
  if (!problems.empty()) {
    r.error = problems.front();
    return r;
  }
  const Value* profile = catalog.FindHardware(selection.hardware);
  in.gpu_memory_gib = ProfileGpuMemoryGib(profile);
  in.gpu_name = selection.hardware;
  r.gpus_per_node = ProfileGpusPerNode(profile);
  if (in.gpu_memory_gib <= 0) {
    r.error = "the hardware profile '" + selection.hardware + "' gives no per-GPU memory";
    return r;
  }
  in.model = resolution.model_id;
  const Value* model = recipe.doc.Get("model");
  const Value* base_id = model ? model->Get("model_id") : nullptr;
  // The checkpoint size describes the recipe's own checkpoint only.
  if (!base_id || !base_id->is_string() || base_id->str() != resolution.model_id) in.arch.checkpoint_bytes.reset();
  const Value& variant = VariantOrDefault(recipe, selection.variant);
  const Value* precision = variant.Get("precision");
  in.precision = precision && precision->is_string() ? precision->str() : "";
  ApplyServeArgs(MainServeArgv(resolution.output), &in);
  if (in.arch.max_position_embeddings == 0) {
    const Value* ctx = model ? model->Get("context_length") : nullptr;
    if (ctx && ctx->is_number() && ctx->number() > 0) {
      in.arch.max_position_embeddings = static_cast<int64_t>(ctx->number());
      in.notes.push_back("max_position_embeddings unknown: the recipe's context_length used");
    }
  }
  if (in.draft && !in.draft->model_id.empty()) {
    // Draft heads' facts, when the recipe records them under architecture.draft_models.
    const Value* drafts = facts->Get("draft_models");
    const Value* d = drafts ? drafts->Get(in.draft->model_id) : nullptr;
    if (d && d->is_object()) {
      std::vector<std::string> ignored;
      Architecture da = ArchitectureFromConfig(*d, &ignored);
      if (const Value* kv = d->Get("num_key_value_heads"); kv && kv->is_number()) in.draft->kv_heads = da.kv_heads;
      if (da.layers > 0) in.draft->layers = da.layers;
      if (const Value* hd = d->Get("head_dim"); hd && hd->is_number()) in.draft->head_dim = da.head_dim;
    }
  }
  r.input = std::move(in);
  return r;
}

std::string PlanSentenceForSelection(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                     const Resolution& resolution) {
  if (!RecipeHasArchitecture(recipe) || !resolution.ok()) return {};
  RecipePlanInput r = PlanInputForSelection(catalog, recipe, selection, resolution);
  if (!r.input) return {};
  return PlanAdvice(*r.input, PlanMemory(*r.input), r.gpus_per_node);
}

}  // namespace recipes
