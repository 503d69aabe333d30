// KvLayout: what one GPU's KV cache holds per token and per sequence, by
// layer kind, and what a request of L tokens takes from it (vLLM V1's KV
// cache specs: full attention, MLA, sliding window, Mamba / linear state). Pure.
#ifndef RECIPES_PLAN_KV_CACHE_H_
#define RECIPES_PLAN_KV_CACHE_H_

#include <cstdint>

#include "plan/architecture.h"

namespace recipes {

struct KvLayout {
  int full_layers = 0, sliding_layers = 0, linear_layers = 0;  // on this GPU
  double full_bpt = 0;     // bytes per token, summed over full-attention (and MLA) layers
  double sliding_bpt = 0;  // bytes per token, summed over sliding-window layers
  double page_bpt = 0;     // the largest per-layer bytes per token (the shared page / block_size)
  double state_bytes = 0;  // fixed state of one sequence in one linear layer
  int64_t window = 0;
  int block_size = 16;

  /// What "GPU KV cache size: N tokens" divides the memory by: every cache
  /// layer, linear layers counted as one page each (vLLM's hybrid allocator).
  double bytes_per_token() const { return full_bpt + sliding_bpt + linear_layers * page_bpt; }
  double block_bytes() const { return bytes_per_token() * block_size; }
};

/// Extra layers that hold KV next to the target's (EAGLE heads, MTP layers).
struct ExtraKvLayers {
  int layers = 0;
  int kv_heads = 0;   // 0 with mla = true
  int head_dim = 0;
  bool mla = false;
};

/// Per-GPU layout. `kv_bytes` is the cache element width (2 bf16, 1 fp8,
/// 0.5625 nvfp4); `state_elem_bytes` the linear state's. `block_size` 0 means
/// vLLM's default (16; 64 for MLA; raised so a linear state fits one page).
KvLayout KvLayoutFor(const Architecture& a, int tp, int pp, double kv_bytes, double state_elem_bytes, int block_size,
                     const ExtraKvLayers& extra = {});

/// KV bytes one request of `tokens` takes on this GPU, whole blocks
/// (sliding layers keep at most window - 1 + max_num_batched_tokens tokens).
double RequestBytes(const KvLayout& kv, int64_t tokens, int64_t max_num_batched_tokens);

}  // namespace recipes

#endif  // RECIPES_PLAN_KV_CACHE_H_
