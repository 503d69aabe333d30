#include "site/builder_state.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "render/docker.h"
#include "render/json_writer.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"
#include "site/builder_rules.h"

namespace recipes {

namespace {

std::string Str(const Value* v) { return v && v->is_string() ? v->str() : std::string(); }
double Num(const Value* v, double fallback = 0) { return v && v->is_number() ? v->number() : fallback; }
bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}
bool SameSet(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}
std::string Fmt(double n) { return FormatJsNumber(n); }

// First line of a folded description.
std::string FirstLine(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  size_t nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

std::optional<int> ParseInt(const std::string& s) {
  if (s.empty() || s.size() > 6) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::vector<std::string> Range(int lo, int hi) {
  std::vector<std::string> out;
  for (int i = lo; i <= hi; ++i) out.push_back(std::to_string(i));
  return out;
}

struct AdvancedDef {
  std::string id, label, description;
  std::vector<std::string> args;
  bool shown = true;
};

// Where a state value came from decides whether it is written to the URL.
struct State {
  std::string variant;
  std::string hw;
  int nodes = 1;
  std::string strategy;  // active
  std::vector<std::string> candidates;
  std::string recommended;
  std::vector<std::string> features;
  std::vector<std::pair<std::string, std::string>> user_modes;  // fmode
  std::vector<std::string> advanced;
  std::string kv_pick;  // as requested
  std::string kv;       // effective ("" = Off)
  int kv_instances = 0; // 0 = topology default
  int kv_instance = 0;
  int pd_nodes[2] = {0, 0};  // 0 = default
  std::string pd_mode[2];    // "" = default
  int pd_rank[2] = {0, 0};
};

constexpr const char* kRoles[2] = {"prefill", "decode"};

class Builder {
 public:
  Builder(const Catalog& c, const Recipe& r, const BuilderParams& q) : cat_(c), rules_(c, r), in_(q) {}

  BuildResult Run();
  BuildResult RunOmni();

 private:
  // Settling (site.md §9.4).
  bool Settle();
  /// Steps 1–4 of §9.4, shared by both builders: the variant, then the
  /// hardware from the URL (a usable one) or the default. Fills `offered`.
  bool SettleVariantAndHardware(std::vector<std::string>* offered);
  bool Fail(std::string param, std::string message, std::vector<std::string> valid) {
    error_ = BuilderError{std::move(param), std::move(message), std::move(valid)};
    return false;
  }
  void SettleNodesAndStrategy();
  std::vector<std::string> Candidates(int nodes) const;
  std::string ActiveStrategy(const std::vector<std::string>& cand, int nodes) const;
  std::vector<int> NodePillValues() const;
  std::vector<AdvancedDef> AdvancedDefs() const;

  // KV offload.
  /// Why a KV offload option or kv-store deployment is off on `hw` (default:
  /// the active hardware), from KvOffloadOptions; "" = offered.
  std::string KvGate(std::string_view key, std::string_view hw = {}) const;
  bool IsMooncake(std::string_view key) const { return DeployTypeOf(cat_, key) == "kv_store_lb"; }

  // URL transitions: the query a click produces.
  BuilderParams Url() const { return url_; }
  std::string Q(const BuilderParams& p) const { return p.ToString(); }
  void WriteFeatures(BuilderParams* p, const std::vector<std::string>& f, std::string_view hw,
                     std::string_view variant) const;
  std::string HardwareClick(const std::string& hw) const;
  std::string VariantClick(const std::string& v) const;

  // View.
  void Rows();
  void HardwareRow();
  void VariantRow();
  void StrategyRow();
  void KvRows();
  void NodesRow();
  void FeatureRows();
  void AdvancedRow();
  struct PdPoolState {
    int def_nodes = 1, nodes = 1;
    std::string def_mode, mode;
  };
  std::array<PdPoolState, 2> PdPools() const;
  Selection MakeSelection() const;
  void Resolve();
  void Tabs(const Value& out);
  void Card();
  void Install();
  void Extras();

  const Catalog& cat_;
  BuilderRules rules_;
  const BuilderParams& in_;
  BuilderParams url_;  // the builder keys as they should appear in the URL
  State s_;
  BuilderView v_;
  std::optional<BuilderError> error_;
};

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

// ---------------------------------------------------------------------------
// Transitions

void Builder::WriteFeatures(BuilderParams* p, const std::vector<std::string>& f, std::string_view hw,
                            std::string_view variant) const {
  if (SameSet(f, rules_.DefaultFeatures(hw, variant))) {
    p->Erase("features");
  } else {
    p->Set("features", f.empty() ? "none" : JoinCommaList(f));
  }
}

std::string Builder::HardwareClick(const std::string& hw) const {
  BuilderParams p = Url();
  const std::string& old = s_.hw;
  // 5. Variant first: the rest depends on it.
  std::string variant = s_.variant;
  if (!rules_.RunsOn(variant, hw)) {
    std::string fit = rules_.FittingVariant(hw);
    if (!fit.empty()) variant = fit;
  }
  if (variant == "default") p.Erase("variant");
  else p.Set("variant", variant);
  // 1. Features.
  std::vector<std::string> f;
  for (const auto& x : s_.features) {
    if (!IsHardwareOptInFeature(rules_.recipe(), hw, x)) f.push_back(x);
  }
  for (const auto& x : rules_.FeatureKeys()) {
    if (IsHardwareOptInFeature(rules_.recipe(), old, x) && !IsHardwareOptInFeature(rules_.recipe(), hw, x) && !IsOptInFeature(rules_.recipe(), x) &&
        !Contains(f, x)) {
      f.push_back(x);
    }
  }
  WriteFeatures(&p, f, hw, variant);
  // 2. Strategy override is cleared.
  p.Erase("strategy");
  // 3. Modes unsupported on the new hardware fall back to the first supported one.
  if (!s_.user_modes.empty()) {
    std::vector<std::string> kept;
    for (const auto& [feat, mode] : s_.user_modes) {
      std::vector<std::string> ok = rules_.AllowedModes(feat, variant, hw);
      std::string m = Contains(ok, mode) ? mode : (ok.empty() ? "" : ok.front());
      if (!m.empty() && m != rules_.EffectiveMode(feat, variant, hw, "")) kept.push_back(feat + ":" + m);
    }
    if (kept.empty()) p.Erase("fmode");
    else p.Set("fmode", JoinCommaList(kept));
  }
  // 4. Mooncake needs a scalable NVIDIA/AMD box.
  if (IsMooncake(s_.kv)) {
    if (!KvGate(s_.kv, hw).empty()) {
      p.Erase("kv_offload");
      p.Erase("kv_instances");
      p.Erase("kv_instance");
    }
  }
  // 6. Nodes.
  bool multi_ok = MultiNodeBlocker(cat_, rules_.recipe(), hw).empty();
  std::string def_strategy = Str(rules_.doc().Get("default_strategy"));
  if (s_.nodes == 1 && LandingNodeCount(cat_, rules_.recipe(), variant, hw) > 1) {
    p.Set("nodes", "2");
  } else if (s_.nodes > 1 && (!multi_ok || (rules_.Fits(variant, hw) && def_strategy.rfind("single_node_", 0) == 0))) {
    p.Erase("nodes");
  }
  p.Erase("prefill_rank");
  p.Erase("decode_rank");
  p.Set("hardware", hw);
  return Q(p);
}

std::string Builder::VariantClick(const std::string& v) const {
  BuilderParams p = Url();
  std::string hw = s_.hw;
  if (!rules_.Compatible(v, hw)) {
    hw = rules_.DefaultHardware(v);
    p.Set("hardware", hw);
  }
  p.Erase("fmode");
  if (p.Has("features")) {
    const Value* nv = rules_.Variant(v);
    const Value* ndm = nv ? nv->Get("default_modes") : nullptr;
    const Value* ov = rules_.Variant(s_.variant);
    const Value* odm = ov ? ov->Get("default_modes") : nullptr;
    std::vector<std::string> plain;
    for (const auto& f : rules_.FeatureKeys()) {
      if (!IsOptInFeature(rules_.recipe(), f) && !IsHardwareOptInFeature(rules_.recipe(), hw, f)) plain.push_back(f);
    }
    std::vector<std::string> f;
    for (const auto& x : s_.features) {
      bool was_forced = odm && odm->is_object() && odm->Get(x);
      bool forced_now = ndm && ndm->is_object() && ndm->Get(x);
      if (was_forced && !forced_now && !Contains(plain, x)) continue;
      f.push_back(x);
    }
    if (ndm && ndm->is_object()) {
      for (const auto& [k, m] : ndm->members()) {
        if (!Contains(f, k) && Contains(rules_.FeatureKeys(), k)) f.push_back(k);
      }
    }
    WriteFeatures(&p, f, hw, v);
  }
  if (v == "default") p.Erase("variant");
  else p.Set("variant", v);
  return Q(p);
}

// ---------------------------------------------------------------------------
// Rows

void Builder::HardwareRow() {
  BuilderRow row;
  row.key = "hardware";
  row.label = "Hardware";
  row.hint = "The GPU or accelerator node you deploy on. A green dot marks hardware the recipe author verified.";
  // Brand lines: NVIDIA, AMD, then others alphabetically.
  static constexpr const char* kNvidiaOrder[] = {"h100",         "h200",          "b200",           "gb200",
                                                 "b300",         "gb300",         "rtx_pro_5000",   "rtx_pro_6000",
                                                 "dgx_spark_gb10", "rtx_4090_2x", "rtx_5090_2x",    "dgx_station_gb300"};
  static constexpr const char* kAmdOrder[] = {"mi300x", "mi325x", "mi355x"};
  std::vector<std::string> all = rules_.AllHardware();
  std::vector<std::string> brands;
  for (const auto& hw : all) {
    if (!rules_.Offered(hw)) continue;
    std::string b = rules_.Brand(hw);
    if (!Contains(brands, b)) brands.push_back(b);
  }
  std::sort(brands.begin(), brands.end(), [](const std::string& a, const std::string& b) {
    auto rank = [](const std::string& x) { return x == "NVIDIA" ? 0 : x == "AMD" ? 1 : 2; };
    return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
  });
  for (const auto& brand : brands) {
    std::vector<std::string> ids;
    for (const auto& hw : all) {
      if (rules_.Offered(hw) && rules_.Brand(hw) == brand) ids.push_back(hw);
    }
    auto fixed_rank = [&](const std::string& id) -> int {
      const auto* begin = brand == "NVIDIA" ? std::begin(kNvidiaOrder) : std::begin(kAmdOrder);
      const auto* end = brand == "NVIDIA" ? std::end(kNvidiaOrder) : std::end(kAmdOrder);
      if (brand != "NVIDIA" && brand != "AMD") return 1000;
      for (const auto* it = begin; it != end; ++it) {
        if (id == *it) return static_cast<int>(it - begin);
      }
      return 1000;
    };
    std::stable_sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
      int ra = fixed_rank(a), rb = fixed_rank(b);
      if (ra != rb) return ra < rb;
      return rules_.NodeVram(a) < rules_.NodeVram(b);
    });
    std::vector<BuilderPill> pills;
    for (const auto& hw : ids) {
      BuilderPill p;
      p.id = hw;
      p.label = rules_.DisplayName(hw);
      p.detail = rules_.PerDeviceLabel(hw);
      p.verified = rules_.Status(hw) == "verified";
      p.active = hw == s_.hw;
      const Value* prof = rules_.Profile(hw);
      std::string desc = prof ? Str(prof->Get("description")) : "";
      std::string fit = rules_.FittingVariant(hw);
      if (RecipeMarksUnsupported(rules_.recipe(), hw)) {
        p.disabled = true;
        p.tooltip = Sentence(CheckHardware(cat_, rules_.recipe(), s_.variant, hw).reason);
      } else if (fit.empty()) {
        p.disabled = true;
        std::string why = rules_.WhyNot(s_.variant, hw);
        p.tooltip = "No variant of this model runs on " + p.label + "." + (why.empty() ? "" : "\n\n" + why);
      } else if (!rules_.RunsOn(s_.variant, hw)) {
        p.tooltip = desc + "\n\nSelecting " + p.label + " also switches Variant to " + rules_.VariantLabel(fit) + ".";
      } else {
        p.tooltip = desc;
      }
      if (p.verified && !p.disabled) p.tooltip += "\n\nVerified: the recipe author tested this hardware end to end.";
      if (!p.disabled) p.query = HardwareClick(hw);
      pills.push_back(std::move(p));
    }
    row.lines.emplace_back(brand, std::move(pills));
  }
  v_.rows.push_back(std::move(row));
}

void Builder::VariantRow() {
  BuilderRow row;
  row.key = "variant";
  row.label = "Variant";
  row.hint =
      "The figure is the minimum memory to load the weights plus runtime overhead (about parameters × bytes per "
      "parameter × 1.2). Long contexts or large batches typically need 1.5–2× more for KV cache.";
  std::vector<BuilderPill> pills;
  for (const auto& k : rules_.VariantKeys()) {
    BuilderPill p;
    p.id = k;
    p.label = rules_.VariantLabel(k);
    double vram = rules_.VariantVram(k);
    if (vram > 0) p.detail = Fmt(vram) + " GB";
    p.active = k == s_.variant;
    const Value* v = rules_.Variant(k);
    std::string desc = v ? Str(v->Get("description")) : "";
    if (!VariantRunsAnywhere(cat_, rules_.recipe(), k)) {
      p.disabled = true;
      p.tooltip = "No currently supported hardware can run this variant.";
    } else if (!p.active && !rules_.Compatible(k, s_.hw)) {
      // Pick hardware first: the variant explains what it needs.
      p.disabled = true;
      p.tooltip = rules_.WhyNot(k, s_.hw) + "\n\nPick " + rules_.DisplayName(rules_.DefaultHardware(k)) +
                  " (or other compatible hardware) first.";
    } else {
      p.tooltip = desc;
      if (vram > 0) {
        p.tooltip += (desc.empty() ? "" : "\n\n") + std::string("Min ") + Fmt(vram) +
                     " GB to load; add room for KV cache, and scale out with multi-node when one node is not enough.";
      }
      p.query = VariantClick(k);
    }
    pills.push_back(std::move(p));
  }
  row.lines.emplace_back("", std::move(pills));
  const Value* v = rules_.Variant(s_.variant);
  row.note = v ? Str(v->Get("description")) : "";
  row.link = "https://huggingface.co/" + rules_.VariantModelId(s_.variant);
  row.link_text = rules_.VariantModelId(s_.variant);
  v_.rows.push_back(std::move(row));
}

void Builder::StrategyRow() {
  BuilderRow row;
  row.key = "strategy";
  row.label = "Strategy";
  row.hint = "How the model is split across GPUs. The sparkle marks the recommended strategy.";
  std::vector<BuilderPill> pills;
  for (const StrategyOption& o : StrategyOptions(cat_, rules_.recipe(), s_.hw, s_.nodes)) {
    const std::string& id = o.id;
    BuilderPill p;
    p.id = id;
    p.label = rules_.StrategyName(id);
    p.active = id == s_.strategy;
    p.recommended = o.recommended;
    const Value* doc = cat_.FindStrategy(id);
    if (!o.supported) {
      p.disabled = true;
      p.tooltip = Sentence(o.reason);
    } else {
      p.tooltip = FirstLine(doc ? Str(doc->Get("description")) : "");
      BuilderParams q = Url();
      if (o.recommended) q.Erase("strategy");
      else q.Set("strategy", id);
      if (o.deploy_type == "multi_node" && o.nodes_needed > s_.nodes) q.Set("nodes", std::to_string(o.nodes_needed));
      p.query = Q(q);
    }
    pills.push_back(std::move(p));
  }
  row.lines.emplace_back("", std::move(pills));
  const Value* doc = cat_.FindStrategy(s_.strategy);
  row.note = FirstLine(doc ? Str(doc->Get("description")) : "");
  if (IsMooncake(s_.kv) && DeployTypeOf(cat_, s_.strategy) != "pd_cluster") {
    row.note += " Every Mooncake instance runs this strategy.";
  }
  std::string orientation = doc ? Str(doc->Get("orientation")) : "";
  if (doc) {
    row.badge_kind = orientation == "latency" ? "latency"
                     : orientation == "balanced" ? "balanced"
                     : orientation == "production" ? "production"
                                                   : "throughput";
    row.badge = orientation == "latency" ? "Latency oriented"
                : orientation == "balanced" ? "Balanced"
                : orientation == "production" ? "Production deployment"
                                              : "Throughput oriented";
  }
  v_.rows.push_back(std::move(row));
}

void Builder::KvRows() {
  BuilderRow row;
  row.key = "kv_offload";
  row.label = "KV Offload";
  row.hint = "Extend the KV cache beyond GPU memory: host DRAM, a filesystem tier, or a shared Mooncake pool.";
  struct Entry {
    double order;
    BuilderPill pill;
  };
  std::vector<Entry> entries;
  auto set_kv = [&](const std::string& key) {
    BuilderParams q = Url();
    if (key.empty()) {
      q.Erase("kv_offload");
      q.Erase("kv_instances");
      q.Erase("kv_instance");
    } else {
      q.Set("kv_offload", key);
      if (!IsMooncake(key)) {
        q.Erase("kv_instances");
        q.Erase("kv_instance");
      }
    }
    return Q(q);
  };
  BuilderPill off;
  off.id = "off";
  off.label = "Off";
  off.tooltip = "KV cache stays in GPU memory.";
  off.active = s_.kv.empty();
  off.query = set_kv("");
  entries.push_back({0, off});

  const Value* opts = cat_.taxonomy.Get("kv_offload");
  const Value* groups = cat_.taxonomy.Get("kv_offload_groups");
  std::vector<std::string> seen_groups;
  std::string active_group;
  std::vector<BuilderPill> group_members;
  if (opts && opts->is_object()) {
    for (const auto& [key, o] : opts->members()) {
      std::string group = Str(o.Get("group"));
      std::string label = Str(o.Get("label"));
      if (label.empty()) label = Str(o.Get("display_name"));
      if (group.empty()) {
        BuilderPill p;
        p.id = key;
        p.label = label;
        std::string why = KvGate(key);
        p.disabled = !why.empty();
        p.tooltip = p.disabled ? why : Str(o.Get("description"));
        p.active = s_.kv == key;
        if (!p.disabled) p.query = set_kv(key);
        entries.push_back({Num(o.Get("order"), 9), p});
        continue;
      }
      if (Contains(seen_groups, group)) continue;
      seen_groups.push_back(group);
      const Value* g = groups ? groups->Get(group) : nullptr;
      // Members of this group, by order.
      std::vector<std::pair<double, std::string>> members;
      for (const auto& [mk, mo] : opts->members()) {
        if (Str(mo.Get("group")) == group) members.emplace_back(Num(mo.Get("order"), 9), mk);
      }
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      BuilderPill p;
      p.id = group;
      p.label = g ? Str(g->Get("label")) : group;
      std::string first_ok, first_why;
      bool any_active = false;
      std::vector<BuilderPill> sub;
      for (const auto& [ord, mk] : members) {
        std::string why = KvGate(mk);
        if (why.empty() && first_ok.empty()) first_ok = mk;
        if (!why.empty() && first_why.empty()) first_why = why;
        const Value* mo = opts->Get(mk);
        BuilderPill mp;
        mp.id = mk;
        mp.label = Str(mo->Get("label"));
        mp.disabled = !why.empty();
        mp.tooltip = mp.disabled ? why : Str(mo->Get("description"));
        mp.active = s_.kv == mk;
        any_active = any_active || mp.active;
        if (!mp.disabled) mp.query = set_kv(mk);
        sub.push_back(std::move(mp));
      }
      p.active = any_active;
      p.disabled = first_ok.empty();
      p.tooltip = p.disabled ? first_why : (g ? Str(g->Get("tooltip")) : "");
      if (!p.disabled) p.query = any_active ? Q(Url()) : set_kv(first_ok);
      if (any_active) {
        active_group = group;
        group_members = std::move(sub);
      }
      entries.push_back({g ? Num(g->Get("order"), 2) : 2, p});
    }
  }
  // One merged Mooncake pill for every topology.
  if (!cat_.kv_stores.empty()) {
    std::vector<std::pair<double, std::string>> tops;
    for (const auto& st : cat_.kv_stores) tops.emplace_back(Num(st.doc.Get("order"), 9), st.name);
    std::stable_sort(tops.begin(), tops.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    BuilderPill p;
    p.id = "mooncake";
    p.label = "Mooncake";
    std::string first_ok, first_why;
    for (const auto& [o, t] : tops) {
      std::string why = KvGate(t);
      if (why.empty() && first_ok.empty()) first_ok = t;
      if (!why.empty() && first_why.empty()) first_why = why;
    }
    p.active = IsMooncake(s_.kv);
    p.disabled = first_ok.empty();
    p.tooltip = p.disabled ? first_why
                           : "Mooncake: a shared, distributed KV cache that composes with the selected strategy.";
    if (!p.disabled) p.query = p.active ? Q(Url()) : set_kv(first_ok);
    entries.push_back({3, p});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.order < b.order; });
  std::vector<BuilderPill> pills;
  for (auto& e : entries) pills.push_back(std::move(e.pill));
  row.lines.emplace_back("", std::move(pills));

  // Description of the active option.
  if (!active_group.empty()) {
    const Value* g = groups->Get(active_group);
    row.note = Str(g->Get("description"));
    row.link = Str(g->Get("docs_url"));
  } else if (IsMooncake(s_.kv)) {
    row.note =
        "Instances share prefix KV through a CPU-DRAM pool coordinated by a Mooncake master; at 2+ instances a "
        "cache-aware router sends matching prefixes to the instance that holds them.";
    row.link = "https://docs.vllm.ai/en/stable/features/mooncake_store_connector_usage";
  } else if (!s_.kv.empty()) {
    const Value* o = opts->Get(s_.kv);
    row.note = Str(o->Get("description"));
    row.link = Str(o->Get("docs_url"));
  }
  if (!row.link.empty()) row.link_text = "Docs ↗";
  v_.rows.push_back(std::move(row));

  if (!active_group.empty() && group_members.size() >= 2) {
    BuilderRow sub;
    sub.key = "kv_tiers";
    const Value* g = groups->Get(active_group);
    sub.label = Str(g->Get("sub_row_label"));
    if (sub.label.empty()) sub.label = "Offload Tiers";
    sub.nested = true;
    sub.note = Str(opts->Get(s_.kv)->Get("description"));
    sub.lines.emplace_back("", std::move(group_members));
    v_.rows.push_back(std::move(sub));
  }
  if (IsMooncake(s_.kv)) {
    if (cat_.kv_stores.size() >= 2) {
      BuilderRow topo;
      topo.key = "kv_topology";
      topo.label = "Store Topology";
      topo.nested = true;
      std::vector<std::pair<double, const StrategyDoc*>> tops;
      for (const auto& st : cat_.kv_stores) tops.emplace_back(Num(st.doc.Get("order"), 9), &st);
      std::stable_sort(tops.begin(), tops.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<BuilderPill> pills2;
      for (const auto& [o, st] : tops) {
        BuilderPill p;
        p.id = st->name;
        p.label = Str(st->doc.Get("label"));
        if (p.label.empty()) p.label = Str(st->doc.Get("display_name"));
        std::string why = KvGate(st->name);
        p.disabled = !why.empty();
        p.tooltip = p.disabled ? why : FirstLine(Str(st->doc.Get("description")));
        p.active = s_.kv == st->name;
        if (!p.disabled) {
          BuilderParams q = Url();
          q.Set("kv_offload", st->name);
          p.query = Q(q);
        }
        pills2.push_back(std::move(p));
      }
      topo.lines.emplace_back("", std::move(pills2));
      topo.note = FirstLine(Str(cat_.FindStrategy(s_.kv)->Get("description")));
      v_.rows.push_back(std::move(topo));
    }
    if (DeployTypeOf(cat_, s_.strategy) != "pd_cluster" && v_.resolution.is_object()) {
      BuilderRow inst;
      inst.key = "kv_instances";
      inst.label = "Instances";
      inst.nested = true;
      inst.hint = "Independent vLLM engines sharing the Mooncake pool; a router joins them from 2 up. Each spans "
                  "the Nodes row's count.";
      int count = static_cast<int>(Num(v_.resolution.Get("instances"), 1));
      int gpus = rules_.GpuCount(s_.hw);
      BuilderNumber n;
      n.param = "kv_instances";
      n.label = "Number of vLLM instances";
      n.value = count;
      n.suffix = "× " + std::to_string(s_.nodes) + (s_.nodes == 1 ? " node" : " nodes") + " × " +
                 std::to_string(gpus) + " GPUs = " + std::to_string(count * s_.nodes * gpus) + " GPUs total";
      inst.numbers.push_back(n);
      v_.rows.push_back(std::move(inst));
    }
  }
}

void Builder::NodesRow() {
  if (DeployTypeOf(cat_, s_.strategy) == "pd_cluster") {
    BuilderRow row;
    row.key = "nodes";
    row.label = "Nodes";
    row.hint = "Prefill and decode pools size independently, each with its own parallelism; total = prefill + "
               "decode nodes.";
    std::vector<std::string> modes = rules_.PdModes(s_.hw);
    std::array<PdPoolState, 2> pools = PdPools();
    int gpus = rules_.GpuCount(s_.hw);
    for (int r = 0; r < 2; ++r) {
      std::vector<BuilderPill> pills;
      if (modes.size() > 1) {
        for (const auto& m : modes) {
          BuilderPill p;
          p.id = m;
          p.label = UpperAscii(m);
          p.active = m == pools[r].mode;
          p.tooltip = m == "tp"    ? "Tensor parallel across the pool's GPUs."
                      : m == "tep" ? "Tensor parallel with expert parallelism for MoE layers."
                                   : "Data parallel attention with expert parallelism: one vllm serve per node.";
          BuilderParams q = Url();
          std::string role = kRoles[r];
          if (m == pools[r].def_mode) q.Erase(role + "_mode");
          else q.Set(role + "_mode", m);
          q.Erase(role + "_rank");
          int need = rules_.NodesNeeded(m, s_.hw);
          if (need > pools[r].nodes) q.Set(role + "_nodes", std::to_string(need));
          p.query = Q(q);
          pills.push_back(std::move(p));
        }
      }
      row.lines.emplace_back(r == 0 ? "Prefill" : "Decode", std::move(pills));
    }
    int total = pools[0].nodes + pools[1].nodes;
    row.note = "total " + std::to_string(total * gpus) + " GPUs · " + std::to_string(total) +
               (total == 1 ? " node" : " nodes");
    v_.rows.push_back(std::move(row));
    return;  // the node-count inputs come with the resolution (Tabs).
  }
  BuilderRow row;
  row.key = "nodes";
  bool mooncake = IsMooncake(s_.kv);
  row.label = mooncake ? "Nodes / Instance" : "Nodes";
  row.hint = mooncake ? "Nodes per Mooncake instance; total nodes = instances × this."
                      : "One node, or several nodes joined into one deployment.";
  std::string hw = rules_.DisplayName(s_.hw);
  int gpus = rules_.GpuCount(s_.hw);
  std::string multi_block = MultiNodeBlocker(cat_, rules_.recipe(), s_.hw);
  if (!multi_block.empty()) multi_block = Sentence(multi_block);
  std::vector<BuilderPill> pills;
  for (int k : NodePillValues()) {
    BuilderPill p;
    p.id = std::to_string(k);
    p.active = s_.nodes == k;
    if (k == 1) {
      p.label = "Single-node";
      if (!rules_.Fits(s_.variant, s_.hw)) {
        p.disabled = true;
        p.tooltip = "Single-node can't fit this variant on " + hw + " (" + Fmt(rules_.VariantVram(s_.variant)) +
                    "GB > " + Fmt(rules_.NodeVram(s_.hw)) + "GB). Use multi-node.";
      } else {
        p.tooltip = "A single-node deployment (one box).";
      }
    } else {
      p.label = "Multi-node (example: " + std::to_string(k) + ")";
      if (!multi_block.empty()) {
        p.disabled = true;
        p.tooltip = multi_block;
      } else {
        p.detail = std::to_string(k * gpus) + "×GPU";
        p.tooltip = std::to_string(k) + " nodes × " + std::to_string(gpus) + " GPUs = " + std::to_string(k * gpus) +
                    " GPUs total. Scale further by replicating the follower command with higher ranks.";
      }
    }
    if (!p.disabled) {
      BuilderParams q = Url();
      if (k == 1) q.Erase("nodes");
      else q.Set("nodes", std::to_string(k));
      q.Erase("strategy");
      p.query = Q(q);
    }
    pills.push_back(std::move(p));
  }
  row.lines.emplace_back("", std::move(pills));
  v_.rows.push_back(std::move(row));
}

void Builder::FeatureRows() {
  std::vector<std::string> keys = rules_.FeatureKeys();
  if (keys.empty()) return;
  BuilderRow row;
  row.key = "features";
  row.label = "Features";
  row.hint = "Optional serving features; each adds its own flags to the command.";
  const Value* feats = rules_.doc().Get("features");
  bool mooncake = IsMooncake(s_.kv);
  std::vector<BuilderPill> pills;
  for (const auto& k : keys) {
    const Value* f = feats->Get(k);
    BuilderPill p;
    p.id = k;
    p.label = rules_.FeatureLabel(k);
    if (k == "spec_decoding") {
      p.icon = "bolt";
      p.detail = "(for low latency & small batch size)";
    } else if (k == "tool_calling") {
      p.icon = "wrench";
    } else if (k == "reasoning") {
      p.icon = "brain";
    }
    bool on = Contains(s_.features, k);
    const Value* comp = f->Get("companion");
    if (std::string why = FeatureStrategyBlocker(rules_.recipe(), k, s_.strategy); !why.empty()) {
      p.disabled = true;
      p.tooltip = Sentence(why);
    }
    if (!p.disabled && mooncake && comp && !Str(comp->Get("command")).empty()) {
      p.disabled = true;
      p.tooltip = "Needs its companion process, which isn't rendered inside a Mooncake deployment; set KV Offload to Off.";
    }
    p.active = on && !p.disabled;
    if (!p.disabled) {
      p.tooltip = Str(f->Get("description"));
      std::vector<std::string> next;
      for (const auto& x : s_.features) {
        if (x != k) next.push_back(x);
      }
      if (!on) {
        next.push_back(k);
        std::string other = k == "text_only" ? "encoder_parallel" : k == "encoder_parallel" ? "text_only" : "";
        if (!other.empty()) next.erase(std::remove(next.begin(), next.end(), other), next.end());
      }
      BuilderParams q = Url();
      WriteFeatures(&q, next, s_.hw, s_.variant);
      p.query = Q(q);
    }
    pills.push_back(std::move(p));
  }
  row.lines.emplace_back("", std::move(pills));
  v_.rows.push_back(std::move(row));

  // Method rows.
  for (const auto& k : s_.features) {
    const Value* f = feats->Get(k);
    if (!f || !f->Get("modes") || !f->Get("modes")->is_object()) continue;
    bool allowed = true;
    for (const auto& p : v_.rows.back().lines[0].second) {
      if (p.id == k) allowed = !p.disabled;
    }
    std::vector<std::string> for_variant = rules_.AllowedModes(k, s_.variant, "");
    std::string user;
    for (const auto& [fk, m] : s_.user_modes) {
      if (fk == k) user = m;
    }
    std::string eff = rules_.EffectiveMode(k, s_.variant, s_.hw, user);
    if (k == "spec_decoding" && allowed && eff == "dspark") {
      v_.mode_note =
          "DSpark drafts greedily (temperature 0). At chat temperatures (0.6–1.0) probabilistic drafting usually "
          "accepts more tokens, at a slightly higher memory cost.";
    }
    if (!allowed || for_variant.size() < 2) continue;
    BuilderRow mrow;
    mrow.key = "mode_" + k;
    mrow.label = k == "spec_decoding" ? "Spec method" : rules_.FeatureLabel(k) + " method";
    mrow.nested = true;
    std::vector<std::string> on_hw = rules_.AllowedModes(k, s_.variant, s_.hw);
    std::string vdef = rules_.EffectiveMode(k, s_.variant, s_.hw, "");
    std::vector<BuilderPill> pills2;
    for (const auto& m : for_variant) {
      const Value* mv = f->Get("modes")->Get(m);
      BuilderPill p;
      p.id = m;
      p.label = Str(mv->Get("label"));
      if (p.label.empty()) {
        p.label = m;
        p.label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(p.label[0])));
      }
      p.active = m == eff;
      if (!Contains(on_hw, m)) {
        p.disabled = true;
        p.tooltip = Sentence(ModeBlocker(cat_, rules_.recipe(), k, m, s_.variant, s_.hw));
      } else {
        p.tooltip = Str(mv->Get("description"));
        std::vector<std::string> pairs;
        for (const auto& [fk, um] : s_.user_modes) {
          if (fk != k) pairs.push_back(fk + ":" + um);
        }
        if (m != vdef) pairs.push_back(k + ":" + m);
        BuilderParams q = Url();
        if (pairs.empty()) q.Erase("fmode");
        else q.Set("fmode", JoinCommaList(pairs));
        p.query = Q(q);
      }
      pills2.push_back(std::move(p));
    }
    mrow.lines.emplace_back("", std::move(pills2));
    v_.rows.push_back(std::move(mrow));
  }
}

