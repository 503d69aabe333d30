// ContentHash: a fast 128-bit fingerprint of a file's bytes, used by the API
// writer's manifest to tell which files changed without reading old files
// back. Not cryptographic; two independent 64-bit lanes make an accidental
// collision across a tree of files practically impossible.
#ifndef RECIPES_API_CONTENT_HASH_H_
#define RECIPES_API_CONTENT_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace recipes {

struct ContentHash {
  uint64_t hi = 0;
  uint64_t lo = 0;

  static ContentHash Of(std::string_view bytes);
  /// 32 lower-case hex digits.
  std::string Hex() const;
  /// Parses Hex() output; false on malformed text.
  static bool FromHex(std::string_view hex, ContentHash* out);

  bool operator==(const ContentHash& o) const { return hi == o.hi && lo == o.lo; }
  bool operator!=(const ContentHash& o) const { return !(*this == o); }
};

}  // namespace recipes

#endif  // RECIPES_API_CONTENT_HASH_H_
