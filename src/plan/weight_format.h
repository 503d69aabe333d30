// WeightFormat: bytes per parameter for each part of a checkpoint, from a
// precision name (a recipe variant's `precision`, `--quantization`, or a
// config.json quantization_config summary). Pure.
#ifndef RECIPES_PLAN_WEIGHT_FORMAT_H_
#define RECIPES_PLAN_WEIGHT_FORMAT_H_

#include <string>

namespace recipes {

struct WeightFormat {
  std::string name;          // normalized: bf16, fp16, fp32, fp8, mxfp8, int8, nvfp4, mxfp4, int4
  double linear = 2;         // attention and dense-MLP projections
  double experts = 2;        // routed MoE experts
  double embedding = 2;      // embeddings, LM head, norms (kept in 16 bits by every format here)
  bool pad_experts_256 = false;  // MXFP4 MoE kernels pad the expert width to a multiple of 256
};

/// `precision` is matched loosely ("FP8", "fp8-dynamic", "w8a8", "modelopt:nvfp4",
/// "compressed-tensors:mxfp4-pack-quantized", "awq", …). `moe` selects the
/// 4-bit convention of MoE checkpoints (only the routed experts are 4-bit).
/// `dtype_bytes` is the unquantized width (2 for bf16). Unknown names give
/// 16-bit weights and *known = false.
WeightFormat WeightFormatFor(const std::string& precision, bool moe, double dtype_bytes, bool* known = nullptr);

/// Bytes per KV-cache element for `--kv-cache-dtype` ("auto" = `auto_bytes`).
double KvDtypeBytes(const std::string& kv_cache_dtype, double auto_bytes, bool* known = nullptr);

}  // namespace recipes

#endif  // RECIPES_PLAN_WEIGHT_FORMAT_H_
