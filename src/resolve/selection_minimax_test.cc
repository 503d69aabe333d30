// DefaultSelection on MiniMax-M3, the recipe with every kind of choice
// (variants by hardware generation, modal features, exclusive features,
// multi-node and PD strategies, KV offload): refusals name their reason
// and list the valid choices. The reference catalog when ../shared is
// there, else the embedded one.
#include "resolve/selection.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "resolve/test_reference_catalog.h"

namespace recipes {
namespace {

using testing::kRefCatalog;
using testing::RefOrEmbeddedCatalog;

class MiniMaxM3Test : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = RefOrEmbeddedCatalog();
    recipe_ = catalog_->FindRecipe("MiniMaxAI/MiniMax-M3");
    ASSERT_NE(recipe_, nullptr);
  }
  const Catalog* catalog_ = nullptr;
  const Recipe* recipe_ = nullptr;
};

TEST_F(MiniMaxM3Test, Nvfp4RefusedOnHopperWithReason) {
  HardwareOption o = CheckHardware(*catalog_, *recipe_, "nvfp4", "h200");
  EXPECT_EQ(o.exclusion, HardwareExclusion::kPrecision);
  EXPECT_NE(o.reason.find("Blackwell"), std::string::npos) << o.reason;
  EXPECT_TRUE(o.pos.known());
  EXPECT_EQ(o.pos.source->path, "models/MiniMaxAI/MiniMax-M3.yaml");

  SelectionRequest req;
  req.variant = "nvfp4";
  req.hardware = "h200";
  SelectionOutcome out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.errors[0].field, "hardware");
  std::vector<std::string> want = {"b200", "gb200", "b300", "gb300"};
  EXPECT_EQ(out.errors[0].choices, want);
  std::string text = FormatSelectionError(out.errors[0]);
  EXPECT_NE(text.find("valid hardware choices: b200, gb200, b300, gb300"), std::string::npos) << text;
  EXPECT_NE(text.find("MiniMax-M3.yaml:"), std::string::npos) << text;
}

TEST_F(MiniMaxM3Test, Nvfp4LandsOnB200) {
  SelectionRequest req;
  req.variant = "nvfp4";
  SelectionOutcome out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.selection.hardware, "b200");
  EXPECT_EQ(out.selection.strategy, "single_node_tp");
  EXPECT_EQ(out.selection.node_count, 1);
  std::vector<std::string> features = {"tool_calling", "reasoning"};
  EXPECT_EQ(out.selection.features, features);
  ASSERT_EQ(out.selection.feature_modes.size(), 1u);
  EXPECT_EQ(out.selection.feature_modes[0].second, "eagle3");
}

TEST_F(MiniMaxM3Test, FeatureModeSwitchesFeatureOn) {
  SelectionRequest req;
  req.variant = "nvfp4";
  req.hardware = "b200";
  req.feature_modes = {{"spec_decoding", "eagle3_gqa"}};
  SelectionOutcome out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_TRUE(out.ok());
  std::vector<std::string> features = {"tool_calling", "reasoning", "spec_decoding"};
  EXPECT_EQ(out.selection.features, features);
  EXPECT_EQ(out.selection.feature_modes[0].second, "eagle3_gqa");

  req.feature_modes = {{"spec_decoding", "medusa"}};
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.errors[0].field, "mode");
  std::vector<std::string> modes = {"eagle3", "eagle3_gqa"};
  EXPECT_EQ(out.errors[0].choices, modes);
}

TEST_F(MiniMaxM3Test, UnknownChoicesListValidOnes) {
  SelectionRequest req;
  req.variant = "int3";
  SelectionOutcome out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  std::vector<std::string> variants = {"default", "mxfp8", "nvfp4", "mxfp4"};
  EXPECT_EQ(out.errors[0].choices, variants);

  req = {};
  req.feature_switches = {{"turbo", true}};
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.errors[0].field, "feature");
  EXPECT_EQ(out.errors[0].choices.size(), 6u);

  req = {};
  req.strategy = "multi_node_tp_dp";
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.errors[0].field, "strategy");
  EXPECT_FALSE(out.errors[0].choices.empty());

  req = {};
  req.strategy = "kv_store_distributed_mooncake";
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.errors[0].message.find("--kv-offload"), std::string::npos);

  req = {};
  req.hardware = "tpu_v9";
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.errors[0].field, "hardware");
  EXPECT_FALSE(out.errors[0].choices.empty());
}

TEST_F(MiniMaxM3Test, NodesAndStrategies) {
  SelectionRequest req;
  req.hardware = "h100";  // BF16 needs 1025 GB > 640 GB: two nodes
  SelectionOutcome out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.selection.strategy, "multi_node_tp");
  EXPECT_EQ(out.selection.node_count, 2);

  req = {};
  req.strategy = "multi_node_tp";
  req.node_count = 1;
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.errors[0].field, "nodes");

  req = {};
  req.node_count = 17;
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());

  req = {};
  req.strategy = "pd_cluster";
  req.prefill_nodes = 2;
  req.decode_nodes = 2;
  req.decode_mode = "dep";
  req.decode_rank = 1;
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_TRUE(out.ok()) << FormatSelectionError(out.errors[0]);
  const Value& pd = out.selection.pd_nodes;
  EXPECT_EQ(pd.Get("prefill")->Get("nodes")->number(), 2);
  EXPECT_EQ(pd.Get("decode")->Get("parallelism")->str(), "dep");
  EXPECT_EQ(pd.Get("decode")->Get("rank")->number(), 1);

  req = {};
  req.prefill_nodes = 2;  // not a PD selection
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.errors[0].field, "pd");
}

