// The memory model's layers with numbers worked by hand, and the
// calibration against the ten vLLM start-ups of calibration.jsonl.
#include "plan/memory_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "parse/json_reader.h"
#include "plan/kv_cache.h"
#include "plan/plan_report.h"
#include "plan/weight_format.h"
#include "plan/weights.h"

namespace recipes {
namespace {

Architecture Arch(const std::string& json) {
  Value v;
  std::string err;
  EXPECT_TRUE(ParseJson(json, &v, &err)) << err;
  std::vector<std::string> problems;
  Architecture a = ArchitectureFromConfig(v, &problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  return a;
}

const char* kLlama8B =
    R"({"num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8,
        "head_dim": 128, "vocab_size": 128256, "intermediate_size": 14336, "max_position_embeddings": 131072,
        "torch_dtype": "bfloat16", "tie_word_embeddings": false})";
const char* kDeepSeekV3 =
    R"({"num_hidden_layers": 61, "hidden_size": 7168, "num_attention_heads": 128, "num_key_value_heads": 128,
        "vocab_size": 129280, "intermediate_size": 18432, "q_lora_rank": 1536, "kv_lora_rank": 512,
        "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128, "n_routed_experts": 256,
        "num_experts_per_tok": 8, "moe_intermediate_size": 2048, "n_shared_experts": 1,
        "first_k_dense_replace": 3, "num_nextn_predict_layers": 1, "max_position_embeddings": 163840,
        "torch_dtype": "bfloat16"})";

TEST(PlanKvCache, Llama31_8B_Bf16Is131072BytesPerToken) {
  Architecture a = Arch(kLlama8B);
  // 2 (K, V) x 8 KV heads x 128 dims x 2 bytes x 32 layers.
  KvLayout kv = KvLayoutFor(a, 1, 1, 2, 2, 0);
  EXPECT_EQ(kv.bytes_per_token(), 131072);
  EXPECT_EQ(kv.block_size, 16);
  // TP 8: one KV head per rank.
  EXPECT_EQ(KvLayoutFor(a, 8, 1, 2, 2, 0).bytes_per_token(), 16384);
  // TP 16: still one head per rank (replicated), never zero.
  EXPECT_EQ(KvLayoutFor(a, 16, 1, 2, 2, 0).bytes_per_token(), 16384);
  // PP 2: half the layers per stage.
  EXPECT_EQ(KvLayoutFor(a, 1, 2, 2, 2, 0).bytes_per_token(), 65536);
}

TEST(PlanKvCache, DeepSeekV3MlaIs70272BytesPerTokenAtAnyTp) {
  Architecture a = Arch(kDeepSeekV3);
  ASSERT_TRUE(a.mla());
  // (512 latent + 64 rope) x 2 bytes x 61 layers; the MTP layer holds none unless drafting.
  EXPECT_EQ(KvLayoutFor(a, 1, 1, 2, 2, 0).bytes_per_token(), 70272);
  EXPECT_EQ(KvLayoutFor(a, 8, 1, 2, 2, 0).bytes_per_token(), 70272);
  EXPECT_EQ(KvLayoutFor(a, 8, 1, 2, 2, 0).block_size, 64);  // FlashMLA pages
}

TEST(PlanKvCache, Fp8AndNvfp4KvShrinkTheCache) {
  Architecture a = Arch(kLlama8B);
  EXPECT_EQ(KvLayoutFor(a, 1, 1, KvDtypeBytes("fp8", 2), 2, 0).bytes_per_token(), 65536);
  EXPECT_EQ(KvLayoutFor(a, 1, 1, KvDtypeBytes("fp8_e5m2", 2), 2, 0).bytes_per_token(), 65536);
  // NVFP4: half a byte per value plus one fp8 scale per 16 values.
  EXPECT_EQ(KvLayoutFor(a, 1, 1, KvDtypeBytes("nvfp4", 2), 2, 0).bytes_per_token(), 36864);
  Architecture ds = Arch(kDeepSeekV3);
  EXPECT_EQ(KvLayoutFor(ds, 8, 1, KvDtypeBytes("fp8", 2), 2, 0).bytes_per_token(), 576 * 61);
}

TEST(PlanKvCache, SlidingWindowLayersHoldAtMostTheWindow) {
  // gpt-oss-20b: 12 sliding (128-token window) and 12 full layers, 8 KV heads of 64.
  Architecture a = Arch(R"({"num_hidden_layers": 24, "hidden_size": 2880, "num_attention_heads": 64,
      "num_key_value_heads": 8, "head_dim": 64, "vocab_size": 201088, "intermediate_size": 2880,
      "sliding_window": 128, "num_local_experts": 32, "num_experts_per_tok": 4,
      "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention",
        "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention",
        "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention",
        "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention",
        "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention"]})");
  ASSERT_EQ(a.CountKind(LayerKind::kSliding), 12);
  KvLayout kv = KvLayoutFor(a, 1, 1, 2, 2, 0);
  // Per layer 2 x 8 x 64 x 2 = 2048 bytes; "GPU KV cache size" counts all 24 layers.
  EXPECT_EQ(kv.bytes_per_token(), 49152);
  // A 16,000-token request with 8,192 batched tokens: full layers 1,000 blocks
  // of 16; sliding layers ceil((128 - 1 + 8192) / 16) + 1 = 521 blocks.
  EXPECT_EQ(RequestBytes(kv, 16000, 8192), 12 * 2048.0 * 16000 + 12 * 2048.0 * 521 * 16);
  // A short request is not bounded by the window.
  EXPECT_EQ(RequestBytes(kv, 64, 8192), 24 * 2048.0 * 64);
}

