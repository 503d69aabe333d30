// DefaultSelection and ValidateSelection (declared in selection.h): the
// builder's landing configuration with the user's choices applied, and the
// checks that turn an impossible choice into a message listing valid ones.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "resolve/selection.h"

namespace recipes {
namespace {

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void Remove(std::vector<std::string>* v, std::string_view s) {
  v->erase(std::remove(v->begin(), v->end(), s), v->end());
}

std::string DisplayName(const Catalog& catalog, std::string_view hardware_id) {
  const Value* p = catalog.FindHardware(hardware_id);
  const Value* n = p ? p->Get("display_name") : nullptr;
  return n && n->is_string() && !n->str().empty() ? n->str() : std::string(hardware_id);
}

// text_only and encoder_parallel exclude each other (site.md §9.11.6).
std::string ExclusivePartner(std::string_view feature) { return ExclusiveFeaturePartner(feature); }

// The strategy_min_gpus node that sets the floor for `key` on `hw` (§17.6).
Pos FloorPos(const Recipe& recipe, const std::string& key, const std::string& hw) {
  const Value* m = recipe.doc.Get("strategy_min_gpus");
  if (!m || !m->is_object()) return m ? m->pos() : Pos{};
  auto block = [&](const Value* x) -> const Value* {
    if (!x || x->is_number()) return x;
    if (!x->is_object()) return nullptr;
    for (const std::string& k : {key, "multi_node_" + key, "single_node_" + key}) {
      if (const Value* v = x->GetNonNull(k)) return v;
    }
    return nullptr;
  };
  const Value* general = block(m);
  const Value* per_hw = block(m->Get(hw));
  auto num = [](const Value* v) { return v && v->is_number() ? v->number() : 0; };
  const Value* pick = per_hw && num(per_hw) >= num(general) ? per_hw : general;
  return pick ? pick->pos() : m->pos();
}

class Checks {
 public:
  Checks(const Catalog& catalog, const Recipe& recipe, std::vector<SelectionError>* errors)
      : catalog_(catalog), recipe_(recipe), errors_(errors) {}

  void Fail(std::string field, std::string value, std::string message, std::vector<std::string> choices = {},
            Pos pos = {}) {
    errors_->push_back({std::move(field), std::move(value), std::move(message), std::move(choices), pos});
  }

  bool Variant(const std::string& key) {
    if (FindVariant(recipe_, key)) return true;
    Fail("variant", key, "unknown variant '" + key + "' for " + recipe_.hf_id, VariantKeys(recipe_));
    return false;
  }

  std::vector<std::string> HardwareChoices(const std::string& variant) {
    std::vector<std::string> out;
    for (const HardwareOption& o : HardwareOptions(catalog_, recipe_, variant)) {
      if (o.ok()) out.push_back(o.id);
    }
    return out;
  }

  bool Hardware(const std::string& variant, const std::string& hw) {
    HardwareOption o = CheckHardware(catalog_, recipe_, variant, hw);
    if (o.ok()) return true;
    Fail("hardware", hw, "cannot use hardware '" + hw + "' with variant " + variant + ": " + o.reason,
         HardwareChoices(variant), o.pos);
    return false;
  }

