// NodeCountCheck: is a `--nodes N` the user asked for one the deployment can
// run? The strategy fixes which counts exist (one node, or its GPU floor up
// to kMaxNodes), and vLLM refuses a tensor-parallel size that does not
// divide the model's attention heads. Pure: it resolves each candidate count.
#ifndef RECIPES_CLI_NODE_COUNT_CHECK_H_
#define RECIPES_CLI_NODE_COUNT_CHECK_H_

#include <string>
#include <vector>

#include "model/catalog.h"
#include "resolve/resolver.h"

namespace recipes {

/// The node counts `selection.strategy` can run on its hardware, ascending;
/// empty for strategies without a node count of their own (pd_cluster, KV stores).
std::vector<int> ValidNodeCounts(const Catalog& catalog, const Recipe& recipe, const Selection& selection);

/// "" when selection.node_count is valid (or not checkable), else why not,
/// naming the tensor-parallel size and the heads when those are the reason.
std::string NodeCountProblem(const Catalog& catalog, const Recipe& recipe, const Selection& selection);

/// "2, 4, 8"
std::string JoinCounts(const std::vector<int>& counts);

}  // namespace recipes

#endif  // RECIPES_CLI_NODE_COUNT_CHECK_H_
