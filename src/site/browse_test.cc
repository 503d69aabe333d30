#include "site/browse.h"

#include <gtest/gtest.h>

#include <set>

#include "site/html.h"
#include "site/test_catalog.h"

namespace recipes {
namespace {

BrowseState Parse(const SiteIndex& index, const std::string& query, QueryError* error = nullptr) {
  QueryParams params;
  QueryError e;
  EXPECT_TRUE(QueryParams::Parse(query, &params, &e)) << query;
  BrowseState state;
  bool ok = ParseBrowseState(params, index, &state, &e);
  if (error != nullptr) *error = e;
  if (error == nullptr) EXPECT_TRUE(ok) << query << ": " << e.message;
  return state;
}

TEST(BrowseUnitTest, ParseBillionsAndBuckets) {
  EXPECT_DOUBLE_EQ(ParseBillions("120B"), 120);
  EXPECT_DOUBLE_EQ(ParseBillions("1.2b"), 1.2);
  EXPECT_DOUBLE_EQ(ParseBillions("1T"), 1000);
  EXPECT_DOUBLE_EQ(ParseBillions("350M"), 0.35);
  EXPECT_DOUBLE_EQ(ParseBillions("8"), 8);
  EXPECT_DOUBLE_EQ(ParseBillions("unknown"), 0);
  EXPECT_DOUBLE_EQ(ParseBillions(""), 0);
  EXPECT_EQ(SizeBucket(0), "");
  EXPECT_EQ(SizeBucket(9.9), "xs");
  EXPECT_EQ(SizeBucket(10), "s");
  EXPECT_EQ(SizeBucket(70), "m");
  EXPECT_EQ(SizeBucket(200), "l");
  EXPECT_EQ(SizeBucket(1000), "xl");
}

class BrowseTest : public ::testing::Test {};

TEST_F(BrowseTest, InvalidValuesNameTheParameter) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  const std::pair<const char*, const char*> cases[] = {
      {"task=foo", "task"},         {"arch=moe,huge", "arch"},   {"size=xxl", "size"},
      {"precision=fp16", "precision"}, {"hw=tpu9000", "hw"},    {"provider=nobody-here", "provider"},
      {"sort=random", "sort"},      {"panel=closed", "panel"},
  };
  for (const auto& [query, param] : cases) {
    QueryError e;
    QueryParams params;
    ASSERT_TRUE(QueryParams::Parse(query, &params, &e));
    BrowseState state;
    EXPECT_FALSE(ParseBrowseState(params, index, &state, &e)) << query;
    EXPECT_EQ(e.parameter, param) << query;
    EXPECT_NE(e.ToJson().find(param), std::string::npos);
  }
}

TEST_F(BrowseTest, CanonicalUrlRoundTrips) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  BrowseState s = Parse(index, "panel=open&sort=name&hw=h200,mi300x&task=text&q=qwen%203&provider=qwen");
  EXPECT_EQ(s.provider, "Qwen");  // canonical org case
  EXPECT_EQ(s.Url(), "/browse?q=qwen%203&task=text&hw=h200,mi300x&provider=Qwen&sort=name&panel=open");
  EXPECT_EQ(s.ActiveCount(), 5u);
  BrowseState again = Parse(index, s.Url().substr(std::string("/browse?").size()));
  EXPECT_EQ(again.Url(), s.Url());
  EXPECT_EQ(Parse(index, "sort=released").Url(), "/browse");
  EXPECT_EQ(Parse(index, "task=&arch=").Url(), "/browse");
}

TEST_F(BrowseTest, MatchingRules) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  Search search(index);
  const auto& all = index.recipes();
  EXPECT_EQ(RunBrowse(index, search, BrowseState()).rows.size(), all.size());
  for (size_t i : RunBrowse(index, search, Parse(index, "arch=moe&hw=h200")).rows) {
    EXPECT_EQ(all[i].architecture, "moe");
    const auto& hw = all[i].verified_hw;
    EXPECT_NE(std::find(hw.begin(), hw.end(), "h200"), hw.end()) << all[i].hf_id;
  }
  for (size_t i : RunBrowse(index, search, Parse(index, "size=xs,xl")).rows) {
    EXPECT_TRUE(all[i].billions > 0 && (all[i].billions < 10 || all[i].billions >= 1000)) << all[i].hf_id;
  }
  for (size_t i : RunBrowse(index, search, Parse(index, "precision=fp8")).rows) {
    const auto& p = all[i].precisions;
    EXPECT_NE(std::find(p.begin(), p.end(), "fp8"), p.end()) << all[i].hf_id;
  }
  // q filters like the search, without its ranking order.
  BrowseResult q = RunBrowse(index, search, Parse(index, "q=Qwen"));
  std::set<size_t> a(q.rows.begin(), q.rows.end());
  std::vector<size_t> s = search.Recipes("qwen");
  EXPECT_EQ(a, std::set<size_t>(s.begin(), s.end()));
}

