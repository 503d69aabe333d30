#include "api/tree_writer.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace recipes {
namespace {

namespace fs = std::filesystem;
using Files = std::map<std::string, std::string>;

class TreeWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tree_writer_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    out_ = dir_ + "/public";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `files` as one build; returns false with the error on failure.
  bool Build(const Files& files, TreeWriteStats* stats = nullptr, TreeWriterHooks hooks = {},
             std::string* error = nullptr) {
    std::string err;
    std::unique_ptr<TreeWriter> w = TreeWriter::Open(out_, hooks, &err);
    if (!w) {
      if (error) *error = err;
      return false;
    }
    for (const auto& [path, bytes] : files) {
      StagedFile f;
      if (!w->Stage(path, bytes, /*exclusive=*/true, &f, &err)) {
        if (error) *error = err;
        return false;  // the destructor aborts
      }
      w->Record(std::move(f));
    }
    TreeWriteStats s;
    bool ok = w->Commit(&s, &err);
    if (stats) *stats = s;
    if (error) *error = err;
    return ok;
  }

  // Every file under out_ except the writer's own bookkeeping.
  Files ReadTree() {
    Files out;
    if (!fs::exists(out_)) return out;
    for (auto& e : fs::recursive_directory_iterator(out_)) {
      if (!e.is_regular_file()) continue;
      std::string rel = fs::relative(e.path(), out_).string();
      if (rel.rfind(".recipes", 0) == 0) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      out[rel] = ss.str();
    }
    return out;
  }

  timespec MTime(const std::string& rel) {
    struct stat st;
    stat((out_ + "/" + rel).c_str(), &st);
    return st.st_mtim;
  }

  std::string dir_, out_;
};

Files OldTree() { return {{"a.json", "1"}, {"x/b.json", "2"}, {"x/y/c.json", "3"}, {"gone/d.json", "4"}}; }
Files NewTree() { return {{"a.json", "1"}, {"x/b.json", "22"}, {"x/y/c.json", "3"}, {"new/e.json", "5"}}; }

TEST_F(TreeWriterTest, FreshBuildRenamesTheWholeTreeIn) {
  TreeWriteStats stats;
  ASSERT_TRUE(Build(OldTree(), &stats));
  EXPECT_TRUE(stats.fresh);
  EXPECT_EQ(stats.written, 4u);
  EXPECT_EQ(ReadTree(), OldTree());
  EXPECT_TRUE(fs::exists(out_ + "/.recipes-manifest"));
  // No staging folder is left beside or inside the output.
  for (auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename(), "public");
  EXPECT_FALSE(fs::exists(out_ + "/.recipes-staging"));
}

TEST_F(TreeWriterTest, UpdateRewritesOnlyChangedFilesAndRemovesStaleOnes) {
  ASSERT_TRUE(Build(OldTree()));
  timespec a_before = MTime("a.json");
  usleep(20000);
  TreeWriteStats stats;
  ASSERT_TRUE(Build(NewTree(), &stats));
  EXPECT_FALSE(stats.fresh);
  EXPECT_EQ(stats.written, 2u);  // x/b.json and new/e.json
  EXPECT_EQ(stats.removed, 1u);
  EXPECT_EQ(ReadTree(), NewTree());
  timespec a_after = MTime("a.json");
  EXPECT_EQ(a_before.tv_sec, a_after.tv_sec);
  EXPECT_EQ(a_before.tv_nsec, a_after.tv_nsec);
  EXPECT_FALSE(fs::exists(out_ + "/gone"));  // emptied folders go too
}

TEST_F(TreeWriterTest, NothingChangedWritesNothing) {
  ASSERT_TRUE(Build(OldTree()));
  timespec manifest_before = MTime(".recipes-manifest");
  timespec b_before = MTime("x/b.json");
  usleep(20000);
  TreeWriteStats stats;
  ASSERT_TRUE(Build(OldTree(), &stats));
  EXPECT_EQ(stats.written, 0u);
  EXPECT_EQ(stats.removed, 0u);
  EXPECT_EQ(MTime(".recipes-manifest").tv_nsec, manifest_before.tv_nsec);
  EXPECT_EQ(MTime("x/b.json").tv_nsec, b_before.tv_nsec);
}

