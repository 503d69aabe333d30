// RunHttpServer: serves a Site over HTTP with GNU libmicrohttpd (epoll, one
// event loop per worker thread, so a connection costs a socket, not a
// thread) until SIGTERM or SIGINT, then stops accepting, lets in-flight
// requests finish (bounded) and returns.
//
// This file is the only place that knows the HTTP library: it turns a wire
// request into an HttpRequest, asks Site::Handle, and applies the
// protocol-level rules (limits, byte ranges, access log) on the way out.
#ifndef RECIPES_SITE_HTTP_SERVER_H_
#define RECIPES_SITE_HTTP_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "site/site.h"

namespace recipes {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;               // 0 = any free port
  bool handle_signals = true;    // stop on SIGTERM / SIGINT
  bool access_log = false;       // common log format lines on stderr
  int threads = 0;               // event-loop workers; 0 = the core count
  int header_timeout_s = 10;     // whole request head must arrive within this
  int idle_timeout_s = 5;        // keep-alive / inactivity timeout
  int max_connections = 10000;
  int max_per_ip = 256;
  size_t max_header_bytes = 16 * 1024;  // 431 beyond
  int max_header_lines = 100;           // 431 beyond
  size_t max_url_bytes = 8 * 1024;      // 414 beyond
  size_t max_body_bytes = 64 * 1024;    // 413 beyond
  int drain_timeout_s = 5;       // SIGTERM: how long in-flight requests may take
  /// Called once the socket is bound, with the actual port.
  std::function<void(int port)> on_listening;
};

/// Blocks until stopped. Returns 0 after a clean stop, 1 when the address
/// cannot be bound or the server cannot start (message in *error).
int RunHttpServer(const Site& site, const HttpServerOptions& options, std::string* error);

/// A server running on background threads, for tests: binds an ephemeral
/// port on 127.0.0.1 (options.host / options.port are ignored).
class BackgroundServer {
 public:
  explicit BackgroundServer(const Site& site, HttpServerOptions options = {});
  ~BackgroundServer();  // stops
  int port() const { return port_; }
  bool ok() const { return port_ > 0; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace recipes

#endif  // RECIPES_SITE_HTTP_SERVER_H_
