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

std::string SelectionKey(const Selection& s) {
  // Cheap and unambiguous: fields joined with separators that ids never hold.
  std::string k = s.variant + '\x1f' + s.strategy + '\x1f' + s.hardware + '\x1f' + std::to_string(s.node_count);
  for (const std::string& f : s.features) k += '\x1e' + f;
  k += '\x1f';
  for (const auto& [f, m] : s.feature_modes) k += '\x1e' + f + '=' + m;
  k += '\x1f';
  for (const std::string& a : s.advanced_args) k += '\x1e' + a;
  k += '\x1f' + (s.kv_offload ? *s.kv_offload : std::string("\x1d"));
  if (!s.pd_nodes.is_null()) k += '\x1f' + ToJson(s.pd_nodes, 0);
  if (!s.kv_instances.is_null()) k += '\x1f' + ToJson(s.kv_instances, 0);
  return k;
}

namespace {

// The builder's feature switch (DefaultSelection's rules) applied to a
// landing selection: on appends the feature (switching off its exclusive
// partner), off removes it; a feature switched on must be allowed for the
// strategy. Cheaper than a fresh DefaultSelection per switch.
bool SwitchFeature(const Recipe& recipe, Selection* sel, const std::string& feature, bool on) {
  auto& fs = sel->features;
  if (!on) {
    fs.erase(std::remove(fs.begin(), fs.end(), feature), fs.end());
    return true;
  }
  if (!FeatureAllowedForStrategy(recipe, feature, sel->strategy)) return false;
  std::string partner = ExclusiveFeaturePartner(feature);
  if (!partner.empty()) fs.erase(std::remove(fs.begin(), fs.end(), partner), fs.end());
  if (!Contains(fs, feature)) fs.push_back(feature);
  return true;
}

void SetMode(Selection* sel, const std::string& feature, const std::string& mode) {
  for (auto& [f, m] : sel->feature_modes) {
    if (f == feature) {
      m = mode;
      return;
    }
  }
  sel->feature_modes.emplace_back(feature, mode);
}

Value WithRank(const Value& pd_nodes, int prefill_rank, int decode_rank) {
  ObjectItems out;
  for (const auto& [role, pool] : pd_nodes.members()) {
    ObjectItems p = pool.is_object() ? pool.members() : ObjectItems();
    p.Set("rank", Value::Number(role == "prefill" ? prefill_rank : decode_rank));
    out.Set(role, Value::Object(std::move(p)));
  }
  return Value::Object(std::move(out));
}

}  // namespace

std::vector<ReachableSelection> ReachableSelections(const Catalog& catalog, const Recipe& recipe,
                                                    const RenderingsOptions& options) {
  std::vector<ReachableSelection> out;
  if (IsOmniRecipeDoc(recipe.doc)) return out;
  std::unordered_set<std::string> seen;
  auto add = [&](Selection sel, const std::string& change) {
    if (!seen.insert(SelectionKey(sel)).second) return;
    out.push_back({std::move(sel), change});
  };
  // PD pools of several nodes render a different command per pool rank.
  auto add_ranks = [&](const Selection& sel, const std::string& change) {
    add(sel, change);
    if (!options.pd_ranks || sel.strategy != "pd_cluster" || !sel.pd_nodes.is_object()) return;
    int pn = PoolNodes(sel.pd_nodes, "prefill"), dn = PoolNodes(sel.pd_nodes, "decode");
    for (int rank = 1; rank < std::max(pn, dn); ++rank) {
      Selection r = sel;
      r.pd_nodes = WithRank(sel.pd_nodes, std::min(rank, pn - 1), std::min(rank, dn - 1));
      add(std::move(r), change + " pd rank " + std::to_string(rank));
    }
  };

  std::vector<std::string> offered = OfferedHardware(catalog, recipe);
  std::vector<std::string> features = FeatureKeys(recipe);
  for (const std::string& variant : VariantKeys(recipe)) {
    for (const std::string& hw : offered) {
      if (!CheckHardware(catalog, recipe, variant, hw).ok()) continue;
      std::vector<std::pair<std::string, std::vector<std::string>>> modes;
      if (options.modes) {
        for (const std::string& f : features) modes.emplace_back(f, AllowedModes(catalog, recipe, f, variant, hw));
      }
      for (const std::string& strategy : OfferedStrategies(catalog, recipe, hw)) {
        SelectionRequest base;
        base.variant = variant;
        base.hardware = hw;
        base.strategy = strategy;
        SelectionOutcome landing = DefaultSelection(catalog, recipe, base);
        if (!landing.ok()) continue;
        const Selection& def = landing.selection;
        add_ranks(def, "defaults");
        if (options.feature_toggles) {
          for (const std::string& f : features) {
            bool on = Contains(def.features, f);
            Selection r = def;
            if (SwitchFeature(recipe, &r, f, !on)) add_ranks(r, (on ? "-" : "+") + f);
          }
        }
        for (const auto& [f, allowed] : modes) {
          for (const std::string& mode : allowed) {
            Selection r = def;
            SetMode(&r, f, mode);
            if (SwitchFeature(recipe, &r, f, true)) add_ranks(r, f + "=" + mode);
          }
        }
        if (options.kv_offload) {
          for (const KvOffloadOption& kv : KvOffloadOptions(catalog, recipe, hw, strategy)) {
            if (!kv.enabled) continue;
            Selection r = def;
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