TEST(PlanKvCache, HybridLinearAttentionKeepsAFixedStatePerSequence) {
  // Qwen3-Next-80B-A3B: every 4th layer full attention (2 KV heads of 256),
  // the others Gated DeltaNet (16 key heads, 32 value heads, 128 dims, conv 4).
  Architecture a = Arch(R"({"num_hidden_layers": 48, "hidden_size": 2048, "num_attention_heads": 16,
      "num_key_value_heads": 2, "head_dim": 256, "vocab_size": 151936, "intermediate_size": 5120,
      "full_attention_interval": 4, "linear_num_key_heads": 16, "linear_num_value_heads": 32,
      "linear_key_head_dim": 128, "linear_value_head_dim": 128, "linear_conv_kernel_dim": 4,
      "num_experts": 512, "num_experts_per_tok": 10, "moe_intermediate_size": 512,
      "shared_expert_intermediate_size": 512})");
  ASSERT_EQ(a.CountKind(LayerKind::kFull), 12);
  ASSERT_EQ(a.CountKind(LayerKind::kLinear), 36);
  KvLayout kv = KvLayoutFor(a, 1, 1, 2, 2, 0);
  // State: conv (2 x 16 x 128 + 32 x 128) x 3 + recurrent 32 x 128 x 128 elements, 2 bytes.
  EXPECT_EQ(kv.state_bytes, ((2 * 16 * 128 + 32 * 128) * 3 + 32 * 128 * 128) * 2.0);
  // The attention page (2 x 2 x 256 x 2 = 2048 B per token) must hold it: 544 tokens.
  EXPECT_EQ(kv.block_size, 544);
  // Doubling the context doubles only the attention part.
  double one = RequestBytes(kv, 544 * 10, 8192), two = RequestBytes(kv, 544 * 20, 8192);
  EXPECT_EQ(two - one, 12 * 2048.0 * 544 * 10);
  // Each linear layer takes one whole page (its state fits in one).
  EXPECT_EQ(one, 12 * 2048.0 * 5440 + 36 * 2048.0 * 544);
  // TP 2 halves the per-rank state.
  EXPECT_EQ(KvLayoutFor(a, 2, 1, 2, 2, 0).state_bytes, kv.state_bytes / 2);
}

TEST(PlanWeights, CountsDenseAndQuantizedCheckpoints) {
  Architecture a = Arch(kLlama8B);
  WeightEstimate w = EstimateWeights(a, WeightFormatFor("bf16", false, 2), {});
  EXPECT_NEAR(w.params / 1e9, 8.03, 0.01);
  EXPECT_NEAR(w.per_gpu_bytes / (1 << 30), 14.96, 0.02);
  WeightEstimate tp2 = EstimateWeights(a, WeightFormatFor("bf16", false, 2), {2, 1, 1, false});
  EXPECT_NEAR(tp2.per_gpu_bytes / w.per_gpu_bytes, 0.5, 0.01);
  WeightEstimate fp8 = EstimateWeights(a, WeightFormatFor("fp8", false, 2), {});
  // Projections at one byte, embeddings and LM head (2 x 0.525 B params) at two.
  EXPECT_NEAR(fp8.total_bytes / 1e9, 6.98 + 2 * 1.05, 0.05);
}

TEST(PlanWeights, MoeExpertsSplitByTpOrTheExpertParallelGroup) {
  Architecture a = Arch(kDeepSeekV3);
  WeightFormat f = WeightFormatFor("fp8", true, 2);
  WeightEstimate one = EstimateWeights(a, f, {});
  EXPECT_NEAR(one.params / 1e9, 671, 8);  // DeepSeek-V3's 671B without the MTP layer (~660B)
  WeightEstimate tp8 = EstimateWeights(a, f, {8, 1, 1, false});
  WeightEstimate tep8 = EstimateWeights(a, f, {8, 1, 1, true});
  EXPECT_NEAR(tp8.per_gpu_bytes, tep8.per_gpu_bytes, 1);  // EP over the TP group: same share
  WeightEstimate dep = EstimateWeights(a, f, {1, 1, 8, true});
  // DP + EP: experts split 8 ways, attention replicated on every rank.
  EXPECT_GT(dep.per_gpu_bytes, tp8.per_gpu_bytes);
  EXPECT_LT(dep.per_gpu_bytes, one.per_gpu_bytes / 4);
}

