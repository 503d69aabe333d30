// The JSON API builder's choices for one (recipe, variant, hardware)
// (json-api.md §4, §6.1 step 4, §8): the substituted variant, candidate
// strategies, the recommended strategy and node count, and one ready
// Selection per rendering. Pure; the caller resolves the selections and
// writes files.
#ifndef RECIPES_RESOLVE_SELECTION_PLAN_H_
#define RECIPES_RESOLVE_SELECTION_PLAN_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.h"
#include "resolve/resolver.h"

namespace recipes {

struct PlannedRendering {
  std::string strategy;  // the file name: strategy id, or kv-store id for Mooncake
  Selection selection;   // what to hand to ResolveCommand
};

struct VariantRenderingPlan {
  /// False when §4 yields nothing (unknown variant, omni recipe, no fitting
  /// variant on a non-scalable box, a PD recommendation needing > 4 nodes per role).
  bool renders = false;
  std::string variant;                  // after fitting substitution
  std::vector<std::string> candidates;  // §4 step 6
  std::vector<std::string> kv_ids;      // kv-store ids in strategy-map order
  bool supports_multi_node = false;     // step 7
  int base_nodes = 1;                   // step 8
  std::string recommended;              // step 9
  int recommended_nodes = 1;            // step 10
  std::vector<std::string> features;    // step 11
  PlannedRendering recommended_rendering;
  /// Step 15, candidate order, recommended and "skip"s left out.
  std::vector<PlannedRendering> alternatives;
};

/// json-api §4 for one variant key on one hardware id.
VariantRenderingPlan PlanVariantRendering(const Catalog& catalog, const Recipe& recipe,
                                          std::string_view variant_key, std::string_view hardware_id);

/// json-api §6.1 step 4: the default hardware, then the compatible hardware
/// list, duplicates removed.
std::vector<std::string> ApiHardwareIds(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key);

}  // namespace recipes

#endif  // RECIPES_RESOLVE_SELECTION_PLAN_H_
