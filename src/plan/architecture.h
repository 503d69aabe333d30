// Architecture: the config.json facts the memory planner needs, read from a
// recipe's `architecture:` block or a Hugging Face config.json (both use the
// config.json key names, so one reader serves both). Pure.
#ifndef RECIPES_PLAN_ARCHITECTURE_H_
#define RECIPES_PLAN_ARCHITECTURE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/value.h"

namespace recipes {

/// How one decoder layer keeps its context.
enum class LayerKind {
  kFull,     // full attention (GQA/MHA or MLA)
  kSliding,  // sliding-window attention
  kLinear,   // linear attention / Mamba: a fixed state per sequence
};

/// Fixed per-sequence state of a linear-attention or Mamba layer (whole
/// model width, before any TP split), in elements.
struct LinearState {
  std::string kind;          // "gated_deltanet", "kda", "mamba2", "lightning"
  int64_t conv_elems = 0;    // convolution state
  int64_t state_elems = 0;   // recurrent (SSM) state
  int64_t params_per_layer = 0;  // projection weights of one such layer
};

struct Architecture {
  std::string model_type;
  std::vector<std::string> architectures;
  int layers = 0;
  int64_t hidden = 0;
  int heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
  int64_t vocab = 0;
  int64_t intermediate = 0;
  bool tie_embeddings = false;
  int64_t max_position_embeddings = 0;
  std::string dtype;  // "bfloat16", "float16", "float32", ""

  // Multi-head latent attention (DeepSeek, Kimi).
  int q_lora_rank = 0;
  int kv_lora_rank = 0;
  int qk_rope_head_dim = 0;
  int qk_nope_head_dim = 0;
  int v_head_dim = 0;
  bool mla() const { return kv_lora_rank > 0; }
  // Sparse-attention indexer with its own cache (DeepSeek DSA, MiniMax MSA).
  int index_head_dim = 0;

  // Sliding window and per-layer layout.
  int64_t sliding_window = 0;
  std::vector<LayerKind> layer_kinds;  // one per decoder layer
  int global_head_dim = 0;             // full-attention layers' head_dim when it differs
  int global_kv_heads = 0;             // full-attention layers' KV heads when they differ
  LinearState linear;

  // Mixture of experts.
  int num_experts = 0;
  int experts_per_tok = 0;
  int64_t moe_intermediate = 0;
  int64_t expert_hidden = 0;        // routed experts' input width (latent MoE), 0 = hidden
  int shared_experts = 0;
  int64_t shared_intermediate = 0;  // total width of the shared experts
  int dense_layers = 0;             // leading dense layers (first_k_dense_replace etc.)
  bool moe() const { return num_experts > 0; }

  int mtp_layers = 0;  // multi-token-prediction layers (loaded only for MTP drafting)

  std::string quant_method;  // quantization_config.quant_method (+ algo/format), "" = none
  std::optional<double> checkpoint_bytes;

  int CountKind(LayerKind k) const;
};

/// Reads the facts from a config.json-shaped map. Keys under `text_config`
/// are used when the top level lacks them (vision-language configs). Missing
/// facts stay 0; *problems receives what makes the facts unusable.
Architecture ArchitectureFromConfig(const Value& config, std::vector<std::string>* problems);

/// The facts are enough to plan (layers, hidden size, attention shape, vocab).
bool ArchitectureUsable(const Architecture& a, std::string* why);

}  // namespace recipes

#endif  // RECIPES_PLAN_ARCHITECTURE_H_
