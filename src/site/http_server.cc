#include "site/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "site/http_range.h"

namespace recipes {
namespace {

using Clock = std::chrono::steady_clock;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// One TCP connection. The sweeper reads the atomics; `cut` and membership in
// the registry are guarded by the registry's mutex, which the close
// notification also takes, so a socket is never shut down after MHD closed it.
struct Conn {
  int fd = -1;
  std::atomic<int64_t> waiting_since_ms{0};  // when it began waiting for a request
  std::atomic<bool> answering{false};        // a response is queued or being sent
  bool cut = false;
};

// One request on a connection, from its request line to its completion.
struct Req {
  std::string raw_uri;  // as sent: path plus query, still percent-encoded
  std::string method, version;
  std::string body;
  bool started = false;
  bool body_too_large = false;
  Conn* conn = nullptr;
  HttpRequest request;
  int status = 0;
  size_t bytes = 0;
};

struct HeaderScan {
  int lines = 0;
  size_t bytes = 0;
  HttpRequest* request = nullptr;
  std::string accept_encoding;
};

void Append(std::string* to, const char* value) {
  if (!to->empty()) to->append(", ");
  to->append(value);
}

MHD_Result ScanHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* scan = static_cast<HeaderScan*>(cls);
  if (value == nullptr) value = "";
  ++scan->lines;
  scan->bytes += std::strlen(key) + std::strlen(value) + 4;  // "k: v\r\n"
  if (strcasecmp(key, "Accept-Encoding") == 0) {
    Append(&scan->accept_encoding, value);
  } else if (strcasecmp(key, "If-None-Match") == 0) {
    Append(&scan->request->if_none_match, value);
  } else if (strcasecmp(key, "Range") == 0) {
    if (!scan->request->range.empty()) scan->request->range += ",";  // two Range headers: several ranges
    scan->request->range += value;
  } else if (strcasecmp(key, "If-Range") == 0) {
    scan->request->if_range = value;
  }
  return MHD_YES;
}

void FreeString(void* cls) { delete static_cast<std::string*>(cls); }

std::string ErrorJson(const char* message) { return std::string("{\n  \"error\": \"") + message + "\"\n}\n"; }

// Common Log Format: host ident authuser [date] "request line" status bytes.
void LogRequest(MHD_Connection* connection, const Req& req) {
  char host[INET6_ADDRSTRLEN] = "-";
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info != nullptr && info->client_addr != nullptr) {
    const sockaddr* sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, host, sizeof host);
    } else if (sa->sa_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, host, sizeof host);
    }
  }
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char date[40];
  std::strftime(date, sizeof date, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  std::string line = std::string(host) + " - - [" + date + "] \"";
  // The request line as received, with quotes and control bytes escaped so a
  // client cannot forge log lines.
  std::string request_line = req.method + " " + req.raw_uri + " " + req.version;
  for (unsigned char c : request_line) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02X", c);
      line += esc;
    } else {
      line += static_cast<char>(c);
    }
  }
  line += "\" " + std::to_string(req.status) + " " + (req.bytes ? std::to_string(req.bytes) : "-") + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