void Builder::AdvancedRow() {
  for (const auto& d : AdvancedDefs()) {
    if (!d.shown) continue;
    BuilderAdvanced a;
    a.id = d.id;
    a.label = d.label;
    a.description = d.description;
    a.checked = Contains(s_.advanced, d.id);
    std::vector<std::string> next;
    for (const auto& x : s_.advanced) {
      if (x != d.id) next.push_back(x);
    }
    if (!a.checked) next.push_back(d.id);
    BuilderParams q = Url();
    if (next.empty()) q.Erase("advanced");
    else q.Set("advanced", JoinCommaList(next));
    a.query = Q(q);
    v_.advanced_options.push_back(std::move(a));
  }
}

// ---------------------------------------------------------------------------
// Resolution

std::array<Builder::PdPoolState, 2> Builder::PdPools() const {
  // Effective pool values (site.md §9.11.5).
  std::array<PdPoolState, 2> out;
  std::vector<std::string> modes = rules_.PdModes(s_.hw);
  for (int r = 0; r < 2; ++r) {
    PdPool def = DefaultPdPool(cat_, rules_.recipe(), s_.variant, s_.hw, kRoles[r]);
    int def_nodes = def.nodes;
    const std::string& def_mode = def.parallelism;
    PdPoolState& p = out[r];
    p.def_nodes = def_nodes;
    p.def_mode = def_mode;
    p.mode = s_.pd_mode[r].empty() || !Contains(modes, s_.pd_mode[r]) ? def_mode : s_.pd_mode[r];
    p.nodes = std::max(s_.pd_nodes[r] > 0 ? s_.pd_nodes[r] : def_nodes, rules_.NodesNeeded(p.mode, s_.hw));
  }
  return out;
}

