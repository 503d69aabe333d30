// Browse (/browse, site.md §5): the URL state, matching with faceted counts,
// the sort orders, and the server-rendered page. The browser only swaps in
// the server's HTML for a new URL (assets/site.js), so there is one
// implementation of every rule.
#ifndef RECIPES_SITE_BROWSE_H_
#define RECIPES_SITE_BROWSE_H_

#include <map>
#include <string>
#include <vector>

#include "site/layout.h"
#include "site/query.h"
#include "site/search.h"
#include "site/site_index.h"

namespace recipes {

struct BrowseState {
  std::string q;  // as typed (untrimmed); matching uses it trimmed and lower-cased
  std::vector<std::string> task, arch, size, precision, hw;
  std::string provider;
  std::string sort;  // "" = released (default)
  bool panel_open = false;

  /// Number of active filter values (the Filter badge, §5.3).
  size_t ActiveCount() const;
  bool AnyFilter() const { return ActiveCount() > 0; }
  /// "/browse" plus the canonical query (keys in §5.1 order, lists comma-joined).
  std::string Url() const;
};

/// The allowed values of the enumerated keys.
const std::vector<std::string>& BrowseTasks();
const std::vector<std::string>& BrowseArchs();
const std::vector<std::string>& BrowseSizes();
const std::vector<std::string>& BrowsePrecisions();
const std::vector<std::string>& BrowseSorts();
/// Size bucket label ("<10B", ...) of a bucket id.
std::string SizeBucketLabel(const std::string& id);
/// Bucket id of a parsed billions count ("" when 0 / unknown).
std::string SizeBucket(double billions);

/// Parses and validates the browse query. Unknown values of a known key are
/// a QueryError naming the key and its valid values; unknown keys are ignored.
bool ParseBrowseState(const QueryParams& params, const SiteIndex& index, BrowseState* state, QueryError* error);

struct BrowseResult {
  std::vector<size_t> rows;  // indexes into SiteIndex::recipes(), in display order
  // Faceted counts per dimension ("task", "arch", "size", "precision", "hw") and value.
  std::map<std::string, std::map<std::string, size_t>> counts;
};

BrowseResult RunBrowse(const SiteIndex& index, const Search& search, const BrowseState& state);

/// The interactive part (status bar, panel, list), the element that
/// site.js replaces on navigation.
std::string RenderBrowseApp(const SiteIndex& index, const BrowseState& state, const BrowseResult& result);

/// The crawlable list of every recipe below the browse list (§5.6); the same
/// for every query, so the server renders it once.
std::string RenderCrawlIndex(const SiteIndex& index);

/// The whole /browse page. `crawl_index_html` is RenderCrawlIndex(index)
/// (computed when empty).
std::string RenderBrowsePage(const SiteConfig& config, const SiteIndex& index, const Search& search,
                             const BrowseState& state, std::string_view crawl_index_html = "");

}  // namespace recipes

#endif  // RECIPES_SITE_BROWSE_H_
