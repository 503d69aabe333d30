// HttpRequest / HttpResponse: the server's view of one exchange, independent
// of the HTTP library so that routing and pages can be tested in-process.
#ifndef RECIPES_SITE_HTTP_TYPES_H_
#define RECIPES_SITE_HTTP_TYPES_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace recipes {

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";  // raw request target: path plus optional "?query", still percent-encoded
  bool accepts_gzip = false;
  std::string if_none_match;
  std::string range;         // Range header ("" = none)
  std::string if_range;      // If-Range header ("" = none)
  std::string body;          // POST bodies (extra routes)
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;          // gzip bytes when `gzipped`
  bool gzipped = false;      // body is already gzip-encoded (Content-Encoding: gzip)
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (ETag, Cache-Control, Location, ...)

  void SetHeader(std::string name, std::string value);
  const std::string* Header(std::string_view name) const;

  static HttpResponse Html(int status, std::string html);
  static HttpResponse Json(int status, std::string json);
  static HttpResponse Redirect(std::string location);  // 302, temporary (as the reference)
};

}  // namespace recipes

#endif  // RECIPES_SITE_HTTP_TYPES_H_
