// The recipe's architecture: block (config.json facts for `recipes plan`):
// known keys are checked with positions; a typo gets a suggestion.
#include <gtest/gtest.h>

#include "validate/test_catalog.h"

namespace recipes {
namespace {

TEST(ValidateArchitecture, FactsAreCheckedWithPositions) {
  std::string out = testing::ValidateRecipe(R"yaml(meta: {title: X, tasks: [text], hardware: {h100: verified}}
model: {model_id: org/x}
architecture:
  num_hidden_layers: sixty
  hidden_size: 4096
  num_key_value_head: 8
  layer_types: [full_attention, 3]
  draft_models:
    "org/draft": {num_hidden_layers: one}
)yaml");
  EXPECT_NE(out.find("models/org/x.yaml:4:22: error: architecture.num_hidden_layers must be a number"), std::string::npos)
      << out;
  EXPECT_NE(out.find("num_key_value_head"), std::string::npos) << out;
  EXPECT_NE(out.find("num_key_value_heads"), std::string::npos) << out;  // suggestion
  EXPECT_NE(out.find("models/org/x.yaml:7:33: error"), std::string::npos) << out;
  EXPECT_NE(out.find("architecture.draft_models.org/draft.num_hidden_layers"), std::string::npos) << out;
}

TEST(ValidateArchitecture, TheEmbeddedCatalogsBlocksAreClean) {
  std::string out = testing::ValidateRecipe(R"yaml(meta: {title: X, tasks: [text], hardware: {h100: verified}}
model: {model_id: org/x}
architecture:
  architectures: ["LlamaForCausalLM"]
  num_hidden_layers: 32
  hidden_size: 4096
  num_attention_heads: 32
  num_key_value_heads: 8
  head_dim: 128
  vocab_size: 128256
  layer_types: [full_attention, sliding_attention]
  quantization_config: {quant_method: "fp8", weight_block_size: [128, 128]}
  checkpoint_bytes: 16060522496
)yaml");
  EXPECT_EQ(out.find("architecture"), std::string::npos) << out;
}

}  // namespace
}  // namespace recipes