Selection Builder::MakeSelection() const {
  Selection sel;
  sel.variant = s_.variant;
  sel.strategy = s_.strategy;
  sel.hardware = s_.hw;
  sel.features = s_.features;
  for (const auto& d : AdvancedDefs()) {
    // Hidden options do not contribute (site.md §14 quirk 6, fixed).
    if (d.shown && Contains(s_.advanced, d.id)) {
      sel.advanced_args.insert(sel.advanced_args.end(), d.args.begin(), d.args.end());
    }
  }
  sel.node_count = s_.nodes;
  for (const auto& f : s_.features) {
    std::string user;
    for (const auto& [fk, m] : s_.user_modes) {
      if (fk == f) user = m;
    }
    std::string eff = rules_.AllowedModes(f, s_.variant, s_.hw).empty() ? "" : rules_.EffectiveMode(f, s_.variant, s_.hw, user);
    if (!eff.empty()) sel.feature_modes.emplace_back(f, eff);
  }
  if (!s_.kv.empty()) sel.kv_offload = s_.kv;
  if (IsMooncake(s_.kv)) {
    ObjectItems ki;
    if (s_.kv_instances > 0) ki.Set("count", Value::Number(s_.kv_instances));
    ki.Set("current", Value::Number(s_.kv_instance));
    sel.kv_instances = Value::Object(std::move(ki));
  } else {
    ObjectItems ki;
    ki.Set("current", Value::Number(0));
    sel.kv_instances = Value::Object(std::move(ki));
  }
  if (DeployTypeOf(cat_, s_.strategy) == "pd_cluster") {
    ObjectItems pools;
    std::array<PdPoolState, 2> st = PdPools();
    for (int r = 0; r < 2; ++r) {
      ObjectItems spec;
      spec.Set("nodes", Value::Number(st[r].nodes));
      spec.Set("rank", Value::Number(std::min(s_.pd_rank[r], std::max(1, st[r].nodes) - 1)));
      spec.Set("parallelism", Value::String(st[r].mode));
      pools.Set(kRoles[r], Value::Object(std::move(spec)));
    }
    sel.pd_nodes = Value::Object(std::move(pools));
  }
  return sel;
}

