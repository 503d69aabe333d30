#include "resolve/renderings.h"

#include <algorithm>
#include <unordered_set>

#include "render/json_writer.h"
#include "resolve/selection.h"

namespace recipes {

namespace {

bool Contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

int PoolNodes(const Value& pd_nodes, const char* role) {
  const Value* r = pd_nodes.Get(role);
  const Value* n = r && r->is_object() ? r->Get("nodes") : r;
  return n && n->is_number() ? static_cast<int>(n->number()) : 1;
}

}  // namespace

bool IsOmniRecipeDoc(const Value& recipe_doc) {
  const Value* meta = recipe_doc.Get("meta");
  const Value* tasks = meta ? meta->Get("tasks") : nullptr;
  if (!tasks || !tasks->is_array()) return false;
  for (const Value& t : tasks->items()) {
    if (t.is_string() && t.str() == "omni") return true;
  }
  return false;
}

std::string SelectionKey(const Selection& selection) { return ToJson(selection.ToJson(), 0); }

std::vector<ReachableSelection> ReachableSelections(const Catalog& catalog, const Recipe& recipe,
                                                    const RenderingsOptions& options) {
  std::vector<ReachableSelection> out;
  if (IsOmniRecipeDoc(recipe.doc)) return out;
  std::unordered_set<std::string> seen;
  auto add = [&](const SelectionRequest& request, const std::string& change) -> const Selection* {
    SelectionOutcome o = DefaultSelection(catalog, recipe, request);
    if (!o.ok()) return nullptr;
    if (!seen.insert(SelectionKey(o.selection)).second) return nullptr;
    out.push_back({std::move(o.selection), change});
    return &out.back().selection;
  };
  // PD pools of several nodes render a different command per pool rank.
  auto add_ranks = [&](SelectionRequest request, const std::string& change) {
    const Selection* first = add(request, change);
    if (!first || !options.pd_ranks || first->strategy != "pd_cluster") return;
    int pn = PoolNodes(first->pd_nodes, "prefill"), dn = PoolNodes(first->pd_nodes, "decode");
    for (int rank = 1; rank < std::max(pn, dn); ++rank) {
      request.prefill_rank = std::min(rank, pn - 1);
      request.decode_rank = std::min(rank, dn - 1);
      add(request, change + " pd rank " + std::to_string(rank));
    }
  };

  std::vector<std::string> offered = OfferedHardware(catalog, recipe);
  for (const std::string& variant : VariantKeys(recipe)) {
    for (const std::string& hw : offered) {
      if (!CheckHardware(catalog, recipe, variant, hw).ok()) continue;
      for (const std::string& strategy : OfferedStrategies(catalog, recipe, hw)) {
        SelectionRequest base;
        base.variant = variant;
        base.hardware = hw;
        base.strategy = strategy;
        SelectionOutcome landing = DefaultSelection(catalog, recipe, base);
        if (!landing.ok()) continue;
        add_ranks(base, "defaults");
        const Selection& def = landing.selection;
        if (options.feature_toggles) {
          for (const std::string& f : FeatureKeys(recipe)) {
            bool on = Contains(def.features, f);
            SelectionRequest r = base;
            r.feature_switches.push_back({f, !on});
            add_ranks(r, (on ? "-" : "+") + f);
          }
        }
        if (options.modes) {
          for (const std::string& f : FeatureKeys(recipe)) {
            for (const std::string& mode : AllowedModes(catalog, recipe, f, variant, hw)) {
              SelectionRequest r = base;
              r.feature_modes.push_back({f, mode});
              add_ranks(r, f + "=" + mode);
            }
          }
        }
        if (options.kv_offload) {
          for (const KvOffloadOption& kv : KvOffloadOptions(catalog, recipe, hw, strategy)) {
            if (!kv.enabled) continue;
            SelectionRequest r = base;
            r.kv_offload = kv.id;
            add_ranks(r, "kv_offload=" + kv.id);
          }
        }
      }
    }
  }
  return out;
}

}  // namespace recipes
