#include "site/http_range.h"

#include <charconv>
#include <string>

namespace recipes {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool ParseNumber(std::string_view s, size_t* out) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

RangeKind ParseSingleRange(std::string_view header, size_t size, ByteRange* range) {
  header = Trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() <= kUnit.size()) return RangeKind::kNone;
  for (size_t i = 0; i < kUnit.size(); ++i) {
    char c = header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kUnit[i]) return RangeKind::kNone;
  }
  std::string_view spec = Trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return RangeKind::kNone;  // several ranges: whole body
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeKind::kNone;
  std::string_view a = Trim(spec.substr(0, dash)), b = Trim(spec.substr(dash + 1));
  size_t first = 0, last = 0;
  if (a.empty()) {  // suffix: the last N bytes
    size_t n = 0;
    if (!ParseNumber(b, &n)) return RangeKind::kNone;
    if (n == 0 || size == 0) return RangeKind::kUnsatisfiable;
    first = n >= size ? 0 : size - n;
    last = size - 1;
  } else {
    if (!ParseNumber(a, &first)) return RangeKind::kNone;
    if (b.empty()) {
      last = size == 0 ? 0 : size - 1;
    } else {
      if (!ParseNumber(b, &last) || last < first) return RangeKind::kNone;
      if (size > 0 && last >= size) last = size - 1;
    }
    if (first >= size) return RangeKind::kUnsatisfiable;
  }
  range->first = first;
  range->last = last;
  return RangeKind::kSingle;
}

void ApplyRange(const HttpRequest& request, HttpResponse* r) {
  if (r->status != 200 || r->gzipped) return;
  const std::string* etag = r->Header("ETag");
  if (etag == nullptr) return;
  r->SetHeader("Accept-Ranges", "bytes");
  if (request.range.empty() || (request.method != "GET" && request.method != "HEAD")) return;
  // If-Range with a strong ETag: range only the representation the client has.
  if (!request.if_range.empty() && Trim(request.if_range) != *etag) return;
  ByteRange range;
  size_t size = r->body.size();
  switch (ParseSingleRange(request.range, size, &range)) {
    case RangeKind::kNone:
      return;
    case RangeKind::kUnsatisfiable:
      r->status = 416;
      r->body.clear();
      r->SetHeader("Content-Range", "bytes */" + std::to_string(size));
      r->SetHeader("Cache-Control", "no-store");
      return;
    case RangeKind::kSingle:
      r->status = 206;
      r->body = r->body.substr(range.first, range.last - range.first + 1);
      r->SetHeader("Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
                                        std::to_string(size));
      return;
  }
}

}  // namespace recipes