std::vector<std::pair<std::string, std::string>> EnvPairs(const Value* env) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!env || !env->is_object()) return out;
  for (const auto& [k, v] : env->members()) out.emplace_back(k, v.ToDisplayString());
  return out;
}

void Builder::Resolve() {
  Selection sel = MakeSelection();
  Resolution res = ResolveCommand(cat_, rules_.recipe(), sel);
  v_.model_id = res.model_id.empty() ? rules_.VariantModelId(s_.variant) : res.model_id;
  if (!res.ok()) {
    v_.resolve_error = res.error->message;
    if (res.error->pos.known()) v_.resolve_error = res.error->pos.ToString() + ": " + v_.resolve_error;
    return;
  }
  v_.resolution = res.output;
  Tabs(res.output);
}

void Builder::Tabs(const Value& out) {
  std::string dt = Str(out.Get("deployType"));
  v_.deploy_type = dt;
  const Value* profile = rules_.Profile(s_.hw);
  std::optional<std::string> image = DockerImage(rules_.doc(), s_.variant, s_.hw, profile);
  std::optional<std::string> image129;
  if (rules_.Brand(s_.hw) == "NVIDIA") {
    image129 = DockerImage(rules_.doc(), s_.variant, s_.hw, profile, true);
    if (image129 == image) image129.reset();
  }
  auto serve_tab = [&](std::string id, std::string label, const Value* cmd, const Value* argv, const Value* env,
                       int port) {
    BuilderTab t;
    t.id = std::move(id);
    t.label = std::move(label);
    t.command = Str(cmd);
    t.env = EnvPairs(env);
    t.wraps = true;
    Value no_env = Value::Object({});
    DockerRun run = RenderDockerRun(t.command, argv ? *argv : Value(), env ? *env : no_env, image, profile, port);
    t.docker_command = run.command;
    if (image129) {
      t.docker_command_cu129 =
          RenderDockerRun(t.command, argv ? *argv : Value(), env ? *env : no_env, image129, profile, port).command;
    }
    return t;
  };
  v_.host_var = "VLLM_HOST";
  v_.port_var = "VLLM_PORT";
  std::string default_port = "8000";
  if (dt == "pd_cluster") {
    const Value* mc = out.Get("mooncake");
    if (mc && mc->is_object()) {
      v_.tabs_numbered = true;
      BuilderTab cfg;
      cfg.id = "mooncake_config";
      cfg.label = "Mooncake Config";
      cfg.description = "Run once on every node (prefill, decode and the store node) before the later steps.";
      cfg.command = "export MOONCAKE_CONFIG_PATH=${MOONCAKE_CONFIG_PATH:-/etc/mooncake/mooncake_vllm_config.json}\n";
      std::string note = Str(mc->Get("configNote"));
      std::string body;
      for (size_t a = 0, b; a < note.size(); a = b + 1) {
        b = note.find('\n', a);
        if (b == std::string::npos) b = note.size();
        body += "# " + note.substr(a, b - a) + "\n";
      }
      cfg.command += "\n" + body + "cat > \"$MOONCAKE_CONFIG_PATH\" <<EOF\n" + ToJson(*mc->Get("config"), 2) + "\nEOF";
      v_.tabs.push_back(cfg);
      const Value* master = mc->Get("master");
      BuilderTab m;
      m.id = "mooncake_master";
      m.label = "Mooncake Master";
      m.description = Str(master ? master->Get("description") : nullptr);
      m.command = Str(master ? master->Get("command") : nullptr);
      v_.tabs.push_back(m);
      const Value* store = mc->Get("store");
      if (store && store->is_object()) {
        BuilderTab st;
        st.id = "mooncake_store";
        st.label = "Mooncake Store";
        st.description = Str(store->Get("description"));
        st.command = Str(store->Get("command"));
        v_.tabs.push_back(st);
      }
    }
    for (int r = 0; r < 2; ++r) {
      const Value* role = out.Get(kRoles[r]);
      if (!role) continue;
      BuilderTab t = serve_tab(kRoles[r], r == 0 ? "Prefill" : "Decode", role->Get("command"), role->Get("argv"),
                               role->Get("env"), r == 0 ? 8001 : 8002);
      int nodes = static_cast<int>(Num(role->Get("nodes")));
      int pool = static_cast<int>(Num(role->Get("poolGpus")));
      std::string mode = UpperAscii(Str(role->Get("parallelism")));
      int per = rules_.GpuCount(s_.hw);
      std::string line;
      if (nodes == 0) {
        line = "Co-located half-node · " + std::to_string(pool) + " GPU · " + mode;
      } else {
        line = std::to_string(nodes) + (nodes == 1 ? " node" : " nodes") + " × " + std::to_string(per) + " GPU = " +
               std::to_string(pool) + " GPU · " + mode;
      }
      int dp_local = static_cast<int>(Num(role->Get("dpLocal")));
      int dp_size = static_cast<int>(Num(role->Get("dpSize")));
      if (mode == "DEP" && nodes > 1) {
        line += " · DP=" + std::to_string(dp_size) + " (dp_local=" + std::to_string(dp_local) +
                ", one vllm serve per node)";
      }
      t.pre_lines.push_back(line);
      if (nodes > 1) {
        int cur = static_cast<int>(Num(role->Get("currentNode")));
        BuilderNumber n;
        n.param = std::string(kRoles[r]) + "_rank";
        n.label = std::string(r == 0 ? "Prefill" : "Decode") + " node shown";
        n.value = cur + 1;
        n.min = 1;
        n.max = nodes;
        if (mode == "DEP") {
          n.suffix = "of 1.." + std::to_string(nodes) + " · start_rank = " + Fmt(Num(role->Get("startRank"))) +
                     " — vLLM spawns " + std::to_string(dp_local) + " local DP ranks per node";
        } else {
          n.suffix = "of 1.." + std::to_string(nodes) + " · --node-rank = " + std::to_string(cur) +
                     (cur == 0 ? " — head node, serves HTTP + NIXL" : " — follower, runs --headless");
        }
        t.numbers.push_back(n);
      }
      t.client_hint = "Clients connect through the Router tab.";
      v_.tabs.push_back(std::move(t));
      // Pool size inputs for the Nodes row.
      BuilderNumber pn;
      pn.param = std::string(kRoles[r]) + "_nodes";
      pn.label = std::string(r == 0 ? "Prefill" : "Decode") + " node count";
      pn.value = std::max(1, nodes);
      pn.suffix = "× " + std::to_string(per) + " = " + std::to_string(std::max(1, nodes) * per);
      v_.pd_numbers.push_back(pn);
    }
    const Value* router = out.Get("router");
    BuilderTab rt;
    rt.id = "router";
    rt.label = "Router";
    rt.command = Str(router ? router->Get("command") : nullptr);
    std::string install = Str(router ? router->Get("install") : nullptr);
    if (!install.empty()) rt.pre_lines.push_back("Install: " + install);
    rt.client_target = true;
    v_.tabs.push_back(rt);
    v_.host_var = "ROUTER_HOST";
    v_.port_var = "ROUTER_PORT";
    default_port = "30000";
    v_.selected_tab = 0;
  } else if (dt == "kv_store_lb") {
    v_.tabs_numbered = true;
    int instances = static_cast<int>(Num(out.Get("instances"), 1));
    const Value* vllm = out.Get("vllm");
    BuilderTab cfg;
    cfg.id = "mooncake_config";
    cfg.label = "Mooncake Config";
    cfg.description = "Run once on every instance node (plus the store node) before the later steps.";
    std::string cmd = "export MOONCAKE_CONFIG_PATH=${MOONCAKE_CONFIG_PATH:-/etc/mooncake/mooncake_vllm_config.json}\n";
    const Value* store = out.Get("store");
    bool centralized = store && store->is_object();
    if (centralized) {
      cmd += "export MOONCAKE_STORE_CONFIG_PATH=${MOONCAKE_STORE_CONFIG_PATH:-/etc/mooncake/mooncake_store_config.json}\n";
    }
    auto heredoc = [](const std::string& note, const Value* cfgv, const std::string& var) {
      std::string b;
      for (size_t a = 0, e; a < note.size(); a = e + 1) {
        e = note.find('\n', a);
        if (e == std::string::npos) e = note.size();
        b += "# " + note.substr(a, e - a) + "\n";
      }
      b += "cat > \"$" + var + "\" <<EOF\n" + (cfgv ? ToJson(*cfgv, 2) : "{}") + "\nEOF";
      return b;
    };
    cmd += "\n" + heredoc(Str(out.Get("mooncakeConfigNote")), out.Get("mooncakeConfig"), "MOONCAKE_CONFIG_PATH");
    if (centralized && store->Get("config") && store->Get("config")->is_object()) {
      cmd += "\n\n" + heredoc(Str(store->Get("note")), store->Get("config"), "MOONCAKE_STORE_CONFIG_PATH");
    }
    cfg.command = cmd;
    v_.tabs.push_back(cfg);
    const Value* master = out.Get("master");
    BuilderTab m;
    m.id = "mooncake_master";
    m.label = "Mooncake Master";
    m.description = Str(master ? master->Get("description") : nullptr);
    m.command = Str(master ? master->Get("command") : nullptr);
    v_.tabs.push_back(m);
    if (centralized) {
      BuilderTab st;
      st.id = "mooncake_store";
      st.label = "Mooncake Store";
      st.description = Str(store->Get("description"));
      st.command = Str(store->Get("command"));
      v_.tabs.push_back(st);
    }
    const Value* workers = vllm ? vllm->Get("workerCommands") : nullptr;
    const Value* worker_argvs = vllm ? vllm->Get("workerArgvs") : nullptr;
    bool multi = workers && workers->is_array() && !workers->items().empty();
    std::string install = Str(vllm ? vllm->Get("install") : nullptr);
    BuilderTab head = serve_tab("vllm", multi ? "Head" : "vLLM Serve", vllm ? vllm->Get("command") : nullptr,
                                vllm ? vllm->Get("argv") : nullptr, vllm ? vllm->Get("env") : nullptr, 8000);
    int per_instance = multi ? static_cast<int>(workers->items().size()) + 1 : 1;
    head.description = multi ? "Head node of each instance (" + std::to_string(per_instance) + " nodes per instance)."
                       : instances >= 2 ? "Run one copy on each instance node."
                                        : "A single instance; clients talk to it directly.";
    if (!install.empty()) head.description += " Requires: " + install;
    head.client_target = instances < 2;
    head.client_hint = "Clients connect through the Router tab.";
    if (instances >= 2) {
      BuilderNumber n;
      n.param = "kv_instance";
      n.label = "Instance shown";
      n.value = static_cast<int>(Num(out.Get("currentInstance"))) + 1;
      n.max = instances;
      n.suffix = "of 1.." + std::to_string(instances) + " — runs on $VLLM_INSTANCE_" + std::to_string(n.value);
      head.numbers.push_back(n);
    }
    v_.tabs.push_back(head);
    if (multi) {
      for (size_t i = 0; i < workers->items().size(); ++i) {
        BuilderTab w = serve_tab("node" + std::to_string(i + 1), "Node " + std::to_string(i + 1), &workers->items()[i],
                                 worker_argvs ? worker_argvs->At(i) : nullptr, vllm->Get("env"), 8000);
        w.description = "Follower node " + std::to_string(i + 1) + " of " + std::to_string(per_instance - 1) +
                        " in each instance (rank " + std::to_string(i + 1) + ", headless).";
        w.client_hint = "Clients connect to the head node.";
        v_.tabs.push_back(w);
      }
    }
    const Value* router = out.Get("router");
    if (router && router->is_object()) {
      BuilderTab rt;
      rt.id = "router";
      rt.label = "Router";
      rt.command = Str(router->Get("command"));
      rt.description = "Load-balances across " + std::to_string(instances) + " vLLM instances.";
      std::string ri = Str(router->Get("install"));
      if (!ri.empty()) rt.pre_lines.push_back("Install: " + ri);
      rt.client_target = true;
      v_.tabs.push_back(rt);
      v_.host_var = "ROUTER_HOST";
      v_.port_var = "ROUTER_PORT";
      default_port = Fmt(Num(router->Get("port"), 30080));
    }
    v_.selected_tab = 0;
  } else if (out.Get("headCommand")) {
    BuilderTab head = serve_tab("head", "Head", out.Get("headCommand"), out.Get("headArgv"), out.Get("env"), 8000);
    head.client_target = true;
    std::string after =
        "# Set $HEAD_IP to the rank-0 node's address on every node.\n# Run each tab on its own node; start the head first.";
    head.after = after;
    v_.tabs.push_back(head);
    const Value* workers = out.Get("workerCommands");
    const Value* wargv = out.Get("workerArgvs");
    if (workers && workers->is_array()) {
      for (size_t i = 0; i < workers->items().size(); ++i) {
        BuilderTab w = serve_tab("node" + std::to_string(i + 1), "Node " + std::to_string(i + 1), &workers->items()[i],
                                 wargv ? wargv->At(i) : nullptr, out.Get("env"), 8000);
        w.client_hint = "Clients connect to the head node.";
        w.after = after;
        v_.tabs.push_back(w);
      }
    }
    v_.host_var = "HEAD_IP";
  } else {
    const Value* comps = out.Get("companions");
    if (comps && comps->is_array() && !comps->items().empty()) {
      v_.tabs_numbered = true;
      for (const Value& c : comps->items()) {
        BuilderTab t;
        t.id = "companion_" + Str(c.Get("feature"));
        t.label = Str(c.Get("label"));
        t.description = Str(c.Get("description"));
        t.command = Str(c.Get("command"));
        t.client_hint = "Clients connect to the vLLM server.";
        v_.tabs.push_back(t);
      }
    }
    BuilderTab t = serve_tab("serve", "vLLM Serve", out.Get("command"), out.Get("argv"), out.Get("env"), 8000);
    t.client_target = true;
    v_.tabs.push_back(t);
    v_.selected_tab = 0;
  }
  // Defaults merged under saved cluster values (site.md §9.10).
  if (v_.host_var == "HEAD_IP") {
    v_.env_defaults = {{"VLLM_PORT", "8000"}};
  } else {
    v_.env_defaults = {{v_.host_var, "localhost"}, {v_.port_var, default_port}};
  }
  std::string host = "$" + v_.host_var, port = "$" + v_.port_var;
  std::string model = rules_.VariantModelId(s_.variant);
  if (model.empty()) model = "model";
  v_.curl = "curl http://" + host + ":" + port +
            "/v1/chat/completions \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\"model\": \"" + model +
            "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}], \"max_tokens\": 32}'";
  v_.bench = "vllm bench serve \\\n  --model " + model + " \\\n  --host " + host + " \\\n  --port " + port +
             " \\\n  --dataset-name random \\\n  --random-input-len 1024 \\\n  --random-output-len 1024 \\\n"
             "  --num-prompts 100 \\\n  --max-concurrency 32";
}

