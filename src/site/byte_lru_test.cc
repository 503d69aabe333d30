#include "site/byte_lru.h"

#include <gtest/gtest.h>

#include "site/builder_query.h"

namespace recipes {
namespace {

TEST(ByteLruTest, EvictsTheLeastRecentWithinItsBudget) {
  ByteLru<std::string> lru(16 * 64 * 1024);  // 64 KB per shard
  for (int i = 0; i < 5000; ++i) {
    auto v = std::make_shared<const std::string>(1000, 'x');
    lru.Put("key" + std::to_string(i), v, v->size());
    ASSERT_LE(lru.bytes(), lru.budget());
  }
  EXPECT_LT(lru.entries(), 5000u);
  EXPECT_GT(lru.entries(), 500u);
  EXPECT_NE(lru.Get("key4999"), nullptr);  // the newest stays
  EXPECT_EQ(lru.Get("key0"), nullptr);     // the oldest went
  auto huge = std::make_shared<const std::string>(1 << 20, 'y');
  lru.Put("huge", huge, huge->size());  // over a shard's budget: not kept
  EXPECT_EQ(lru.Get("huge"), nullptr);
  EXPECT_LE(lru.bytes(), lru.budget());
}

TEST(ByteLruTest, AHitIsKeptOverOlderEntries) {
  ByteLru<std::string> lru(16 * 4096);
  // All keys of one shard: find keys sharing key "a"'s shard by filling.
  auto v = std::make_shared<const std::string>(500, 'v');
  lru.Put("a", v, v->size());
  for (int i = 0; i < 2000; ++i) {
    ASSERT_NE(lru.Get("a"), nullptr) << i;  // touched before every insert: never the oldest
    lru.Put("k" + std::to_string(i), v, v->size());
  }
}

TEST(BuilderQueryTest, NormalizedQueryDropsJunkAndOrdersKeys) {
  std::string bad;
  auto a = BuilderParams::Parse("hardware=b200&junk1=x&recipe=A/B&variant=fp8&zzz=1", &bad);
  auto b = BuilderParams::Parse("recipe=A/B&variant=fp8&hardware=b200&junk2=y", &bad);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(NormalizedBuilderQuery(*a), NormalizedBuilderQuery(*b));
  EXPECT_EQ(NormalizedBuilderQuery(*a), "recipe=A%2FB&variant=fp8&hardware=b200");
  auto c = BuilderParams::Parse("recipe=A/B&variant=fp8&hardware=h200", &bad);
  EXPECT_NE(NormalizedBuilderQuery(*a), NormalizedBuilderQuery(*c));
}

}  // namespace
}  // namespace recipes
