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

}  // namespace recipes

#endif  // RECIPES_VALIDATE_SUGGEST_H_
