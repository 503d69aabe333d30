// Kill tests of `recipes build` (issue 13): SIGKILL the real binary at 20
// random moments and at 20 steps inside the swap. After each kill the output
// must equal the old tree or the new one exactly, every file and folder
// compared as `diff -r` would (the bookkeeping files included), and the next
// build must succeed. Runs on our own catalog, so it needs no ../shared.
#include <algorithm>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace recipes {
namespace {

namespace fs = std::filesystem;
using Tree = std::map<std::string, std::string>;  // path → bytes ("<dir>" for folders)

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Tree ReadTree(const std::string& root) {
  Tree out;
  std::error_code ec;
  if (!fs::exists(root, ec)) return out;
  for (auto& e : fs::recursive_directory_iterator(root)) {
    std::string rel = fs::relative(e.path(), root).string();
    out[rel] = e.is_directory() ? "<dir>" : ReadFile(e.path());
  }
  return out;
}

struct Child {
  pid_t pid = -1;
  int status = 0;
  std::string err;
};

// Starts `recipes build` with `env` added ("NAME=VALUE" or empty).
pid_t Start(const std::string& catalog, const std::string& out, const std::string& env, const std::string& log) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  if (!env.empty()) putenv(const_cast<char*>(env.c_str()));
  FILE* f = freopen(log.c_str(), "w", stderr);
  (void)f;
  FILE* o = freopen("/dev/null", "w", stdout);
  (void)o;
  execl(RECIPES_BINARY, RECIPES_BINARY, "build", "--catalog", catalog.c_str(), "--out", out.c_str(),
        static_cast<char*>(nullptr));
  _exit(127);
}

Child BuildTo(const std::string& catalog, const std::string& out, const std::string& log, const std::string& env = "") {
  Child c;
  c.pid = Start(catalog, out, env, log);
  waitpid(c.pid, &c.status, 0);
  c.err = ReadFile(log);
  return c;
}

class BuildKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    std::string tmpl = base + "/build_kill_test.XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    ASSERT_NE(mkdtemp(buf.data()), nullptr);
    dir_ = buf.data();
    // Catalog A is ours; B changes three recipes, drops one, adds one and
    // edits a strategy, so a swap adds, replaces and removes files.
    a_ = dir_ + "/a";
    b_ = dir_ + "/b";
    fs::copy(std::string(RECIPES_SOURCE_DIR) + "/catalog", a_, fs::copy_options::recursive);
    fs::copy(a_, b_, fs::copy_options::recursive);
    std::vector<fs::path> recipes;
    for (auto& e : fs::recursive_directory_iterator(b_ + "/models")) {
      if (e.path().extension() == ".yaml") recipes.push_back(e.path());
    }
    std::sort(recipes.begin(), recipes.end());
    ASSERT_GE(recipes.size(), 6u);
    for (int i = 0; i < 3; ++i) {
      std::string text = ReadFile(recipes[i]);
      size_t at = text.find("title:");
      ASSERT_NE(at, std::string::npos) << recipes[i];
      text.replace(at, 6, "title: Edited");
      std::ofstream(recipes[i], std::ios::binary) << text;
    }
    fs::copy(recipes[3], recipes[3].parent_path() / ("copy-" + recipes[3].filename().string()));
    fs::remove(recipes[4]);
    for (auto& e : fs::directory_iterator(b_ + "/strategies")) {
      std::string text = ReadFile(e.path());
      size_t at = text.find("display_name: ");
      if (at == std::string::npos) continue;
      text.replace(at, 14, "display_name: Edited ");
      std::ofstream(e.path(), std::ios::binary) << text;
      break;
    }
    out_ = dir_ + "/public";
    log_ = dir_ + "/log";
    // The reference trees: fresh builds of each catalog.
    for (const auto& [cat, ref] : {std::pair{a_, dir_ + "/ref-a"}, std::pair{b_, dir_ + "/ref-b"}}) {
      Child c = BuildTo(cat, ref, log_);
      ASSERT_TRUE(WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0) << c.err;
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A fresh build's tree of `cat`: every file, bookkeeping included (the
  // input stamp names the catalog folder, the same for both outputs).
  Tree Expected(const std::string& cat) { return ReadTree(cat == a_ ? dir_ + "/ref-a" : dir_ + "/ref-b"); }

  std::string dir_, a_, b_, out_, log_;
};

