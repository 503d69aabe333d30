#include "site/http_server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace recipes {
namespace {

constexpr size_t kMaxBodyBytes = 64 * 1024;

void Serve(const Site& site, const httplib::Request& req, httplib::Response& res) {
  HttpRequest r;
  r.method = req.method;
  r.target = req.target;
  r.body = req.body;
  r.if_none_match = req.get_header_value("If-None-Match");
  const std::string& ae = req.get_header_value("Accept-Encoding");
  r.accepts_gzip = ae.find("gzip") != std::string::npos;
  HttpResponse out = site.Handle(r);
  res.status = out.status;
  for (auto& [k, v] : out.headers) res.set_header(k, v);
  if (out.gzipped) {
    // The body is stored gzip'd; keep httplib from compressing it again.
    const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
    res.set_header("Content-Encoding", "gzip");
  }
  if (out.status == 304) {
    res.body.clear();
    return;
  }
  res.set_content(std::move(out.body), out.content_type.c_str());
}

void Configure(httplib::Server& server, const Site& site, bool access_log) {
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_payload_max_length(kMaxBodyBytes);
  server.set_tcp_nodelay(true);
  // Every request goes through the Site's own router (no regex routes).
  server.set_pre_routing_handler([&site](const httplib::Request& req, httplib::Response& res) {
    Serve(site, req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  // Errors httplib raises itself (oversized URI or headers, bad request lines).
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string msg = res.status == 414 ? "request URI too long"
                      : res.status == 413 ? "request too large"
                      : res.status == 431 ? "request headers too large"
                                          : "bad request";
    res.set_content("{\n  \"error\": \"" + msg + "\"\n}\n", "application/json");
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content("{\n  \"error\": \"internal error\"\n}\n", "application/json");
  });
  // httplib's default also sets SO_REUSEPORT, which lets a second server
  // share a busy port and take half its requests; a busy port must fail.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  if (access_log) {
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::fprintf(stderr, "%s %s %d\n", req.method.c_str(), req.target.c_str(), res.status);
    });
  }
}

}  // namespace

int RunHttpServer(const Site& site, const HttpServerOptions& options, std::string* error) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  if (options.handle_signals) {
    // Block before the worker threads start so only the waiter sees them.
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  }
  signal(SIGPIPE, SIG_IGN);
  httplib::Server server;
  Configure(server, site, options.access_log);
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    *error = "cannot listen on " + options.host + ":" + std::to_string(options.port) + " (address not available, or the port is in use)";
    return 1;
  }
  if (options.on_listening) options.on_listening(port);
  std::thread waiter;
  if (options.handle_signals) {
    waiter = std::thread([&server, stop_signals]() {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      if (sig == SIGTERM || sig == SIGINT) server.stop();
    });
  }
  server.listen_after_bind();
  if (waiter.joinable()) {
    // Wakes the waiter if listen ended for another reason (harmless otherwise:
    // the signal stays pending on a finished thread that is joined next).
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  }
  return 0;
}

struct BackgroundServer::Impl {
  httplib::Server server;
  std::thread thread;
};

BackgroundServer::BackgroundServer(const Site& site) : impl_(new Impl) {
  Configure(impl_->server, site, false);
  port_ = impl_->server.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return;
  impl_->thread = std::thread([this]() { impl_->server.listen_after_bind(); });
  // stop() is a no-op until the server runs, so a destructor that came too
  // early would join forever: wait (boundedly) until it is accepting.
  for (int i = 0; i < 5000 && !impl_->server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

BackgroundServer::~BackgroundServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  delete impl_;
}

}  // namespace recipes
