// /api/plan and the builder's memory bar on the embedded catalog.
#include <gtest/gtest.h>

#include <memory>

#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "site/builder_html.h"
#include "site/builder_state.h"
#include "site/recipe_page.h"
#include "site/site_index.h"

namespace recipes {
namespace {

TEST(PlanApi, AnswersForASelectionInThePlanShape) {
  std::unique_ptr<Catalog> catalog = LoadCatalogFrom("").catalog;
  SiteIndex index(*catalog);
  SiteConfig config;
  RecipePages pages(config, index);
  HttpResponse r = pages.HandlePlan("recipe=MiniMaxAI/MiniMax-M3&hardware=b200&variant=nvfp4&features=spec_decoding");
  ASSERT_EQ(r.status, 200) << r.body;
  Value v;
  std::string err;
  ASSERT_TRUE(ParseJson(r.body, &v, &err)) << err;
  EXPECT_EQ(v.Get("model")->str(), "nvidia/MiniMax-M3-NVFP4");
  EXPECT_TRUE(v.Get("fits")->boolean());
  EXPECT_EQ(v.Get("kv")->Get("block_size")->number(), 128);
  EXPECT_GT(v.Get("per_gpu")->Get("kv_cache_gib")->number(), 0);
  EXPECT_EQ(pages.HandlePlan("recipe=x/y").status, 404);
  EXPECT_EQ(pages.HandlePlan("hardware=b200").status, 400);
  // No facts (a reranker without architecture data): 422.
  if (catalog->FindRecipe("jinaai/jina-reranker-m0")) {
    EXPECT_EQ(pages.HandlePlan("recipe=jinaai/jina-reranker-m0").status, 422);
  }
}

TEST(PlanApi, BuilderShowsTheMemoryBarInsteadOfTheShortfallGuess) {
  std::unique_ptr<Catalog> catalog = LoadCatalogFrom("").catalog;
  const Recipe* m3 = catalog->FindRecipe("MiniMaxAI/MiniMax-M3");
  ASSERT_NE(m3, nullptr);
  std::string bad;
  auto params = BuilderParams::Parse("recipe=MiniMaxAI/MiniMax-M3&hardware=h100", &bad);
  ASSERT_TRUE(params.has_value());
  BuildResult built = BuildBuilderView(*catalog, *m3, *params);
  ASSERT_TRUE(built.view.has_value());
  const BuilderView& v = *built.view;
  ASSERT_TRUE(v.memory.present);
  EXPECT_TRUE(v.vram_warning.empty()) << v.vram_warning;
  EXPECT_GT(v.memory.weights_gib, 0);
  EXPECT_FALSE(v.memory.sentence.empty());
  std::string html = RenderBuilderHtml(v, "/MiniMaxAI/MiniMax-M3");
  EXPECT_NE(html.find("id=\"cb-memory\""), std::string::npos);
  EXPECT_NE(html.find("KV cache"), std::string::npos);
}

}  // namespace
}  // namespace recipes
