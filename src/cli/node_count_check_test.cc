// --nodes is checked against the strategy's node counts and the model's
// attention heads (vLLM refuses a tensor-parallel size that does not divide
// them), and a refusal lists the counts that work.
#include "cli/node_count_check.h"

#include <gtest/gtest.h>

#include "cli/cli_test_runner.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"

namespace recipes {
namespace {

using testing::Contains;
using testing::RunRecipes;

const Catalog& Embedded() {
  static std::unique_ptr<Catalog> c = LoadCatalogFrom("").catalog;
  return *c;
}

Selection MultiNodeTp(int nodes) {
  Selection s;
  s.strategy = "multi_node_tp";
  s.hardware = "h100";
  s.node_count = nodes;
  return s;
}

TEST(NodeCountCheck, TensorSizeMustDivideTheHeads) {
  const Recipe* m3 = Embedded().FindRecipe("MiniMaxAI/MiniMax-M3");
  ASSERT_NE(m3, nullptr);
  // 64 heads, 8 GPUs a node: TP 16, 32 and 64 divide them; 24, 40, ... do not.
  EXPECT_EQ(ValidNodeCounts(Embedded(), *m3, MultiNodeTp(2)), (std::vector<int>{2, 4, 8}));
  EXPECT_EQ(NodeCountProblem(Embedded(), *m3, MultiNodeTp(4)), "");
  std::string why = NodeCountProblem(Embedded(), *m3, MultiNodeTp(3));
  EXPECT_TRUE(Contains(why, "tensor-parallel size 24")) << why;
  EXPECT_TRUE(Contains(why, "64 attention heads")) << why;
  Selection one;
  one.hardware = "h100";
  EXPECT_EQ(ValidNodeCounts(Embedded(), *m3, one), (std::vector<int>{1}));
  EXPECT_EQ(JoinCounts({2, 4, 8}), "2, 4, 8");
}

TEST(NodeCountCheck, TheCliRefusesAndListsTheValidCounts) {
  auto r = RunRecipes({"command", "MiniMaxAI/MiniMax-M3", "--strategy", "multi_node_tp", "--hardware", "h100",
                       "--nodes", "3"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(Contains(r.err, "tensor-parallel size 24, which does not divide")) << r.err;
  EXPECT_TRUE(Contains(r.err, "valid node counts for multi_node_tp on h100: 2, 4, 8")) << r.err;
  // Too few nodes for the strategy: the same list.
  r = RunRecipes({"command", "MiniMaxAI/MiniMax-M3", "--strategy", "multi_node_tp", "--hardware", "h100", "--nodes",
                  "1"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Contains(r.err, "valid node counts for multi_node_tp on h100: 2, 4, 8")) << r.err;
  // As data.
  r = RunRecipes({"command", "MiniMaxAI/MiniMax-M3", "--strategy", "multi_node_tp", "--hardware", "h100", "--nodes",
                  "16", "--format", "json"});
  EXPECT_EQ(r.code, 1);
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(r.out, &doc, &err)) << err << r.out;
  const Value* e = doc.Get("error");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->Get("param")->str(), "nodes");
  const Value* valid = e->Get("valid");
  ASSERT_TRUE(valid && valid->size() == 3);
  EXPECT_EQ(valid->At(2)->str(), "8");
  // A valid count still prints its command.
  r = RunRecipes({"command", "MiniMaxAI/MiniMax-M3", "--strategy", "multi_node_tp", "--hardware", "h100", "--nodes",
                  "4"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "--tensor-parallel-size 32")) << r.out;
}

}  // namespace
}  // namespace recipes
