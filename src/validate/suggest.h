// Suggest: "did you mean '…'?" for a misspelt key or id.
#ifndef RECIPES_VALIDATE_SUGGEST_H_
#define RECIPES_VALIDATE_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace recipes {

/// Optimal-string-alignment distance (Levenshtein plus adjacent swaps), so
/// "hopepr" is one edit from "hopper".
size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a likely
/// typo (at most 1 edit for short words, 2 for 5+ characters, 3 for 10+;
/// case-only differences always count), or "" when none is.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "" — ready to append to a message.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

/// Something a user can type: its key and the label the site shows for it
/// ("" = none), e.g. {"h200", "H200"}, {"nvfp4", "NVFP4"}, {"Org/Repo", ""}.
struct Candidate {
  std::string key;
  std::string label;
};

/// The candidates that plausibly mean `word`, best first, as indices into
/// `candidates`. Tiers: the key equals `word` ignoring case; the label does;
/// key or label equal ignoring case and separators ("eagle3-gqa" =
/// "eagle3_gqa"); a likely typo (ClosestMatch's edit limits, nearer first);
/// a prefix; a substring (3+ characters). For ids with a '/', a word without
/// one is also compared with the part after the '/'. Ties keep candidate
/// order. This one ranking serves the CLI's "did you mean" and the site's 404
/// suggestions.
std::vector<size_t> RankMatches(std::string_view word, const std::vector<Candidate>& candidates);

/// The best-ranked candidate for `word`, or nullptr when none plausibly matches.
const Candidate* BestMatch(std::string_view word, const std::vector<Candidate>& candidates);

}  // namespace recipes

#endif  // RECIPES_VALIDATE_SUGGEST_H_
