#include "deploy/multi_node_selections.h"

#include "resolve/omni.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

void Try(const Catalog& catalog, const Recipe& recipe, const SelectionRequest& req, std::vector<Selection>* out) {
  SelectionOutcome o = DefaultSelection(catalog, recipe, req);
  if (o.ok()) out->push_back(o.selection);
}

}  // namespace

std::vector<Selection> MultiNodeSelections(const Catalog& catalog, const Recipe& recipe) {
  std::vector<Selection> out;
  if (IsOmniServed(recipe)) return out;
  for (const char* s : {"multi_node_tp", "multi_node_tep", "multi_node_dep", "multi_node_tp_pp", "multi_node_tp_dp"}) {
    SelectionRequest req;
    req.strategy = s;
    req.node_count = 2;
    Try(catalog, recipe, req, &out);
  }
  for (const char* mode : {"tp", "dep"}) {
    SelectionRequest req;
    req.strategy = "pd_cluster";
    req.prefill_nodes = 2;
    req.decode_nodes = 2;
    req.prefill_mode = mode;
    req.decode_mode = mode;
    Try(catalog, recipe, req, &out);
  }
  {
    SelectionRequest req;
    req.strategy = "pd_cluster";
    Try(catalog, recipe, req, &out);  // default pools (co-located or one node each)
  }
  for (const char* store : {"kv_store_distributed_mooncake", "kv_store_centralized_mooncake"}) {
    SelectionRequest req;
    req.kv_offload = store;
    req.kv_instances = 2;
    Try(catalog, recipe, req, &out);
    req.strategy = "multi_node_tp";
    req.node_count = 2;
    Try(catalog, recipe, req, &out);
  }
  return out;
}

std::vector<Selection> DefaultMultiNodeSelection(const Catalog& catalog, const Recipe& recipe) {
  std::vector<Selection> all = MultiNodeSelections(catalog, recipe);
  if (all.size() > 1) all.resize(1);
  return all;
}

}  // namespace recipes
