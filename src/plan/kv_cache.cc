#include "plan/kv_cache.h"

#include <algorithm>
#include <cmath>

namespace recipes {
namespace {

int64_t CeilDiv(int64_t a, int64_t b) { return b > 0 ? (a + b - 1) / b : 0; }

// Layers of a kind on the busiest pipeline stage.
int PerStage(int count, int pp) { return pp > 1 ? static_cast<int>(CeilDiv(count, pp)) : count; }

}  // namespace

KvLayout KvLayoutFor(const Architecture& a, int tp, int pp, double kv_bytes, double state_elem_bytes, int block_size,
                     const ExtraKvLayers& extra) {
  tp = std::max(tp, 1);
  pp = std::max(pp, 1);
  KvLayout kv;
  kv.window = a.sliding_window;
  auto gqa = [&](int heads, int dim) {
    // K and V; KV heads split by TP but never below one per rank.
    return 2.0 * std::max(1, heads / tp) * dim * kv_bytes;
  };
  // MLA keeps one latent (kv_lora_rank + rope dims) per token, the same on every rank.
  double mla = (a.kv_lora_rank + a.qk_rope_head_dim) * kv_bytes;
  // DeepSeek-V3.2's FP8 MLA cache packs 512 fp8 values, 4 fp32 scales and 64 bf16 rope values.
  if (a.mla() && a.index_head_dim > 0 && kv_bytes == 1) mla = a.kv_lora_rank + 16 + a.qk_rope_head_dim * 2;
  // Sparse-attention indexer keys: fp8 values with one fp32 scale per 128.
  double index = a.index_head_dim > 0 ? a.index_head_dim + 4.0 * CeilDiv(a.index_head_dim, 128) : 0;
  double full_layer = a.mla() ? mla : gqa(a.global_kv_heads > 0 ? a.global_kv_heads : a.kv_heads,
                                          a.global_head_dim > 0 ? a.global_head_dim : a.head_dim);
  full_layer += index;
  double sliding_layer = gqa(a.kv_heads, a.head_dim) + index;
  kv.full_layers = PerStage(a.CountKind(LayerKind::kFull), pp);
  kv.sliding_layers = PerStage(a.CountKind(LayerKind::kSliding), pp);
  kv.linear_layers = PerStage(a.CountKind(LayerKind::kLinear), pp);
  kv.full_bpt = kv.full_layers * full_layer;
  kv.sliding_bpt = kv.sliding_layers * sliding_layer;
  kv.page_bpt = std::max(kv.full_layers > 0 ? full_layer : 0.0, kv.sliding_layers > 0 ? sliding_layer : 0.0);
  if (extra.layers > 0) {
    double e = extra.mla ? mla : gqa(extra.kv_heads > 0 ? extra.kv_heads : a.heads,
                                     extra.head_dim > 0 ? extra.head_dim : a.head_dim);
    kv.full_layers += extra.layers;
    kv.full_bpt += extra.layers * e;
    kv.page_bpt = std::max(kv.page_bpt, e);
  }
  if (kv.linear_layers > 0) {
    kv.state_bytes = static_cast<double>(a.linear.conv_elems + a.linear.state_elems) / tp * state_elem_bytes;
  }
  int bs = block_size > 0 ? block_size : (a.mla() ? 64 : 16);
  if (block_size <= 0 && kv.linear_layers > 0 && kv.page_bpt > 0) {
    // vLLM raises the attention block size until one page holds a linear state.
    while (bs * kv.page_bpt < kv.state_bytes) bs += 16;
  }
  kv.block_size = bs;
  return kv;
}

double RequestBytes(const KvLayout& kv, int64_t tokens, int64_t max_num_batched_tokens) {
  const int64_t bs = kv.block_size;
  const int64_t full_blocks = CeilDiv(tokens, bs);
  int64_t sliding_blocks = full_blocks;
  if (kv.window > 0) {
    int64_t held = std::min<int64_t>(kv.window - 1 + max_num_batched_tokens, tokens);
    sliding_blocks = std::min(full_blocks, CeilDiv(held, bs) + 1);
  }
  double linear = kv.linear_layers * std::max(kv.state_bytes, kv.page_bpt * static_cast<double>(bs));
  return kv.full_bpt * static_cast<double>(bs * full_blocks) + kv.sliding_bpt * static_cast<double>(bs * sliding_blocks) +
         linear;
}

}  // namespace recipes
