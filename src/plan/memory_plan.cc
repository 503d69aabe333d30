#include "plan/memory_plan.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>

#include "plan/kv_cache.h"
#include "plan/weight_format.h"
#include "plan/weights.h"

namespace recipes {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// Calibration of the profiled activation peak on calibration.jsonl (ten
// H100 start-ups, see README.md): the sampler's dummy run over
// min(max_num_seqs, max_num_batched_tokens) rows of fp32 logits dominates,
// plus the dummy forward's hidden states.
constexpr double kLogitCopies = 9.52;
constexpr double kHiddenCopies = 1.28;
constexpr double kActivationFloorGiB = 0.022;
// Memory outside PyTorch's allocator after profiling: the CUDA context's
// share, plus NCCL / custom all-reduce buffers once GPUs talk to each other.
constexpr double kNonTorchGiB = 0.13;
constexpr double kNonTorchCollectivesGiB = 0.42;
// CUDA-graph capture (reported only; these vLLM versions size the KV cache
// before capturing, out of the 1 - utilization headroom).
constexpr double kGraphGiBPerDenseLayer = 0.0075;
constexpr double kGraphGiBPerMoeLayer = 0.022;

std::string Fmt(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string Gib(double v) { return Fmt("%.2f GiB", v); }

std::string Int(int64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > (s[0] == '-' ? 1 : 0); i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

bool IsMtp(const std::string& method) {
  return method.find("mtp") != std::string::npos;
}

}  // namespace

double DefaultGpuMemoryUtilization(const std::string& /*vllm_version*/) { return 0.9; }

MemoryPlan PlanMemory(const PlanInput& in) {
  const Architecture& a = in.arch;
  MemoryPlan m;
  m.model = in.model;
  m.assumptions = in.notes;
  m.tp = std::max(in.tp, 1);
  m.pp = std::max(in.pp, 1);
  m.dp = std::max(in.dp, 1);
  m.gpus = m.tp * m.pp * m.dp;
  m.gpu_memory_gib = in.gpu_memory_gib;
  m.utilization = in.gpu_memory_utilization.value_or(DefaultGpuMemoryUtilization(""));
  m.budget_gib = in.gpu_memory_gib * m.utilization;

  // vLLM serves float32 checkpoints in 16 bits (dtype "auto" downcasts them).
  const double dtype_bytes = 2;
  const std::string precision = in.precision.empty() ? a.quant_method : in.precision;
  bool known = true;
  WeightFormat format = WeightFormatFor(precision, a.moe(), dtype_bytes, &known);
  if (!known) m.assumptions.push_back("unknown weight format '" + precision + "': 16-bit weights assumed");

  // vLLM's scheduler defaults for `vllm serve` (arg_utils: larger on GPUs
  // with >= 70 GiB, A100s excepted).
  std::string name = in.gpu_name;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool big_gpu = in.gpu_memory_gib >= 70 && name.find("a100") == std::string::npos;
  m.max_num_batched_tokens = in.max_num_batched_tokens.value_or(big_gpu ? 8192 : 2048);
  m.max_num_seqs = in.max_num_seqs.value_or(big_gpu ? 1024 : 256);

  const DraftModel* draft = in.draft ? &*in.draft : nullptr;
  const bool mtp = draft && IsMtp(draft->method);
  const bool eagle = draft && draft->method.find("eagle") != std::string::npos;

  // ---- weights
  Parallelism par{m.tp, m.pp, m.dp, in.expert_parallel};
  if (in.weights_gib) {
    m.weights_gib = *in.weights_gib;
    m.assumptions.push_back("weights pinned at " + Gib(m.weights_gib) + " per GPU (--weights-gib)");
  } else {
    const int mtp_layers = mtp ? std::max(a.mtp_layers, 1) : 0;
    WeightEstimate w = EstimateWeights(a, format, par, mtp_layers);
    double per_gpu = w.per_gpu_bytes;
    if (a.checkpoint_bytes && w.total_bytes > 0) {
      // The checkpoint's size is exact; keep the counted split across GPUs.
      per_gpu *= *a.checkpoint_bytes / w.total_bytes;
      m.assumptions.push_back("weights from the checkpoint's size (" + Fmt("%.1f GB", *a.checkpoint_bytes / 1e9) +
                              "), split like the counted architecture");
    } else {
      m.assumptions.push_back("weights counted from the architecture as " + format.name + " (" +
                              Fmt("%.1fB parameters", w.params / 1e9) + ")");
    }
    if (eagle) {
      per_gpu += DraftLayerBytesPerGpu(a, draft->kv_heads, draft->head_dim, draft->layers, m.tp);
      m.assumptions.push_back("EAGLE draft: " + std::to_string(draft->layers) + " 16-bit decoder layer(s) of the target's width, " +
                              std::to_string(draft->kv_heads > 0 ? draft->kv_heads : a.heads) + " KV heads");
    }
    m.weights_gib = per_gpu / kGiB;
    if (a.architectures.size() == 1 && a.architectures[0].find("ConditionalGeneration") != std::string::npos &&
        !in.language_model_only && !a.checkpoint_bytes) {
      m.assumptions.push_back("the vision encoder's weights and profiling are not counted");
    }
  }

  // ---- profiled activation peak, non-torch memory, CUDA graphs
  {
    const double rows = static_cast<double>(std::min<int64_t>(m.max_num_seqs, m.max_num_batched_tokens));
    const double t = static_cast<double>(m.max_num_batched_tokens);
    double logits = kLogitCopies * rows * static_cast<double>(a.vocab) * 4;
    double hidden = kHiddenCopies * t * static_cast<double>(a.hidden) * 2;
    // The dummy forward's widest MLP intermediate (gate and up, 16-bit).
    double ffn = a.moe() ? static_cast<double>(a.experts_per_tok) * static_cast<double>(a.moe_intermediate)
                         : static_cast<double>(a.intermediate);
    double forward = t * 2 * 2 * ffn / m.tp;
    m.activation_gib = (std::max(logits, forward) + hidden) / kGiB + kActivationFloorGiB;
    // Expert parallelism over DP ranks talks across GPUs too (all-to-all buffers).
    const bool collectives = m.tp * m.pp > 1 || (in.expert_parallel && m.dp > 1);
    m.non_torch_gib = kNonTorchGiB + (collectives ? kNonTorchCollectivesGiB : 0);
    int stage_layers = (a.layers + m.pp - 1) / m.pp;
    m.cudagraph_gib = stage_layers * (a.moe() ? kGraphGiBPerMoeLayer : kGraphGiBPerDenseLayer);
  }

  // ---- available KV memory (not clamped: vLLM logs negative values too)
  if (in.kv_cache_gib) {
    m.kv_cache_gib = *in.kv_cache_gib;
    m.assumptions.push_back("KV cache memory pinned at " + Gib(m.kv_cache_gib) + " per GPU");
  } else {
    m.kv_cache_gib = m.budget_gib - m.weights_gib - m.activation_gib - m.non_torch_gib;
  }

  // ---- KV layout, tokens, concurrency
  bool kv_known = true;
  const double kv_bytes = KvDtypeBytes(in.kv_cache_dtype, dtype_bytes, &kv_known);
  if (!kv_known) m.assumptions.push_back("unknown --kv-cache-dtype '" + in.kv_cache_dtype + "': model dtype assumed");
  ExtraKvLayers extra;
  if (eagle) {
    extra.layers = draft->layers;
    extra.kv_heads = draft->kv_heads;
    extra.head_dim = draft->head_dim;
  } else if (mtp) {
    extra.layers = std::max(a.mtp_layers, 1);
    extra.mla = a.mla();
    extra.kv_heads = a.kv_heads;
    extra.head_dim = a.head_dim;
  }
  KvLayout layout = KvLayoutFor(a, m.tp, m.pp, kv_bytes, dtype_bytes, in.block_size.value_or(0), extra);
  m.kv.block_size = layout.block_size;
  m.kv.bytes_per_token = layout.bytes_per_token();
  if (in.max_model_len) {
    m.kv.max_model_len = *in.max_model_len;
  } else if (a.max_position_embeddings > 0) {
    m.kv.max_model_len = a.max_position_embeddings;
    m.assumptions.push_back("--max-model-len defaults to max_position_embeddings (" + Int(m.kv.max_model_len) + ")");
  } else {
    m.kv.max_model_len = 8192;
    m.assumptions.push_back("max_position_embeddings unknown: --max-model-len 8192 assumed");
  }
  const double avail = m.kv_cache_gib * kGiB;
  if (avail > 0 && layout.block_bytes() > 0) {
    m.kv.num_blocks = static_cast<int64_t>(std::floor(avail / layout.block_bytes()));
    m.kv.tokens = m.kv.num_blocks * layout.block_size;
  }
  const double request = RequestBytes(layout, m.kv.max_model_len, m.max_num_batched_tokens);
  m.kv.request_gib = request / kGiB;
  if (request > 0 && m.kv.num_blocks > 0) {
    m.kv.max_concurrency = static_cast<double>(m.kv.num_blocks) * layout.block_bytes() / request;
  }
  // Largest max_model_len whose one request fits the available memory.
  if (avail > 0) {
    int64_t lo = 0, hi = int64_t{1} << 32;
    while (lo < hi) {
      int64_t mid = lo + (hi - lo + 1) / 2;
      if (RequestBytes(layout, mid, m.max_num_batched_tokens) <= avail) lo = mid; else hi = mid - 1;
    }
    if (a.max_position_embeddings > 0) lo = std::min(lo, a.max_position_embeddings);
    m.kv.max_model_len_that_fits = lo;
  }
  if (kv_bytes < dtype_bytes) m.assumptions.push_back(Fmt("KV cache stored at %.4g bytes per element", kv_bytes));
  if (layout.linear_layers > 0) {
    m.assumptions.push_back("linear-attention layers hold a fixed " + Fmt("%.1f MiB", layout.state_bytes / 1048576.0) +
                            " state per sequence each; tokens count them as one page per layer");
  }

  // ---- verdict, in the order vLLM checks at start-up
  const double weights_and_context = m.weights_gib + m.non_torch_gib;
  if (a.max_position_embeddings > 0 && in.max_model_len && *in.max_model_len > a.max_position_embeddings) {
    m.verdict = "vLLM refuses --max-model-len " + Int(*in.max_model_len) + ": the model's max_position_embeddings is " +
                Int(a.max_position_embeddings) + " (VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 overrides it)";
  } else if (!in.weights_gib && weights_and_context > in.gpu_memory_gib) {
    m.verdict = "out of memory while loading weights: " + Gib(m.weights_gib) + " of weights per GPU on a " +
                Gib(in.gpu_memory_gib) + " GPU";
  } else if (m.kv_cache_gib <= 0) {
    m.verdict = "no memory left for the KV cache (" + Gib(m.kv_cache_gib) + " available): vLLM stops at start-up";
  } else if (request > avail) {
    m.verdict = "a " + Int(m.kv.max_model_len) + "-token request needs " + Gib(m.kv.request_gib) + " of KV cache but only " +
                Gib(m.kv_cache_gib) + " is available; the largest --max-model-len that fits is " +
                Int(m.kv.max_model_len_that_fits);
  } else {
    m.fits = true;
    m.verdict = "fits: a KV cache of " + Int(m.kv.tokens) + " tokens, " + Fmt("%.2fx", m.kv.max_concurrency) +
                " concurrency at " + Int(m.kv.max_model_len) + " tokens";
  }
  return m;
}

}  // namespace recipes
