// Query strings: strict parsing into decoded key/value pairs. Malformed input
// (bad percent escapes, invalid UTF-8, NUL bytes, too many or too long
// parameters) is an error that names the offending parameter, so pages can
// answer 400 instead of guessing.
#ifndef RECIPES_SITE_QUERY_H_
#define RECIPES_SITE_QUERY_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace recipes {

/// A 400 answer: which parameter, what is wrong, and what would be valid.
struct QueryError {
  std::string parameter;
  std::string message;
  std::vector<std::string> valid;  // empty when free-form
  /// {"error": ..., "parameter": ..., "valid": [...]}
  std::string ToJson() const;
};

class QueryParams {
 public:
  /// Parses "a=1&b=x%20y" ('+' is a space). Keys keep their order; repeated
  /// keys keep every value. Returns false and fills `error` on bad input.
  static bool Parse(std::string_view raw, QueryParams* out, QueryError* error);

  /// Every value of `key` joined with ',' ("" when absent).
  std::string Joined(std::string_view key) const;
  bool Has(std::string_view key) const;
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

  static constexpr size_t kMaxParams = 64;
  static constexpr size_t kMaxValueBytes = 1024;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

/// Splits "a,b,,c" into {"a","b","c"} (empty parts dropped), trimming spaces.
std::vector<std::string> SplitList(std::string_view text);

}  // namespace recipes

#endif  // RECIPES_SITE_QUERY_H_