  bool Strategy(const std::string& s, const std::string& hw) {
    std::vector<std::string> offered = OfferedStrategies(catalog_, recipe_, hw);
    std::string dt = DeployTypeOf(catalog_, s);
    if (dt == "kv_store_lb") {
      Fail("strategy", s, "'" + s + "' is a KV-store deployment; select it with --kv-offload " + s, offered);
      return false;
    }
    std::vector<std::string> effective = EffectiveStrategies(recipe_);
    // A recipe without strategies (omni, diffusion) serves on one node as single_node_tp.
    if (effective.empty() && s == "single_node_tp") return true;
    if (!Contains(effective, s)) {
      Fail("strategy", s, recipe_.hf_id + " does not offer strategy '" + s + "'", offered);
      return false;
    }
    if (!catalog_.FindStrategy(s)) {
      Fail("strategy", s, "strategy '" + s + "' is not defined in the catalog (strategies/)", offered);
      return false;
    }
    if (std::string why = StrategyHardwareBlocker(catalog_, recipe_, s, hw); !why.empty()) {
      const Value* sh = recipe_.doc.Get("strategy_hardware");
      const Value* gate = sh ? sh->Get(s) : nullptr;
      Fail("strategy", s, why, offered, gate ? gate->pos() : Pos{});
      return false;
    }
    if ((dt == "multi_node" || dt == "pd_cluster") && !IsHardwareScalable(catalog_.FindHardware(hw))) {
      Fail("strategy", s,
           s + " needs several nodes, but " + DisplayName(catalog_, hw) +
               " cannot be joined into a cluster (scalable: false)",
           offered);
      return false;
    }
    if (dt == "multi_node" && ProfileGeneration(catalog_.FindHardware(hw)) == "xpu") {
      Fail("strategy", s, s + " needs several nodes; multi-node serving is not validated on Intel XPU", offered);
      return false;
    }
    if (!StrategyReachable(catalog_, recipe_, s, hw)) {
      Fail("strategy", s,
           s + " needs at least " + FormatJsNumber(StrategyMinGpus(recipe_, s, hw)) + " GPUs, more than " +
               DisplayName(catalog_, hw) + " reaches" +
               (dt == "multi_node" || dt == "pd_cluster" ? " within " + std::to_string(kMaxNodes) + " nodes"
                                                         : " on one node"),
           offered, FloorPos(recipe_, s, hw));
      return false;
    }
    return true;
  }

  // The node count alone (range, scalable hardware, recipe offers multi-node).
  bool NodeCount(int n, const std::string& hw) {
    if (n < 1 || n > kMaxNodes) {
      Fail("nodes", std::to_string(n), "node count must be between 1 and " + std::to_string(kMaxNodes));
      return false;
    }
    if (n == 1) return true;
    const Value* profile = catalog_.FindHardware(hw);
    if (!IsHardwareScalable(profile)) {
      Fail("nodes", std::to_string(n),
           DisplayName(catalog_, hw) + " is a single workstation (scalable: false); it runs on one node only", {"1"});
      return false;
    }
    if (ProfileGeneration(profile) == "xpu") {
      Fail("nodes", std::to_string(n), "multi-node serving is not validated on Intel XPU", {"1"});
      return false;
    }
    if (!OffersMultiNode(recipe_)) {
      Fail("nodes", std::to_string(n), recipe_.hf_id + " declares no multi-node or prefill/decode strategy", {"1"});
      return false;
    }
    return true;
  }

  // The node count with an explicit strategy.
  bool NodesForStrategy(int n, const std::string& s, const std::string& hw) {
    std::string dt = DeployTypeOf(catalog_, s);
    int needed = recipes::NodesForStrategy(catalog_, recipe_, s, hw);
    if (dt == "multi_node" && n < 2) {
      Fail("nodes", std::to_string(n), s + " spans at least 2 nodes; use --nodes 2 or more, or a single-node strategy");
      return false;
    }
    if (dt != "multi_node" && dt != "pd_cluster" && n > std::max(1, needed)) {
      Fail("nodes", std::to_string(n),
           s + " runs on one node; pick a multi-node strategy for " + std::to_string(n) + " nodes",
           OfferedStrategies(catalog_, recipe_, hw));
      return false;
    }
    if (dt != "pd_cluster" && n < needed) {
      Fail("nodes", std::to_string(n),
           s + " needs at least " + FormatJsNumber(StrategyMinGpus(recipe_, s, hw)) + " GPUs: " +
               std::to_string(needed) + " nodes of " + DisplayName(catalog_, hw),
           {}, FloorPos(recipe_, s, hw));
      return false;
    }
    return true;
  }

  bool Feature(const std::string& key) {
    if (recipe_.doc.Get("features") && recipe_.doc.Get("features")->Get(key)) return true;
    std::vector<std::string> keys = FeatureKeys(recipe_);
    Fail("feature", key,
         keys.empty() ? recipe_.hf_id + " declares no features" : "unknown feature '" + key + "' for " + recipe_.hf_id,
         keys);
    return false;
  }