TEST_F(TreeWriterTest, LaterRecordWinsAndRemoveDirDropsEarlierFiles) {
  std::string err;
  auto w = TreeWriter::Open(out_, {}, &err);
  ASSERT_TRUE(w) << err;
  auto put = [&](const std::string& path, const std::string& bytes) {
    StagedFile f;
    ASSERT_TRUE(w->Stage(path, bytes, false, &f, &err)) << err;
    w->Record(std::move(f));
  };
  put("v/hw/a.json", "first");
  put("v/strategies/s.json", "first");
  put("v.json", "first");
  w->RemoveDir("v");
  put("v/hw/a.json", "second");
  put("v.json", "second");
  TreeWriteStats stats;
  ASSERT_TRUE(w->Commit(&stats, &err)) << err;
  EXPECT_EQ(ReadTree(), (Files{{"v.json", "second"}, {"v/hw/a.json", "second"}}));
}

TEST_F(TreeWriterTest, FailedWriteLeavesTheOldTreeUntouched) {
  ASSERT_TRUE(Build(OldTree()));
  TreeWriterHooks hooks;
  hooks.fail_write_after = 1;  // the second staged write fails as on a full disk
  std::string err;
  EXPECT_FALSE(Build(NewTree(), nullptr, hooks, &err));
  EXPECT_NE(err.find("No space left"), std::string::npos) << err;
  EXPECT_EQ(ReadTree(), OldTree());
  EXPECT_FALSE(fs::exists(out_ + "/.recipes-staging"));
  // And a fresh build that fails leaves no folder at all.
  fs::remove_all(out_);
  EXPECT_FALSE(Build(NewTree(), nullptr, hooks, &err));
  EXPECT_FALSE(fs::exists(out_));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 0);
}

TEST_F(TreeWriterTest, UnwritableOutputIsAnError) {
  std::ofstream(dir_ + "/file") << "x";
  std::string err;
  out_ = dir_ + "/file/public";  // a regular file where a folder must be
  EXPECT_FALSE(Build(OldTree(), nullptr, {}, &err));
  EXPECT_FALSE(err.empty());
  out_ = dir_ + "/file";
  EXPECT_FALSE(Build(OldTree(), nullptr, {}, &err));
  EXPECT_NE(err.find("not a folder"), std::string::npos) << err;
}

TEST_F(TreeWriterTest, LeftoversOfAKilledFreshBuildAreCleanedUp) {
  // A fresh build killed before its final rename leaves only its hidden
  // staging tree beside the output; the next build removes it.
  fs::create_directories(dir_ + "/.public.recipes-next/half");
  std::ofstream(dir_ + "/.public.recipes-next/half/x.json") << "{";
  fs::create_directories(dir_ + "/.public.recipes-tmp");
  std::ofstream(dir_ + "/.public.recipes-tmp/3") << "partial";
  ASSERT_TRUE(Build(OldTree()));
  EXPECT_EQ(ReadTree(), OldTree());
  EXPECT_FALSE(fs::exists(dir_ + "/.public.recipes-next"));
  EXPECT_FALSE(fs::exists(dir_ + "/.public.recipes-tmp"));
  // Same for an older version's staging folder inside the output.
  fs::create_directories(out_ + "/.recipes-staging");
  std::ofstream(out_ + "/.recipes-staging/7") << "partial";
  ASSERT_TRUE(Build(NewTree()));
  EXPECT_EQ(ReadTree(), NewTree());
  EXPECT_FALSE(fs::exists(out_ + "/.recipes-staging"));
}

TEST_F(TreeWriterTest, AKillAtAnyStepLeavesTheOldTreeOrTheNewOne) {
  ASSERT_TRUE(Build(OldTree()));
  Files killed_tree = NewTree();
  killed_tree["z/added.json"] = "only in the killed build";
  int old_seen = 0, new_seen = 0;
  for (long step = 1; step <= 12; ++step) {
    Files before = ReadTree();
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      TreeWriterHooks hooks;
      hooks.kill_after_applied = step;
      Build(killed_tree, nullptr, hooks);
      _exit(0);  // reached when the build has fewer steps
    }
    int status = 0;
    waitpid(pid, &status, 0);
    Files after = ReadTree();
    EXPECT_TRUE(after == before || after == killed_tree) << "a mixed tree after a kill at step " << step;
    (after == before ? old_seen : new_seen) += 1;
    // The next build (with the other tree) succeeds and leaves no debris.
    const Files& next = after == OldTree() ? killed_tree : OldTree();
    ASSERT_TRUE(Build(next));
    EXPECT_EQ(ReadTree(), next);
    EXPECT_FALSE(fs::exists(dir_ + "/.public.recipes-tmp"));
    EXPECT_FALSE(fs::exists(dir_ + "/.public.recipes-next"));
  }
  EXPECT_GT(old_seen, 0);
  EXPECT_GT(new_seen, 0);
}

