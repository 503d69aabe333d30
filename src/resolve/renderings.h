// Reachable renderings: every selection a user of the command builder can
// land on for one recipe, so that tools which judge rendered commands (check,
// diff) look at all of them and nothing else.
//
// The walk: variant × offered hardware (for that variant) × offered strategy
// (at its default node count; pd_cluster with the builder's pools and every
// pool rank), each with the default features and modes, then with each
// feature switched the other way, each other mode of each modal feature, and
// each enabled KV-offload option. Selections come from DefaultSelection, so a
// choice the builder refuses is never produced. Multi-node selections render
// every rank in one resolution (head and workers); PD ones render both roles.
//
// Pure: (Catalog, Recipe) → selections. No I/O, no mutable statics.
#ifndef RECIPES_RESOLVE_RENDERINGS_H_
#define RECIPES_RESOLVE_RENDERINGS_H_

#include <string>
#include <vector>

#include "model/catalog.h"
#include "resolve/resolver.h"

namespace recipes {

/// One reachable selection and how it was reached.
struct ReachableSelection {
  Selection selection;
  /// What was changed from the defaults of (variant, hardware, strategy):
  /// "defaults", "+feature", "-feature", "feature=mode", "kv_offload=id",
  /// with " pd rank N" appended for a non-zero PD pool rank.
  std::string change;
};

struct RenderingsOptions {
  bool feature_toggles = true;  // each feature switched the other way
  bool modes = true;            // each other mode of each modal feature
  bool kv_offload = true;       // each enabled KV-offload option
  bool pd_ranks = true;         // every rank of multi-node PD pools
};

/// Every reachable selection of the recipe, without repeats, in walk order
/// (variant declaration order, taxonomy hardware order, effective strategy
/// order). Omni recipes (meta.tasks lists omni) have none: their command is
/// not `vllm serve`.
std::vector<ReachableSelection> ReachableSelections(const Catalog& catalog, const Recipe& recipe,
                                                    const RenderingsOptions& options = {});

/// A stable text key of a selection (equal keys = equal selections).
std::string SelectionKey(const Selection& selection);

/// True when `meta.tasks` lists `omni`.
bool IsOmniRecipeDoc(const Value& recipe_doc);

}  // namespace recipes

#endif  // RECIPES_RESOLVE_RENDERINGS_H_