  bool Mode(const std::string& feature, const std::string& mode, const std::string& variant,
            const std::string& hw) {
    if (!Feature(feature)) return false;
    std::vector<std::string> all = FeatureModeKeys(recipe_, feature);
    std::vector<std::string> allowed = AllowedModes(catalog_, recipe_, feature, variant, hw);
    const Value* fdoc = recipe_.doc.Get("features")->Get(feature);
    if (all.empty()) {
      Fail("mode", mode, "feature " + feature + " has no modes; use --feature " + feature, {}, fdoc->pos());
      return false;
    }
    if (!Contains(all, mode)) {
      Fail("mode", mode, "unknown mode '" + mode + "' of feature " + feature, allowed);
      return false;
    }
    const Value* mdoc = fdoc->Get("modes")->Get(mode);
    if (std::string why = ModeBlocker(catalog_, recipe_, feature, mode, variant, hw); !why.empty()) {
      // Point at the `variants` list or the `hardware` map that refuses it.
      const Value* at = mdoc ? mdoc->Get(ModeAllowedForVariant(recipe_, feature, mode, variant) ? "hardware" : "variants")
                             : nullptr;
      Fail("mode", mode, why, allowed, at ? at->pos() : Pos{});
      return false;
    }
    return true;
  }

  bool FeatureForStrategy(const std::string& feature, const std::string& s) {
    std::string why = FeatureStrategyBlocker(recipe_, feature, s);
    if (why.empty()) return true;
    Fail("feature", feature, why, {}, recipe_.doc.Get("features")->Get(feature)->Get("strategies")->pos());
    return false;
  }

  bool PoolMode(const std::string& role, const std::string& mode, const std::string& hw) {
    std::vector<std::string> modes = OfferedPdPoolModes(catalog_, recipe_, hw);
    if (Contains(modes, mode)) return true;
    Fail("pd", mode, role + " pool parallelism '" + mode + "' is not offered on " + DisplayName(catalog_, hw), modes);
    return false;
  }

  bool PoolNodes(const std::string& role, int n) {
    if (n >= 1 && n <= kMaxNodes) return true;
    Fail("pd", std::to_string(n), role + " pool node count must be between 1 and " + std::to_string(kMaxNodes));
    return false;
  }

  bool KvOffload(const std::string& id, const std::string& hw, const std::string& s) {
    std::vector<KvOffloadOption> options = KvOffloadOptions(catalog_, recipe_, hw, s);
    std::vector<std::string> enabled = {"off"};
    for (const KvOffloadOption& o : options) {
      if (o.enabled) enabled.push_back(o.id);
    }
    for (const KvOffloadOption& o : options) {
      if (o.id != id) continue;
      if (o.enabled) return true;
      Fail("kv_offload", id, "KV offload '" + id + "' is not available here: " + o.reason, enabled);
      return false;
    }
    Fail("kv_offload", id, "unknown KV offload '" + id + "'", enabled);
    return false;
  }

