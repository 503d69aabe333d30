// PlanMemory: vLLM's start-up memory arithmetic for one engine (one GPU of a
// TP × PP × DP deployment), as vLLM itself does it: the budget, the weights,
// the profiled activation peak and non-torch memory, the KV cache left over,
// its size in tokens and blocks, the concurrency it allows, and the verdict
// vLLM reaches at start-up. Pure; src/plan/README.md gives the sources and
// the calibration of every term.
#ifndef RECIPES_PLAN_MEMORY_PLAN_H_
#define RECIPES_PLAN_MEMORY_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/architecture.h"

namespace recipes {

/// An EAGLE / MTP draft that shares the GPUs with the target.
struct DraftModel {
  std::string method;    // "eagle3", "eagle", "mtp", "deepseek_mtp", "ngram", …
  std::string model_id;  // "" for MTP (the target's own layers)
  int num_speculative_tokens = 0;
  int layers = 1;        // draft decoder layers holding KV
  int kv_heads = 0;      // 0 = the target's attention heads (an MHA draft head)
  int head_dim = 0;      // 0 = the target's
};

struct PlanInput {
  Architecture arch;
  std::string model;               // served checkpoint (for display)
  std::string precision;           // weight format name (variant precision or --quantization)
  double gpu_memory_gib = 0;       // total memory of one GPU, as CUDA reports it
  std::string gpu_name;            // hardware id or device name ("" = unknown)
  int tp = 1, pp = 1, dp = 1;
  bool expert_parallel = false;
  std::optional<int64_t> max_model_len;  // default: max_position_embeddings
  std::optional<double> gpu_memory_utilization;  // default: vLLM's (0.9)
  std::string kv_cache_dtype = "auto";
  std::optional<int> block_size;
  std::optional<int64_t> max_num_batched_tokens;
  std::optional<int> max_num_seqs;
  std::optional<double> weights_gib;   // replaces the weight estimate (per GPU)
  std::optional<double> kv_cache_gib;  // pins the available KV memory per GPU
  bool language_model_only = false;
  std::optional<DraftModel> draft;
  std::vector<std::string> notes;      // assumptions made while gathering the input
};

struct KvFigures {
  double bytes_per_token = 0;      // per GPU, every cache layer (what "GPU KV cache size" divides by)
  int block_size = 16;
  int64_t num_blocks = 0;
  int64_t tokens = 0;              // "GPU KV cache size: N tokens"
  int64_t max_model_len = 0;
  double max_concurrency = 0;      // "Maximum concurrency for L tokens per request: X"
  int64_t max_model_len_that_fits = 0;  // at concurrency 1, capped by max_position_embeddings
  double request_gib = 0;          // KV memory one max_model_len request needs
};

struct MemoryPlan {
  std::string model;
  int gpus = 1, tp = 1, pp = 1, dp = 1;
  double gpu_memory_gib = 0;
  double utilization = 0.9;
  double budget_gib = 0;
  double weights_gib = 0;
  double activation_gib = 0;
  double non_torch_gib = 0;
  double cudagraph_gib = 0;
  double kv_cache_gib = 0;  // may be negative: vLLM logs it so before refusing to start
  int64_t max_num_batched_tokens = 0;
  int max_num_seqs = 0;
  KvFigures kv;
  bool fits = false;
  std::string verdict;
  std::vector<std::string> assumptions;
};

/// vLLM's default --gpu-memory-utilization (0.9 in every release so far).
double DefaultGpuMemoryUtilization(const std::string& vllm_version);

MemoryPlan PlanMemory(const PlanInput& input);

}  // namespace recipes

#endif  // RECIPES_PLAN_MEMORY_PLAN_H_