// Binds and listens on host:port (port 0 = any free port) without
// SO_REUSEPORT, so a busy port is an error rather than a shared one.
int Listen(const std::string& host, int port, int* bound_port, std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* list = nullptr;
  std::string service = std::to_string(port);
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &list) != 0 || list == nullptr) {
    *error = "cannot listen on " + host + ":" + service + " (unknown address)";
    return -1;
  }
  int fd = -1;
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) continue;
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 4096) == 0) break;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(list);
  if (fd < 0) {
    *error = "cannot listen on " + host + ":" + service + " (address not available, or the port is in use)";
    return -1;
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *bound_port = ntohs(addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                                                 : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  return fd;
}

class Server {
 public:
  Server(const Site& site, HttpServerOptions options) : site_(site), options_(std::move(options)) {}
  ~Server() { Stop(); }

  bool Start(std::string* error) {
    listen_fd_ = Listen(options_.host, options_.port, &port_, error);
    if (listen_fd_ < 0) return false;
    unsigned threads = options_.threads > 0 ? static_cast<unsigned>(options_.threads)
                                            : std::max(1u, std::thread::hardware_concurrency());
    // The pool holds the request line, the headers and their parsed form; a
    // head that does not fit is refused by the library itself (431 / 414).
    size_t pool = std::max<size_t>(32 * 1024, options_.max_url_bytes + options_.max_header_bytes + 16 * 1024);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
    daemon_ = MHD_start_daemon(
        flags, 0, nullptr, nullptr, &Server::Access, this,
        MHD_OPTION_LISTEN_SOCKET, static_cast<MHD_socket>(listen_fd_),
        MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0u,
        MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned>(options_.max_connections),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<unsigned>(options_.max_per_ip),
        MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(options_.idle_timeout_s),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool,
        MHD_OPTION_URI_LOG_CALLBACK, &Server::UriLog, this,
        MHD_OPTION_NOTIFY_COMPLETED, &Server::Completed, this,
        MHD_OPTION_NOTIFY_CONNECTION, &Server::Notify, this,
        MHD_OPTION_END);
    if (daemon_ == nullptr) {
      close(listen_fd_);
      listen_fd_ = -1;
      *error = "cannot start the HTTP server on " + options_.host + ":" + std::to_string(port_);
      return false;
    }
    sweeper_ = std::thread([this] { Sweep(); });
    return true;
  }

  int port() const { return port_; }

  // Stops accepting, then waits (at most drain_timeout_s) for requests that
  // are being read or answered; responses sent meanwhile close their
  // connection.
  void Drain() {
    if (daemon_ == nullptr) return;
    draining_ = true;
    MHD_quiesce_daemon(daemon_);
    if (listen_fd_ >= 0) {
      close(listen_fd_);  // new connections are refused from here on
      listen_fd_ = -1;
    }
    auto deadline = Clock::now() + std::chrono::seconds(options_.drain_timeout_s);
    while (in_flight_.load() > 0 && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (sweeper_.joinable()) sweeper_.join();
    if (daemon_ != nullptr) {
      MHD_stop_daemon(daemon_);
      daemon_ = nullptr;
    }
    if (listen_fd_ >= 0) {
      close(listen_fd_);
      listen_fd_ = -1;
    }
  }

 private:
  static void* UriLog(void* cls, const char* uri, MHD_Connection* connection) {
    auto* self = static_cast<Server*>(cls);
    auto* req = new Req;
    req->raw_uri = uri != nullptr ? uri : "";
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (info != nullptr) req->conn = static_cast<Conn*>(info->socket_context);
    // In flight from its request line on: a drain waits for it (bounded).
    ++self->in_flight_;
    return req;
  }

  static void Notify(void* cls, MHD_Connection* connection, void** socket_context,
                     MHD_ConnectionNotificationCode code) {
    auto* self = static_cast<Server*>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* conn = new Conn;
      const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      conn->fd = info != nullptr ? info->connect_fd : -1;
      conn->waiting_since_ms = NowMs();
      *socket_context = conn;
      std::lock_guard<std::mutex> lock(self->mu_);
      self->conns_.insert(conn);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
      auto* conn = static_cast<Conn*>(*socket_context);
      if (conn == nullptr) return;
      {
        std::lock_guard<std::mutex> lock(self->mu_);
        self->conns_.erase(conn);
      }
      delete conn;
      *socket_context = nullptr;
    }
  }

  static void Completed(void* cls, MHD_Connection* connection, void** con_cls, MHD_RequestTerminationCode) {
    auto* self = static_cast<Server*>(cls);
    auto* req = static_cast<Req*>(*con_cls);
    if (req == nullptr) return;
    if (self->options_.access_log && req->status != 0) LogRequest(connection, *req);
    --self->in_flight_;
    if (req->conn != nullptr) {
      req->conn->waiting_since_ms = NowMs();
      req->conn->answering = false;
    }
    delete req;
    *con_cls = nullptr;
  }

  static MHD_Result Access(void* cls, MHD_Connection* connection, const char* url, const char* method,
                           const char* version, const char* upload_data, size_t* upload_data_size, void** con_cls) {
    auto* self = static_cast<Server*>(cls);
    auto* req = static_cast<Req*>(*con_cls);
    if (req == nullptr) {  // no request-line callback (should not happen)
      req = new Req;
      req->raw_uri = url;
      ++self->in_flight_;
      *con_cls = req;
    }
    if (!req->started) {
      req->started = true;
      // The head is in: the header deadline no longer applies (a slow
      // answer, e.g. a first render, must not be cut by it).
      if (req->conn != nullptr) req->conn->answering = true;
      req->method = method;
      req->version = version;
      HttpRequest& r = req->request;
      r.method = method;
      r.target = req->raw_uri;
      HeaderScan scan;
      scan.request = &r;
      MHD_get_connection_values(connection, MHD_HEADER_KIND, &ScanHeader, &scan);
      r.accepts_gzip = scan.accept_encoding.find("gzip") != std::string::npos;
      const HttpServerOptions& o = self->options_;
      if (req->raw_uri.size() > o.max_url_bytes) {
        return self->Send(connection, req, HttpResponse::Json(414, ErrorJson("request URI too long")));
      }
      if (scan.lines > o.max_header_lines || scan.bytes > o.max_header_bytes) {
        return self->Send(connection, req, HttpResponse::Json(431, ErrorJson("request headers too large")));
      }
      // Answer on the next call, once the library knows the request (and any
      // body) is complete: a response queued earlier would close the connection.
      return MHD_YES;
    }
    if (*upload_data_size > 0) {
      if (req->body.size() + *upload_data_size > self->options_.max_body_bytes) {
        req->body_too_large = true;
      } else {
        req->body.append(upload_data, *upload_data_size);
      }
      *upload_data_size = 0;
      return MHD_YES;
    }
    if (req->body_too_large) {
      return self->Send(connection, req, HttpResponse::Json(413, ErrorJson("request too large")));
    }
    req->request.body = std::move(req->body);
    return self->Send(connection, req, self->site_.Handle(req->request));
  }

  MHD_Result Send(MHD_Connection* connection, Req* req, HttpResponse out) {
    ApplyRange(req->request, &out);
    bool no_body = out.status == 304 || out.status == 204;
    auto* body = new std::string(no_body ? std::string() : std::move(out.body));
    MHD_Response* response =
        MHD_create_response_from_buffer_with_free_callback_cls(body->size(), body->data(), &FreeString, body);
    if (response == nullptr) {
      delete body;
      return MHD_NO;
    }
    if (!no_body) MHD_add_response_header(response, "Content-Type", out.content_type.c_str());
    for (const auto& [name, value] : out.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
    if (out.gzipped && !no_body) MHD_add_response_header(response, "Content-Encoding", "gzip");
    if (draining_) MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
    req->status = out.status;
    req->bytes = req->method == "HEAD" ? 0 : body->size();
    if (req->conn != nullptr) req->conn->answering = true;
    MHD_Result ok = MHD_queue_response(connection, static_cast<unsigned>(out.status), response);
    MHD_destroy_response(response);
    return ok;
  }

  // Cuts connections whose request has not fully arrived within the header
  // deadline (a trickle of bytes resets the library's inactivity timer, not
  // this one). Shutting the socket down makes the library close it.
  void Sweep() {
    const int64_t limit_ms = static_cast<int64_t>(options_.header_timeout_s) * 1000;
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      wake_.wait_for(lock, std::chrono::milliseconds(250));
      if (stopping_) break;
      int64_t now = NowMs();
      for (Conn* c : conns_) {
        if (c->cut || c->answering.load() || c->fd < 0) continue;
        if (now - c->waiting_since_ms.load() > limit_ms) {
          shutdown(c->fd, SHUT_RDWR);
          c->cut = true;
        }
      }
    }
  }

  const Site& site_;
  HttpServerOptions options_;
  MHD_Daemon* daemon_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> draining_{false};
  std::atomic<int> in_flight_{0};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::unordered_set<Conn*> conns_;
  std::thread sweeper_;
};

}  // namespace

