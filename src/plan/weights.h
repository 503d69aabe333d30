// EstimateWeights: the weight bytes of a checkpoint counted from its
// architecture, and the share one GPU holds under TP / PP / DP / EP. Pure.
#ifndef RECIPES_PLAN_WEIGHTS_H_
#define RECIPES_PLAN_WEIGHTS_H_

#include "plan/architecture.h"
#include "plan/weight_format.h"

namespace recipes {

struct Parallelism {
  int tp = 1, pp = 1, dp = 1;
  bool expert_parallel = false;
};

struct WeightEstimate {
  double params = 0;         // whole model (main layers, embeddings, LM head)
  double total_bytes = 0;    // whole model
  double per_gpu_bytes = 0;  // the most loaded GPU
  double replicated_bytes = 0;  // per GPU, not split by TP (norms, routers, small projections)
};

/// `extra_layers` adds that many MoE-shaped decoder layers (MTP drafting).
WeightEstimate EstimateWeights(const Architecture& a, const WeightFormat& f, const Parallelism& p, int extra_layers = 0);

/// One dense draft decoder layer (EAGLE heads) with the target's width, in
/// bytes per GPU (16-bit, split by TP), including its fc and norm.
double DraftLayerBytesPerGpu(const Architecture& a, int kv_heads, int head_dim, int layers, int tp);

}  // namespace recipes

#endif  // RECIPES_PLAN_WEIGHTS_H_
