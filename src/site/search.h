// Search: the matching and ranking shared by the header search box and the
// browse page's `q` (site.md §6.3). The same algorithm runs in the browser
// (assets/site.js) over the index that SearchIndexJson() ships, so both sides
// agree; search_test.cc pins the server side.
#ifndef RECIPES_SITE_SEARCH_H_
#define RECIPES_SITE_SEARCH_H_

#include <string>
#include <string_view>
#include <vector>

#include "site/site_index.h"

namespace recipes {

/// Rank of one (already normalised) word against one (normalised,
/// original-case) value: 7 exact, 6 equal ignoring case, 5 prefix, 4 word
/// start, 3 substring, 0 no match.
int RankWord(std::string_view word, std::string_view value);

/// Normalisation of §6.3 step 2: folds accents and removes '-', '_' and '.'.
/// Case is kept (the exact-case tier needs it).
std::string SearchStrip(std::string_view text);

class Search {
 public:
  explicit Search(const SiteIndex& index);

  /// Matching recipes, best first (indexes into SiteIndex::recipes()).
  /// An empty or blank query matches nothing.
  std::vector<size_t> Recipes(std::string_view query) const;
  /// Matching providers (indexes into SiteIndex::providers()), best first,
  /// only orgs from the provider table, later duplicates of a display name
  /// dropped. The header shows the first three.
  std::vector<size_t> Providers(std::string_view query) const;

  /// The compact index the browser search uses (served as /search-index.json).
  std::string IndexJson() const;

 private:
  struct Candidate {
    size_t id;
    std::vector<std::string> fields;  // normalised, "" = absent
  };
  std::vector<size_t> Rank(const std::vector<Candidate>& candidates, std::string_view query) const;

  const SiteIndex& index_;
  std::vector<Candidate> recipes_;
  std::vector<Candidate> providers_;
};

}  // namespace recipes

#endif  // RECIPES_SITE_SEARCH_H_
