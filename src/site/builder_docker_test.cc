// The command card's Docker view (issue 12 item 8): multi-node containers run
// on the host network and only the head publishes the port, exactly as
// `recipes command --docker` prints them; single-node ones keep -p.
#include <gtest/gtest.h>

#include <memory>

#include "cli/cli_test_runner.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "site/builder_state.h"

namespace recipes {
namespace {

const Catalog& Embedded() {
  static const Catalog* catalog = LoadCatalogFrom("").catalog.release();
  return *catalog;
}

BuilderView View(const std::string& recipe, const std::string& query) {
  std::string bad;
  BuildResult b = BuildBuilderView(Embedded(), *Embedded().FindRecipe(recipe), *BuilderParams::Parse(query, &bad));
  EXPECT_TRUE(b.view.has_value());
  return b.view ? *b.view : BuilderView();
}

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The CLI's docker forms for the same selection, by process.
std::vector<std::string> CliDocker(const std::vector<std::string>& selection) {
  std::vector<std::string> args = {"command", "MiniMaxAI/MiniMax-M3", "--docker", "--format", "json"};
  args.insert(args.end(), selection.begin(), selection.end());
  testing::CliResult r = testing::RunRecipes(args);
  EXPECT_EQ(r.code, 0) << r.err;
  Value v;
  std::string err;
  EXPECT_TRUE(ParseJson(r.out, &v, &err)) << err;
  std::vector<std::string> out;
  if (const Value* forms = v.Get("docker")) {
    for (const Value& f : forms->items()) out.push_back(f.Get("command")->str());
  }
  return out;
}

TEST(BuilderDocker, MultiNodeRunsOnTheHostNetworkAndOnlyTheHeadPublishes) {
  BuilderView v = View("MiniMaxAI/MiniMax-M3", "hardware=h100");
  ASSERT_GE(v.tabs.size(), 2u);
  ASSERT_EQ(v.tabs[0].id, "head");
  EXPECT_TRUE(Has(v.tabs[0].docker_command, "--network host")) << v.tabs[0].docker_command;
  EXPECT_TRUE(Has(v.tabs[0].docker_command, "-p 8000:8000")) << v.tabs[0].docker_command;
  for (size_t i = 1; i < v.tabs.size(); ++i) {
    EXPECT_TRUE(Has(v.tabs[i].docker_command, "--network host")) << v.tabs[i].docker_command;
    EXPECT_FALSE(Has(v.tabs[i].docker_command, "-p ")) << v.tabs[i].docker_command;
  }
  std::vector<std::string> cli = CliDocker({"--hardware", "h100"});
  ASSERT_EQ(cli.size(), v.tabs.size());
  for (size_t i = 0; i < cli.size(); ++i) EXPECT_EQ(v.tabs[i].docker_command, cli[i]);
}

TEST(BuilderDocker, PdPoolsAcrossNodesAndSingleNode) {
  BuilderView pd = View("MiniMaxAI/MiniMax-M3", "hardware=h100&strategy=pd_cluster&prefill_nodes=2&decode_rank=0");
  const BuilderTab* prefill = nullptr;
  for (const BuilderTab& t : pd.tabs) prefill = t.id == "prefill" ? &t : prefill;
  ASSERT_NE(prefill, nullptr);
  EXPECT_TRUE(Has(prefill->docker_command, "--network host")) << prefill->docker_command;
  std::vector<std::string> cli = CliDocker({"--hardware", "h100", "--strategy", "pd_cluster", "--prefill-nodes", "2"});
  ASSERT_FALSE(cli.empty());
  EXPECT_EQ(prefill->docker_command, cli[0]);

  BuilderView single = View("MiniMaxAI/MiniMax-M3", "hardware=b200&variant=nvfp4");
  ASSERT_FALSE(single.tabs.empty());
  const BuilderTab& serve = single.tabs.back();
  EXPECT_FALSE(Has(serve.docker_command, "--network host")) << serve.docker_command;
  EXPECT_TRUE(Has(serve.docker_command, "-p 8000:8000")) << serve.docker_command;
}

}  // namespace
}  // namespace recipes
