#include "resolve/selection.h"

#include <algorithm>
#include <cmath>

#include "resolve/omni.h"

namespace recipes {
namespace {

// --- small Value helpers ------------------------------------------------------

const Value* Get(const Value* v, std::string_view key) { return v ? v->Get(key) : nullptr; }

double NumberOr(const Value* v, double fallback) {
  return v && v->is_number() ? v->number() : fallback;
}

// JavaScript `x || fallback` for a number-ish field.
double TruthyNumberOr(const Value* v, double fallback) {
  return v && v->is_number() && v->number() != 0 && !std::isnan(v->number()) ? v->number() : fallback;
}

std::string StringOr(const Value* v, std::string fallback = {}) {
  return v && v->is_string() ? v->str() : fallback;
}

bool ListContains(const Value* list, std::string_view s) {
  if (!list || !list->is_array()) return false;
  for (const Value& e : list->items()) {
    if (e.is_string() && e.str() == s) return true;
  }
  return false;
}

bool NonEmptyList(const Value* v) { return v && v->is_array() && v->size() > 0; }

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep = ", ") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::string FormatNumber(double n) { return FormatJsNumber(n); }

// The profile's generations as a list (`generation`, else `gpu_generation`).
std::vector<std::string> ProfileGenerations(const Value* profile) {
  const Value* g = Get(profile, "generation");
  if (!g || !g->Truthy()) g = Get(profile, "gpu_generation");
  std::vector<std::string> out;
  if (!g) return out;
  if (g->is_array()) {
    for (const Value& e : g->items()) out.push_back(e.ToDisplayString());
  } else if (!g->is_null()) {
    out.push_back(g->ToDisplayString());
  }
  return out;
}

double GpusPerNode(const Value* profile) { return TruthyNumberOr(Get(profile, "gpu_count"), 8); }

const Value* MetaHardware(const Recipe& recipe) { return Get(recipe.doc.Get("meta"), "hardware"); }

const Value& EmptyObject() {
  static const Value kEmpty = Value::Object(ObjectItems{});
  return kEmpty;
}

std::string BrandOf(const Value* profile) { return StringOr(Get(profile, "brand")); }

bool IsXpu(const Value* profile) { return ProfileGeneration(profile) == "xpu"; }

std::string DisplayName(const Value* profile, std::string_view id) {
  std::string name = StringOr(Get(profile, "display_name"));
  return name.empty() ? std::string(id) : name;
}

std::string RecipeName(const Recipe& recipe) {
  std::string title = StringOr(Get(recipe.doc.Get("meta"), "title"));
  return title.empty() ? recipe.hf_id : title;
}

}  // namespace

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
