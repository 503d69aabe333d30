#include "plan/weight_format.h"

#include <cctype>

namespace recipes {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

WeightFormat WeightFormatFor(const std::string& precision, bool moe, double dtype_bytes, bool* known) {
  const std::string p = Lower(precision);
  WeightFormat f;
  f.linear = f.experts = f.embedding = dtype_bytes;
  if (known) *known = true;
  // Scale overheads: FP8 block scales are one fp32 per 128x128 block; MX
  // formats one e8m0 byte per 32 elements; NVFP4 one fp8 per 16 elements;
  // int4 (AWQ/GPTQ) a 16-bit scale and a 4-bit zero point per 128.
  constexpr double kNvfp4 = 0.5 + 1.0 / 16, kMxfp4 = 0.5 + 1.0 / 32, kInt4 = 0.5 + 2.5 / 128;
  constexpr double kFp8 = 1 + 4.0 / (128 * 128), kMxfp8 = 1 + 1.0 / 32;
  auto four_bit = [&](const char* name, double bytes) {
    f.name = name;
    f.experts = bytes;
    // MoE checkpoints keep attention, shared experts and dense layers in
    // 16 bits; dense checkpoints quantize every projection.
    if (!moe) f.linear = bytes;
  };
  if (p.empty() || p == "auto" || p == "bf16" || Has(p, "bfloat16") || p == "default") {
    f.name = "bf16";
  } else if (p == "fp16" || Has(p, "float16") || p == "half") {
    f.name = "fp16";
  } else if (p == "fp32" || Has(p, "float32")) {
    f.name = "fp32";
    f.linear = f.experts = f.embedding = 4;
  } else if (Has(p, "nvfp4") || Has(p, "mixed_precision") || (Has(p, "fp4") && !Has(p, "mxfp4"))) {
    four_bit("nvfp4", kNvfp4);
  } else if (Has(p, "mxfp4")) {
    four_bit("mxfp4", kMxfp4);
    f.pad_experts_256 = true;
  } else if (Has(p, "mxfp8")) {
    f.name = "mxfp8";
    f.linear = f.experts = kMxfp8;
  } else if (Has(p, "fp8") || Has(p, "float-quantized") || Has(p, "e4m3")) {
    f.name = "fp8";
    f.linear = f.experts = kFp8;
  } else if (Has(p, "int8") || Has(p, "w8a8") || Has(p, "w8a16")) {
    f.name = "int8";
    f.linear = f.experts = 1;
  } else if (Has(p, "int4") || Has(p, "awq") || Has(p, "gptq") || Has(p, "w4a16") || Has(p, "pack-quantized") ||
             Has(p, "bitsandbytes")) {
    f.name = "int4";
    f.linear = f.experts = kInt4;
  } else {
    f.name = "bf16";
    if (known) *known = false;
  }
  return f;
}

double KvDtypeBytes(const std::string& kv_cache_dtype, double auto_bytes, bool* known) {
  const std::string d = Lower(kv_cache_dtype);
  if (known) *known = true;
  if (d.empty() || d == "auto") return auto_bytes;
  if (Has(d, "nvfp4") || Has(d, "fp4")) return 0.5 + 1.0 / 16;  // 4-bit values, one fp8 scale per 16
  if (Has(d, "fp8") || Has(d, "int8")) return 1;
  if (d == "bfloat16" || d == "bf16" || d == "float16" || d == "half" || d == "fp16") return 2;
  if (d == "float32" || d == "fp32" || d == "float") return 4;
  if (known) *known = false;
  return auto_bytes;
}

}  // namespace recipes
