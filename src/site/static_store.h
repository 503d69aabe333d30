// StaticStore: pre-rendered response bodies kept in memory, gzip-compressed
// (the whole JSON API is ~70 MB as text, ~13 MB compressed), each with its
// ETag. Bodies are served compressed to clients that accept gzip and
// inflated on the fly for the others, so bytes on the wire decode to exactly
// what was stored.
#ifndef RECIPES_SITE_STATIC_STORE_H_
#define RECIPES_SITE_STATIC_STORE_H_

#include <string>
#include <string_view>
#include <unordered_map>

#include "site/http_types.h"

namespace recipes {

class StaticStore {
 public:
  struct Entry {
    std::string content_type;
    std::string cache_control;
    std::string etag;
    std::string gz;      // gzip of the body
    std::string raw;     // the body itself when kept uncompressed ("" otherwise)
    bool keep_raw = false;
    size_t size = 0;     // uncompressed size
  };

  /// Stores `body` under `path`; `keep_raw` also keeps it uncompressed (hot pages).
  void Put(std::string path, std::string_view body, std::string content_type, std::string cache_control,
           bool keep_raw, int gzip_level = 9);
  /// Builds an entry without storing it (thread-safe; for parallel loading).
  static Entry MakeEntry(std::string_view body, std::string content_type, std::string cache_control, bool keep_raw,
                         int gzip_level);
  void Insert(std::string path, Entry entry) { entries_[std::move(path)] = std::move(entry); }
  const Entry* Find(std::string_view path) const;
  size_t size() const { return entries_.size(); }
  size_t compressed_bytes() const;

  /// The response for `entry` given the request's gzip support and
  /// If-None-Match (304 when it matches).
  static HttpResponse Respond(const Entry& entry, const HttpRequest& request);

 private:
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace recipes

#endif  // RECIPES_SITE_STATIC_STORE_H_
