#include "validate/suggest.h"

#include <gtest/gtest.h>

namespace recipes {
namespace {

TEST(Suggest, EditDistanceCountsSwapsAsOneEdit) {
  EXPECT_EQ(EditDistance("hopper", "hopper"), 0u);
  EXPECT_EQ(EditDistance("hopepr", "hopper"), 1u);
  EXPECT_EQ(EditDistance("hoper", "hopper"), 1u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(Suggest, OnlyCloseWordsAreSuggested) {
  std::vector<std::string> keys = {"variants", "features", "compatible_strategies", "meta"};
  EXPECT_EQ(ClosestMatch("variant", keys), "variants");
  EXPECT_EQ(ClosestMatch("compatible_strategy", keys), "compatible_strategies");
  EXPECT_EQ(ClosestMatch("Meta", keys), "meta");
  EXPECT_EQ(ClosestMatch("mta", keys), "meta");
  EXPECT_EQ(ClosestMatch("license", keys), "");
  EXPECT_EQ(ClosestMatch("variants", keys), "");  // an exact match is no typo
  EXPECT_EQ(DidYouMean("featurs", keys), " (did you mean 'features'?)");
  EXPECT_EQ(DidYouMean("zzz", keys), "");
}

TEST(Suggest, RankMatchesPutsTheExactCaseInsensitiveMatchFirst) {
  std::vector<Candidate> hw = {{"h100", "H100"}, {"h200", "H200"}, {"gb200", "GB200 NVL4"}, {"b200", "B200"}};
  // "H200" is one edit from h100 and b200 too; the exact match wins.
  ASSERT_NE(BestMatch("H200", hw), nullptr);
  EXPECT_EQ(BestMatch("H200", hw)->key, "h200");
  std::vector<size_t> ranked = RankMatches("H200", hw);
  ASSERT_GE(ranked.size(), 3u);
  EXPECT_EQ(ranked[0], 1u);
  // A label matches exactly when no key does.
  std::vector<Candidate> modes = {{"eagle3_mha", "MHA"}, {"eagle3_gqa", "GQA"}};
  EXPECT_EQ(BestMatch("gqa", modes)->key, "eagle3_gqa");
  EXPECT_EQ(BestMatch("EAGLE3-GQA", modes)->key, "eagle3_gqa");  // separators ignored
  EXPECT_EQ(BestMatch("eagle3_gq", modes)->key, "eagle3_gqa");   // a typo
  EXPECT_EQ(BestMatch("zzz", modes), nullptr);
  EXPECT_EQ(BestMatch("", modes), nullptr);
}

TEST(Suggest, RankMatchesComparesRecipeIdsByRepoToo) {
  std::vector<Candidate> ids = {{"MiniMaxAI/MiniMax-M2", ""}, {"MiniMaxAI/MiniMax-M3", ""}, {"Qwen/Qwen3-4B", ""}};
  EXPECT_EQ(BestMatch("minimaxai/minimax-m3", ids)->key, "MiniMaxAI/MiniMax-M3");
  EXPECT_EQ(BestMatch("minimax-m3", ids)->key, "MiniMaxAI/MiniMax-M3");
  EXPECT_EQ(BestMatch("qwen3-4", ids)->key, "Qwen/Qwen3-4B");
  EXPECT_EQ(RankMatches("minimax", ids).size(), 2u);  // prefix of both repos
}

}  // namespace
}  // namespace recipes