void Builder::Card() {
  std::string brand = rules_.Brand(s_.hw);
  std::string name = rules_.DisplayName(s_.hw);
  if (rules_.Status(s_.hw) == "verified" && s_.kv.empty()) v_.status = "Verified on " + brand + " " + name;
  std::string hw_part = name;
  std::string dt = DeployTypeOf(cat_, s_.strategy);
  int nodes = s_.nodes;
  if (IsMooncake(s_.kv) && v_.resolution.is_object()) {
    nodes = static_cast<int>(Num(v_.resolution.Get("instances"), 1)) * s_.nodes;
  }
  if (nodes > 1 && dt != "pd_cluster") hw_part = std::to_string(nodes) + "× " + name;
  std::string strat;
  if (dt == "pd_cluster") strat = "PD cluster";
  else if (dt == "multi_node" && s_.nodes > 1) strat = rules_.StrategyName(s_.strategy);
  else {
    // Single-node TP size as the resolver computes it (resolution.md §2).
    int tp = rules_.GpuCount(s_.hw);
    if (s_.strategy == "single_node_tp" && v_.resolution.is_object()) {
      const Value* argv = v_.resolution.Get("argv");
      if (argv && argv->is_array()) {
        for (size_t i = 0; i + 1 < argv->items().size(); ++i) {
          if (argv->items()[i].is_string() && argv->items()[i].str() == "--tensor-parallel-size" &&
              argv->items()[i + 1].is_string()) {
            tp = std::atoi(argv->items()[i + 1].str().c_str());
          }
        }
      }
    }
    strat = "TP=" + std::to_string(tp);
    int gpus = rules_.GpuCount(s_.hw);
    if (s_.nodes == 1 && s_.strategy == "single_node_tp" && (rules_.IsCpu(s_.hw) || tp < gpus)) {
      v_.tp_hint = rules_.IsCpu(s_.hw)
                       ? "This recipe uses " + std::to_string(tp) + " CPU NUMA node" + (tp == 1 ? "" : "s") +
                             " on the selected machine."
                       : "This recipe uses " + std::to_string(tp) + " of " + std::to_string(gpus) +
                             " GPUs on the selected node; add --tensor-parallel-size N to the command to scale up.";
    }
  }
  std::string kv_suffix;
  if (!s_.kv.empty()) {
    if (IsMooncake(s_.kv)) {
      const Value* d = cat_.FindStrategy(s_.kv);
      std::string label = d ? Str(d->Get("label")) : "";
      kv_suffix = " · Mooncake (" + label.substr(0, label.find(' ')) + ")";
    } else {
      const Value* o = cat_.taxonomy.Get("kv_offload")->Get(s_.kv);
      std::string group = Str(o->Get("group"));
      const Value* groups = cat_.taxonomy.Get("kv_offload_groups");
      if (!group.empty() && groups && groups->Get(group)) {
        kv_suffix = " · " + Str(groups->Get(group)->Get("label")) + " (" + Str(o->Get("label")) + ")";
      } else {
        kv_suffix = " · " + Str(o->Get("display_name"));
      }
    }
  }
  v_.summary = hw_part + " · " + strat + " · " + rules_.Precision(s_.variant) + kv_suffix;

  // VRAM shortfall (site.md §9.7).
  if (SingleNodeVramShortfall(cat_, rules_.recipe(), s_.variant, s_.hw, s_.strategy, s_.nodes)) {
    double need = rules_.VariantVram(s_.variant), node = rules_.NodeVram(s_.hw);
    int gpus = rules_.GpuCount(s_.hw);
    v_.vram_warning = name + " has " + std::to_string(gpus) + "×" + Fmt(std::round(node / gpus)) + "G = " + Fmt(node) +
                      "GB, but " + rules_.VariantLabel(s_.variant) + " needs at least " + Fmt(need) +
                      "GB for the weights alone (KV cache needs more).";
  }

  // Hardware note.
  const Value* notes = rules_.doc().Get("hardware_notes");
  const Value* note = notes ? notes->Get(s_.hw) : nullptr;
  if (note && note->is_string()) {
    v_.hardware_note_title = "Hardware note";
    v_.hardware_note_body = note->str();
  } else if (note && note->is_object()) {
    v_.hardware_note_title = Str(note->Get("title"));
    if (v_.hardware_note_title.empty()) v_.hardware_note_title = "Hardware note";
    v_.hardware_note_body = Str(note->Get("body"));
    const Value* link = note->Get("link");
    if (link && link->is_object()) {
      v_.hardware_note_link = Str(link->Get("label"));
      if (v_.hardware_note_link.empty()) v_.hardware_note_link = "Read guide";
      v_.hardware_note_href = Str(link->Get("href"));
    }
  }
}