TEST_F(BrowseTest, FacetCountsIgnoreTheirOwnDimension) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  Search search(index);
  // With arch=moe active, the arch chips still count every architecture
  // (their own dimension is ignored) and the task chips count MoE recipes only.
  BrowseState state = Parse(index, "arch=moe");
  BrowseResult r = RunBrowse(index, search, state);
  for (const std::string& arch : BrowseArchs()) {
    size_t n = RunBrowse(index, search, Parse(index, "arch=" + arch)).rows.size();
    EXPECT_EQ(r.counts["arch"][arch], n) << arch;
  }
  for (const std::string& task : BrowseTasks()) {
    size_t n = RunBrowse(index, search, Parse(index, "arch=moe&task=" + task)).rows.size();
    EXPECT_EQ(r.counts["task"][task], n) << task;
  }
  for (const HardwareLabel& hw : SiteIndex::BrowseHardware()) {
    size_t n = RunBrowse(index, search, Parse(index, "arch=moe&hw=" + hw.id)).rows.size();
    EXPECT_EQ(r.counts["hw"][hw.id], n) << hw.id;
  }
}

TEST_F(BrowseTest, SortOrders) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  Search search(index);
  const auto& all = index.recipes();
  auto rows = RunBrowse(index, search, Parse(index, "sort=size_desc")).rows;
  for (size_t k = 1; k < rows.size(); ++k) EXPECT_GE(all[rows[k - 1]].billions, all[rows[k]].billions);
  rows = RunBrowse(index, search, Parse(index, "sort=size_asc")).rows;
  for (size_t k = 1; k < rows.size(); ++k) EXPECT_LE(all[rows[k - 1]].billions, all[rows[k]].billions);
  rows = RunBrowse(index, search, Parse(index, "sort=updated")).rows;
  for (size_t k = 1; k < rows.size(); ++k) EXPECT_GE(all[rows[k - 1]].date_updated, all[rows[k]].date_updated);
  rows = RunBrowse(index, search, Parse(index, "sort=name")).rows;
  for (size_t k = 1; k < rows.size(); ++k) {
    EXPECT_LE(AsciiLower(all[rows[k - 1]].hf_id), AsciiLower(all[rows[k]].hf_id));
  }
}

TEST_F(BrowseTest, RenderedPageShowsCountsPillsAndEmptyState) {
  RECIPES_TEST_CATALOG(catalog);
  SiteIndex index(*catalog);
  Search search(index);
  SiteConfig config;
  std::string total = std::to_string(index.recipes().size());
  std::string page = RenderBrowsePage(config, index, search, Parse(index, "arch=dense"));
  EXPECT_NE(page.find(" of " + total + " recipes"), std::string::npos);
  EXPECT_NE(page.find("aria-label=\"Remove Dense filter\""), std::string::npos);
  EXPECT_NE(page.find("<h2>All recipes</h2>"), std::string::npos);
  EXPECT_NE(page.find("rel=\"canonical\" href=\"https://recipes.vllm.ai/browse\""), std::string::npos);
  page = RenderBrowsePage(config, index, search, Parse(index, "q=zzzzqqqq"));
  EXPECT_NE(page.find("No recipes match these filters."), std::string::npos);
  EXPECT_NE(page.find(">Clear all<"), std::string::npos);
  page = RenderBrowsePage(config, index, search, Parse(index, "panel=open&arch=moe"));
  EXPECT_NE(page.find("filter-panel"), std::string::npos);
  EXPECT_EQ(page.find("Remove MoE filter"), std::string::npos);  // pills only while the panel is closed
  EXPECT_NE(page.find("All providers"), std::string::npos);
}

}  // namespace
}  // namespace recipes
