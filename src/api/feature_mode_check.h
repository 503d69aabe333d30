// The builder's own fatal check (json-api.md §9.1): the feature-mode rules a
// recipe must satisfy before anything is rendered. The full validator lives
// in validate/; this is the subset the JSON builder itself refuses to build.
#ifndef RECIPES_API_FEATURE_MODE_CHECK_H_
#define RECIPES_API_FEATURE_MODE_CHECK_H_

#include "model/catalog.h"
#include "model/diagnostic.h"

namespace recipes {

/// Appends one error per broken feature-mode rule of `recipe`, in the
/// reference's order, each positioned at the offending node.
void CheckFeatureModes(const Recipe& recipe, Diagnostics* out);

}  // namespace recipes

#endif  // RECIPES_API_FEATURE_MODE_CHECK_H_
