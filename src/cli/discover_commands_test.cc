// issue 12 items 1 and 6 on the embedded catalog: list, show, hardware,
// --version, help <cmd>, completion scripts that bash parses.
#include <gtest/gtest.h>

#include "cli/cli_test_runner.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"

namespace recipes {
namespace {

using testing::Contains;
using testing::RunRecipes;

TEST(DiscoverCommands, ListShowsEveryRecipeAndFilters) {
  LoadResult loaded = LoadCatalogFrom("");
  auto all = RunRecipes({"list", "--format", "json"});
  ASSERT_EQ(all.code, 0) << all.err;
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(all.out, &doc, &err)) << err;
  EXPECT_EQ(doc.size(), loaded.catalog->recipes.size());
  auto text = RunRecipes({"list"});
  EXPECT_TRUE(Contains(text.out, "MiniMaxAI/MiniMax-M3")) << text.out;
  auto omni = RunRecipes({"list", "--task", "omni", "--format", "json"});
  ASSERT_TRUE(ParseJson(omni.out, &doc, &err));
  EXPECT_GT(doc.size(), 0u);
  EXPECT_LT(doc.size(), loaded.catalog->recipes.size());
  // NVFP4-only recipes drop out on Hopper; labels work for --hardware.
  auto h200 = RunRecipes({"list", "--hardware", "H200", "--format", "json"});
  ASSERT_EQ(h200.code, 0) << h200.err;
  auto bad = RunRecipes({"list", "--hardware", "h2000"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(Contains(bad.err, "did you mean h200 (H200)?")) << bad.err;
}

TEST(DiscoverCommands, ShowListsWhatTheBuilderPillsShow) {
  auto r = RunRecipes({"show", "minimaxai/minimax-m3"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "nvfp4 (NVFP4, ")) << r.out;
  EXPECT_TRUE(Contains(r.out, "nvidia/MiniMax-M3-NVFP4")) << r.out;
  EXPECT_TRUE(Contains(r.out, "eagle3_gqa (GQA)")) << r.out;
  EXPECT_TRUE(Contains(r.out, "defaults: variant default")) << r.out;
  auto j = RunRecipes({"show", "MiniMaxAI/MiniMax-M3", "--format", "json"});
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(j.out, &doc, &err)) << err;
  for (const char* k : {"hardware", "variants", "strategies", "features", "defaults"}) {
    EXPECT_NE(doc.Get(k), nullptr) << k;
  }
  auto missing = RunRecipes({"show", "minimax-m33"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_TRUE(Contains(missing.err, "did you mean MiniMaxAI/MiniMax-M3?")) << missing.err;
}

TEST(DiscoverCommands, HardwareListsTheTaxonomy) {
  auto r = RunRecipes({"hardware"});
  ASSERT_EQ(r.code, 0);
  EXPECT_TRUE(Contains(r.out, "h200 ")) << r.out;
  auto j = RunRecipes({"hardware", "--format", "json"});
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(j.out, &doc, &err)) << err;
  EXPECT_GT(doc.size(), 5u);
}

TEST(DiscoverCommands, VersionHelpAndCompletion) {
  auto v = RunRecipes({"--version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_TRUE(Contains(v.out, "catalog revision")) << v.out;
  auto h = RunRecipes({"help", "command"});
  EXPECT_EQ(h.code, 0);
  EXPECT_TRUE(Contains(h.out, "--hardware")) << h.out;
  EXPECT_EQ(RunRecipes({"help", "nope"}).code, 2);
  for (const char* shell : {"bash", "zsh", "fish"}) {
    auto c = RunRecipes({"completion", shell});
    EXPECT_EQ(c.code, 0) << shell;
    EXPECT_TRUE(Contains(c.out, "recipes")) << shell;
  }
  // The bash script parses and registers the completion function.
  auto bash = RunRecipes({"completion", "bash"});
  std::string path = ::testing::TempDir() + "recipes_completion.bash";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fwrite(bash.out.data(), 1, bash.out.size(), f);
  std::fclose(f);
  std::string cmd = "bash -c 'source " + path + " && complete -p recipes' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  char buf[512] = {0};
  size_t n = std::fread(buf, 1, sizeof buf - 1, p);
  int status = pclose(p);
  EXPECT_EQ(status, 0) << std::string(buf, n);
  EXPECT_TRUE(Contains(std::string(buf, n), "_recipes")) << std::string(buf, n);
  EXPECT_EQ(RunRecipes({"completion", "tcsh"}).code, 2);
}

}  // namespace
}  // namespace recipes