void Builder::Install() {
  BuilderInstall& in = v_.install;
  const Value* model = rules_.doc().Get("model");
  const Value* variant = rules_.Variant(s_.variant);
  std::string min = Str(model ? model->Get("min_vllm_version") : nullptr);
  std::string vmin = Str(variant ? variant->Get("min_vllm_version") : nullptr);
  if (!vmin.empty() && (min.empty() || CompareVersions(vmin, min) > 0)) min = vmin;
  if (IsMooncake(s_.kv) && (min.empty() || CompareVersions("0.21.0", min) > 0)) min = "0.21.0";
  std::string gen = rules_.Generation(s_.hw), brand = rules_.Brand(s_.hw);
  std::string platform = gen == "tpu" ? "TPU" : gen == "xpu" ? "XPU" : brand == "AMD" ? "ROCm" : gen == "cpu" ? "CPU" : "CUDA";
  in.summary = "vLLM " + (min.empty() ? std::string("latest") : min + "+") + " · " + platform;
  auto truthy = [](const Value* v) { return v && v->is_bool() && v->boolean(); };
  in.nightly = truthy(model ? model->Get("nightly_required") : nullptr) ||
               truthy(variant ? variant->Get("nightly_required") : nullptr);
  const Value* install = model ? model->Get("install") : nullptr;
  const Value* pip = install ? install->Get("pip") : nullptr;
  const Value* docker = install ? install->Get("docker") : nullptr;
  bool pip_off = pip && pip->is_bool() && !pip->boolean();
  bool docker_off = docker && docker->is_bool() && !docker->boolean();
  if (!pip_off && gen != "tpu" && gen != "xpu") {
    in.pip_label = brand == "AMD" ? "pip / uv (ROCm)" : gen == "cpu" ? "pip / uv (CPU)" : "pip / uv";
  }
  if (!docker_off) {
    in.docker_label = gen == "tpu" ? "Docker (TPU)" : gen == "xpu" ? "Docker (XPU)" : brand == "AMD" ? "Docker (ROCm)"
                      : gen == "cpu" ? "Docker (CPU)" : "Docker";
  }
  in.show = !in.pip_label.empty() || !in.docker_label.empty();
  // Default tab (site.md §9.4 step 11).
  bool docker_first = false;
  if (install && install->is_object()) {
    for (const auto& [k, v] : install->members()) {
      if (k == "docker" || k == "pip") {
        docker_first = k == "docker";
        break;
      }
    }
  }
  in.default_tab = docker_off ? "pip" : (pip_off || docker_first) ? "docker" : "pip";
  if (in.pip_label.empty()) in.default_tab = "docker";
  if (in.docker_label.empty()) in.default_tab = "pip";
  // pip.
  std::string pip_cmd = pip && pip->is_object() ? Str(pip->Get("command")) : "";
  if (pip_cmd.empty()) {
    if (brand == "AMD") {
      pip_cmd = "uv venv --python 3.12\nsource .venv/bin/activate\nuv pip install vllm --extra-index-url https://wheels.vllm.ai/rocm";
    } else if (gen == "cpu") {
      pip_cmd = "uv venv --python 3.12 --seed --managed-python\nsource .venv/bin/activate\n"
                "uv pip install vllm --extra-index-url https://wheels.vllm.ai/nightly/cpu --index-strategy first-index "
                "--torch-backend cpu";
      in.pip_note = "CPU wheels come from the dedicated CPU index.";
    } else if (in.nightly) {
      auto nightly = [](const char* cu) {
        return std::string("uv venv\nsource .venv/bin/activate\nuv pip install -U vllm --pre \\\n"
                           "  --extra-index-url https://wheels.vllm.ai/nightly/") +
               cu + " \\\n  --extra-index-url https://download.pytorch.org/whl/" + cu +
               " \\\n  --index-strategy unsafe-best-match";
      };
      pip_cmd = nightly("cu130");
      in.pip_command_cu129 = nightly("cu129");
      in.cuda_in_pip = true;
      in.pip_note = "vLLM " + min + " isn't released yet, so the nightly build is required; switch to cu129 for CUDA 12.9.";
    } else {
      pip_cmd = "uv venv\nsource .venv/bin/activate\nuv pip install -U vllm --torch-backend auto";
    }
  }
  in.pip_command = pip_cmd;
  if (pip && pip->is_object() && !Str(pip->Get("note")).empty()) in.pip_note = Str(pip->Get("note"));
  std::string docker_cmd = docker && docker->is_object() ? Str(docker->Get("command")) : "";
  if (docker_cmd.empty()) {
    auto image = DockerImage(rules_.doc(), s_.variant, s_.hw, rules_.Profile(s_.hw));
    docker_cmd = image ? "docker pull " + *image : "# No pinned image for this hardware.";
    if (brand == "NVIDIA") {
      auto image129 = DockerImage(rules_.doc(), s_.variant, s_.hw, rules_.Profile(s_.hw), true);
      if (image129 && image129 != image) in.docker_command_cu129 = "docker pull " + *image129;
    }
  }
  in.cuda_toggle = brand == "NVIDIA" && (!in.docker_command_cu129.empty() || !in.pip_command_cu129.empty());
  in.docker_command = docker_cmd;
  if (docker && docker->is_object() && !Str(docker->Get("note")).empty()) {
    in.docker_note = Str(docker->Get("note"));
  } else if (gen == "tpu") {
    in.docker_note = "TPU images come from the TPU inference project; see its recipes for pinned tags.";
  } else if (gen == "xpu") {
    in.docker_note = "The image's entrypoint initialises oneAPI.";
  } else if (gen == "cpu") {
    in.docker_note = "No CUDA runtime needed.";
  } else if (brand == "NVIDIA") {
    in.docker_note = "The default tag ships CUDA 13; append -cu129 to the tag for the CUDA 12.9 build.";
  }
}

