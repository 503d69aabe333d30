// Runs the browser tests (tests/browser/run.mjs: playwright-core driving
// Debian's chromium against `recipes serve`) as one GoogleTest, so they are
// part of `make test`. Skips with a message when chromium, node or the npm
// packages are missing (scripts/install-browser-deps.sh installs them).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace recipes {
namespace {

bool Executable(const char* path) { return std::filesystem::exists(path); }

TEST(BrowserTest, RecipeBuilderSearchBrowseThemeAndNotFound) {
  const std::string src = RECIPES_SOURCE_DIR;
  const std::string dir = src + "/tests/browser";
  const char* chromium = std::getenv("CHROMIUM") ? std::getenv("CHROMIUM") : "/usr/bin/chromium";
  if (!Executable(chromium)) GTEST_SKIP() << "no chromium at " << chromium << " (run scripts/install-browser-deps.sh)";
  if (std::system("node --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "node is not installed";
  if (!std::filesystem::exists(dir + "/node_modules/playwright-core")) {
    GTEST_SKIP() << "tests/browser/node_modules/playwright-core is missing (run scripts/install-browser-deps.sh)";
  }
  std::string cmd = "cd '" + dir + "' && node run.mjs '" + RECIPES_BINARY + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int rc = pclose(p);
  std::printf("%s", out.c_str());
  EXPECT_EQ(rc, 0) << "browser tests failed; screenshots are in tests/browser/screenshots/";
  EXPECT_NE(out.find(" passed, 0 failed"), std::string::npos);
}

}  // namespace
}  // namespace recipes
