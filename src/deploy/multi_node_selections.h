// MultiNodeSelections: the multi-node shapes of a recipe that deploy tests
// and the benchmark exercise — each multi-node strategy on 2 nodes (its
// default selection), PD with pools across nodes (TP and, where offered, DEP),
// and Mooncake with 2 instances (single- and multi-node). Only selections the
// builder accepts are returned.
#ifndef RECIPES_DEPLOY_MULTI_NODE_SELECTIONS_H_
#define RECIPES_DEPLOY_MULTI_NODE_SELECTIONS_H_

#include <vector>

#include "model/catalog.h"
#include "resolve/resolver.h"

namespace recipes {

std::vector<Selection> MultiNodeSelections(const Catalog& catalog, const Recipe& recipe);

/// The first of them (the recipe's default multi-node selection), if any.
std::vector<Selection> DefaultMultiNodeSelection(const Catalog& catalog, const Recipe& recipe);

}  // namespace recipes

#endif  // RECIPES_DEPLOY_MULTI_NODE_SELECTIONS_H_