TEST_F(MiniMaxM3Test, ExclusiveFeaturesAndKvOffload) {
  SelectionRequest req;
  req.feature_switches = {{"encoder_parallel", true}, {"text_only", true}};
  SelectionOutcome out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());

  req.feature_switches = {{"tool_calling", false}, {"text_only", true}};
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_TRUE(out.ok());
  std::vector<std::string> features = {"reasoning", "text_only"};
  EXPECT_EQ(out.selection.features, features);

  req = {};
  req.kv_offload = "kv_store_distributed_mooncake";
  req.kv_instances = 3;
  req.kv_instance = 2;
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_TRUE(out.ok()) << FormatSelectionError(out.errors[0]);
  EXPECT_EQ(out.selection.kv_offload.value_or(""), "kv_store_distributed_mooncake");
  EXPECT_EQ(out.selection.kv_instances.Get("count")->number(), 3);
  EXPECT_EQ(out.selection.kv_instances.Get("current")->number(), 2);

  req = {};
  req.kv_offload = "offloading_cpu";  // requires a verified opt-in
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.errors[0].field, "kv_offload");

  req = {};
  req.kv_instances = 2;  // without a Mooncake store
  out = DefaultSelection(*catalog_, *recipe_, req);
  ASSERT_FALSE(out.ok());
}

TEST_F(MiniMaxM3Test, HelperRules) {
  EXPECT_EQ(DefaultHardware(*catalog_, *recipe_, "default"), "h200");
  EXPECT_EQ(DefaultHardware(*catalog_, *recipe_, "nvfp4"), "b200");
  EXPECT_EQ(DefaultHardware(*catalog_, *recipe_, "mxfp4"), "mi355x");
  std::vector<std::string> modes = {"tp", "tep", "dep"};
  EXPECT_EQ(OfferedPdPoolModes(*catalog_, *recipe_, "h200"), modes);
  EXPECT_EQ(RecommendStrategy(*recipe_, 1), "single_node_tp");
  EXPECT_EQ(RecommendStrategy(*recipe_, 2), "multi_node_tp");
  EXPECT_TRUE(VariantRunsAnywhere(*catalog_, *recipe_, "nvfp4"));
  std::vector<int> counts = {1, 2};
  EXPECT_EQ(NodeCountChoices(*catalog_, *recipe_, "h200"), counts);
  const Recipe* kimi = catalog_->FindRecipe("moonshotai/Kimi-K3");
  ASSERT_NE(kimi, nullptr);
  counts = {1, 2, 4};  // strategy_min_gpus.h100 = 32 GPUs = 4 nodes of 8
  EXPECT_EQ(NodeCountChoices(*catalog_, *kimi, "h100"), counts);
  EXPECT_EQ(MultiNodeBlocker(*catalog_, *recipe_, "h200"), "");
  const Recipe* kimi3 = catalog_->FindRecipe("moonshotai/Kimi-K3");
  ASSERT_NE(kimi3, nullptr);
  EXPECT_TRUE(SingleNodeVramShortfall(*catalog_, *kimi3, "default", "h100", "single_node_tp", 1));  // 1680 > 640 GB
  EXPECT_FALSE(SingleNodeVramShortfall(*catalog_, *kimi3, "default", "h100", "multi_node_tp", 4));
  EXPECT_EQ(LandingNodeCount(*catalog_, *kimi3, "default", "h100"), 2);
  EXPECT_EQ(FeatureStrategyBlocker(*kimi3, "decode_context_parallelism", "single_node_tp"), "");
  EXPECT_NE(FeatureStrategyBlocker(*kimi3, "decode_context_parallelism", "multi_node_tp").find("works with: single_node_tp"),
            std::string::npos);
  // DeepSeek-V4-Flash is in the reference catalog only.
  if (const Recipe* flash = catalog_->FindRecipe("deepseek-ai/DeepSeek-V4-Flash"); flash != nullptr) {
    EXPECT_EQ(ModeBlocker(*catalog_, *flash, "spec_decoding", "mtp", "fp8", "h200"), "");
    EXPECT_NE(ModeBlocker(*catalog_, *flash, "spec_decoding", "mtp", "fp8", "rtx_pro_6000_8x").find("not supported on"),
              std::string::npos);
    EXPECT_NE(ModeBlocker(*catalog_, *flash, "spec_decoding", "mtp", "default", "h200").find("not available for variant"),
              std::string::npos);
  } else {
    EXPECT_TRUE(std::filesystem::exists(kRefCatalog) == false) << "the reference catalog lacks DeepSeek-V4-Flash";
  }
  EXPECT_TRUE(IsOptInFeature(*recipe_, "spec_decoding"));
  EXPECT_FALSE(IsOptInFeature(*recipe_, "tool_calling"));
  const Recipe* kimi26 = catalog_->FindRecipe("moonshotai/Kimi-K2.6");
  ASSERT_NE(kimi26, nullptr);
  EXPECT_TRUE(IsHardwareOptInFeature(*kimi26, "gb200", "encoder_parallel"));
  EXPECT_FALSE(IsHardwareOptInFeature(*kimi26, "h200", "encoder_parallel"));
  std::vector<std::string> on_gb200 = DefaultFeatures(*kimi26, "gb200", "default");
  EXPECT_EQ(std::count(on_gb200.begin(), on_gb200.end(), "encoder_parallel"), 0);
  std::vector<HardwareOption> options = HardwareOptions(*catalog_, *recipe_, "mxfp4");
  for (const HardwareOption& o : options) {
    if (o.id == "mi355x") EXPECT_TRUE(o.ok());
    if (o.id == "h200") EXPECT_EQ(o.exclusion, HardwareExclusion::kVariantAllowList);
    if (o.id == "rtx_5090") EXPECT_EQ(o.exclusion, HardwareExclusion::kRestricted);
  }
}

}  // namespace
}  // namespace recipes
