// Test helper: runs `recipes serve --port 0` (RECIPES_BINARY) as a child
// process on the reference catalog (the embedded one when ../shared is
// absent), waits until it listens, and stops it by its PID. Test-only.
#ifndef RECIPES_SITE_TEST_SERVE_PROCESS_H_
#define RECIPES_SITE_TEST_SERVE_PROCESS_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "site/test_catalog.h"

namespace recipes::testing {

class ServeProcess {
 public:
  /// Starts the server with `extra` arguments; `stderr_path` (optional)
  /// receives its stderr. ok() tells whether it came up within 120 s.
  explicit ServeProcess(std::vector<std::string> extra = {}, std::string stderr_path = "") {
    std::vector<std::string> args = {RECIPES_BINARY, "serve", "--port", "0", "--host", "127.0.0.1"};
    std::string catalog = ReferenceDir() + "/catalog";
    std::error_code ec;
    if (std::filesystem::is_directory(catalog, ec)) {
      args.push_back("--catalog");
      args.push_back(catalog);
    }
    for (auto& a : extra) args.push_back(std::move(a));
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      if (!stderr_path.empty()) {
        int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (err >= 0) dup2(err, 2);
      }
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    out_ = out[0];
    std::string text;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char buf[4096];
      ssize_t n = read(out_, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
      size_t at = text.find("Listening on http://127.0.0.1:");
      if (at != std::string::npos && text.find('/', at + 30) != std::string::npos) {
        port_ = std::atoi(text.c_str() + at + 30);
        break;
      }
    }
  }

  ~ServeProcess() { Stop(); }

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }

  /// A /proc/PID/status field in kB (VmRSS, VmHWM), or -1.
  long StatusKb(const std::string& field) const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
    }
    return -1;
  }

  /// Sends SIGTERM and waits up to `timeout_ms`; SIGKILL after that.
  /// Returns the milliseconds it took to exit (-1 when it had to be killed).
  long Stop(int timeout_ms = 10000) {
    if (pid_ <= 0) return -1;
    auto t0 = std::chrono::steady_clock::now();
    kill(pid_, SIGTERM);
    long took = -1;
    while (std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(timeout_ms)) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        took = static_cast<long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (took < 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
    out_ = -1;
    pid_ = -1;
    return took;
  }

  /// Sends SIGTERM without waiting.
  void Signal(int sig) const {
    if (pid_ > 0) kill(pid_, sig);
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

}  // namespace recipes::testing

#endif  // RECIPES_SITE_TEST_SERVE_PROCESS_H_
