// The builder's state: settling the URL's values into one consistent state
// (site.md §9.4: variant, hardware, nodes and strategy, features, modes,
// advanced options, KV offload, PD pools), then filling the view from it.
#include "site/builder_state.h"

#include <algorithm>
#include <string>
#include <vector>

#include "resolve/omni.h"
#include "site/builder_internal.h"

namespace recipes {

namespace builder_detail {

// ---------------------------------------------------------------------------
// Settling

std::vector<std::string> Builder::Candidates(int nodes) const {
  std::vector<std::string> out;
  for (const StrategyOption& o : StrategyOptions(cat_, rules_.recipe(), s_.hw, nodes)) out.push_back(o.id);
  return out;
}

std::string Builder::ActiveStrategy(const std::vector<std::string>& cand, int nodes) const {
  // A supported URL override wins; otherwise the shared rule picks.
  const std::string* override_id = url_.Get("strategy");
  if (override_id && Contains(cand, *override_id) && rules_.SupportedOn(*override_id, s_.hw)) return *override_id;
  return recipes::ActiveStrategy(cat_, rules_.recipe(), s_.hw, nodes);
}

std::vector<int> Builder::NodePillValues() const { return NodeCountChoices(cat_, rules_.recipe(), s_.hw); }

void Builder::SettleNodesAndStrategy() {
  bool can_multi = MultiNodeBlocker(cat_, rules_.recipe(), s_.hw).empty();
  if (!can_multi) {
    s_.nodes = 1;
  } else if (const std::string* n = url_.Get("nodes")) {
    s_.nodes = *ParseInt(*n);
  } else {
    s_.nodes = LandingNodeCount(cat_, rules_.recipe(), s_.variant, s_.hw);
  }
  s_.candidates = Candidates(s_.nodes);
  s_.strategy = ActiveStrategy(s_.candidates, s_.nodes);
  if (can_multi && DeployTypeOf(cat_, s_.strategy) != "pd_cluster") {
    int need = rules_.NodesNeeded(s_.strategy, s_.hw);
    std::vector<int> pills = NodePillValues();
    int target = s_.nodes;
    if (need > s_.nodes && need <= kMaxNodes) {
      target = need;
    } else if (s_.nodes > 2 && !std::count(pills.begin(), pills.end(), s_.nodes)) {
      target = std::max(2, need);
    }
    if (target != s_.nodes) {
      s_.nodes = target;
      url_.Set("nodes", std::to_string(target));
      s_.candidates = Candidates(s_.nodes);
      s_.strategy = ActiveStrategy(s_.candidates, s_.nodes);
    }
  }
  s_.recommended = rules_.Recommended(s_.nodes);
}

std::vector<AdvancedDef> Builder::AdvancedDefs() const {
  const Value& doc = rules_.doc();
  const Value* model = doc.Get("model");
  auto is_true = [&](const char* k) {
    const Value* v = model ? model->Get(k) : nullptr;
    return v && v->is_bool() && v->boolean();
  };
  auto ends = [&](std::string_view suffix) {
    return s_.strategy.size() >= suffix.size() &&
           s_.strategy.compare(s_.strategy.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  std::vector<AdvancedDef> defs = {
      {"max_batched_8k", "max-num-batched-tokens = 8192", "A common per-step token budget for batching.",
       {"--max-num-batched-tokens", "8192"}},
      {"max_num_seqs_256", "max-num-seqs = 256", "Fewer concurrent sequences favour latency, more favour throughput.",
       {"--max-num-seqs", "256"}},
      {"gpu_mem_095", "gpu-memory-utilization = 0.95", "Leaves more room for KV cache; risky on shared GPUs.",
       {"--gpu-memory-utilization", "0.95"}},
      {"max_model_len_auto", "max-model-len = auto", "Sizes the context window to what the KV cache can hold.",
       {"--max-model-len", "auto"}},
      {"dcp_8", "decode-context-parallel-size = 8",
       "Shards the KV cache across TP ranks at decode (MLA models); at most TP ÷ KV heads.",
       {"--decode-context-parallel-size", "8"}, is_true("supports_dcp")},
      {"no_flashinfer_autotune", "no-enable-flashinfer-autotune", "Skips FlashInfer autotuning for a faster start.",
       {"--no-enable-flashinfer-autotune"}, is_true("flashinfer_autotune")},
      {"ep_weight_filter", "enable-ep-weight-filter", "Loads only the experts that belong to this EP rank.",
       {"--enable-ep-weight-filter"}, ends("tep") || ends("dep")},
  };
  const Value* extra = doc.Get("advanced_options");
  if (extra && extra->is_array()) {
    for (const Value& o : extra->items()) {
      AdvancedDef d;
      d.id = Str(o.Get("id"));
      if (d.id.empty()) continue;
      d.label = Str(o.Get("label"));
      if (d.label.empty()) d.label = d.id;
      d.description = Str(o.Get("description"));
      const Value* args = o.Get("args");
      if (args && args->is_array()) {
        for (const Value& a : args->items()) d.args.push_back(a.ToDisplayString());
      }
      defs.push_back(std::move(d));
    }
  }
  return defs;
}

bool Builder::SettleVariantAndHardware(std::vector<std::string>* offered) {
  std::vector<std::string> variants = rules_.VariantKeys();
  s_.variant = "default";
  if (const std::string* v = url_.Get("variant")) {
    if (!Contains(variants, *v)) return Fail("variant", "unknown variant '" + *v + "'", variants);
    s_.variant = *v;
    if (*v == "default") url_.Erase("variant");
  }
  for (const auto& hw : rules_.AllHardware()) {
    if (rules_.Offered(hw)) offered->push_back(hw);
  }
  std::string def_hw = rules_.DefaultHardware(s_.variant);
  s_.hw = def_hw;
  if (const std::string* h = url_.Get("hardware")) {
    if (!Contains(*offered, *h)) return Fail("hardware", "unknown hardware '" + *h + "'", *offered);
    if (rules_.Compatible(s_.variant, *h)) {
      s_.hw = *h;
    } else {
      v_.corrections.push_back({"hardware", rules_.WhyNot(s_.variant, *h) + " Showing " +
                                                rules_.DisplayName(def_hw) + " instead.",
                                {}});
      url_.Set("hardware", def_hw);
    }
  }
  return true;
}

bool Builder::Settle() {
  // Copy only the builder's keys; everything else in the query is ignored.
  static constexpr const char* kKeys[] = {"variant",      "hardware",     "strategy",     "nodes",
                                          "features",     "fmode",        "advanced",     "kv_offload",
                                          "kv_instances", "kv_instance",  "prefill_nodes", "decode_nodes",
                                          "prefill_mode", "decode_mode",  "prefill_rank", "decode_rank"};
  for (const char* k : kKeys) {
    if (const std::string* v = in_.Get(k)) url_.Set(k, *v);
  }

  // 1–3. Variant, then hardware from the URL.
  std::vector<std::string> offered;
  if (!SettleVariantAndHardware(&offered)) return false;
  // 4. Otherwise a stored preference: NVIDIA only, offered and usable; never
  // written to the URL.
  if (!url_.Has("hardware")) {
    if (const std::string* pref = in_.Get("pref_hardware")) {
      if (Contains(offered, *pref) && rules_.Brand(*pref) == "NVIDIA" && rules_.Compatible(s_.variant, *pref)) {
        s_.hw = *pref;
      }
    }
  }

  // 6. A default variant that does not fit a non-scalable box gives way.
  if (!url_.Has("variant") && !rules_.Scalable(s_.hw) && !rules_.Fits(s_.variant, s_.hw)) {
    std::string fit = rules_.FittingVariant(s_.hw);
    if (!fit.empty()) s_.variant = fit;
  }

  // 7. Nodes.
  if (const std::string* n = url_.Get("nodes")) {
    auto k = ParseInt(*n);
    if (!k || *k < 1 || *k > kMaxNodes) return Fail("nodes", "nodes must be an integer from 1 to 16", Range(1, 16));
    if (*k == 1) url_.Erase("nodes");
  }
  if (const std::string* st = url_.Get("strategy")) {
    std::vector<std::string> valid;
    for (const auto& id : rules_.EffectiveStrategies()) {
      if (cat_.FindStrategy(id) && !IsMooncake(id)) valid.push_back(id);
    }
    if (!Contains(valid, *st)) return Fail("strategy", "strategy '" + *st + "' is not offered by this recipe", valid);
  }
  SettleNodesAndStrategy();
  if (const std::string* st = url_.Get("strategy")) {
    if (*st == s_.recommended) url_.Erase("strategy");
  }

  // 8. Features.
  std::vector<std::string> keys = rules_.FeatureKeys();
  if (const std::string* f = url_.Get("features")) {
    s_.features.clear();
    if (*f != "none") {
      for (const auto& k : SplitCommaList(*f)) {
        if (!Contains(keys, k)) {
          std::vector<std::string> valid = keys;
          valid.push_back("none");
          return Fail("features", "unknown feature '" + k + "'", valid);
        }
        if (!Contains(s_.features, k)) s_.features.push_back(k);
      }
    }
    if (SameSet(s_.features, rules_.DefaultFeatures(s_.hw, s_.variant))) url_.Erase("features");
  } else {
    s_.features = rules_.DefaultFeatures(s_.hw, s_.variant);
  }

  // 9. Feature modes.
  if (const std::string* fm = url_.Get("fmode")) {
    std::vector<std::string> valid;
    for (const auto& k : keys) {
      for (const auto& m : rules_.AllowedModes(k, s_.variant, "")) valid.push_back(k + ":" + m);
    }
    std::vector<std::string> kept;
    for (const auto& pair : SplitCommaList(*fm)) {
      size_t colon = pair.find(':');
      if (colon == std::string::npos || !Contains(valid, pair)) {
        return Fail("fmode", "unknown feature mode '" + pair + "'", valid);
      }
      std::string f = pair.substr(0, colon), m = pair.substr(colon + 1);
      s_.user_modes.emplace_back(f, m);
      std::string def = rules_.EffectiveMode(f, s_.variant, s_.hw, "");
      if (m != def) kept.push_back(pair);
    }
    if (kept.empty()) url_.Erase("fmode");
    else url_.Set("fmode", JoinCommaList(kept));
  }

  // 10. Advanced.
  if (const std::string* a = url_.Get("advanced")) {
    std::vector<std::string> valid;
    for (const auto& d : AdvancedDefs()) valid.push_back(d.id);
    for (const auto& id : SplitCommaList(*a)) {
      if (!Contains(valid, id)) return Fail("advanced", "unknown advanced option '" + id + "'", valid);
      if (!Contains(s_.advanced, id)) s_.advanced.push_back(id);
    }
    if (s_.advanced.empty()) url_.Erase("advanced");
  }

  // KV offload.
  if (const std::string* kv = url_.Get("kv_offload")) {
    std::vector<std::string> valid = {"off"};
    const Value* opts = cat_.taxonomy.Get("kv_offload");
    if (opts && opts->is_object()) {
      for (const auto& [k, o] : opts->members()) valid.push_back(k);
    }
    for (const auto& st : cat_.kv_stores) valid.push_back(st.name);
    if (!Contains(valid, *kv)) return Fail("kv_offload", "unknown KV offload option '" + *kv + "'", valid);
    if (*kv == "off") {
      url_.Erase("kv_offload");
    } else {
      s_.kv_pick = *kv;
      std::string why = KvGate(*kv);
      if (why.empty()) {
        s_.kv = *kv;
      } else if (IsMooncake(*kv)) {
        url_.Erase("kv_offload");  // an invalid Mooncake pick is dropped from the URL
        url_.Erase("kv_instances");
        url_.Erase("kv_instance");
      }
    }
  }
  for (const char* k : {"kv_instances", "kv_instance"}) {
    if (const std::string* n = url_.Get(k)) {
      auto v = ParseInt(*n);
      bool count = std::string_view(k) == "kv_instances";
      if (!v || (count && (*v < 1 || *v > kMaxNodes))) {
        return Fail(k, count ? "kv_instances must be an integer from 1 to 16" : "kv_instance must be a non-negative integer",
                    count ? Range(1, 16) : std::vector<std::string>{});
      }
      (count ? s_.kv_instances : s_.kv_instance) = *v;
    }
  }
  if (!IsMooncake(s_.kv)) {
    s_.kv_instances = 0;
    s_.kv_instance = 0;
  } else {
    // A count equal to the topology default is "default" (not in the URL);
    // a shown instance beyond the count goes back to the first.
    const Value* d = cat_.FindStrategy(s_.kv);
    int def = static_cast<int>(Num(d ? d->Get("default_instances") : nullptr, 2));
    if (s_.kv_instances == def) {
      s_.kv_instances = 0;
      url_.Erase("kv_instances");
    }
    int count = s_.kv_instances > 0 ? s_.kv_instances : def;
    if (s_.kv_instance >= count || s_.kv_instance == 0) {
      s_.kv_instance = 0;
      url_.Erase("kv_instance");
    }
  }

  // PD pools.
  for (int r = 0; r < 2; ++r) {
    std::string role = kRoles[r];
    if (const std::string* n = url_.Get(role + "_nodes")) {
      auto v = ParseInt(*n);
      if (!v || *v < 1 || *v > kMaxNodes) return Fail(role + "_nodes", "must be an integer from 1 to 16", Range(1, 16));
      s_.pd_nodes[r] = *v;
    }
    if (const std::string* m = url_.Get(role + "_mode")) {
      std::vector<std::string> modes = rules_.PdModes(s_.hw);
      if (!Contains(modes, *m)) return Fail(role + "_mode", "unknown pool parallelism '" + *m + "'", modes);
      s_.pd_mode[r] = *m;
    }
    if (const std::string* n = url_.Get(role + "_rank")) {
      auto v = ParseInt(*n);
      if (!v) return Fail(role + "_rank", "must be a non-negative integer", {});
      s_.pd_rank[r] = *v;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// KV offload gates (site.md §9.11.4)

std::string Builder::KvGate(std::string_view key, std::string_view hw) const {
  for (const KvOffloadOption& o : KvOffloadOptions(cat_, rules_.recipe(), hw.empty() ? s_.hw : hw, s_.strategy)) {
    if (o.id == key) return o.enabled ? "" : Sentence(o.reason);
  }
  return "Unknown option.";
}

BuildResult Builder::Run() {
  if (IsOmniServed(rules_.recipe())) return RunOmni();
  BuildResult result;
  if (!Settle()) {
    result.error = error_;
    return result;
  }
  MovedHardwareNote();
  v_.recipe = &rules_.recipe();
  v_.variant = s_.variant;
  v_.hardware = s_.hw;
  v_.strategy = s_.strategy;
  v_.nodes = s_.nodes;
  v_.features = s_.features;
  v_.advanced = s_.advanced;
  v_.kv_offload = s_.kv;
  v_.deploy_type = DeployTypeOf(cat_, s_.strategy);
  for (const auto& f : s_.features) {
    if (rules_.AllowedModes(f, s_.variant, s_.hw).empty()) continue;
    std::string user;
    for (const auto& [fk, m] : s_.user_modes) {
      if (fk == f) user = m;
    }
    v_.modes.emplace_back(f, rules_.EffectiveMode(f, s_.variant, s_.hw, user));
  }
  Resolve();
  Rows();
  Card();
  Install();
  Extras();
  v_.query = url_.ToString();
  result.view = std::move(v_);
  return result;
}

}  // namespace builder_detail

BuildResult BuildBuilderView(const Catalog& catalog, const Recipe& recipe, const BuilderParams& query) {
  builder_detail::Builder b(catalog, recipe, query);
  return b.Run();
}

}  // namespace recipes
