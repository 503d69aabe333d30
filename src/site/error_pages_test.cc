#include "site/error_pages.h"

#include <gtest/gtest.h>

namespace recipes {
namespace {

const std::vector<std::string> kIds = {"Qwen/Qwen3-4B", "MiniMaxAI/MiniMax-M3", "MiniMaxAI/MiniMax-M2.5",
                                       "meta-llama/Llama-3.1-8B-Instruct", "moonshotai/Kimi-K2.6"};

// Issue 12 item 16: the 404 page's "did you mean" uses the CLI's ranking.
TEST(NotFoundSuggestions, RanksAsTheCli) {
  // Case-only difference: the exact case-insensitive id comes first.
  auto a = NotFoundSuggestions("/qwen/qwen3-4b", kIds);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a[0], "Qwen/Qwen3-4B");
  // A repo without its org still finds the recipe.
  auto b = NotFoundSuggestions("/minimax-m3", kIds);
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(b[0], "MiniMaxAI/MiniMax-M3");
  // A typo in the repo.
  auto c = NotFoundSuggestions("/MiniMaxAI/MiniMax-M4", kIds);
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0], "MiniMaxAI/MiniMax-M3");
  EXPECT_LE(c.size(), 3u);
  EXPECT_TRUE(NotFoundSuggestions("/zzzz/qqqqqqqq", kIds).empty());
  EXPECT_TRUE(NotFoundSuggestions("/a/b/c", kIds).empty());
}

TEST(NotFoundPage, ListsSuggestionsAsLinks) {
  std::string html = RenderNotFoundPage(SiteConfig{}, "/minimax-m3", kIds);
  EXPECT_NE(html.find("Did you mean"), std::string::npos);
  EXPECT_NE(html.find("href=\"/MiniMaxAI/MiniMax-M3\""), std::string::npos);
  std::string none = RenderNotFoundPage(SiteConfig{}, "/zzzz/qqqqqqqq", kIds);
  EXPECT_EQ(none.find("Did you mean"), std::string::npos);
}

}  // namespace
}  // namespace recipes
