// Selection rules for strategies and PD pools (resolve/selection.h).
#include "resolve/selection.h"

#include <algorithm>
#include <cmath>

#include "resolve/omni.h"
#include "resolve/selection_impl.h"

namespace recipes {

using namespace selection_impl;  // NOLINT: this file's own helpers

// ---------------------------------------------------------------------------
// Strategies

std::string DeployTypeOf(const Catalog& catalog, std::string_view strategy) {
  return StringOr(Get(catalog.FindStrategy(strategy), "deploy_type"));
}

std::vector<std::string> EffectiveStrategies(const Recipe& recipe) {
  std::vector<std::string> out;
  const Value* compat = recipe.doc.Get("compatible_strategies");
  if (compat && compat->is_array()) {
    for (const Value& e : compat->items()) {
      if (e.is_string()) out.push_back(e.str());
    }
  }
  const Value* sh = recipe.doc.Get("strategy_hardware");
  if (sh && sh->is_object()) {
    for (const auto& [key, m] : sh->members()) {
      if (Contains(out, key) || !m.is_object()) continue;
      bool grants = false;
      for (const auto& [hw, gate] : m.members()) {
        if (gate.is_string() && gate.str() == "supported") grants = true;
      }
      if (grants) out.push_back(key);
    }
  }
  return out;
}

bool OffersMultiNode(const Recipe& recipe) {
  for (const std::string& s : EffectiveStrategies(recipe)) {
    if (s.rfind("multi_node_", 0) == 0 || s == "pd_cluster") return true;
  }
  return false;
}

std::string MultiNodeBlocker(const Catalog& catalog, const Recipe& recipe, std::string_view hardware_id) {
  const Value* profile = catalog.FindHardware(hardware_id);
  if (IsXpu(profile)) return "multi-node is not validated on Intel XPU";
  if (!IsHardwareScalable(profile)) {
    return DisplayName(profile, hardware_id) + " is a single workstation and can't be clustered";
  }
  if (!OffersMultiNode(recipe)) return RecipeName(recipe) + " declares no multi-node strategy; it fits one node";
  return "";
}

int LandingNodeCount(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                     std::string_view hardware_id) {
  if (!MultiNodeBlocker(catalog, recipe, hardware_id).empty()) return 1;
  return FitsSingleNode(VariantOrDefault(recipe, variant_key), catalog.FindHardware(hardware_id)) ? 1 : 2;
}

bool SingleNodeVramShortfall(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                             std::string_view hardware_id, std::string_view strategy, int node_count) {
  std::string dt = DeployTypeOf(catalog, strategy);
  return node_count == 1 && (dt.empty() || dt == "single_node") &&
         !FitsSingleNode(VariantOrDefault(recipe, variant_key), catalog.FindHardware(hardware_id));
}

bool StrategySupportedOnHardware(const Catalog& catalog, const Recipe& recipe, std::string_view strategy,
                                 std::string_view hardware_id) {
  const Value* gate = HardwareKeyedLookup(Get(recipe.doc.Get("strategy_hardware"), strategy),
                                          std::string(hardware_id), catalog.FindHardware(hardware_id));
  if (gate) return !(gate->is_string() && gate->str() == "unsupported");
  return ListContains(recipe.doc.Get("compatible_strategies"), strategy);
}

namespace {

double FloorBlock(const Value* x, std::string_view key) {
  if (!x || x->is_null()) return 0;
  if (x->is_number()) return x->number();
  if (!x->is_object()) return 0;
  std::string k(key);
  for (const std::string& candidate : {k, "multi_node_" + k, "single_node_" + k}) {
    const Value* v = x->GetNonNull(candidate);
    if (v) return NumberOr(v, 0);
  }
  return 0;
}

}  // namespace

double StrategyMinGpus(const Recipe& recipe, std::string_view key, std::string_view hardware_id) {
  const Value* m = recipe.doc.Get("strategy_min_gpus");
  if (!m || m->is_null()) return 0;
  if (m->is_number()) return m->number();
  if (!m->is_object()) return 0;
  return std::max(FloorBlock(m, key), FloorBlock(m->Get(hardware_id), key));
}

int NodesForStrategy(const Catalog& catalog, const Recipe& recipe, std::string_view key,
                     std::string_view hardware_id) {
  double floor = StrategyMinGpus(recipe, key, hardware_id);
  if (!(floor > 0)) return 1;
  double n = std::ceil(floor / GpusPerNode(catalog.FindHardware(hardware_id)));
  return n < 1 ? 1 : n > 1e6 ? 1000000 : static_cast<int>(n);
}

bool StrategyReachable(const Catalog& catalog, const Recipe& recipe, std::string_view strategy,
                       std::string_view hardware_id) {
  std::string dt = DeployTypeOf(catalog, strategy);
  double max_nodes = (dt == "multi_node" || dt == "pd_cluster") ? kMaxNodes : 1;
  return max_nodes * GpusPerNode(catalog.FindHardware(hardware_id)) >=
         StrategyMinGpus(recipe, strategy, hardware_id);
}

std::string RecommendStrategy(const Recipe& recipe, int node_count) {
  std::vector<std::string> list = EffectiveStrategies(recipe);
  std::string def = StringOr(recipe.doc.Get("default_strategy"));
  if (!def.empty() && Contains(list, def)) {
    if (node_count > 1 && def.rfind("single_node_", 0) == 0) {
      std::string sibling = "multi_node_" + def.substr(std::string_view("single_node_").size());
      if (Contains(list, sibling)) return sibling;
    } else {
      return def;
    }
  }
  if (node_count > 1) {
    for (const char* s : {"multi_node_tp", "multi_node_dep", "multi_node_tep"}) {
      if (Contains(list, s)) return s;
    }
  }
  if (Contains(list, "single_node_tp")) return "single_node_tp";
  return list.empty() ? "single_node_tp" : list.front();
}

int DefaultNodesForStrategy(const Catalog& catalog, const Recipe& recipe, std::string_view strategy,
                            std::string_view hardware_id) {
  int base = DeployTypeOf(catalog, strategy) == "multi_node" ? 2 : 1;
  return std::max(base, NodesForStrategy(catalog, recipe, strategy, hardware_id));
}

namespace {

// The strategy's deploy type fits the node count (site.md §9.11.3).
bool MatchesNodeCount(const std::string& deploy_type, int node_count) {
  if (deploy_type == "pd_cluster") return true;
  if (deploy_type == "multi_node") return node_count > 1;
  return node_count <= 1;
}

std::string StrategyName(const Catalog& catalog, std::string_view id) {
  std::string name = StringOr(Get(catalog.FindStrategy(id), "display_name"));
  return name.empty() ? std::string(id) : name;
}

}  // namespace

std::string StrategyHardwareBlocker(const Catalog& catalog, const Recipe& recipe, std::string_view strategy,
                                    std::string_view hardware_id) {
  if (StrategySupportedOnHardware(catalog, recipe, strategy, hardware_id)) return "";
  return StrategyName(catalog, strategy) + " isn't supported on " +
         DisplayName(catalog.FindHardware(hardware_id), hardware_id) + " for this model";
}

std::vector<StrategyOption> StrategyOptions(const Catalog& catalog, const Recipe& recipe,
                                            std::string_view hardware_id, int node_count) {
  std::vector<StrategyOption> out;
  std::string rec = RecommendStrategy(recipe, node_count);
  for (const std::string& s : EffectiveStrategies(recipe)) {
    if (!catalog.FindStrategy(s)) continue;
    std::string dt = DeployTypeOf(catalog, s);
    if (dt == "kv_store_lb" || !MatchesNodeCount(dt, node_count)) continue;
    if (!StrategyReachable(catalog, recipe, s, hardware_id)) continue;
    StrategyOption o;
    o.id = s;
    o.deploy_type = dt;
    o.reason = StrategyHardwareBlocker(catalog, recipe, s, hardware_id);
    o.supported = o.reason.empty();
    o.recommended = s == rec;
    o.nodes_needed = NodesForStrategy(catalog, recipe, s, hardware_id);
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<int> NodeCountChoices(const Catalog& catalog, const Recipe& recipe, std::string_view hardware_id) {
  std::vector<int> out = {1, 2};
  for (const std::string& s : OfferedStrategies(catalog, recipe, hardware_id)) {
    int k = NodesForStrategy(catalog, recipe, s, hardware_id);
    if (k > 2 && k <= kMaxNodes && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ActiveStrategy(const Catalog& catalog, const Recipe& recipe, std::string_view hardware_id,
                           int node_count) {
  std::vector<StrategyOption> options = StrategyOptions(catalog, recipe, hardware_id, node_count);
  for (const StrategyOption& o : options) {
    if (o.recommended && o.supported) return o.id;
  }
  for (const StrategyOption& o : options) {
    if (o.supported) return o.id;
  }
  if (!options.empty()) return options.front().id;
  return RecommendStrategy(recipe, node_count);
}

std::vector<std::string> OfferedStrategies(const Catalog& catalog, const Recipe& recipe,
                                           std::string_view hardware_id) {
  std::vector<std::string> out;
  const Value* profile = catalog.FindHardware(hardware_id);
  bool scalable = IsHardwareScalable(profile);
  bool xpu = IsXpu(profile);  // the builder keeps the Nodes row at 1 on Intel XPU
  for (const std::string& s : EffectiveStrategies(recipe)) {
    if (!catalog.FindStrategy(s)) continue;
    std::string dt = DeployTypeOf(catalog, s);
    if (dt == "kv_store_lb") continue;
    if (!scalable && (dt == "multi_node" || dt == "pd_cluster")) continue;
    if (xpu && dt == "multi_node") continue;
    if (!StrategySupportedOnHardware(catalog, recipe, s, hardware_id)) continue;
    if (!StrategyReachable(catalog, recipe, s, hardware_id)) continue;
    out.push_back(s);
  }
  return out;
}

// ---------------------------------------------------------------------------
// PD pools

std::vector<std::string> OfferedPdPoolModes(const Catalog& catalog, const Recipe& recipe,
                                            std::string_view hardware_id) {
  std::vector<std::string> out;
  double reach = kMaxNodes * GpusPerNode(catalog.FindHardware(hardware_id));
  for (const std::string& m : PdPoolModes(recipe.doc)) {
    if (reach >= StrategyMinGpus(recipe, m, hardware_id)) out.push_back(m);
  }
  return out;
}

PdPool DefaultPdPool(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                     std::string_view hardware_id, std::string_view role) {
  PdPool pool;
  const Value* profile = catalog.FindHardware(hardware_id);
  const Value* override_role = Get(Get(recipe.doc.Get("strategy_overrides"), "pd_cluster"), role);
  const Value* nodes = Get(override_role, "nodes");
  if (nodes && nodes->is_object()) {
    const Value* n = nodes->GetNonNull(hardware_id);
    nodes = n ? n : nodes->GetNonNull("default");
  }
  if (nodes && nodes->is_number() && nodes->number() >= 1) {
    pool.nodes = static_cast<int>(nodes->number());
  } else {
    double need = NumberOr(VariantOrDefault(recipe, variant_key).Get("vram_minimum_gb"), 0);
    double node = NumberOr(Get(profile, "vram_gb"), 0);
    pool.nodes = node > 0 && need > 0 ? std::max(1, static_cast<int>(std::ceil(need / node))) : 1;
  }
  std::string par = StringOr(Get(override_role, "parallelism"));
  if (par.empty()) par = StringOr(Get(Get(catalog.FindStrategy("pd_cluster"), role), "parallelism"));
  if (par.empty()) par = "tp";
  std::vector<std::string> modes = OfferedPdPoolModes(catalog, recipe, hardware_id);
  if (!Contains(modes, par)) par = modes.empty() ? "tp" : modes.front();
  pool.parallelism = par;
  pool.nodes = std::max(pool.nodes, NodesForStrategy(catalog, recipe, par, hardware_id));
  return pool;
}

Value PdNodesValue(const PdPool& prefill, const PdPool& decode) {
  auto role = [](const PdPool& p) {
    ObjectItems o;
    o.Set("nodes", Value::Number(p.nodes));
    o.Set("rank", Value::Number(p.rank));
    o.Set("parallelism", Value::String(p.parallelism));
    return Value::Object(std::move(o));
  };
  ObjectItems o;
  o.Set("prefill", role(prefill));
  o.Set("decode", role(decode));
  return Value::Object(std::move(o));
}

}  // namespace recipes