void Builder::Extras() {
  std::string brand = rules_.Brand(s_.hw);
  const Value* deps = rules_.doc().Get("dependencies");
  if (deps && deps->is_array()) {
    for (const Value& d : deps->items()) {
      const Value* b = d.Get("brand");
      bool ok = !b || b->is_null();
      if (b && b->is_string()) ok = b->str() == brand;
      if (b && b->is_array()) {
        for (const Value& x : b->items()) ok = ok || (x.is_string() && x.str() == brand);
      }
      if (!ok) continue;
      BuilderExtra e;
      e.note = Str(d.Get("note"));
      e.command = Str(d.Get("command"));
      const Value* opt = d.Get("optional");
      e.optional = opt && opt->Truthy();
      const Value* modes = d.Get("install_modes");
      if (modes && modes->is_array()) {
        e.pip_mode = e.docker_mode = false;
        for (const Value& m : modes->items()) {
          if (Str(&m) == "pip") e.pip_mode = true;
          if (Str(&m) == "docker") e.docker_mode = true;
        }
      }
      v_.extras.push_back(std::move(e));
    }
  }
  if (!s_.kv.empty() && !IsMooncake(s_.kv)) {
    const Value* o = cat_.taxonomy.Get("kv_offload")->Get(s_.kv);
    std::string inst = Str(o->Get("install"));
    if (!inst.empty()) v_.extras.push_back({"Required by the selected KV Offload option", inst, false, true, false});
  }
  if (IsMooncake(s_.kv)) {
    const Value* d = cat_.FindStrategy(s_.kv);
    const Value* vl = d ? d->Get("vllm") : nullptr;
    const Value* inst = vl ? vl->Get("install") : nullptr;
    std::string cmd = inst && inst->is_object() ? Str(inst->Get(brand == "AMD" ? "amd" : "nvidia")) : Str(inst);
    if (!cmd.empty()) v_.extras.push_back({"Mooncake transfer engine, needed on every vLLM node", cmd, false, true, false});
  }
}

void Builder::Rows() {
  HardwareRow();
  VariantRow();
  StrategyRow();
  KvRows();
  NodesRow();
  FeatureRows();
  AdvancedRow();
}

// The reduced builder of omni recipes (site.md §9.13): Hardware, Task and
// Variant rows; one vLLM-Omni command per task.
BuildResult Builder::RunOmni() {
  BuildResult result;
  for (const char* k : {"variant", "hardware", "task"}) {
    if (const std::string* v = in_.Get(k)) url_.Set(k, *v);
  }
  std::vector<std::string> offered;
  if (!SettleVariantAndHardware(&offered)) {
    result.error = error_;
    return result;
  }
  std::vector<std::string> variants = rules_.VariantKeys();
  std::vector<OmniTask> tasks = OmniTasks(rules_.doc(), s_.hw);
  std::vector<std::string> keys;
  for (const auto& t : tasks) keys.push_back(t.key);
  size_t active = 0;
  if (const std::string* t = url_.Get("task")) {
    auto it = std::find(keys.begin(), keys.end(), *t);
    if (it == keys.end()) {
      // A legacy catalog task id selects its first preset.
      for (size_t i = 0; i < tasks.size() && it == keys.end(); ++i) {
        if (tasks[i].id == *t) it = keys.begin() + i;
      }
    }
    if (it == keys.end()) {
      result.error = BuilderError{"task", "unknown task '" + *t + "'", keys};
      return result;
    }
    active = it - keys.begin();
    if (active == 0) url_.Erase("task");
  }
  const OmniTask* task = tasks.empty() ? nullptr : &tasks[active];

  // Hardware row: disabled when the current variant cannot run there.
  BuilderRow hwrow;
  hwrow.key = "hardware";
  hwrow.label = "Hardware";
  hwrow.hint = "The GPU or accelerator node you deploy on. A green dot marks hardware the recipe author verified.";
  std::vector<std::string> brands;
  for (const auto& hw : offered) {
    if (!Contains(brands, rules_.Brand(hw))) brands.push_back(rules_.Brand(hw));
  }
  for (const auto& brand : brands) {
    std::vector<BuilderPill> pills;
    for (const auto& hw : offered) {
      if (rules_.Brand(hw) != brand) continue;
      BuilderPill p;
      p.id = hw;
      p.label = rules_.DisplayName(hw);
      p.detail = rules_.PerDeviceLabel(hw);
      p.verified = rules_.Status(hw) == "verified";
      p.active = hw == s_.hw;
      std::string why = rules_.WhyNot(s_.variant, hw);
      p.disabled = !why.empty();
      const Value* prof = rules_.Profile(hw);
      p.tooltip = p.disabled ? why : Str(prof ? prof->Get("description") : nullptr);
      if (!p.disabled) {
        BuilderParams q = Url();
        q.Set("hardware", hw);
        p.query = Q(q);
      }
      pills.push_back(std::move(p));
    }
    hwrow.lines.emplace_back(brand, std::move(pills));
  }
  v_.rows.push_back(std::move(hwrow));

  const Value* omni = rules_.doc().Get("omni");
  if (tasks.size() > 1) {
    BuilderRow trow;
    trow.key = "task";
    trow.label = Str(omni ? omni->Get("task_label") : nullptr);
    if (trow.label.empty()) trow.label = "Task";
    trow.hint = Str(omni ? omni->Get("task_hint") : nullptr);
    if (trow.hint.empty()) {
      trow.hint = "A task picks the vllm-omni endpoint and example request, and may swap the served checkpoint.";
    }
    std::vector<BuilderPill> pills;
    for (size_t i = 0; i < tasks.size(); ++i) {
      BuilderPill p;
      p.id = tasks[i].key;
      p.label = tasks[i].label;
      if (tasks[i].vram_minimum_gb.is_number()) p.detail = Fmt(tasks[i].vram_minimum_gb.number()) + " GB";
      p.active = i == active;
      p.tooltip = tasks[i].description + (tasks[i].description.empty() ? "" : "\n\n") + "Endpoint: " + tasks[i].endpoint;
      BuilderParams q = Url();
      if (i == 0) q.Erase("task");
      else q.Set("task", tasks[i].key);
      p.query = Q(q);
      pills.push_back(std::move(p));
    }
    trow.lines.emplace_back("", std::move(pills));
    if (task) trow.note = task->description;
    v_.rows.push_back(std::move(trow));
  }
  if (variants.size() > 1) {
    BuilderRow vrow;
    vrow.key = "variant";
    vrow.label = Str(omni ? omni->Get("variant_label") : nullptr);
    if (vrow.label.empty()) vrow.label = "Variant";
    vrow.hint = Str(omni ? omni->Get("variant_hint") : nullptr);
    if (vrow.hint.empty()) vrow.hint = "The VRAM figure is what loading needs; activations during generation add more.";
    std::vector<BuilderPill> pills;
    for (const auto& k : variants) {
      BuilderPill p;
      p.id = k;
      p.label = rules_.VariantLabel(k);
      double vram = rules_.VariantVram(k);
      if (vram > 0) p.detail = Fmt(vram) + " GB";
      p.active = k == s_.variant;
      if (!rules_.Compatible(k, s_.hw)) {
        p.disabled = true;
        p.tooltip = "Unavailable on the selected hardware. " + rules_.WhyNot(k, s_.hw);
      } else {
        const Value* v = rules_.Variant(k);
        p.tooltip = Str(v ? v->Get("description") : nullptr);
        if (vram > 0) p.tooltip += (p.tooltip.empty() ? "" : "\n\n") + std::string("Min ") + Fmt(vram) + " GB to load.";
        BuilderParams q = Url();
        if (k == "default") q.Erase("variant");
        else q.Set("variant", k);
        p.query = Q(q);
      }
      pills.push_back(std::move(p));
    }
    vrow.lines.emplace_back("", std::move(pills));
    v_.rows.push_back(std::move(vrow));
  }

  // The command.
  OmniResolution res = ResolveOmniCommand(cat_, rules_.recipe(), s_.variant, task, s_.hw);
  v_.recipe = &rules_.recipe();
  v_.variant = s_.variant;
  v_.hardware = s_.hw;
  v_.deploy_type = "omni";
  v_.model_id = res.model_id;
  if (!res.ok()) {
    v_.resolve_error = res.error->message;
  } else {
    v_.resolution = res.ToValue();
    const Value* profile = rules_.Profile(s_.hw);
    std::optional<std::string> image = DockerImage(rules_.doc(), s_.variant, s_.hw, profile);
    BuilderTab t;
    t.id = "serve";
    t.label = "vLLM-Omni";
    t.command = res.command;
    t.env = EnvPairs(&res.env);
    t.wraps = true;
    int port = static_cast<int>(Num(omni ? omni->Get("port") : nullptr, 8000));
    t.docker_command = RenderDockerRun(res.command, res.argv, res.env, image, profile, port).command;
    t.client_target = true;
    v_.tabs.push_back(std::move(t));
  }
  v_.host_var = "VLLM_HOST";
  v_.port_var = "VLLM_PORT";
  v_.env_defaults = {{"VLLM_HOST", "localhost"}, {"VLLM_PORT", "8000"}};
  if (task) v_.curl = OmniExampleRequest(*task, "$VLLM_HOST", "$VLLM_PORT", v_.model_id);
  if (rules_.Status(s_.hw) == "verified") v_.status = "Verified on " + rules_.Brand(s_.hw) + " " + rules_.DisplayName(s_.hw);
  v_.summary = rules_.DisplayName(s_.hw) + " · " + (task ? task->label : std::string("omni")) + " · " +
               rules_.Precision(s_.variant);
  Install();
  v_.install.summary += " · vLLM-Omni nightly";
  // Keep the platform last, as the non-omni summary does.
  size_t dot = v_.install.summary.find(" · ");
  if (dot != std::string::npos) {
    size_t second = v_.install.summary.find(" · ", dot + 3);
    if (second != std::string::npos) {
      std::string platform = v_.install.summary.substr(dot, second - dot);
      v_.install.summary.erase(dot, second - dot);
      v_.install.summary += platform;
    }
  }
  Extras();
  v_.query = url_.ToString();
  result.view = std::move(v_);
  return result;
}