TEST_F(TreeWriterTest, AlternatingBuildsKeepUnchangedFilesMTimes) {
  // Double buffering: each update starts from the tree two builds back.
  Files a = OldTree(), b = NewTree(), c = NewTree();
  c["a.json"] = "changed in c";
  c.erase("x/y/c.json");
  ASSERT_TRUE(Build(a));
  const Files* prev = &a;
  for (const Files* f : {&b, &a, &c, &c, &b, &a, &b}) {
    std::map<std::string, std::pair<time_t, long>> times;
    for (const auto& [path, bytes] : ReadTree()) times[path] = {MTime(path).tv_sec, MTime(path).tv_nsec};
    usleep(5000);
    ASSERT_TRUE(Build(*f));
    ASSERT_EQ(ReadTree(), *f);
    for (const auto& [path, bytes] : *f) {
      if (!prev->count(path) || prev->at(path) != bytes) continue;
      std::pair<time_t, long> now{MTime(path).tv_sec, MTime(path).tv_nsec};
      EXPECT_EQ(now, times[path]) << path << " was unchanged but rewritten";
    }
    prev = f;
  }
  struct stat st;
  ASSERT_EQ(stat((out_ + "/x/y/c.json").c_str(), &st), 0);
  EXPECT_GE(st.st_nlink, 2u) << "unchanged files are shared with the spare tree, not copied";
}

TEST_F(TreeWriterTest, WithoutRenameExchangeTheOutputBecomesALinkThatFlips) {
  ASSERT_TRUE(Build(OldTree()));
  TreeWriterHooks hooks;
  hooks.no_exchange = true;
  TreeWriteStats stats;
  ASSERT_TRUE(Build(NewTree(), &stats, hooks));
  EXPECT_TRUE(stats.symlink);
  EXPECT_TRUE(fs::is_symlink(out_));
  EXPECT_EQ(ReadTree(), NewTree());
  std::string first_target = fs::read_symlink(out_).string();
  ASSERT_TRUE(Build(OldTree(), &stats, hooks));
  EXPECT_TRUE(stats.symlink);
  EXPECT_EQ(ReadTree(), OldTree());
  EXPECT_NE(fs::read_symlink(out_).string(), first_target);
  ASSERT_TRUE(Build(NewTree(), &stats));  // a link of ours keeps flipping
  EXPECT_EQ(ReadTree(), NewTree());
  EXPECT_EQ(fs::read_symlink(out_).string(), first_target);
}

TEST_F(TreeWriterTest, CleanRewritesEverythingAndKeepsNothingBeside) {
  ASSERT_TRUE(Build(OldTree()));
  ASSERT_TRUE(Build(NewTree()));
  EXPECT_TRUE(fs::exists(dir_ + "/.public.recipes-spare"));
  fs::create_directories(dir_ + "/.public.recipes-tmp");  // a killed build's debris
  std::string err;
  TreeWriterOptions options;
  options.clean = true;
  auto w = TreeWriter::Open(out_, options, &err);
  ASSERT_TRUE(w) << err;
  EXPECT_FALSE(fs::exists(dir_ + "/.public.recipes-tmp"));
  for (const auto& [path, bytes] : NewTree()) {
    StagedFile f;
    ASSERT_TRUE(w->Stage(path, bytes, true, &f, &err)) << err;
    w->Record(std::move(f));
  }
  TreeWriteStats stats;
  ASSERT_TRUE(w->Commit(&stats, &err)) << err;
  EXPECT_EQ(stats.written, NewTree().size());
  EXPECT_EQ(ReadTree(), NewTree());
  for (auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename(), "public");
}

}  // namespace
}  // namespace recipes
