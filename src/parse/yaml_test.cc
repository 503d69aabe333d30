#include "parse/yaml.h"

#include <gtest/gtest.h>

#include "render/json_writer.h"

namespace recipes {

namespace {

std::string Load(const std::string& text, std::string* diag_text = nullptr) {
  Source src{"input.yaml", text};
  Value v;
  Diagnostics diags;
  bool ok = ParseYaml(src, &v, &diags);
  if (diag_text) {
    for (const auto& d : diags) *diag_text += d.Render();
  }
  return ok ? ToJson(v, 0) : "ERROR";
}

}  // namespace

TEST(Yaml, ScalarTypingFollowsTheReferenceLoader) {
  EXPECT_EQ(Load("a: ~\nb: Null\nc:\nd: yes\ne: on\nf: True\n"), R"({"a":null,"b":null,"c":null,"d":"yes","e":"on","f":true})");
  EXPECT_EQ(Load("a: 010\nb: -0\nc: 0x1F\nd: 0o17\ne: 0b101\nf: 1_000\n"), R"({"a":10,"b":0,"c":31,"d":15,"e":5,"f":"1_000"})");
  EXPECT_EQ(Load("a: 1.0\nb: 5.\nc: .5\nd: 1e3\ne: 1e400\nf: .inf\ng: 0.10.0\nh: 0.11\ni: -.5\n"),
            R"({"a":1,"b":5,"c":0.5,"d":1000,"e":"1e400","f":null,"g":"0.10.0","h":0.11,"i":"-.5"})");
  EXPECT_EQ(Load("a: 2026-04-20\nb: 2026-04-20T23:30:00-05:00\nc: 2026-02-30\nd: 2026-4-2\ne: '2026-04-20'\n"),
            R"({"a":"2026-04-20","b":"2026-04-21","c":"2026-03-02","d":"2026-4-2","e":"2026-04-20"})");
  EXPECT_EQ(Load("1: a\ntrue: b\n"), R"({"1":"a","true":"b"})");
}

TEST(Yaml, BlockScalarsAndMergeKeys) {
  EXPECT_EQ(Load("a: |\n  x\n  y\nb: |-\n  x\nc: >\n  x\n  y\n"), R"({"a":"x\ny\n","b":"x","c":"x y\n"})");
  EXPECT_EQ(Load("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n"), R"({"base":{"x":1,"y":2},"d":{"x":1,"y":3}})");
}

TEST(Yaml, DuplicateKeyIsAPositionedError) {
  std::string diags;
  EXPECT_EQ(Load("a: 1\nb: 2\na: 3\n", &diags), "ERROR");
  EXPECT_EQ(diags, "input.yaml:3:1: error: duplicate key 'a' (first at line 1)\n  a: 3\n  ^\n");
}

TEST(Yaml, SyntaxErrorIsPositioned) {
  std::string diags;
  EXPECT_EQ(Load("a: [1, 2\nb: 3\n", &diags), "ERROR");
  EXPECT_NE(diags.find("input.yaml:"), std::string::npos);
  EXPECT_NE(diags.find("error: YAML syntax error"), std::string::npos);
}

TEST(Yaml, AliasBombIsRefused) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string prev = "a";
  for (int i = 0; i < 9; ++i) {
    std::string name(1, static_cast<char>('b' + i));
    text += name + ": &" + name + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", *" : "*") + prev;
    text += "]\n";
    prev = name;
  }
  std::string diags;
  EXPECT_EQ(Load(text, &diags), "ERROR");
  EXPECT_NE(diags.find("alias bomb"), std::string::npos) << diags;
}

TEST(Yaml, DeepNestingIsRefused) {
  std::string text(10000, '[');
  text += std::string(10000, ']');
  std::string diags;
  EXPECT_EQ(Load(text, &diags), "ERROR");
  EXPECT_NE(diags.find("input.yaml:1:513: error: nesting deeper than 512 levels"), std::string::npos) << diags;
}

}  // namespace recipes

namespace recipes {

TEST(Yaml, CaretCountsCharactersNotBytes) {
  std::string diags;
  EXPECT_EQ(Load("é: 1\nb: {x: 1, x: 2}\n", &diags), "ERROR");
  EXPECT_EQ(diags, "input.yaml:2:11: error: duplicate key 'x' (first at line 2)\n  b: {x: 1, x: 2}\n            ^\n");
  diags.clear();
  EXPECT_EQ(Load("ééé: {x: 1, x: 2}\n", &diags), "ERROR");
  EXPECT_EQ(diags, "input.yaml:1:13: error: duplicate key 'x' (first at line 1)\n  ééé: {x: 1, x: 2}\n              ^\n");
}

}  // namespace recipes

namespace recipes {

TEST(Yaml, EncodingErrorsArePositionedAtTheBadByte) {
  std::string diags;
  EXPECT_EQ(Load("meta:\n  title: caf\xe9\n", &diags), "ERROR");
  EXPECT_EQ(diags,
            "input.yaml:2:13: error: not valid UTF-8 text: incomplete UTF-8 octet sequence\n"
            "    title: caf?\n"
            "              ^\n");
}

}  // namespace recipes
