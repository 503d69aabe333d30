// The git side of `recipes diff`: a repository this test creates (our
// catalog under catalog/, two commits), read through NewGitFileSystem and
// through the real binary, with no checkout written.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli_test_runner.h"
#include "diff/catalog_diff.h"
#include "diff/git_file_system.h"
#include "diff/test_catalogs.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "parse/test_tree.h"

namespace recipes {
namespace {

namespace fs = std::filesystem;

class GitDiff : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::RunShell("git --version >/dev/null 2>&1").code != 0) GTEST_SKIP() << "git is not installed";
    repo_ = fs::path(::testing::TempDir()) / ("recipes_git_diff_" + std::to_string(::getpid()));
    fs::remove_all(repo_);
    fs::create_directories(repo_);
    ASSERT_EQ(Git("init -q"), 0);
    before_ = testing::OurCatalogFiles();
    testing::WriteTree(repo_ / "catalog", before_);
    ASSERT_EQ(Git("add -A") | Git("commit -q -m base"), 0);
    after_ = before_;
    testing::Edit(&after_, "models/MiniMaxAI/MiniMax-M2.1.yaml", "      - \"ROCM_AITER_FA\"", "      - \"TRITON_ATTN\"");
    testing::WriteTree(repo_ / "catalog", after_);
    ASSERT_EQ(Git("commit -q -am head"), 0);
  }
  void TearDown() override {
    if (!repo_.empty()) fs::remove_all(repo_);
  }

  int Git(const std::string& args) {
    return testing::RunShell("cd " + testing::ShQuote(repo_.string()) +
                             " && git -c user.name=t -c user.email=t@example.com " +
                             "-c init.defaultBranch=main -c commit.gpgsign=false " + args + " >/dev/null 2>&1")
        .code;
  }
  testing::CliResult Recipes(const std::string& args) {
    return testing::RunShell("cd " + testing::ShQuote(repo_.string()) + " && " + testing::ShQuote(RECIPES_BINARY) +
                             " " + args + " 2>&1");
  }

  fs::path repo_;
  testing::Files before_, after_;
};

TEST_F(GitDiff, ReadsRevisionsFromTheObjectStore) {
  std::string err;
  auto old_fs = NewGitFileSystem({repo_.string(), "HEAD~1", "catalog"}, &err);
  ASSERT_TRUE(old_fs) << err;
  auto new_fs = NewGitFileSystem({(repo_ / "catalog" / "models").string(), "HEAD", "catalog/"}, &err);
  ASSERT_TRUE(new_fs) << err;  // found from a folder inside the work tree
  EXPECT_EQ(old_fs->Stat(""), FileSystem::Type::kDirectory);
  EXPECT_EQ(old_fs->Stat("models"), FileSystem::Type::kDirectory);
  EXPECT_EQ(old_fs->Stat("taxonomy.yaml"), FileSystem::Type::kFile);
  EXPECT_EQ(old_fs->Stat("nope.yaml"), FileSystem::Type::kMissing);
  std::vector<FileSystem::Entry> entries;
  ASSERT_TRUE(old_fs->List("models", &entries, &err)) << err;
  ASSERT_FALSE(entries.empty());
  for (size_t i = 1; i < entries.size(); ++i) EXPECT_LT(entries[i - 1].name, entries[i].name);
  std::string text;
  ASSERT_TRUE(old_fs->Read("models/MiniMaxAI/MiniMax-M2.1.yaml", &text, &err)) << err;
  EXPECT_EQ(text, before_.at("models/MiniMaxAI/MiniMax-M2.1.yaml"));
  ASSERT_TRUE(new_fs->Read("models/MiniMaxAI/MiniMax-M2.1.yaml", &text, &err)) << err;
  EXPECT_EQ(text, after_.at("models/MiniMaxAI/MiniMax-M2.1.yaml"));
  EXPECT_FALSE(old_fs->Read("models", &text, &err));

  LoadResult a = LoadCatalog(*old_fs);
  LoadResult b = LoadCatalog(*new_fs);
  EXPECT_EQ(CountErrors(a.diagnostics), 0u);
  EXPECT_EQ(a.catalog->recipes.size(), b.catalog->recipes.size());
  CatalogDiff diff = DiffCatalogs(*a.catalog, *b.catalog, "git:HEAD~1", "git:HEAD");
  ASSERT_EQ(diff.recipes.size(), 1u);
  EXPECT_EQ(diff.recipes[0].recipe, "MiniMaxAI/MiniMax-M2.1");
  EXPECT_EQ(diff.recipes[0].renderings_changed, 150u);  // every rendering on mi300x, mi325x, mi355x

  EXPECT_FALSE(NewGitFileSystem({repo_.string(), "no-such-branch", ""}, &err));
  EXPECT_NE(err.find("unknown revision 'no-such-branch'"), std::string::npos) << err;
  EXPECT_FALSE(NewGitFileSystem({repo_.string(), "HEAD", "nowhere"}, &err));
  EXPECT_NE(err.find("no folder 'nowhere'"), std::string::npos) << err;
  EXPECT_FALSE(NewGitFileSystem({"/", "HEAD", ""}, &err));
}

TEST_F(GitDiff, CommandLine) {
  // Two revisions: differences, exit 1; the JSON names the changed files.
  testing::CliResult r = Recipes("diff git:HEAD~1:catalog git:HEAD:catalog --format json");
  EXPECT_EQ(r.code, 1) << r.out;
  Value json;
  std::string err;
  ASSERT_TRUE(ParseJson(r.out, &json, &err)) << err << r.out;
  EXPECT_EQ(json.Get("base")->str(), "git:HEAD~1:catalog");
  ASSERT_EQ(json.Get("recipes")->size(), 1u);
  EXPECT_EQ(json.Get("api_files_changed")->size(), 31u);
  EXPECT_EQ(Recipes("diff git:HEAD~1:catalog git:HEAD:catalog --exit-zero").code, 0);

  // One side: HEAD is the working catalog; a git side without SUBDIR reads
  // the working catalog's folder.
  r = Recipes("diff git:HEAD --catalog catalog");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("no differences"), std::string::npos) << r.out;
  r = Recipes("diff git:HEAD~1 --catalog catalog --format markdown");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("<details>"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("`--attention-backend` `ROCM_AITER_FA` → `TRITON_ATTN`"), std::string::npos) << r.out;

  // Errors exit 2.
  r = Recipes("diff git:nope --catalog catalog");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("unknown revision 'nope'"), std::string::npos) << r.out;

  // A broken side is reported with positions, not a crash.
  std::ofstream(repo_ / "catalog/models/MiniMaxAI/MiniMax-M2.1.yaml", std::ios::trunc) << "meta: [unclosed\n";
  ASSERT_EQ(Git("commit -q -am broken"), 0);
  r = Recipes("diff git:HEAD~1 git:HEAD --catalog catalog");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("head git:HEAD has"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("models/MiniMaxAI/MiniMax-M2.1.yaml:"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace recipes
