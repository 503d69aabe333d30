// The site's words for selection choices (issue 12 item 2): the label the
// builder shows for each key (H200, NVFP4, GQA, Tensor Parallel...), turning
// what a user typed (any case, a key or a label, a promoted checkpoint id)
// into the catalog's keys, and "valid choices" lists with a ranked
// did-you-mean (validate/suggest.h). Pure functions of the catalog.
#ifndef RECIPES_RESOLVE_CHOICE_WORDS_H_
#define RECIPES_RESOLVE_CHOICE_WORDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.h"
#include "resolve/selection.h"
#include "validate/suggest.h"

namespace recipes {

/// The label the site shows for `key` of a selection field ("hardware",
/// "variant", "strategy", "feature", "mode", "pd", "kv_offload"); "" when it
/// has none or it equals the key. `recipe` may be null for catalog-wide fields.
std::string ChoiceLabel(const Catalog& catalog, const Recipe* recipe, std::string_view field, std::string_view key);

/// {key, ChoiceLabel} for each key.
std::vector<Candidate> ChoiceCandidates(const Catalog& catalog, const Recipe* recipe, std::string_view field,
                                        const std::vector<std::string>& keys);

/// The key `word` names: the key itself, else the one key equal ignoring case,
/// else the one key whose label is equal ignoring case. nullopt otherwise
/// (unknown or ambiguous); callers then report it with the valid choices.
std::optional<std::string> KeyForWord(std::string_view word, const std::vector<Candidate>& candidates);

/// A recipe named by an id as a user types it.
struct RecipeMatch {
  const Recipe* recipe = nullptr;
  std::string variant;  // set when the id is a variant's promoted checkpoint
};
/// Exact id, else equal ignoring case, else a variant `model_id` equal
/// ignoring case (site.md §7.3: ids equal to the recipe's own are skipped).
RecipeMatch FindRecipeByWord(const Catalog& catalog, std::string_view id);
/// Every recipe id as a candidate (label: the title), for did-you-mean.
std::vector<Candidate> RecipeCandidates(const Catalog& catalog);

/// The request with every word (hardware, variant, strategy, feature, mode,
/// pool mode, KV offload) turned into its key where KeyForWord finds one;
/// words it cannot place are left as typed so DefaultSelection reports them.
SelectionRequest RequestInKeys(const Catalog& catalog, const Recipe& recipe, SelectionRequest request);

/// "key (Label)" or "key".
std::string KeyWithLabel(const Candidate& c);
/// Like FormatSelectionError, with the valid choices as "key (Label)" and one
/// ranked "did you mean" line when a choice plausibly matches the value.
std::string FormatChoiceError(const Catalog& catalog, const Recipe& recipe, const SelectionError& error);
/// The did-you-mean key for an error's value among its choices ("" = none).
std::string SuggestedChoice(const Catalog& catalog, const Recipe& recipe, const SelectionError& error);

}  // namespace recipes

#endif  // RECIPES_RESOLVE_CHOICE_WORDS_H_
