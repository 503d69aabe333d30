#include "resolve/selection.h"

#include <algorithm>
#include <cmath>

#include "resolve/omni.h"
#include "resolve/selection_impl.h"

namespace recipes {

using namespace selection_impl;  // NOLINT: this file's own helpers

// ---------------------------------------------------------------------------
// Variants and hardware

const Value* FindVariant(const Recipe& recipe, std::string_view key) {
  const Value* v = Get(recipe.doc.Get("variants"), key);
  return v && v->is_object() ? v : nullptr;
}

const Value& VariantOrDefault(const Recipe& recipe, std::string_view key) {
  if (const Value* v = FindVariant(recipe, key)) return *v;
  if (const Value* v = FindVariant(recipe, "default")) return *v;
  return EmptyObject();
}

std::vector<std::string> VariantKeys(const Recipe& recipe) {
  std::vector<std::string> out;
  const Value* vs = recipe.doc.Get("variants");
  if (vs && vs->is_object()) {
    for (const auto& [k, v] : vs->members()) out.push_back(k);
  }
  return out;
}

PrecisionConstraint PrecisionConstraintOf(const Value& variant) {
  PrecisionConstraint c;
  const Value* ph = variant.Get("precision_hardware");
  if (ph && ph->is_object()) {
    c.active = true;
    c.brand = StringOr(ph->Get("brand"));
    c.generation = StringOr(ph->Get("generation"));
    c.pos = ph->pos();
    return c;
  }
  const Value* p = variant.Get("precision");
  if (p && p->is_string() && (p->str() == "nvfp4" || p->str() == "fp4")) {
    c.active = true;
    c.brand = "NVIDIA";
    c.generation = "blackwell";
    c.pos = p->pos();
  }
  return c;
}

bool PrecisionMatches(const PrecisionConstraint& c, const Value* profile) {
  if (!c.active) return true;
  if (!c.brand.empty() && c.brand != BrandOf(profile)) return false;
  if (!c.generation.empty() && !Contains(ProfileGenerations(profile), c.generation)) return false;
  return true;
}

bool PrecisionMatches(const Value& variant, const Value* profile) {
  return PrecisionMatches(PrecisionConstraintOf(variant), profile);
}

bool IsHardwareScalable(const Value* profile) {
  const Value* s = Get(profile, "scalable");
  return !(s && s->is_bool() && !s->boolean());
}

bool FitsSingleNode(const Value& variant, const Value* profile) {
  double need = NumberOr(variant.Get("vram_minimum_gb"), 0);
  double node = NumberOr(Get(profile, "vram_gb"), 0);
  if (need <= 0 || node <= 0) return true;
  return need <= node;
}

bool PdFitsSingleNode(const Value& variant, const Value* profile) {
  double gpus = NumberOr(Get(profile, "gpu_count"), 0);
  double need = NumberOr(variant.Get("vram_minimum_gb"), 0);
  double node = NumberOr(Get(profile, "vram_gb"), 0);
  return gpus >= 2 && node >= 2 * need;
}

bool VariantAllowsHardware(const Value& variant, std::string_view hardware_id) {
  const Value* s = variant.Get("supported_hardware");
  if (!NonEmptyList(s)) return true;
  return ListContains(s, hardware_id);
}

bool RecipeMarksUnsupported(const Recipe& recipe, std::string_view hardware_id) {
  const Value* v = Get(MetaHardware(recipe), hardware_id);
  return v && v->is_string() && v->str() == "unsupported";
}

bool RecipeDeclaresHardware(const Recipe& recipe, std::string_view hardware_id) {
  const Value* m = MetaHardware(recipe);
  return m && m->is_object() && m->members().Contains(hardware_id);
}

bool IsRestrictedProfile(const Value* profile) {
  const Value* r = Get(profile, "restricted");
  return r && r->Truthy();
}

bool VariantRunsOnHardware(const Value& variant, std::string_view hardware_id, const Value* profile) {
  return PrecisionMatches(variant, profile) && VariantAllowsHardware(variant, hardware_id) &&
         (IsHardwareScalable(profile) || FitsSingleNode(variant, profile));
}

bool OmniTaskOverrideFits(const Recipe& recipe, std::string_view hardware_id, const Value* profile) {
  if (!IsOmniServed(recipe)) return false;
  double node = NumberOr(Get(profile, "vram_gb"), 0);
  const Value* tasks = Get(recipe.doc.Get("omni"), "tasks");
  if (!tasks || !tasks->is_array()) return false;
  for (const Value& t : tasks->items()) {
    const Value* need = Get(Get(Get(&t, "hardware_overrides"), hardware_id), "vram_minimum_gb");
    if (need && need->is_number() && (node <= 0 || need->number() <= node)) return true;
  }
  return false;
}

bool VariantRunsOnHardware(const Recipe& recipe, std::string_view variant_key, std::string_view hardware_id,
                           const Value* profile) {
  const Value& variant = VariantOrDefault(recipe, variant_key);
  if (VariantRunsOnHardware(variant, hardware_id, profile)) return true;
  return PrecisionMatches(variant, profile) && VariantAllowsHardware(variant, hardware_id) &&
         OmniTaskOverrideFits(recipe, hardware_id, profile);
}

bool VariantRunsAnywhere(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key) {
  const Value* profiles = catalog.HardwareProfiles();
  if (!profiles) return false;
  for (const auto& [id, p] : profiles->members()) {
    if (!RecipeMarksUnsupported(recipe, id) && VariantRunsOnHardware(recipe, variant_key, id, &p)) return true;
  }
  return false;
}

std::optional<std::string> FittingVariant(const Catalog& catalog, const Recipe& recipe,
                                          std::string_view hardware_id) {
  const Value* profile = catalog.FindHardware(hardware_id);
  const Value* vs = recipe.doc.Get("variants");
  if (!vs || !vs->is_object()) return std::nullopt;
  std::optional<std::string> best;
  double best_need = -1;
  for (const auto& [key, v] : vs->members()) {
    if (!VariantRunsOnHardware(v, hardware_id, profile)) continue;
    double need = NumberOr(v.Get("vram_minimum_gb"), 0);
    if (need > best_need) {
      best = key;
      best_need = need;
    }
  }
  return best;
}

HardwareOption CheckHardware(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key,
                             std::string_view hardware_id) {
  HardwareOption o;
  o.id = std::string(hardware_id);
  o.profile = catalog.FindHardware(hardware_id);
  auto exclude = [&](HardwareExclusion e, std::string reason, Pos pos = {}) {
    o.exclusion = e;
    o.reason = std::move(reason);
    o.pos = pos;
    return o;
  };
  if (!o.profile) return exclude(HardwareExclusion::kUnknown, "'" + o.id + "' is not a hardware profile of the taxonomy");
  std::string name = DisplayName(o.profile, hardware_id);
  if (IsRestrictedProfile(o.profile) && !RecipeDeclaresHardware(recipe, hardware_id)) {
    return exclude(HardwareExclusion::kRestricted,
                   name + " is a restricted profile, offered only to recipes that list it under meta.hardware",
                   Get(o.profile, "restricted")->pos());
  }
  if (RecipeMarksUnsupported(recipe, hardware_id)) {
    return exclude(HardwareExclusion::kUnsupported,
                   RecipeName(recipe) + " marks " + name + " as unsupported (meta.hardware)",
                   Get(MetaHardware(recipe), hardware_id)->pos());
  }
  const Value& variant = VariantOrDefault(recipe, variant_key);
  PrecisionConstraint c = PrecisionConstraintOf(variant);
  if (!PrecisionMatches(c, o.profile)) {
    std::string need = c.brand.empty() ? std::string() : c.brand;
    if (!c.generation.empty()) {
      std::string gen = Capitalized(c.generation);
      need += need.empty() ? gen : " " + gen;
    }
    std::string precision = StringOr(variant.Get("precision"));
    std::string what = variant.Get("precision_hardware") ? "variant " + std::string(variant_key) + " (precision_hardware)"
                       : precision.empty() ? "variant " + std::string(variant_key)
                                           : Upper(precision) + " weights";
    std::string have = BrandOf(o.profile);
    std::vector<std::string> gens = ProfileGenerations(o.profile);
    if (!gens.empty()) have += (have.empty() ? "" : " ") + Capitalized(gens[0]);
    return exclude(HardwareExclusion::kPrecision,
                   what + (precision.empty() || variant.Get("precision_hardware") ? " runs" : " run") + " only on " + need + " GPUs; " + name + " is " + (have.empty() ? "another platform" : have),
                   c.pos);
  }
  if (!VariantAllowsHardware(variant, hardware_id)) {
    std::vector<std::string> allowed;
    for (const Value& e : variant.Get("supported_hardware")->items()) allowed.push_back(e.ToDisplayString());
    return exclude(HardwareExclusion::kVariantAllowList,
                   "variant " + std::string(variant_key) + " runs only on " + Join(allowed) +
                       " (supported_hardware)",
                   variant.Get("supported_hardware")->pos());
  }
  if (!IsHardwareScalable(o.profile) && !FitsSingleNode(variant, o.profile) &&
      !OmniTaskOverrideFits(recipe, hardware_id, o.profile)) {
    const Value* need = variant.Get("vram_minimum_gb");
    return exclude(HardwareExclusion::kDoesNotFit,
                   name + " cannot be joined into a multi-node deployment and has " +
                       FormatNumber(NumberOr(Get(o.profile, "vram_gb"), 0)) + " GB; variant " +
                       std::string(variant_key) + " needs " + FormatNumber(NumberOr(need, 0)) + " GB",
                   need ? need->pos() : Pos{});
  }
  if (!EffectiveStrategies(recipe).empty() && OfferedStrategies(catalog, recipe, hardware_id).empty()) {
    const Value* floors = recipe.doc.Get("strategy_min_gpus");
    return exclude(HardwareExclusion::kNoStrategy,
                   "no strategy of " + RecipeName(recipe) + " is supported and reachable on " + name +
                       (floors ? " (see strategy_min_gpus and strategy_hardware)" : " (see strategy_hardware)"),
                   floors ? floors->pos() : Pos{});
  }
  return o;
}

std::vector<HardwareOption> HardwareOptions(const Catalog& catalog, const Recipe& recipe,
                                            std::string_view variant_key) {
  std::vector<HardwareOption> out;
  const Value* profiles = catalog.HardwareProfiles();
  if (!profiles) return out;
  for (const auto& [id, p] : profiles->members()) out.push_back(CheckHardware(catalog, recipe, variant_key, id));
  return out;
}

namespace {

// §17.2 / §17.3 candidate test (no VRAM check).
bool IsCompatible(const Recipe& recipe, const Value& variant, const PrecisionConstraint& c, std::string_view id,
                  const Value* profile) {
  return PrecisionMatches(c, profile) && !RecipeMarksUnsupported(recipe, id) &&
         VariantAllowsHardware(variant, id) &&
         (!IsRestrictedProfile(profile) || RecipeDeclaresHardware(recipe, id));
}

}  // namespace

std::vector<std::string> CompatibleHardware(const Catalog& catalog, const Recipe& recipe,
                                            std::string_view variant_key) {
  std::vector<std::string> out;
  const Value* profiles = catalog.HardwareProfiles();
  if (!profiles) return out;
  const Value& variant = VariantOrDefault(recipe, variant_key);
  PrecisionConstraint c = PrecisionConstraintOf(variant);
  for (const auto& [id, p] : profiles->members()) {
    if (IsCompatible(recipe, variant, c, id, &p)) out.push_back(id);
  }
  return out;
}

std::string DefaultHardware(const Catalog& catalog, const Recipe& recipe, std::string_view variant_key) {
  std::vector<std::string> cands = CompatibleHardware(catalog, recipe, variant_key);
  const Value& variant = VariantOrDefault(recipe, variant_key);
  std::string meta_default = StringOr(Get(recipe.doc.Get("meta"), "default_hardware"));
  if (!meta_default.empty() && Contains(cands, meta_default)) return meta_default;
  if (PrecisionConstraintOf(variant).generation == "blackwell") {
    if (Contains(cands, "b200")) return "b200";
    if (Contains(cands, "gb200")) return "gb200";
  }
  if (Contains(cands, "h200")) return "h200";
  auto rank = [&](const std::string& id) {
    std::string brand = BrandOf(catalog.FindHardware(id));
    return brand == "NVIDIA" ? 0 : brand == "AMD" ? 1 : 9;
  };
  std::stable_sort(cands.begin(), cands.end(), [&](const std::string& a, const std::string& b) {
    int ra = rank(a), rb = rank(b);
    if (ra != rb) return ra < rb;
    return a < b;
  });
  return cands.empty() ? "h200" : cands.front();
}

std::vector<std::string> OfferedHardware(const Catalog& catalog, const Recipe& recipe) {
  std::vector<std::string> out;
  const Value* profiles = catalog.HardwareProfiles();
  if (!profiles) return out;
  for (const auto& [id, p] : profiles->members()) {
    if (IsRestrictedProfile(&p) && !RecipeDeclaresHardware(recipe, id)) continue;
    if (RecipeMarksUnsupported(recipe, id)) continue;
    if (!FittingVariant(catalog, recipe, id)) continue;
    out.push_back(id);
  }
  return out;
}

}  // namespace recipes
