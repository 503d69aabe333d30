// Selection rules for features, modes and KV offload, and their errors
// (resolve/selection.h).
#include "resolve/selection.h"

#include <algorithm>
#include <cmath>

#include "resolve/omni.h"
#include "resolve/selection_impl.h"

namespace recipes {

using namespace selection_impl;  // NOLINT: this file's own helpers

// ---------------------------------------------------------------------------
// Features and modes

namespace {

const Value* FindFeature(const Recipe& recipe, std::string_view feature) {
  return Get(recipe.doc.Get("features"), feature);
}

const Value* FeatureModes(const Recipe& recipe, std::string_view feature) {
  const Value* m = Get(FindFeature(recipe, feature), "modes");
  return m && m->is_object() ? m : nullptr;
}

}  // namespace

std::vector<std::string> FeatureKeys(const Recipe& recipe) {
  std::vector<std::string> out;
  const Value* fs = recipe.doc.Get("features");
  if (fs && fs->is_object()) {
    for (const auto& [k, v] : fs->members()) out.push_back(k);
  }
  return out;
}

bool IsOptInFeature(const Recipe& recipe, std::string_view feature) {
  return ListContains(recipe.doc.Get("opt_in_features"), feature);
}

bool IsHardwareOptInFeature(const Recipe& recipe, std::string_view hardware_id, std::string_view feature) {
  return ListContains(Get(recipe.doc.Get("hardware_opt_in_features"), hardware_id), feature);
}

std::vector<std::string> DefaultFeatures(const Recipe& recipe, std::string_view hardware_id,
                                         std::string_view variant_key) {
  std::vector<std::string> out;
  const Value* default_modes = Get(FindVariant(recipe, variant_key), "default_modes");
  for (const std::string& f : FeatureKeys(recipe)) {
    bool forced = default_modes && default_modes->is_object() && default_modes->members().Contains(f);
    if (forced || (!IsOptInFeature(recipe, f) && !IsHardwareOptInFeature(recipe, hardware_id, f))) out.push_back(f);
  }
  return out;
}

bool FeatureAllowedForStrategy(const Recipe& recipe, std::string_view feature, std::string_view strategy) {
  const Value* s = Get(FindFeature(recipe, feature), "strategies");
  return !NonEmptyList(s) || ListContains(s, strategy);
}

std::string FeatureStrategyBlocker(const Recipe& recipe, std::string_view feature, std::string_view strategy) {
  if (FeatureAllowedForStrategy(recipe, feature, strategy)) return "";
  std::vector<std::string> allowed;
  for (const Value& e : Get(FindFeature(recipe, feature), "strategies")->items()) allowed.push_back(e.ToDisplayString());
  return "feature " + std::string(feature) + " is not available with strategy " + std::string(strategy) +
         "; it works with: " + Join(allowed);
}

std::vector<std::string> FeatureModeKeys(const Recipe& recipe, std::string_view feature) {
  std::vector<std::string> out;
  if (const Value* modes = FeatureModes(recipe, feature)) {
    for (const auto& [k, v] : modes->members()) out.push_back(k);
  }
  return out;
}

bool ModeAllowedForVariant(const Recipe& recipe, std::string_view feature, std::string_view mode,
                           std::string_view variant_key) {
  const Value* variants = Get(Get(FeatureModes(recipe, feature), mode), "variants");
  return !NonEmptyList(variants) || ListContains(variants, variant_key);
}

bool ModeSupportedOnHardware(const Catalog& catalog, const Recipe& recipe, std::string_view feature,
                             std::string_view mode, std::string_view hardware_id) {
  const Value* hw = Get(Get(FeatureModes(recipe, feature), mode), "hardware");
  if (!hw || !hw->is_object()) return true;
  auto unsupported = [&](std::string_view key) {
    const Value* v = hw->Get(key);
    return v && v->is_string() && v->str() == "unsupported";
  };
  std::string gen = ProfileGeneration(catalog.FindHardware(hardware_id));
  return !unsupported(gen) && !unsupported(hardware_id);
}

std::string ModeBlocker(const Catalog& catalog, const Recipe& recipe, std::string_view feature,
                        std::string_view mode, std::string_view variant_key, std::string_view hardware_id) {
  std::string what = "mode " + std::string(mode) + " of " + std::string(feature);
  if (!ModeAllowedForVariant(recipe, feature, mode, variant_key)) {
    return what + " is not available for variant " + std::string(variant_key);
  }
  if (!ModeSupportedOnHardware(catalog, recipe, feature, mode, hardware_id)) {
    return what + " is not supported on " + DisplayName(catalog.FindHardware(hardware_id), hardware_id);
  }
  return "";
}

std::vector<std::string> AllowedModes(const Catalog& catalog, const Recipe& recipe, std::string_view feature,
                                      std::string_view variant_key, std::string_view hardware_id) {
  std::vector<std::string> out;
  for (const std::string& m : FeatureModeKeys(recipe, feature)) {
    if (ModeAllowedForVariant(recipe, feature, m, variant_key) &&
        ModeSupportedOnHardware(catalog, recipe, feature, m, hardware_id)) {
      out.push_back(m);
    }
  }
  return out;
}

std::optional<std::string> ResolveModeKey(const Catalog& catalog, const Recipe& recipe, std::string_view feature,
                                          std::string_view variant_key, std::string_view hardware_id,
                                          std::string_view user_choice) {
  std::vector<std::string> allowed = AllowedModes(catalog, recipe, feature, variant_key, hardware_id);
  if (allowed.empty()) return std::nullopt;
  std::string variant_default =
      StringOr(Get(VariantOrDefault(recipe, variant_key).Get("default_modes"), feature));
  std::string feature_default = StringOr(Get(FindFeature(recipe, feature), "default_mode"));
  for (const std::string& c : {std::string(user_choice), variant_default, feature_default}) {
    if (!c.empty() && Contains(allowed, c)) return c;
  }
  return allowed.front();
}

std::vector<std::pair<std::string, std::string>> DefaultFeatureModes(const Catalog& catalog, const Recipe& recipe,
                                                                     std::string_view variant_key,
                                                                     std::string_view hardware_id) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& f : FeatureKeys(recipe)) {
    if (!FeatureModes(recipe, f)) continue;
    if (auto m = ResolveModeKey(catalog, recipe, f, variant_key, hardware_id)) out.emplace_back(f, *m);
  }
  return out;
}

