#include "validate/schema.h"

#include <gtest/gtest.h>

namespace recipes {
namespace {

TEST(Schema, EveryRecipeKeyOfTheFormatIsListed) {
  const Shape& recipe = *GetCatalogSchema().recipe;
  for (const char* key : {"meta", "model", "omni", "dependencies", "features", "opt_in_features",
                          "hardware_opt_in_features", "variants", "compatible_strategies", "default_strategy",
                          "strategy_hardware", "strategy_min_gpus", "hardware_overrides", "strategy_overrides",
                          "kv_offload_support", "kv_cache_strategy_hardware", "hardware_notes", "guide"}) {
    EXPECT_NE(recipe.FindField(key), nullptr) << key;
  }
  // Command-synthesis inputs are errors when mistyped; display-only keys are not.
  EXPECT_TRUE(recipe.FindField("compatible_strategies")->consumed);
  EXPECT_FALSE(recipe.FindField("guide")->consumed);
}

TEST(Schema, AlternativeShapesAreDescribed) {
  const Shape& recipe = *GetCatalogSchema().recipe;
  EXPECT_EQ(recipe.FindField("strategy_min_gpus")->shape->Describe(), "a number or a map");
  EXPECT_EQ(recipe.FindField("opt_in_features")->shape->Describe(), "a list of strings");
  const Shape& model = *recipe.FindField("model")->shape;
  EXPECT_EQ(model.FindField("docker_image")->shape->Describe(),
            "an image string or a map of images by brand or CUDA build");
  EXPECT_EQ(model.FindField("install")->shape->FindField("pip")->shape->Describe(), "false or a map {command, note}");
}

TEST(Schema, TableListsNestedKeysWithTheirMeaning) {
  std::string table = DescribeCatalogSchema();
  EXPECT_NE(table.find("features.<key>.modes.<key>.hardware_overrides.<hardware id|generation|brand|default>.args"),
            std::string::npos);
  EXPECT_NE(table.find("variants.<key>.tp"), std::string::npos);
  EXPECT_NE(table.find("read   a number or a map — GPU floor per strategy or hardware\n"), std::string::npos);
  EXPECT_NE(table.find("shown  a string — long-form Markdown guide\n"), std::string::npos);
  EXPECT_NE(table.find("kv_store/*.yaml\n"), std::string::npos);
}

}  // namespace
}  // namespace recipes
