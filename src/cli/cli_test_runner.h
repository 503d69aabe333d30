// Test helper: run the real `recipes` binary (RECIPES_BINARY) and collect its
// exit code, stdout and stderr. Used by *_test.cc only.
#ifndef RECIPES_CLI_CLI_TEST_RUNNER_H_
#define RECIPES_CLI_CLI_TEST_RUNNER_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace recipes::testing {

struct CliResult {
  int code = -1;
  std::string out, err;
};

inline std::string ShQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Runs a shell command line; `out` is its stdout, `err` stays empty.
inline CliResult RunShell(const std::string& cmd) {
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[1 << 15];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// Runs `recipes args...` with `env` prefixed (e.g. "NO_COLOR=1 ").
inline CliResult RunRecipes(const std::vector<std::string>& args, const std::string& env = "") {
  static int counter = 0;
  std::string err_path = ::testing::TempDir() + "recipes_run_err_" + std::to_string(::getpid()) + "_" +
                         std::to_string(counter++);
  std::string cmd = env + ShQuote(RECIPES_BINARY);
  for (const std::string& a : args) cmd += " " + ShQuote(a);
  cmd += " 2>" + ShQuote(err_path) + " </dev/null";
  CliResult r = RunShell(cmd);
  std::ifstream in(err_path);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  std::remove(err_path.c_str());
  return r;
}

inline bool Contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace recipes::testing

#endif  // RECIPES_CLI_CLI_TEST_RUNNER_H_
