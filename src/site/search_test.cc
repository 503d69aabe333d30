#include "site/search.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "site/test_catalog.h"

namespace recipes {
namespace {

TEST(RankWordTest, TiersOfSiteSpec) {
  EXPECT_EQ(RankWord("Qwen", "Qwen"), 7);
  EXPECT_EQ(RankWord("qwen", "Qwen"), 6);
  EXPECT_EQ(RankWord("qwe", "Qwen3"), 5);
  EXPECT_EQ(RankWord("fast", "a fast model"), 4);
  EXPECT_EQ(RankWord("ast", "a fast model"), 3);
  EXPECT_EQ(RankWord("longerword", "short"), 0);
  EXPECT_EQ(RankWord("xyz", "abc"), 0);
  EXPECT_EQ(RankWord("a", ""), 0);
}

TEST(SearchStripTest, RemovesSeparatorsAndAccents) {
  EXPECT_EQ(SearchStrip("Qwen3.5-0.8B"), "Qwen3508B");
  EXPECT_EQ(SearchStrip("gpt_oss-20b"), "gptoss20b");
  EXPECT_EQ(SearchStrip("Caf\xC3\xA9"), "Cafe");
  EXPECT_EQ(SearchStrip("\xC5\x81\xC3\xB3" "d\xC5\xBA"), "Lodz");
  // Invalid UTF-8 passes through without crashing.
  EXPECT_EQ(SearchStrip("a\xC3"), "a\xC3");
}

class SearchCatalogTest : public ::testing::Test {};

TEST_F(SearchCatalogTest, Qwen3EightBOrderFollowsSpec) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  Search search(index);
  // site.md §6.3: on the full catalog "qwen3 8b" gives these, in this order;
  // the reference catalog holds a subset, which must keep the relative order
  // and lead the results.
  std::vector<std::string> spec = {"Qwen/Qwen3.5-0.8B", "Qwen/Qwen3-8B", "Qwen/Qwen3Guard-Gen-8B",
                                   "openbmb/MiniCPM-V-4.6"};
  std::string query = "qwen3 8b";
  std::vector<std::string> expected;
  for (const std::string& id : spec) {
    if (catalog->FindRecipe(id) != nullptr) expected.push_back(id);
  }
  if (!testing::HaveReferenceCatalog()) {
    // The embedded catalog has no 8B Qwen3: the same ranking must lead
    // "qwen3 4b" with the 4B recipe, ahead of Qwen3-32B and Qwen-Image.
    query = "qwen3 4b";
    expected = {"Qwen/Qwen3-4B"};
  }
  ASSERT_FALSE(expected.empty());
  std::vector<std::string> got;
  for (size_t i : search.Recipes(query)) got.push_back(index.recipes()[i].hf_id);
  ASSERT_GE(got.size(), expected.size());
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + expected.size()), expected);
}

TEST_F(SearchCatalogTest, EveryWordMustMatchAndBlankMatchesNothing) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  Search search(index);
  EXPECT_TRUE(search.Recipes("").empty());
  EXPECT_TRUE(search.Recipes("   \t ").empty());
  EXPECT_TRUE(search.Recipes("qwen zzzzqqqq").empty());
  for (size_t i : search.Recipes("deepseek fp8")) {
    const RecipeSummary& r = index.recipes()[i];
    std::string all = r.hf_id + r.title + r.provider + r.description;
    for (const auto& p : r.precisions) all += p;
    std::transform(all.begin(), all.end(), all.begin(), ::tolower);
    EXPECT_NE(SearchStrip(all).find("fp8"), std::string::npos) << r.hf_id;
  }
}

TEST_F(SearchCatalogTest, RepoNameBeatsDescription) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  Search search(index);
  // The first hit for an exact repo name is that recipe (rank 7 on field 1).
  for (const RecipeSummary& r : index.recipes()) {
    std::vector<size_t> hits = search.Recipes(r.repo);
    ASSERT_FALSE(hits.empty()) << r.repo;
    const RecipeSummary& first = index.recipes()[hits[0]];
    EXPECT_EQ(SearchStrip(first.repo), SearchStrip(r.repo)) << r.repo;
  }
}

TEST_F(SearchCatalogTest, HardwareSynonymsAndProviders) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  Search search(index);
  // Every recipe verified on a TPU profile is found by the synonym "tpu".
  std::vector<size_t> tpu = search.Recipes("tpu");
  size_t tpu_recipes = 0;
  for (size_t i = 0; i < index.recipes().size(); ++i) {
    const auto& hw = index.recipes()[i].verified_hw;
    if (std::find(hw.begin(), hw.end(), "trillium") == hw.end() &&
        std::find(hw.begin(), hw.end(), "ironwood") == hw.end()) {
      continue;
    }
    ++tpu_recipes;
    EXPECT_NE(std::find(tpu.begin(), tpu.end(), i), tpu.end()) << index.recipes()[i].hf_id;
  }
  EXPECT_GT(tpu_recipes, 0u);
  std::vector<size_t> providers = search.Providers("deep");
  ASSERT_FALSE(providers.empty());
  EXPECT_EQ(index.providers()[providers[0]].org, "deepseek-ai");
  // Orgs outside the provider table are not provider candidates.
  for (size_t p : search.Providers("granite")) EXPECT_TRUE(index.providers()[p].in_table);
}

TEST_F(SearchCatalogTest, IndexJsonIsCompactAndComplete) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  Search search(index);
  std::string json = search.IndexJson();
  EXPECT_LT(json.size(), 80u * 1024);
  for (const RecipeSummary& r : index.recipes()) EXPECT_NE(json.find("\"" + r.hf_id + "\""), std::string::npos);
}

}  // namespace
}  // namespace recipes
