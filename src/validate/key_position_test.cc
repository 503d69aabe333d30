#include "validate/key_position.h"

#include <gtest/gtest.h>

#include "parse/yaml.h"

namespace recipes {
namespace {

std::string KeyAt(const std::string& text, const std::vector<std::string>& path) {
  Source src{"x.yaml", text};
  Value doc;
  Diagnostics diags;
  if (!ParseYaml(src, &doc, &diags)) return "parse error";
  const Value* map = &doc;
  for (size_t i = 0; i + 1 < path.size(); ++i) map = map->Get(path[i]);
  const Value* v = map->Get(path.back());
  Pos p = KeyPosition(*map, path.back(), *v);
  return std::to_string(p.line) + ":" + std::to_string(p.col);
}

TEST(KeyPosition, FindsBlockFlowQuotedAndNullKeys) {
  EXPECT_EQ(KeyAt("a: 1\nbb:\n  c: 2\n", {"bb"}), "2:1");
  EXPECT_EQ(KeyAt("a: 1\nbb:\n  # a comment with c: in it\n  c: 2\n", {"bb", "c"}), "4:3");
  EXPECT_EQ(KeyAt("m: {x: 1, xx: 2, 'q': 3}\n", {"m", "xx"}), "1:11");
  EXPECT_EQ(KeyAt("m: {x: 1, xx: 2, 'q': 3}\n", {"m", "q"}), "1:18");
  EXPECT_EQ(KeyAt("a:\nb: 2\n", {"a"}), "1:1");
  EXPECT_EQ(KeyAt("l:\n  - k: 1\n    v: 2\n", {"l"}), "1:1");
  // Characters, not bytes: the key after a multi-byte character.
  EXPECT_EQ(KeyAt("m: {é: 1, k: 2}\n", {"m", "k"}), "1:11");
}

// A key merged in with `<<` points where it was written, in the anchored map.
TEST(KeyPosition, MergedKeysPointIntoTheAnchor) {
  EXPECT_EQ(KeyAt("base: &b {k: 1}\nd:\n  <<: *b\n  z: 2\n", {"d", "k"}), "1:11");
}

}  // namespace
}  // namespace recipes
