// Plans of the embedded catalog's recipes (runs without ../shared): the
// architecture blocks are usable, flags from the resolved argv reach the
// planner, and MiniMax-M3 NVFP4 fits on 8x B200 with and without EAGLE3.
#include "plan/recipe_plan.h"

#include <gtest/gtest.h>

#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "plan/plan_report.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

struct Planned {
  MemoryPlan plan;
  PlanInput input;
};

Planned PlanFor(const Catalog& catalog, const std::string& id, SelectionRequest req) {
  const Recipe* recipe = catalog.FindRecipe(id);
  EXPECT_NE(recipe, nullptr) << id;
  if (!recipe) return {};
  SelectionOutcome out = DefaultSelection(catalog, *recipe, req);
  EXPECT_TRUE(out.ok()) << id;
  Resolution res = ResolveCommand(catalog, *recipe, out.selection, {.provenance = false});
  EXPECT_TRUE(res.ok()) << id;
  RecipePlanInput in = PlanInputForSelection(catalog, *recipe, out.selection, res);
  EXPECT_TRUE(in.input.has_value()) << id << ": " << in.error;
  if (!in.input) return {};
  return {PlanMemory(*in.input), *in.input};
}

TEST(RecipePlan, MiniMaxM3Nvfp4FitsOn8xB200WithAndWithoutEagle3) {
  LoadResult loaded = LoadCatalogFrom("");
  SelectionRequest req;
  req.hardware = "b200";
  req.variant = "nvfp4";
  Planned plain = PlanFor(*loaded.catalog, "MiniMaxAI/MiniMax-M3", req);
  EXPECT_TRUE(plain.plan.fits) << plain.plan.verdict;
  EXPECT_EQ(plain.plan.tp, 8);
  EXPECT_EQ(plain.plan.kv.block_size, 128);     // --block-size 128 from model.base_args
  EXPECT_EQ(plain.input.kv_cache_dtype, "fp8");  // the variant's --kv-cache-dtype fp8
  EXPECT_FALSE(plain.input.draft.has_value());
  // NVFP4 experts: about a quarter of the 854 GB BF16 checkpoint over 8 GPUs.
  EXPECT_GT(plain.plan.weights_gib, 25);
  EXPECT_LT(plain.plan.weights_gib, 40);

  for (const char* mode : {"eagle3", "eagle3_gqa"}) {
    SelectionRequest spec = req;
    spec.feature_switches.emplace_back("spec_decoding", true);
    spec.feature_modes.emplace_back("spec_decoding", mode);
    Planned p = PlanFor(*loaded.catalog, "MiniMaxAI/MiniMax-M3", spec);
    ASSERT_TRUE(p.input.draft.has_value()) << mode;
    EXPECT_EQ(p.input.draft->method, "eagle3");
    EXPECT_TRUE(p.plan.fits) << mode << ": " << p.plan.verdict;
    EXPECT_GT(p.plan.weights_gib, plain.plan.weights_gib) << mode;
    EXPECT_GT(p.plan.kv.bytes_per_token, plain.plan.kv.bytes_per_token) << mode;
  }
  // The MHA draft head keeps 64 KV heads, the GQA head 4 (draft_models facts).
  SelectionRequest mha = req, gqa = req;
  mha.feature_switches.emplace_back("spec_decoding", true);
  mha.feature_modes.emplace_back("spec_decoding", "eagle3");
  gqa.feature_switches.emplace_back("spec_decoding", true);
  gqa.feature_modes.emplace_back("spec_decoding", "eagle3_gqa");
  EXPECT_EQ(PlanFor(*loaded.catalog, "MiniMaxAI/MiniMax-M3", mha).input.draft->kv_heads, 64);
  EXPECT_EQ(PlanFor(*loaded.catalog, "MiniMaxAI/MiniMax-M3", gqa).input.draft->kv_heads, 4);
}

TEST(RecipePlan, EveryLlmRecipeOfTheEmbeddedCatalogPlans) {
  LoadResult loaded = LoadCatalogFrom("");
  int planned = 0;
  for (const Recipe& r : loaded.catalog->recipes) {
    if (!RecipeHasArchitecture(r)) continue;
    Planned p = PlanFor(*loaded.catalog, r.hf_id, {});
    EXPECT_GT(p.plan.weights_gib, 0) << r.hf_id;
    EXPECT_GT(p.plan.kv.bytes_per_token, 0) << r.hf_id;
    EXPECT_FALSE(p.plan.verdict.empty()) << r.hf_id;
    ++planned;
  }
  EXPECT_GE(planned, 15);
}

TEST(RecipePlan, ServeFlagsReachThePlanner) {
  PlanInput in;
  ApplyServeArgs({"vllm", "serve", "m", "--tensor-parallel-size", "4", "-pp", "2", "--data_parallel_size=2",
                  "--enable-expert-parallel", "--max-model-len", "128k", "--gpu-memory-utilization", "0.85",
                  "--kv-cache-dtype", "fp8", "--block-size=32", "--max-num-batched-tokens", "16384",
                  "--max-num-seqs", "64", "--speculative-config",
                  R"({"method": "deepseek_mtp", "num_speculative_tokens": 1})"},
                 &in);
  EXPECT_EQ(in.tp, 4);
  EXPECT_EQ(in.pp, 2);
  EXPECT_EQ(in.dp, 2);
  EXPECT_TRUE(in.expert_parallel);
  EXPECT_EQ(in.max_model_len, 128000);
  EXPECT_DOUBLE_EQ(*in.gpu_memory_utilization, 0.85);
  EXPECT_EQ(in.kv_cache_dtype, "fp8");
  EXPECT_EQ(in.block_size, 32);
  EXPECT_EQ(in.max_num_batched_tokens, 16384);
  EXPECT_EQ(in.max_num_seqs, 64);
  ASSERT_TRUE(in.draft.has_value());
  EXPECT_EQ(in.draft->method, "deepseek_mtp");
}

TEST(RecipePlan, ProfileMemoryIsPerGpuAsCudaReportsIt) {
  Value h100;
  std::string err;
  ASSERT_TRUE(ParseJson(R"({"gpu_count": 8, "vram_gb": 640})", &h100, &err));
  EXPECT_NEAR(ProfileGpuMemoryGib(&h100), 79.18, 0.001);
  EXPECT_EQ(ProfileGpusPerNode(&h100), 8);
  EXPECT_EQ(ProfileGpuMemoryGib(nullptr), 0);
}

}  // namespace
}  // namespace recipes
