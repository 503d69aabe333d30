// A minimal blocking HTTP/1.1 client over raw loopback sockets, for tests
// that must send what a browser would not (huge or endless headers, stalled
// requests) and read exactly what came back. Test-only; header-only.
#ifndef RECIPES_SITE_TEST_HTTP_CLIENT_H_
#define RECIPES_SITE_TEST_HTTP_CLIENT_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace recipes::testing {

struct RawResponse {
  int status = 0;  // 0 = no (complete) answer: closed, reset or timed out
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  const std::string* Header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k.size() == name.size() && strncasecmp(k.data(), name.data(), name.size()) == 0) return &v;
    }
    return nullptr;
  }
};

/// Connects to 127.0.0.1:port from `source_ip` (any 127.x.y.z address; ""
/// = the kernel's choice). Returns the socket or -1.
inline int ConnectLoopback(int port, const std::string& source_ip = "") {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (!source_ip.empty()) {
    sockaddr_in src{};
    src.sin_family = AF_INET;
    inet_pton(AF_INET, source_ip.c_str(), &src.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
      close(fd);
      return -1;
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/// Writes all of `data`; false when the peer closed or reset.
inline bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

/// Reads one response (Content-Length framed, or until close) within
/// timeout_ms. `head` = the request was HEAD (no body follows).
inline RawResponse ReadResponse(int fd, int timeout_ms, bool head = false) {
  RawResponse r;
  std::string buf;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  size_t header_end = std::string::npos;
  size_t want = std::string::npos;
  while (true) {
    if (header_end == std::string::npos) {
      header_end = buf.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string_view h(buf.data(), header_end);
        size_t eol = h.find("\r\n");
        std::string_view status_line = h.substr(0, eol);
        if (status_line.size() >= 12) r.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
        while (eol != std::string_view::npos) {
          size_t start = eol + 2;
          eol = h.find("\r\n", start);
          std::string_view line = h.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
          size_t colon = line.find(':');
          if (colon == std::string_view::npos) continue;
          std::string_view v = line.substr(colon + 1);
          while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
          r.headers.emplace_back(std::string(line.substr(0, colon)), std::string(v));
        }
        bool bodiless = head || r.status == 304 || r.status == 204 || (r.status >= 100 && r.status < 200);
        if (bodiless) {
          want = 0;
        } else if (const std::string* cl = r.Header("Content-Length")) {
          want = std::strtoull(cl->c_str(), nullptr, 10);
        }
      }
    }
    if (header_end != std::string::npos && want != std::string::npos && buf.size() - header_end - 4 >= want) {
      r.body = buf.substr(header_end + 4, want);
      return r;
    }
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, left) <= 0) break;
    char chunk[65536];
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
      if (header_end != std::string::npos && want == std::string::npos) {  // close-delimited body
        r.body = buf.substr(header_end + 4);
        return r;
      }
      break;
    }
    buf.append(chunk, static_cast<size_t>(n));
  }
  r.status = 0;  // incomplete
  return r;
}

/// One request on a fresh connection: `request` is the raw bytes to send.
inline RawResponse Exchange(int port, std::string_view request, int timeout_ms = 5000,
                            const std::string& source_ip = "") {
  int fd = ConnectLoopback(port, source_ip);
  if (fd < 0) return {};
  RawResponse r;
  if (SendAll(fd, request)) {
    r = ReadResponse(fd, timeout_ms, request.substr(0, 5) == "HEAD ");
  } else {
    r = ReadResponse(fd, 500);  // the server may have answered before closing
  }
  close(fd);
  return r;
}

/// "GET target HTTP/1.1" with Host and the extra header lines (each "K: v").
inline std::string GetRequest(std::string_view target, const std::vector<std::string>& headers = {},
                              std::string_view method = "GET") {
  std::string req = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const std::string& h : headers) req += h + "\r\n";
  req += "Connection: close\r\n\r\n";
  return req;
}

}  // namespace recipes::testing

#endif  // RECIPES_SITE_TEST_HTTP_CLIENT_H_
