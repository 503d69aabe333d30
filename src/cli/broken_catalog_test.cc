// One story about broken catalogs: a recipe whose file failed to load is
// named with its file:line:col error by `command`, the others still work,
// and `serve` prints the error count and serves what loaded.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "cli/cli_test_runner.h"

namespace recipes {
namespace {

namespace fs = std::filesystem;
using testing::Contains;
using testing::RunRecipes;

// Our catalog folder with a YAML syntax error appended to Qwen3-4B.
std::string BrokenCatalog() {
  std::string dir = ::testing::TempDir() + "broken_catalog_" + std::to_string(::getpid());
  fs::remove_all(dir);
  fs::copy(RECIPES_SOURCE_DIR "/catalog", dir, fs::copy_options::recursive);
  std::ofstream(dir + "/models/Qwen/Qwen3-4B.yaml", std::ios::app) << "meta2:\n  title: \"unclosed\n  x: [\n";
  return dir;
}

TEST(BrokenCatalog, CommandNamesTheFileErrorAndOthersStillResolve) {
  std::string dir = BrokenCatalog();
  auto r = RunRecipes({"command", "Qwen/Qwen3-4B", "--catalog", dir});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Contains(r.err, "failed to load")) << r.err;
  // file:line:col of the YAML error.
  EXPECT_TRUE(Contains(r.err, "models/Qwen/Qwen3-4B.yaml:")) << r.err;
  size_t at = r.err.find("Qwen3-4B.yaml:");
  ASSERT_NE(at, std::string::npos);
  std::string pos = r.err.substr(at + 14, r.err.find(' ', at) - at - 14);
  EXPECT_EQ(std::count(pos.begin(), pos.end(), ':'), 2) << pos;  // line:col:
  // As data too.
  auto j = RunRecipes({"command", "qwen/qwen3-4b", "--catalog", dir, "--format", "json"});
  EXPECT_EQ(j.code, 1);
  EXPECT_TRUE(Contains(j.out, "\"param\": \"recipe\"")) << j.out;
  EXPECT_TRUE(Contains(j.out, "failed to load")) << j.out;
  // One broken recipe does not hide the others.
  auto ok = RunRecipes({"command", "Qwen/Qwen3-32B", "--catalog", dir});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_TRUE(Contains(ok.out, "vllm serve Qwen/Qwen3-32B")) << ok.out;
  // build refuses a broken catalog, counting the errors.
  auto b = RunRecipes({"build", "--catalog", dir, "--out", dir + "-out"});
  EXPECT_EQ(b.code, 1);
  EXPECT_TRUE(Contains(b.err, "1 error; nothing was written")) << b.err;
  fs::remove_all(dir);
}

TEST(BrokenCatalog, ServePrintsTheErrorCountAndServesWhatLoaded) {
  std::string dir = BrokenCatalog();
  std::string err_path = dir + ".stderr";
  int out[2];
  ASSERT_EQ(pipe2(out, O_CLOEXEC), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err >= 0) dup2(err, 2);
    execl(RECIPES_BINARY, RECIPES_BINARY, "serve", "--catalog", dir.c_str(), "--port", "0", "--host", "127.0.0.1",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && !Contains(text, "Listening on")) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[4096];
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  close(out[0]);
  std::ifstream in(err_path);
  std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(Contains(text, "Listening on")) << text << err;
  EXPECT_TRUE(Contains(err, "models/Qwen/Qwen3-4B.yaml:")) << err;
  EXPECT_TRUE(Contains(err, "the catalog has 1 error(s); serving what loaded")) << err;
  fs::remove_all(dir);
  fs::remove(err_path);
}

}  // namespace
}  // namespace recipes
