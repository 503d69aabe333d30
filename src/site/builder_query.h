// BuilderQuery: the command builder's state as it travels in the URL
// (site.md §9.2), parsed strictly so that a malformed value can be reported
// with the parameter's name.
#ifndef RECIPES_SITE_BUILDER_QUERY_H_
#define RECIPES_SITE_BUILDER_QUERY_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace recipes {

/// Raw `key=value` pairs of a query string, decoded, in order. Later
/// duplicates replace earlier ones (the browser's URLSearchParams.set).
class BuilderParams {
 public:
  /// Parses "a=1&b=2" (a leading '?' is skipped). Returns nullopt and names
  /// the offending parameter in *bad_param on a malformed percent escape or
  /// invalid UTF-8.
  static std::optional<BuilderParams> Parse(std::string_view query, std::string* bad_param);

  const std::string* Get(std::string_view key) const;
  void Set(std::string key, std::string value);
  void Erase(std::string_view key);
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  /// Serialises in the builder's fixed key order (recipe keys first), so the
  /// same state always gives the same URL.
  std::string ToString() const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

/// Every query key the builder reads (BuildBuilderView ignores all others).
/// /api/resolve's cache is keyed on these alone, so a key the builder starts
/// reading must be added here.
inline constexpr std::string_view kBuilderInputKeys[] = {
    "recipe",       "variant",      "hardware",      "strategy",     "nodes",         "features",
    "fmode",        "advanced",     "kv_offload",    "kv_instances", "kv_instance",   "prefill_nodes",
    "decode_nodes", "prefill_mode", "decode_mode",   "prefill_rank", "decode_rank",   "task",
    "pref_hardware", "moved_from",
};

/// The parsed query reduced to the builder's keys, in their fixed order:
/// the same selection always gives the same text, whatever else the URL had.
std::string NormalizedBuilderQuery(const BuilderParams& params);

/// Splits a comma list, dropping empty elements.
std::vector<std::string> SplitCommaList(std::string_view text);
/// Joins with commas.
std::string JoinCommaList(const std::vector<std::string>& items);

/// A query value the builder cannot use: which parameter, why, and the values
/// that would have been accepted.
struct BuilderError {
  std::string param;
  std::string message;
  std::vector<std::string> valid;
};

}  // namespace recipes

#endif  // RECIPES_SITE_BUILDER_QUERY_H_