// ---------------------------------------------------------------------------
// KV offload

std::vector<KvOffloadOption> KvOffloadOptions(const Catalog& catalog, const Recipe& recipe,
                                              std::string_view hardware_id, std::string_view strategy) {
  std::vector<KvOffloadOption> out;
  const Value* profile = catalog.FindHardware(hardware_id);
  std::string hw_name = DisplayName(profile, hardware_id);
  std::string brand = BrandOf(profile);
  bool xpu = IsXpu(profile);
  std::string dt = DeployTypeOf(catalog, strategy);
  const Value* support = recipe.doc.Get("kv_offload_support");
  const Value* options = catalog.taxonomy.Get("kv_offload");
  if (options && options->is_object()) {
    for (const auto& [key, opt] : options->members()) {
      KvOffloadOption o;
      o.id = key;
      std::string name = StringOr(opt.Get("label"), key);
      std::string gate = StringOr(Get(support, key));
      const Value* brands = opt.Get("brands");
      const Value* strategies = opt.Get("strategies");
      if (xpu) {
        o.reason = name + " is not validated on Intel XPU";
      } else if (gate == "unsupported") {
        o.reason = name + " is marked unsupported for this recipe (kv_offload_support)";
      } else if (opt.Get("requires_opt_in") && opt.Get("requires_opt_in")->Truthy() && gate != "verified") {
        o.reason = name + " stays off until the recipe records a verified run under kv_offload_support." + key;
      } else if (NonEmptyList(brands) && !ListContains(brands, brand)) {
        o.reason = name + " needs a CUDA, ROCm or XPU device, not available on " + brand + " " + hw_name;
      } else if (dt == "pd_cluster" || dt == "kv_store_lb") {
        o.reason = name + " cannot compose with " + std::string(strategy) +
                   ", which owns --kv-transfer-config (Mooncake composes with PD instead)";
      } else if (NonEmptyList(strategies) && !ListContains(strategies, strategy)) {
        std::vector<std::string> allowed;
        for (const Value& e : strategies->items()) allowed.push_back(e.ToDisplayString());
        o.reason = name + " works with: " + Join(allowed);
      }
      o.enabled = o.reason.empty();
      out.push_back(std::move(o));
    }
  }
  std::vector<std::string> seen;
  for (const StrategyDoc& kv : catalog.kv_stores) {
    if (Contains(seen, kv.name)) continue;
    seen.push_back(kv.name);
    if (DeployTypeOf(catalog, kv.name) != "kv_store_lb") continue;
    KvOffloadOption o;
    o.id = kv.name;
    o.kv_store = true;
    const Value* opt_out = Get(Get(recipe.doc.Get("kv_cache_strategy_hardware"), kv.name), hardware_id);
    if (xpu) {
      o.reason = "Mooncake is not validated on Intel XPU";
    } else if (brand != "NVIDIA" && brand != "AMD") {
      o.reason = "the Mooncake transfer engine ships CUDA and ROCm builds only, not for " + brand + " " + hw_name;
    } else if (!IsHardwareScalable(profile)) {
      o.reason = hw_name + " is a single workstation and can't run a multi-node KV-store deployment";
    } else if (opt_out && opt_out->is_string() && opt_out->str() == "unsupported") {
      o.reason = kv.name + " is not supported on " + hw_name + " for this recipe (kv_cache_strategy_hardware)";
    }
    o.enabled = o.reason.empty();
    out.push_back(std::move(o));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Errors

std::string FormatSelectionError(const SelectionError& e) {
  std::string out = "error: " + e.message + "\n";
  if (!e.choices.empty()) {
    std::string label = e.field == "pd" ? "pool parallelism" : e.field == "kv_offload" ? "KV offload" : e.field;
    out += "  valid " + label + " choices: " + Join(e.choices) + "\n";
  }
  if (e.pos.known()) {
    // The recipe line that explains the refusal, with a caret under the
    // column (columns count characters; tabs are kept so the caret lines up).
    std::string_view line = e.pos.source->Line(e.pos.line);
    std::string pad;
    uint32_t chars = 0;
    for (size_t i = 0; i < line.size() && chars + 1 < e.pos.col; ++i) {
      unsigned char c = static_cast<unsigned char>(line[i]);
      if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
      pad += c == '\t' ? '\t' : ' ';
      ++chars;
    }
    out += "  at " + e.pos.ToString() + "\n    " + std::string(line) + "\n    " + pad + "^\n";
  }
  return out;
}

}  // namespace recipes
