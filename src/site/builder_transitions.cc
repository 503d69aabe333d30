// URL transitions: the query a hardware or variant click produces.
#include "site/builder_internal.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "render/docker.h"
#include "render/json_writer.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"

namespace recipes::builder_detail {

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

std::string Builder::NearestHardware(const std::string& variant) const {
  const std::string& from = s_.hw;
  std::string brand = rules_.Brand(from);
  int gpus = rules_.GpuCount(from);
  double vram = std::max(1.0, rules_.NodeVram(from));
  std::string best;
  std::tuple<bool, bool, double> best_key;
  for (const auto& hw : rules_.AllHardware()) {
    if (hw == from || !rules_.Offered(hw) || !rules_.Compatible(variant, hw)) continue;
    std::tuple<bool, bool, double> key{rules_.Brand(hw) != brand, rules_.GpuCount(hw) != gpus,
                                       std::fabs(std::log(std::max(1.0, rules_.NodeVram(hw)) / vram))};
    if (best.empty() || key < best_key) {  // ties keep taxonomy order
      best = hw;
      best_key = key;
    }
  }
  return best.empty() ? rules_.DefaultHardware(variant) : best;
}

void Builder::MovedHardwareNote() {
  const std::string* from = in_.Get("moved_from");
  if (!from || *from == s_.hw || !url_.Has("hardware") || !rules_.Offered(*from) ||
      rules_.Compatible(s_.variant, *from)) {
    return;
  }
  v_.corrections.push_back({"hardware", rules_.WhyNot(s_.variant, *from) + " Moved from " +
                                            rules_.DisplayName(*from) + " to " + rules_.DisplayName(s_.hw) +
                                            ", the nearest hardware that runs " + rules_.VariantLabel(s_.variant) +
                                            ".",
                            {}});
}

std::string Builder::VariantClick(const std::string& v) const {
  BuilderParams p = Url();
  std::string hw = s_.hw;
  if (!rules_.Compatible(v, hw)) {
    hw = NearestHardware(v);
    p.Set("hardware", hw);
    p.Set("moved_from", s_.hw);
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

}  // namespace recipes::builder_detail
