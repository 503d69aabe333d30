// RunHttpServer: serves a Site over HTTP with cpp-httplib until SIGTERM or
// SIGINT, then stops accepting, lets in-flight requests finish and returns.
#ifndef RECIPES_SITE_HTTP_SERVER_H_
#define RECIPES_SITE_HTTP_SERVER_H_

#include <functional>
#include <string>

#include "site/site.h"

namespace recipes {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;               // 0 = any free port
  bool handle_signals = true;    // stop on SIGTERM / SIGINT
  bool access_log = false;
  /// Called once the socket is bound, with the actual port.
  std::function<void(int port)> on_listening;
};

/// Blocks until stopped. Returns 0 after a clean stop, 1 when the address
/// cannot be bound (message in *error).
int RunHttpServer(const Site& site, const HttpServerOptions& options, std::string* error);

/// A server running on a background thread, for tests: binds an ephemeral
/// port on 127.0.0.1.
class BackgroundServer {
 public:
  explicit BackgroundServer(const Site& site);
  ~BackgroundServer();  // stops and joins
  int port() const { return port_; }
  bool ok() const { return port_ > 0; }

 private:
  struct Impl;
  Impl* impl_;
  int port_ = 0;
};

}  // namespace recipes

#endif  // RECIPES_SITE_HTTP_SERVER_H_