// Builds `to` into out_ (which holds `from`) once, killed as `kill` says;
// then checks the tree and finishes the build. Returns 0 when the tree was
// the old one, 1 when new; -1 on a mixed tree.
int KillOnce(const std::string& to_cat, const Tree& from, const Tree& to, const std::string& out,
             const std::string& log, const std::string& env, int delay_us, bool* killed) {
  pid_t pid = Start(to_cat, out, env, log);
  if (delay_us >= 0) {
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  *killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  Tree now = ReadTree(out);
  if (now == from) return 0;
  if (now == to) return 1;
  return -1;
}

TEST_F(BuildKillTest, KilledAtRandomMomentsAndInsideTheSwapTheOutputIsOldOrNew) {
  // Start from A; measure how long an update to B takes.
  Child c = BuildTo(a_, out_, log_);
  ASSERT_TRUE(WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0) << c.err;
  Tree ta = Expected(a_), tb = Expected(b_);
  ASSERT_EQ(ReadTree(out_), ta);
  ASSERT_NE(ta, tb);
  // Two warm-up swaps: from then on the spare tree is the target's, as in
  // the loop, and a swap takes one step per file moved or linked, one for the
  // marker and one right after the exchange ("W written, L linked").
  std::map<std::string, long> steps_to;
  auto steps_of = [](const std::string& err) {
    std::smatch m;
    if (!std::regex_search(err, m, std::regex("(\\d+) written, (\\d+) linked"))) return -1L;
    return std::stol(m[1]) + std::stol(m[2]) + 2;
  };
  c = BuildTo(b_, out_, log_);
  ASSERT_TRUE(WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0) << c.err;
  // The random moments fall within the faster of two timed updates, so that a
  // slow measurement on a busy machine doesn't put most of them after the end.
  auto timed = [&](const std::string& cat) {
    auto t0 = std::chrono::steady_clock::now();
    c = BuildTo(cat, out_, log_);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  };
  long update_us = timed(a_);
  ASSERT_TRUE(WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0) << c.err;
  steps_to[a_] = steps_of(c.err);
  update_us = std::min<long>(update_us, timed(b_)) * 9 / 10;
  ASSERT_TRUE(WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0) << c.err;
  ASSERT_EQ(ReadTree(out_), tb);
  steps_to[b_] = steps_of(c.err);
  ASSERT_GT(steps_to[a_], 2) << c.err;
  ASSERT_GT(steps_to[b_], 2) << c.err;

  std::mt19937 rng(13);
  bool at_b = true;
  int mixed = 0, kills = 0, swap_kills = 0, old_seen = 0, new_seen = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string& to_cat = at_b ? a_ : b_;
    const Tree& from = at_b ? tb : ta;
    const Tree& to = at_b ? ta : tb;
    bool killed = false;
    int outcome;
    if (i < 20) {  // a random moment of the whole build
      int delay = std::uniform_int_distribution<int>(0, static_cast<int>(update_us))(rng);
      outcome = KillOnce(to_cat, from, to, out_, log_, "", delay, &killed);
    } else {  // a step of the swap, spread from the first to just after the exchange
      long steps = steps_to[to_cat];
      long k = 1 + (i - 20) * (steps - 1) / 19;
      outcome = KillOnce(to_cat, from, to, out_, log_, "RECIPES_TEST_KILL_AFTER_APPLIED=" + std::to_string(k),
                         -1, &killed);
    }
    kills += killed ? 1 : 0;
    swap_kills += killed && i >= 20 ? 1 : 0;
    if (outcome < 0) {
      ++mixed;
      ADD_FAILURE() << "kill " << i << " left a tree that is neither the old nor the new one";
    }
    (outcome == 1 ? new_seen : old_seen) += 1;
    // The next build succeeds and ends on the new tree.
    c = BuildTo(to_cat, out_, log_);
    ASSERT_TRUE(WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0) << c.err;
    ASSERT_EQ(ReadTree(out_), to) << "after kill " << i;
    for (const char* left : {"/.public.recipes-tmp", "/.public.recipes-next"}) {
      EXPECT_FALSE(fs::exists(dir_ + left)) << left;
    }
    at_b = !at_b;
  }
  std::printf("kill test: %d kills (%d inside the swap), %d left the old tree, %d the new one, %d mixed\n", kills,
              swap_kills, old_seen, new_seen, mixed);
  EXPECT_EQ(mixed, 0);
  EXPECT_EQ(swap_kills, 20);
  EXPECT_GE(kills - swap_kills, 10);  // a random moment may fall after the build ended
  EXPECT_GT(old_seen, 0);
  EXPECT_GT(new_seen, 0);
}

}  // namespace
}  // namespace recipes