TEST(PlanMemory, VerdictsFollowVllmsStartUpChecks) {
  PlanInput in;
  in.arch = Arch(kLlama8B);
  in.model = "meta-llama/Llama-3.1-8B-Instruct";
  in.gpu_memory_gib = 79.18;
  in.max_model_len = 16000;
  MemoryPlan p = PlanMemory(in);
  EXPECT_TRUE(p.fits) << p.verdict;
  EXPECT_NEAR(p.budget_gib, 71.26, 0.01);
  EXPECT_EQ(p.kv.tokens, p.kv.num_blocks * 16);
  EXPECT_NEAR(p.kv.tokens, p.kv_cache_gib * (1 << 30) / 131072, 16);
  EXPECT_NEAR(p.kv.max_concurrency, static_cast<double>(p.kv.tokens) / 16000, 0.01);
  EXPECT_EQ(p.kv.max_model_len_that_fits, 131072);  // capped by max_position_embeddings

  in.kv_cache_gib = 1.0;  // pinned: 8,192 tokens of 128 KiB
  p = PlanMemory(in);
  EXPECT_EQ(p.kv.tokens, 8192);
  EXPECT_FALSE(p.fits);
  EXPECT_EQ(p.kv.max_model_len_that_fits, 8192);
  EXPECT_NE(p.verdict.find("largest --max-model-len that fits is 8,192"), std::string::npos) << p.verdict;
  EXPECT_NE(PlanAdvice(in, p, 8).find("--max-model-len 8,192"), std::string::npos);

  in.kv_cache_gib.reset();
  in.weights_gib = 75;  // more than the budget: negative, not clamped
  p = PlanMemory(in);
  EXPECT_LT(p.kv_cache_gib, 0);
  EXPECT_FALSE(p.fits);
  EXPECT_LT(PlanToJson(p).Get("per_gpu")->Get("kv_cache_gib")->number(), 0);

  in.weights_gib.reset();
  in.max_model_len = 200000;  // beyond max_position_embeddings
  EXPECT_NE(PlanMemory(in).verdict.find("max_position_embeddings"), std::string::npos);
}

TEST(PlanMemory, SchedulerDefaultsFollowTheGpu) {
  PlanInput in;
  in.arch = Arch(kLlama8B);
  in.gpu_memory_gib = 79.18;
  EXPECT_EQ(PlanMemory(in).max_num_batched_tokens, 8192);
  EXPECT_EQ(PlanMemory(in).max_num_seqs, 1024);
  in.gpu_name = "a100";  // vLLM keeps the small defaults on A100s
  EXPECT_EQ(PlanMemory(in).max_num_seqs, 256);
  in.gpu_name.clear();
  in.gpu_memory_gib = 44.4;  // L40S
  EXPECT_EQ(PlanMemory(in).max_num_batched_tokens, 2048);
  // The sampler's logits shrink with the sequence count: less activation.
  double small = PlanMemory(in).activation_gib;
  in.gpu_memory_gib = 79.18;
  EXPECT_LT(small, PlanMemory(in).activation_gib);
}

TEST(PlanArchitecture, RopeScalingExtendsTheDefaultContext) {
  // Qwen2.5 with YaRN x4 over its original 32,768 positions.
  Architecture a = Arch(R"({"num_hidden_layers": 28, "hidden_size": 3584, "num_attention_heads": 28,
      "num_key_value_heads": 4, "vocab_size": 152064, "max_position_embeddings": 32768,
      "sliding_window": 131072, "use_sliding_window": false,
      "rope_scaling": {"type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}})");
  EXPECT_EQ(a.max_position_embeddings, 131072);
  EXPECT_EQ(a.CountKind(LayerKind::kSliding), 0);  // use_sliding_window: false
  // Llama 3.1's llama3 scaling does not change it.
  Architecture l = Arch(R"({"num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32,
      "vocab_size": 128256, "max_position_embeddings": 131072,
      "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "original_max_position_embeddings": 8192}})");
  EXPECT_EQ(l.max_position_embeddings, 131072);
  // Mistral-style sliding window without layer_types: every layer slides.
  Architecture m = Arch(R"({"num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32,
      "num_key_value_heads": 8, "vocab_size": 32000, "sliding_window": 4096})");
  EXPECT_EQ(m.CountKind(LayerKind::kSliding), 32);
}

TEST(PlanMemory, JsonShapeIsStable) {
  PlanInput in;
  in.arch = Arch(kLlama8B);
  in.model = "m";
  in.gpu_memory_gib = 79.18;
  Value j = PlanToJson(PlanMemory(in));
  std::string keys;
  for (const auto& [k, v] : j.members()) keys += k + ",";
  EXPECT_EQ(keys, "model,gpus,tp,pp,dp,per_gpu,kv,fits,verdict,assumptions,");
  keys.clear();
  for (const auto& [k, v] : j.Get("per_gpu")->members()) keys += k + ",";
  EXPECT_EQ(keys, "budget_gib,weights_gib,activation_gib,non_torch_gib,cudagraph_gib,kv_cache_gib,");
  keys.clear();
  for (const auto& [k, v] : j.Get("kv")->members()) keys += k + ",";
  EXPECT_EQ(keys, "bytes_per_token,block_size,tokens,max_model_len,max_concurrency,max_model_len_that_fits,");
}

}  // namespace
}  // namespace recipes
