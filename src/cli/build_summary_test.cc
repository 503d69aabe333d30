// `recipes build`'s summary names files of the catalog being built, and
// --threads defaults to the cores the process may use.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "cli/cli_test_runner.h"
#include "parse/catalog_loader.h"

namespace recipes {
namespace {

using testing::Contains;
using testing::RunRecipes;

TEST(BuildSummary, ExamplesComeFromTheCatalogBeingBuilt) {
  std::string out = ::testing::TempDir() + "build_summary_" + std::to_string(::getpid());
  std::filesystem::remove_all(out);
  auto r = RunRecipes({"build", "--out", out});
  ASSERT_EQ(r.code, 0) << r.err;
  // Every "e.g. /X.json" is a file this build wrote.
  size_t examples = 0;
  for (size_t at = 0; (at = r.out.find("e.g. /", at)) != std::string::npos; ++examples) {
    at += 6;
    std::string file = r.out.substr(at, r.out.find(".json", at) + 5 - at);
    EXPECT_TRUE(std::filesystem::exists(out + "/" + file)) << file << "\n" << r.out;
  }
  EXPECT_EQ(examples, 2u) << r.out;
  LoadResult embedded = LoadCatalogFrom("");
  EXPECT_TRUE(Contains(r.out, "(e.g. /" + embedded.catalog->recipes.front().hf_id + ".json)")) << r.out;
  std::filesystem::remove_all(out);
}

TEST(BuildSummary, ThreadsDefaultToTheUsableCores) {
  // taskset (util-linux, essential on Debian) pins the process to one core.
  auto one = RunRecipes({"build", "--help"}, "taskset -c 0 ");
  EXPECT_EQ(one.code, 0) << one.err;
  size_t at = one.out.find("--threads");
  ASSERT_NE(at, std::string::npos) << one.out;
  std::string line = one.out.substr(at, one.out.find('\n', at) - at);
  EXPECT_TRUE(Contains(line, "=1 ")) << line;  // CLI11 shows the default as TYPE=VALUE
}

}  // namespace
}  // namespace recipes