 private:
  const Catalog& catalog_;
  const Recipe& recipe_;
  std::vector<SelectionError>* errors_;
};

int DefaultInstances(const Catalog& catalog, const std::string& kv_id) {
  const Value* doc = catalog.FindStrategy(kv_id);
  const Value* d = doc ? doc->Get("default_instances") : nullptr;
  return d && d->is_number() && d->number() >= 1 ? static_cast<int>(d->number()) : 2;
}

}  // namespace

std::string ExclusiveFeaturePartner(std::string_view feature) {
  if (feature == "text_only") return "encoder_parallel";
  if (feature == "encoder_parallel") return "text_only";
  return {};
}

SelectionOutcome DefaultSelection(const Catalog& catalog, const Recipe& recipe, const SelectionRequest& request) {
  SelectionOutcome out;
  Selection& sel = out.selection;
  Checks check(catalog, recipe, &out.errors);

  // Variant and hardware (site.md §9.4 steps 1–6).
  std::string variant = "default";
  bool variant_given = request.variant.has_value();
  if (variant_given) {
    if (!check.Variant(*request.variant)) return out;
    variant = *request.variant;
  }
  std::string hw;
  if (request.hardware) {
    hw = *request.hardware;
    if (variant_given) {
      if (!check.Hardware(variant, hw)) return out;
    } else {
      HardwareOption o = CheckHardware(catalog, recipe, variant, hw);
      if (o.exclusion == HardwareExclusion::kUnknown || o.exclusion == HardwareExclusion::kRestricted ||
          o.exclusion == HardwareExclusion::kUnsupported || o.exclusion == HardwareExclusion::kNoStrategy) {
        check.Fail("hardware", hw, o.reason, OfferedHardware(catalog, recipe), o.pos);
        return out;
      }
      if (!o.ok()) {
        std::optional<std::string> fit = FittingVariant(catalog, recipe, hw);
        if (!fit) {
          check.Fail("hardware", hw, "no variant of " + recipe.hf_id + " runs on " + hw + " (" + o.reason + ")",
                     OfferedHardware(catalog, recipe), o.pos);
          return out;
        }
        out.notes.push_back("variant " + *fit + " selected: " + o.reason);
        variant = *fit;
      }
    }
  } else {
    hw = DefaultHardware(catalog, recipe, variant);
    const Value* profile = catalog.FindHardware(hw);
    if (variant_given) {
      if (!check.Hardware(variant, hw)) return out;
    } else if (!IsHardwareScalable(profile) && !FitsSingleNode(VariantOrDefault(recipe, variant), profile) &&
               !OmniTaskOverrideFits(recipe, hw, profile)) {
      if (std::optional<std::string> fit = FittingVariant(catalog, recipe, hw)) variant = *fit;
    }
  }
  const Value* profile = catalog.FindHardware(hw);
  bool scalable = IsHardwareScalable(profile);

  // Strategy and node count (§9.4 step 7, §9.11.3, §9.11.5).
  int nodes = 1;
  std::string strategy;
  if (request.node_count && !check.NodeCount(*request.node_count, hw)) return out;
  if (request.strategy) {
    strategy = *request.strategy;
    if (!check.Strategy(strategy, hw)) return out;
    if (request.node_count) {
      nodes = *request.node_count;
      if (!check.NodesForStrategy(nodes, strategy, hw)) return out;
    } else {
      nodes = DefaultNodesForStrategy(catalog, recipe, strategy, hw);
    }
  } else {
    if (request.node_count) {
      nodes = *request.node_count;
    } else {
      nodes = LandingNodeCount(catalog, recipe, variant, hw);
    }
    strategy = ActiveStrategy(catalog, recipe, hw, nodes);
    if (!request.node_count && nodes > 1) {
      // A default that changes the deployment is said once (issue 12 item 3).
      const Value& v = VariantOrDefault(recipe, variant);
      const Value* label = v.Get("label");
      const Value* precision = v.Get("precision");
      std::string name = label && label->is_string() ? label->str()
                         : precision && precision->is_string() ? precision->str()
                                                               : variant;
      for (char& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      const Value* need = v.Get("vram_minimum_gb");
      const Value* node = profile ? profile->Get("vram_gb") : nullptr;
      out.notes.push_back(name + " (" + (need ? need->ToDisplayString() : "?") + " GB) does not fit one " +
                          DisplayName(catalog, hw) + " node (" + (node ? node->ToDisplayString() : "?") +
                          " GB); using " + strategy + " on " + std::to_string(nodes) + " nodes");
    }
    if (scalable && strategy != "pd_cluster") {
      int needed = NodesForStrategy(catalog, recipe, strategy, hw);
      if (needed > nodes && needed <= kMaxNodes) {
        if (request.node_count) {
          out.notes.push_back("node count raised to " + std::to_string(needed) + ": " + strategy + " needs " +
                              FormatJsNumber(StrategyMinGpus(recipe, strategy, hw)) + " GPUs");
        }
        nodes = needed;
      }
    }
  }

  // Features and modes (§9.4 steps 8–9).
  std::vector<std::string> features = DefaultFeatures(recipe, hw, variant);
  std::vector<std::string> switched_on;
  auto switch_on = [&](const std::string& key) {
    std::string partner = ExclusivePartner(key);
    if (!partner.empty() && Contains(switched_on, partner)) {
      check.Fail("feature", key, key + " and " + partner + " are mutually exclusive; pick one");
      return;
    }
    if (!partner.empty() && Contains(features, partner)) {
      Remove(&features, partner);
      out.notes.push_back(partner + " switched off: it excludes " + key);
    }
    if (!Contains(features, key)) features.push_back(key);
    if (!Contains(switched_on, key)) switched_on.push_back(key);
  };
  for (const auto& [key, on] : request.feature_switches) {
    if (!check.Feature(key)) continue;
    if (on) {
      switch_on(key);
    } else {
      Remove(&features, key);
      Remove(&switched_on, key);
    }
  }
  std::vector<std::pair<std::string, std::string>> modes = DefaultFeatureModes(catalog, recipe, variant, hw);
  for (const auto& [feature, mode] : request.feature_modes) {
    if (!check.Mode(feature, mode, variant, hw)) continue;
    const std::string& key = feature;  // clang 14 cannot capture a structured binding
    auto it = std::find_if(modes.begin(), modes.end(), [&](const auto& p) { return p.first == key; });
    if (it != modes.end()) {
      it->second = mode;
    } else {
      modes.emplace_back(feature, mode);
    }
    switch_on(feature);
  }
  for (const std::string& f : switched_on) check.FeatureForStrategy(f, strategy);
  for (const std::string& f : features) {
    if (!Contains(switched_on, f) && !FeatureAllowedForStrategy(recipe, f, strategy)) {
      out.notes.push_back("feature " + f + " is left out: not available with strategy " + strategy);
    }
  }
  // The builder's VRAM shortfall warning (site.md §9.7).
  if (SingleNodeVramShortfall(catalog, recipe, variant, hw, strategy, nodes)) {
    const Value* need = VariantOrDefault(recipe, variant).Get("vram_minimum_gb");
    const Value* node = profile ? profile->Get("vram_gb") : nullptr;
    // Weights alone do not fit: a shorter context cannot help, so the advice
    // is a variant that fits or more nodes (issue 12 item 11).
    std::string advice;
    double node_gb = node && node->is_number() ? node->number() : 0;
    std::optional<std::string> smaller;
    double smaller_need = -1;
    for (const std::string& k : VariantKeys(recipe)) {
      const Value* n = VariantOrDefault(recipe, k).Get("vram_minimum_gb");
      if (k == variant || !n || !n->is_number() || n->number() > node_gb || n->number() <= smaller_need) continue;
      if (!CheckHardware(catalog, recipe, k, hw).ok()) continue;
      smaller = k;
      smaller_need = n->number();
    }
    if (smaller) advice = "use --variant " + *smaller + " (" + FormatJsNumber(smaller_need) + " GB)";
    if (MultiNodeBlocker(catalog, recipe, hw).empty() && need && need->is_number() && node_gb > 0) {
      int n = static_cast<int>(std::ceil(need->number() / node_gb));
      advice += (advice.empty() ? "use " : ", or ") + std::string("--nodes ") + std::to_string(std::max(2, n));
    }
    if (advice.empty()) advice = "pick hardware with more memory";
    out.notes.push_back("insufficient VRAM for single-node: " + DisplayName(catalog, hw) + " has " +
                        (node ? node->ToDisplayString() : "?") + " GB, variant " + variant + " needs " +
                        (need ? need->ToDisplayString() : "?") + " GB for weights alone; " + advice);
  }

  // Prefill/decode pools (§9.11.5).
  bool pd_requested = request.prefill_nodes || request.decode_nodes || request.prefill_rank ||
                      request.decode_rank || request.prefill_mode || request.decode_mode;
  if (strategy == "pd_cluster") {
    auto pool = [&](const std::string& role, const std::optional<int>& n, const std::optional<int>& rank,
                    const std::optional<std::string>& mode) {
      PdPool p = DefaultPdPool(catalog, recipe, variant, hw, role);
      if (mode && check.PoolMode(role, *mode, hw)) {
        p.parallelism = *mode;
        p.nodes = std::max(p.nodes, NodesForStrategy(catalog, recipe, *mode, hw));
      }
      if (n && check.PoolNodes(role, *n)) {
        int floor = NodesForStrategy(catalog, recipe, p.parallelism, hw);
        if (*n < floor) {
          out.notes.push_back(role + " pool raised to " + std::to_string(floor) + " nodes: " + p.parallelism +
                              " needs " + FormatJsNumber(StrategyMinGpus(recipe, p.parallelism, hw)) + " GPUs");
        }
        p.nodes = std::max(*n, floor);
      }
      if (rank) {
        if (*rank < 0 || *rank >= p.nodes) {
          check.Fail("pd", std::to_string(*rank),
                     role + " rank must be between 0 and " + std::to_string(p.nodes - 1) + " (the pool has " +
                         std::to_string(p.nodes) + " node" + (p.nodes == 1 ? "" : "s") + ")");
        } else {
          p.rank = *rank;
        }
      }
      return p;
    };
    PdPool prefill = pool("prefill", request.prefill_nodes, request.prefill_rank, request.prefill_mode);
    PdPool decode = pool("decode", request.decode_nodes, request.decode_rank, request.decode_mode);
    sel.pd_nodes = PdNodesValue(prefill, decode);
  } else if (pd_requested) {
    check.Fail("pd", strategy, "prefill/decode pool options apply to the pd_cluster strategy only (selected: " +
                                   strategy + ")");
  }

  // KV offload and Mooncake instances (§9.11.4).
  std::optional<std::string> kv;
  if (request.kv_offload && !request.kv_offload->empty() && *request.kv_offload != "off") {
    if (check.KvOffload(*request.kv_offload, hw, strategy)) kv = *request.kv_offload;
  }
  bool kv_store = kv && DeployTypeOf(catalog, *kv) == "kv_store_lb";
  ObjectItems instances;
  if (request.kv_instances || request.kv_instance) {
    if (!kv_store) {
      check.Fail("kv_instances", "", "--kv-instances and --kv-instance apply to a Mooncake KV store (--kv-offload " +
                                         std::string("kv_store_distributed_mooncake or kv_store_centralized_mooncake)"));
    } else {
      int count = DefaultInstances(catalog, *kv);
      if (request.kv_instances) {
        if (*request.kv_instances < 1 || *request.kv_instances > kMaxNodes) {
          check.Fail("kv_instances", std::to_string(*request.kv_instances),
                     "Mooncake instance count must be between 1 and " + std::to_string(kMaxNodes));
        } else {
          count = *request.kv_instances;
          instances.Set("count", Value::Number(count));
        }
      }
      if (request.kv_instance && (*request.kv_instance < 0 || *request.kv_instance >= count)) {
        check.Fail("kv_instances", std::to_string(*request.kv_instance),
                   "the shown instance must be between 0 and " + std::to_string(count - 1));
      }
    }
  }
  instances.Set("current", Value::Number(request.kv_instance ? std::max(0, *request.kv_instance) : 0));

  sel.variant = variant;
  sel.strategy = strategy;
  sel.hardware = hw;
  sel.features = std::move(features);
  sel.advanced_args = request.advanced_args;
  sel.node_count = nodes;
  sel.feature_modes = std::move(modes);
  sel.kv_offload = kv;
  sel.kv_instances = Value::Object(std::move(instances));
  return out;
}

std::vector<SelectionError> ValidateSelection(const Catalog& catalog, const Recipe& recipe,
                                              const Selection& selection) {
  std::vector<SelectionError> errors;
  Checks check(catalog, recipe, &errors);
  if (!check.Variant(selection.variant)) return errors;
  if (!check.Hardware(selection.variant, selection.hardware)) return errors;
  if (!check.Strategy(selection.strategy, selection.hardware)) return errors;
  if (check.NodeCount(selection.node_count, selection.hardware)) {
    check.NodesForStrategy(selection.node_count, selection.strategy, selection.hardware);
  }
  for (const std::string& f : selection.features) check.Feature(f);
  for (const auto& [feature, mode] : selection.feature_modes) {
    check.Mode(feature, mode, selection.variant, selection.hardware);
  }
  if (selection.pd_nodes.is_object()) {
    for (const char* role : {"prefill", "decode"}) {
      const Value* r = selection.pd_nodes.Get(role);
      if (!r) continue;
      const Value* n = r->is_object() ? r->Get("nodes") : r;
      if (n && n->is_number()) check.PoolNodes(role, static_cast<int>(n->number()));
      const Value* par = r->Get("parallelism");
      if (par && par->is_string()) check.PoolMode(role, par->str(), selection.hardware);
    }
  }
  if (selection.kv_offload && !selection.kv_offload->empty()) {
    check.KvOffload(*selection.kv_offload, selection.hardware, selection.strategy);
  }
  return errors;
}

}  // namespace recipes
