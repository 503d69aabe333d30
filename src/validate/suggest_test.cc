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

}  // namespace
}  // namespace recipes