BuildResult Builder::Run() {
  if (IsOmniServed(rules_.recipe())) return RunOmni();
  BuildResult result;
  if (!Settle()) {
    result.error = error_;
    return result;
  }
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

// ---------------------------------------------------------------------------
// JSON

// JSON string literal; copies runs of plain bytes at once (the HTML fragment
// is most of a response, so this is the hot loop of /api/resolve).
void AppendJsonString(std::string* o, std::string_view v) {
  static const char kHex[] = "0123456789abcdef";
  o->push_back('"');
  size_t start = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    o->append(v.data() + start, i - start);
    switch (c) {
      case '"': o->append("\\\""); break;
      case '\\': o->append("\\\\"); break;
      case '\n': o->append("\\n"); break;
      case '\r': o->append("\\r"); break;
      case '\t': o->append("\\t"); break;
      case '\b': o->append("\\b"); break;
      case '\f': o->append("\\f"); break;
      default: {
        char u[7] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15], 0};
        o->append(u, 6);
      }
    }
    start = i + 1;
  }
  o->append(v.data() + start, v.size() - start);
  o->push_back('"');
}

void Key(std::string* o, const char* k) {
  AppendJsonString(o, k);
  *o += ':';
}
void KS(std::string* o, const char* k, std::string_view v, bool comma = true) {
  Key(o, k);
  AppendJsonString(o, v);
  if (comma) *o += ',';
}
void KB(std::string* o, const char* k, bool v, bool comma = true) {
  Key(o, k);
  *o += v ? "true" : "false";
  if (comma) *o += ',';
}
void KI(std::string* o, const char* k, long v, bool comma = true) {
  Key(o, k);
  *o += std::to_string(v);
  if (comma) *o += ',';
}
void StrList(std::string* o, const std::vector<std::string>& v) {
  *o += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) *o += ',';
    AppendJsonString(o, v[i]);
  }
  *o += ']';
}
void PairObj(std::string* o, const std::vector<std::pair<std::string, std::string>>& v) {
  *o += '{';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) *o += ',';
    AppendJsonString(o, v[i].first);
    *o += ':';
    AppendJsonString(o, v[i].second);
  }
  *o += '}';
}
void NumberJson(std::string* o, const BuilderNumber& n) {
  *o += '{';
  KS(o, "param", n.param);
  KS(o, "label", n.label);
  KI(o, "value", n.value);
  KI(o, "min", n.min);
  KI(o, "max", n.max);
  KS(o, "suffix", n.suffix, false);
  *o += '}';
}

}  // namespace

BuildResult BuildBuilderView(const Catalog& catalog, const Recipe& recipe, const BuilderParams& query) {
  Builder b(catalog, recipe, query);
  return b.Run();
}

std::string BuilderErrorJson(const BuilderError& e) {
  std::string o = "{\"error\":{";
  KS(&o, "param", e.param);
  KS(&o, "message", e.message);
  Key(&o, "valid");
  StrList(&o, e.valid);
  o += "}}";
  return o;
}

std::string BuilderViewJson(const BuilderView& v, const std::string& html) {
  std::string o;
  o.reserve(8192 + html.size());
  o += '{';
  KS(&o, "recipe", v.recipe ? v.recipe->hf_id : "");
  KS(&o, "query", v.query);
  Key(&o, "corrections");
  o += '[';
  for (size_t i = 0; i < v.corrections.size(); ++i) {
    if (i) o += ',';
    o += '{';
    KS(&o, "param", v.corrections[i].param);
    KS(&o, "message", v.corrections[i].message, false);
    o += '}';
  }
  o += "],";
  Key(&o, "state");
  o += '{';
  KS(&o, "variant", v.variant);
  KS(&o, "hardware", v.hardware);
  KS(&o, "strategy", v.strategy);
  KS(&o, "deploy_type", v.deploy_type);
  KI(&o, "nodes", v.nodes);
  Key(&o, "features");
  StrList(&o, v.features);
  o += ',';
  Key(&o, "modes");
  PairObj(&o, v.modes);
  o += ',';
  Key(&o, "advanced");
  StrList(&o, v.advanced);
  o += ',';
  KS(&o, "kv_offload", v.kv_offload);
  KS(&o, "model_id", v.model_id, false);
  o += "},";
  Key(&o, "controls");
  o += '[';
  for (size_t r = 0; r < v.rows.size(); ++r) {
    const BuilderRow& row = v.rows[r];
    if (r) o += ',';
    o += '{';
    KS(&o, "key", row.key);
    KS(&o, "label", row.label);
    KS(&o, "note", row.note);
    Key(&o, "lines");
    o += '[';
    for (size_t l = 0; l < row.lines.size(); ++l) {
      if (l) o += ',';
      o += '{';
      KS(&o, "group", row.lines[l].first);
      Key(&o, "pills");
      o += '[';
      const auto& pills = row.lines[l].second;
      for (size_t i = 0; i < pills.size(); ++i) {
        const BuilderPill& p = pills[i];
        if (i) o += ',';
        o += '{';
        KS(&o, "id", p.id);
        KS(&o, "label", p.label);
        if (!p.detail.empty()) KS(&o, "detail", p.detail);
        KB(&o, "active", p.active);
        KB(&o, "disabled", p.disabled);
        if (p.verified) KB(&o, "verified", true);
        if (p.recommended) KB(&o, "recommended", true);
        if (p.disabled) KS(&o, "reason", p.tooltip);
        else KS(&o, "tooltip", p.tooltip);
        KS(&o, "query", p.query, false);
        o += '}';
      }
      o += "]}";
    }
    o += "]}";
  }
  o += "],";
  Key(&o, "advanced");
  o += '[';
  for (size_t i = 0; i < v.advanced_options.size(); ++i) {
    const auto& a = v.advanced_options[i];
    if (i) o += ',';
    o += '{';
    KS(&o, "id", a.id);
    KS(&o, "label", a.label);
    KB(&o, "checked", a.checked);
    KS(&o, "query", a.query, false);
    o += '}';
  }
  o += "],";
  Key(&o, "pd_pools");
  o += '[';
  for (size_t i = 0; i < v.pd_numbers.size(); ++i) {
    if (i) o += ',';
    NumberJson(&o, v.pd_numbers[i]);
  }
  o += "],";
  KS(&o, "status", v.status);
  KS(&o, "summary", v.summary);
  KS(&o, "vram_warning", v.vram_warning);
  Key(&o, "tabs");
  o += '[';
  for (size_t i = 0; i < v.tabs.size(); ++i) {
    const BuilderTab& t = v.tabs[i];
    if (i) o += ',';
    o += '{';
    KS(&o, "id", t.id);
    KS(&o, "label", t.label);
    KS(&o, "description", t.description);
    KS(&o, "command", t.command);
    if (t.wraps) KS(&o, "docker_command", t.docker_command);
    Key(&o, "env");
    PairObj(&o, t.env);
    o += ',';
    Key(&o, "numbers");
    o += '[';
    for (size_t n = 0; n < t.numbers.size(); ++n) {
      if (n) o += ',';
      NumberJson(&o, t.numbers[n]);
    }
    o += "],";
    KB(&o, "client_target", t.client_target, false);
    o += '}';
  }
  o += "],";
  Key(&o, "env_defaults");
  PairObj(&o, v.env_defaults);
  o += ',';
  KS(&o, "curl", v.curl);
  KS(&o, "bench", v.bench);
  if (!v.resolve_error.empty()) KS(&o, "resolve_error", v.resolve_error);
  Key(&o, "resolution");
  AppendJson(&o, v.resolution, 0);
  o += ',';
  KS(&o, "html", html, false);
  o += '}';
  return o;
}

}  // namespace recipes
