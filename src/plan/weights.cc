#include "plan/weights.h"

#include <algorithm>
#include <cmath>

namespace recipes {
namespace {

double RoundUp(double x, double m) { return std::ceil(x / m) * m; }

struct LayerBytes {
  double split = 0;       // divided by TP
  double replicated = 0;  // every TP rank holds it
  double experts = 0;     // divided by TP (or by the EP group)
};

// Attention projections of one layer of kind `k`, per TP rank.
void Attention(const Architecture& a, LayerKind k, const WeightFormat& f, int tp, LayerBytes* out) {
  const double h = static_cast<double>(a.hidden);
  if (k == LayerKind::kLinear) {
    out->split += static_cast<double>(a.linear.params_per_layer) * f.linear / tp;
    return;
  }
  if (a.mla()) {
    const double qk = a.qk_nope_head_dim + a.qk_rope_head_dim;
    double q = a.q_lora_rank > 0 ? 0 : h * a.heads * qk;
    double q_b = a.q_lora_rank > 0 ? static_cast<double>(a.q_lora_rank) * a.heads * qk : 0;
    out->replicated += (h * (a.q_lora_rank + a.kv_lora_rank + a.qk_rope_head_dim)) * f.linear;
    out->split += (q + q_b + static_cast<double>(a.kv_lora_rank) * a.heads * (a.qk_nope_head_dim + a.v_head_dim) +
                   static_cast<double>(a.heads) * a.v_head_dim * h) * f.linear / tp;
  } else {
    int hd = a.head_dim, kv = a.kv_heads;
    if (k == LayerKind::kFull && a.global_head_dim > 0) hd = a.global_head_dim;
    if (k == LayerKind::kFull && a.global_kv_heads > 0) kv = a.global_kv_heads;
    // Q and O split by TP; K and V too, but never below one head per rank.
    out->split += 2 * h * a.heads * hd * f.linear / tp;
    out->replicated += 2 * h * std::max(1.0, static_cast<double>(kv) / tp) * hd * f.linear;
  }
  if (a.index_head_dim > 0) out->replicated += h * a.index_head_dim * f.embedding;  // indexer keys (small)
}

void Mlp(const Architecture& a, bool moe_layer, const WeightFormat& f, int tp, LayerBytes* out) {
  const double h = static_cast<double>(a.hidden);
  if (!moe_layer) {
    out->split += 3 * h * static_cast<double>(a.intermediate) * f.linear / tp;
    return;
  }
  double width = static_cast<double>(a.moe_intermediate);
  if (f.pad_experts_256) width = RoundUp(width / tp, 256) * tp;
  const double eh = a.expert_hidden > 0 ? static_cast<double>(a.expert_hidden) : h;
  out->experts += static_cast<double>(a.num_experts) * 3 * eh * width * f.experts;
  out->split += 3 * h * static_cast<double>(a.shared_intermediate) * f.linear / tp;
  out->replicated += h * a.num_experts * f.embedding;  // router
}

// Sum over decoder layers of the bytes one GPU holds (tp = ways = 1: all of them).
struct LayerSum {
  double per_gpu = 0;
  double replicated = 0;
};
LayerSum SumLayers(const Architecture& a, const WeightFormat& f, int tp, int expert_ways, int extra_layers) {
  LayerSum s;
  const int n = static_cast<int>(a.layer_kinds.size());
  for (int i = 0; i < n + extra_layers; ++i) {
    LayerKind k = i < n ? a.layer_kinds[static_cast<size_t>(i)] : LayerKind::kFull;
    LayerBytes b;
    Attention(a, k, f, tp, &b);
    Mlp(a, a.moe() && i >= a.dense_layers, f, tp, &b);
    b.replicated += 2 * static_cast<double>(a.hidden) * f.embedding;  // norms
    s.per_gpu += b.split + b.replicated + b.experts / expert_ways;
    s.replicated += b.replicated;
  }
  return s;
}

}  // namespace

WeightEstimate EstimateWeights(const Architecture& a, const WeightFormat& f, const Parallelism& p, int extra_layers) {
  const int tp = std::max(p.tp, 1), pp = std::max(p.pp, 1), dp = std::max(p.dp, 1);
  // Experts are split over the EP group (TP x DP) with expert parallelism,
  // else sharded by TP inside each DP replica.
  const int expert_ways = p.expert_parallel ? tp * dp : tp;
  const double h = static_cast<double>(a.hidden);
  const int n = static_cast<int>(a.layer_kinds.size());
  const double embed = static_cast<double>(a.vocab) * h * f.embedding;
  const double head = a.tie_embeddings ? 0 : embed;
  WeightEstimate w;
  w.total_bytes = SumLayers(a, f, 1, 1, extra_layers).per_gpu + embed + head + h * f.embedding;
  LayerSum mine = SumLayers(a, f, tp, expert_ways, extra_layers);
  // PP: the busiest stage holds ceil(L / pp) layers and the larger end piece.
  double stage_share = pp > 1 ? std::ceil(static_cast<double>(n) / pp) / std::max(n, 1) : 1.0;
  double ends = pp > 1 ? std::max(embed, head) : embed + head;
  w.per_gpu_bytes = mine.per_gpu * stage_share + ends / tp;
  w.replicated_bytes = mine.replicated * stage_share;
  // Parameters, counted once with one byte per parameter.
  WeightFormat unit;
  unit.linear = unit.experts = unit.embedding = 1;
  w.params = SumLayers(a, unit, 1, 1, 0).per_gpu + static_cast<double>(a.vocab) * h * (a.tie_embeddings ? 1 : 2);
  return w;
}

double DraftLayerBytesPerGpu(const Architecture& a, int kv_heads, int head_dim, int layers, int tp) {
  const double h = static_cast<double>(a.hidden);
  const int t = std::max(tp, 1);
  const int kv = kv_heads > 0 ? kv_heads : a.heads;
  const int hd = head_dim > 0 ? head_dim : (a.head_dim > 0 ? a.head_dim : static_cast<int>(a.hidden / std::max(a.heads, 1)));
  // Llama-style layer (the EAGLE head): attention, a SwiGLU MLP as wide as
  // the target's dense MLP, and the fc that folds the target's hidden states.
  double attn = 2 * h * a.heads * hd / t + 2 * h * std::max(1.0, static_cast<double>(kv) / t) * hd;
  double inter = static_cast<double>(a.intermediate > 0 ? a.intermediate : 4 * a.hidden);
  double mlp = 3 * h * inter / t;
  double fc = 3 * h * h / t;
  return (attn + mlp + fc) * 2 * std::max(layers, 1);
}

}  // namespace recipes
