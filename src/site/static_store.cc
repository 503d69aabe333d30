#include "site/static_store.h"

#include "site/assets.h"
#include "site/gzip.h"

namespace recipes {

void StaticStore::Put(std::string path, std::string_view body, std::string content_type, std::string cache_control,
                      bool keep_raw, int gzip_level) {
  entries_[std::move(path)] = MakeEntry(body, std::move(content_type), std::move(cache_control), keep_raw, gzip_level);
}

StaticStore::Entry StaticStore::MakeEntry(std::string_view body, std::string content_type, std::string cache_control,
                                          bool keep_raw, int gzip_level) {
  Entry e;
  e.content_type = std::move(content_type);
  e.cache_control = std::move(cache_control);
  e.etag = ETagFor(body);
  e.gz = GzipCompress(body, gzip_level);
  e.keep_raw = keep_raw;
  if (keep_raw) e.raw = std::string(body);
  e.size = body.size();
  return e;
}

const StaticStore::Entry* StaticStore::Find(std::string_view path) const {
  auto it = entries_.find(std::string(path));
  return it == entries_.end() ? nullptr : &it->second;
}

size_t StaticStore::compressed_bytes() const {
  size_t n = 0;
  for (const auto& [k, e] : entries_) n += e.gz.size() + e.raw.size();
  return n;
}

HttpResponse StaticStore::Respond(const Entry& e, const HttpRequest& request) {
  HttpResponse r;
  r.content_type = e.content_type;
  r.SetHeader("ETag", e.etag);
  r.SetHeader("Cache-Control", e.cache_control);
  r.SetHeader("Vary", "Accept-Encoding");
  if (!request.if_none_match.empty() &&
      (request.if_none_match == e.etag || request.if_none_match == "*" ||
       request.if_none_match.find(e.etag) != std::string::npos)) {
    r.status = 304;
    return r;
  }
  if (request.accepts_gzip) {
    r.body = e.gz;
    r.gzipped = true;
  } else if (e.keep_raw) {
    r.body = e.raw;
  } else {
    auto body = GzipDecompress(e.gz);
    r.body = body ? std::move(*body) : std::string();
  }
  return r;
}

}  // namespace recipes