int RunHttpServer(const Site& site, const HttpServerOptions& options, std::string* error) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  // Block before the worker threads start so only this thread sees them.
  if (options.handle_signals) pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  // Each connection is a descriptor: allow as many as the hard limit permits.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  Server server(site, options);
  if (!server.Start(error)) return 1;
  if (options.on_listening) options.on_listening(server.port());
  if (options.handle_signals) {
    int sig = 0;
    while (sigwait(&stop_signals, &sig) == 0 && sig != SIGTERM && sig != SIGINT) {
    }
  } else {
    // No way to stop it from outside: serve until the process ends.
    std::mutex mu;
    std::condition_variable never;
    std::unique_lock<std::mutex> lock(mu);
    never.wait(lock, [] { return false; });
  }
  server.Drain();
  server.Stop();
  return 0;
}

struct BackgroundServer::Impl {
  std::unique_ptr<Server> server;
};

BackgroundServer::BackgroundServer(const Site& site, HttpServerOptions options) : impl_(std::make_unique<Impl>()) {
  signal(SIGPIPE, SIG_IGN);
  options.host = "127.0.0.1";
  options.port = 0;
  options.handle_signals = false;
  impl_->server = std::make_unique<Server>(site, std::move(options));
  std::string error;
  if (impl_->server->Start(&error)) port_ = impl_->server->port();
}

BackgroundServer::~BackgroundServer() {
  if (impl_->server) impl_->server->Stop();
}

}  // namespace recipes
