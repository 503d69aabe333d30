#include "plan/plan_report.h"

#include <cmath>
#include <cstdio>

namespace recipes {
namespace {

double Round2(double v) { return std::round(v * 100) / 100; }

std::string Fmt(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string Int(int64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > (s[0] == '-' ? 1 : 0); i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace

Value PlanToJson(const MemoryPlan& p) {
  ObjectItems per_gpu;
  per_gpu.Set("budget_gib", Value::Number(Round2(p.budget_gib)));
  per_gpu.Set("weights_gib", Value::Number(Round2(p.weights_gib)));
  per_gpu.Set("activation_gib", Value::Number(Round2(p.activation_gib)));
  per_gpu.Set("non_torch_gib", Value::Number(Round2(p.non_torch_gib)));
  per_gpu.Set("cudagraph_gib", Value::Number(Round2(p.cudagraph_gib)));
  per_gpu.Set("kv_cache_gib", Value::Number(Round2(p.kv_cache_gib)));
  ObjectItems kv;
  kv.Set("bytes_per_token", Value::Number(std::round(p.kv.bytes_per_token)));
  kv.Set("block_size", Value::Number(p.kv.block_size));
  kv.Set("tokens", Value::Number(static_cast<double>(p.kv.tokens)));
  kv.Set("max_model_len", Value::Number(static_cast<double>(p.kv.max_model_len)));
  kv.Set("max_concurrency", Value::Number(Round2(p.kv.max_concurrency)));
  kv.Set("max_model_len_that_fits", Value::Number(static_cast<double>(p.kv.max_model_len_that_fits)));
  ArrayItems assumptions;
  for (const std::string& a : p.assumptions) assumptions.push_back(Value::String(a));
  ObjectItems o;
  o.Set("model", Value::String(p.model));
  o.Set("gpus", Value::Number(p.gpus));
  o.Set("tp", Value::Number(p.tp));
  o.Set("pp", Value::Number(p.pp));
  o.Set("dp", Value::Number(p.dp));
  o.Set("per_gpu", Value::Object(std::move(per_gpu)));
  o.Set("kv", Value::Object(std::move(kv)));
  o.Set("fits", Value::Bool(p.fits));
  o.Set("verdict", Value::String(p.verdict));
  o.Set("assumptions", Value::Array(std::move(assumptions)));
  return Value::Object(std::move(o));
}

std::string PlanAdvice(const PlanInput& input, const MemoryPlan& plan, int gpus_per_node) {
  if (plan.fits) {
    return "It fits: " + Int(plan.kv.tokens) + " tokens of KV cache, room for " + Fmt("%.2f", plan.kv.max_concurrency) +
           " requests of " + Int(plan.kv.max_model_len) + " tokens at once.";
  }
  const bool weights_fit = plan.kv_cache_gib > 0;
  // 1. A shorter context, when the weights leave some KV memory.
  if (weights_fit && plan.kv.max_model_len_that_fits >= 1024) {
    return "It does not fit at --max-model-len " + Int(plan.kv.max_model_len) + "; use --max-model-len " +
           Int(plan.kv.max_model_len_that_fits) + " or less, an fp8 KV cache, or more GPUs.";
  }
  // 2. An fp8 KV cache.
  if (weights_fit && (input.kv_cache_dtype.empty() || input.kv_cache_dtype == "auto")) {
    PlanInput fp8 = input;
    fp8.kv_cache_dtype = "fp8";
    if (PlanMemory(fp8).fits) return "It does not fit as is; --kv-cache-dtype fp8 halves the KV cache and makes it fit.";
  }
  // 3. More tensor parallelism (within a node), else more GPUs.
  for (int tp = input.tp * 2; tp <= 64; tp *= 2) {
    if (gpus_per_node > 0 && tp > gpus_per_node) break;
    PlanInput wider = input;
    wider.tp = tp;
    if (PlanMemory(wider).fits) {
      return "It does not fit on " + std::to_string(plan.gpus) + " GPU" + (plan.gpus == 1 ? "" : "s") +
             "; --tensor-parallel-size " + std::to_string(tp) + " (" + std::to_string(tp * plan.pp * plan.dp) +
             " GPUs) would fit.";
    }
  }
  for (int pp = input.pp * 2; pp <= 16; pp *= 2) {
    PlanInput deeper = input;
    deeper.pp = pp;
    if (PlanMemory(deeper).fits) {
      return "It does not fit on one node's GPUs; " + std::to_string(pp) + " pipeline stages (" +
             std::to_string(plan.tp * pp * plan.dp) + " GPUs over " + std::to_string(pp) + " nodes) would fit.";
    }
  }
  return "It does not fit, and neither more GPUs, a shorter context nor an fp8 KV cache makes it fit: use a smaller "
         "or more quantized checkpoint.";
}

std::string PlanToText(const MemoryPlan& p, const std::string& advice) {
  std::string t;
  t += p.model + " on " + std::to_string(p.gpus) + " GPU" + (p.gpus == 1 ? "" : "s") + " (TP " + std::to_string(p.tp) +
       ", PP " + std::to_string(p.pp) + ", DP " + std::to_string(p.dp) + "), " + Fmt("%.2f GiB", p.gpu_memory_gib) +
       " each\n\n";
  auto row = [&](const std::string& label, const std::string& value) {
    std::string line = "  " + label;
    line.resize(34, ' ');
    t += line + value + "\n";
  };
  row("budget (x " + Fmt("%.2f", p.utilization) + ")", Fmt("%8.2f GiB", p.budget_gib));
  row("weights", Fmt("%8.2f GiB", p.weights_gib));
  row("activation peak", Fmt("%8.2f GiB", p.activation_gib));
  row("non-torch memory", Fmt("%8.2f GiB", p.non_torch_gib));
  row("KV cache available", Fmt("%8.2f GiB", p.kv_cache_gib));
  row("CUDA graphs (outside budget)", Fmt("%8.2f GiB", p.cudagraph_gib));
  t += "\n";
  row("KV bytes per token", Int(static_cast<int64_t>(std::llround(p.kv.bytes_per_token))) + " B (block size " +
                                 std::to_string(p.kv.block_size) + ")");
  row("GPU KV cache size", Int(p.kv.tokens) + " tokens");
  row("max concurrency", Fmt("%.2fx", p.kv.max_concurrency) + " at " + Int(p.kv.max_model_len) + " tokens");
  row("max-model-len that fits", Int(p.kv.max_model_len_that_fits));
  t += "\n" + advice + "\n";
  if (!p.assumptions.empty()) {
    t += "\nAssumptions:\n";
    for (const std::string& a : p.assumptions) t += "  - " + a + "\n";
  }
  return t;
}

}  // namespace recipes
