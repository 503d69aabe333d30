#include "site/builder_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "resolve/resolver.h"

namespace recipes {

namespace {

std::string Str(const Value* v) { return v && v->is_string() ? v->str() : std::string(); }
double Num(const Value* v, double fallback = 0) { return v && v->is_number() ? v->number() : fallback; }

bool ListContains(const Value* list, std::string_view item) {
  if (!list || !list->is_array()) return false;
  for (const Value& v : list->items()) {
    if (v.is_string() && v.str() == item) return true;
  }
  return false;
}

}  // namespace

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

int CompareVersions(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    auto take = [](std::string_view& s) {
      long n = 0;
      size_t i = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') n = n * 10 + (s[i++] - '0');
      while (i < s.size() && s[i] != '.') ++i;
      s.remove_prefix(i < s.size() ? i + 1 : i);
      return n;
    };
    long x = take(a), y = take(b);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

BuilderRules::BuilderRules(const Catalog& catalog, const Recipe& recipe)
    : catalog_(catalog),
      recipe_(recipe),
      meta_(recipe.doc.Get("meta")),
      model_(recipe.doc.Get("model")),
      variants_(recipe.doc.Get("variants")),
      features_(recipe.doc.Get("features")) {}

// --- hardware ---------------------------------------------------------------

std::vector<std::string> BuilderRules::AllHardware() const {
  std::vector<std::string> out;
  const Value* profiles = catalog_.HardwareProfiles();
  if (!profiles || !profiles->is_object()) return out;
  for (const auto& [id, v] : profiles->members()) out.push_back(id);
  return out;
}

bool BuilderRules::Offered(std::string_view hw) const {
  const Value* p = Profile(hw);
  if (!p) return false;
  const Value* r = p->Get("restricted");
  if (!r || !r->Truthy()) return true;
  const Value* declared = meta_ ? meta_->Get("hardware") : nullptr;
  return declared && declared->is_object() && declared->Get(hw) != nullptr;
}

std::string BuilderRules::Status(std::string_view hw) const {
  const Value* declared = meta_ ? meta_->Get("hardware") : nullptr;
  return declared ? Str(declared->Get(hw)) : std::string();
}

std::string BuilderRules::Brand(std::string_view hw) const {
  const Value* p = Profile(hw);
  return p ? Str(p->Get("brand")) : std::string();
}

std::string BuilderRules::Generation(std::string_view hw) const { return ProfileGeneration(Profile(hw)); }

std::string BuilderRules::DisplayName(std::string_view hw) const {
  const Value* p = Profile(hw);
  std::string name = p ? Str(p->Get("display_name")) : std::string();
  return name.empty() ? std::string(hw) : name;
}

int BuilderRules::GpuCount(std::string_view hw) const {
  const Value* p = Profile(hw);
  double n = p ? Num(p->Get("gpu_count"), 1) : 1;
  return n > 0 ? static_cast<int>(n) : 1;
}

int BuilderRules::GpuCountOr8(std::string_view hw) const {
  const Value* p = Profile(hw);
  double n = p ? Num(p->Get("gpu_count"), 0) : 0;
  return n > 0 ? static_cast<int>(n) : 8;
}

double BuilderRules::NodeVram(std::string_view hw) const {
  const Value* p = Profile(hw);
  return p ? Num(p->Get("vram_gb"), 0) : 0;
}

bool BuilderRules::Scalable(std::string_view hw) const {
  const Value* p = Profile(hw);
  const Value* s = p ? p->Get("scalable") : nullptr;
  return !(s && s->is_bool() && !s->boolean());
}

std::string BuilderRules::PerDeviceLabel(std::string_view hw) const {
  const Value* p = Profile(hw);
  if (!p) return "";
  double gpus = Num(p->Get("gpu_count"), 0);
  double gb = Num(p->Get("vram_gb"), 0);
  if (gpus <= 0 || gb <= 0) return "";
  long per = std::lround(gb / gpus);
  return std::to_string(per) + (IsCpu(hw) ? "G/CPU" : "G/GPU");
}

// --- variants ---------------------------------------------------------------

std::vector<std::string> BuilderRules::VariantKeys() const {
  std::vector<std::string> out;
  if (variants_ && variants_->is_object()) {
    for (const auto& [k, v] : variants_->members()) out.push_back(k);
  }
  return out;
}

const Value* BuilderRules::Variant(std::string_view key) const {
  if (!variants_ || !variants_->is_object()) return nullptr;
  const Value* v = variants_->Get(key);
  return v ? v : variants_->Get("default");
}

double BuilderRules::VariantVram(std::string_view key) const {
  const Value* v = Variant(key);
  return v ? Num(v->Get("vram_minimum_gb"), 0) : 0;
}

std::string BuilderRules::Precision(std::string_view key) const {
  const Value* v = Variant(key);
  return UpperAscii(v ? Str(v->Get("precision")) : "");
}

std::string BuilderRules::VariantLabel(std::string_view key) const {
  const Value* v = Variant(key);
  std::string label = v ? Str(v->Get("label")) : "";
  if (label.empty()) label = v ? Str(v->Get("precision")) : std::string(key);
  if (label.empty()) label = std::string(key);
  return UpperAscii(label);
}

std::string BuilderRules::VariantModelId(std::string_view key) const {
  const Value* v = Variant(key);
  std::string id = v ? Str(v->Get("model_id")) : "";
  if (id.empty() && model_) id = Str(model_->Get("model_id"));
  return id;
}

namespace {
struct Constraint {
  bool any = false;
  std::string brand;
  std::vector<std::string> gens;
};

Constraint ConstraintOf(const Value* variant) {
  Constraint c;
  if (!variant) return c;
  const Value* ph = variant->Get("precision_hardware");
  if (ph && ph->is_object()) {
    c.any = true;
    c.brand = Str(ph->Get("brand"));
    const Value* g = ph->Get("generation");
    if (g && g->is_string() && !g->str().empty()) c.gens.push_back(g->str());
    if (g && g->is_array()) {
      for (const Value& x : g->items()) {
        if (x.is_string()) c.gens.push_back(x.str());
      }
    }
    return c;
  }
  std::string p = Str(variant->Get("precision"));
  for (char& ch : p) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (p == "nvfp4" || p == "fp4") {
    c.any = true;
    c.brand = "NVIDIA";
    c.gens = {"blackwell"};
  }
  return c;
}
}  // namespace

bool BuilderRules::PrecisionMatches(std::string_view variant, std::string_view hw) const {
  return recipes::PrecisionMatches(VariantOrDefault(recipe_, variant), Profile(hw));
}

std::string BuilderRules::PrecisionRequirement(std::string_view variant) const {
  Constraint c = ConstraintOf(Variant(variant));
  if (!c.any || (c.brand.empty() && c.gens.empty())) return "";
  std::string who = c.brand;
  for (const auto& g : c.gens) {
    std::string gen = g;
    if (!gen.empty()) gen[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(gen[0])));
    who += (who.empty() ? "" : " ") + gen;
  }
  return Precision(variant) + " requires " + who;
}

bool BuilderRules::AllowListAdmits(std::string_view variant, std::string_view hw) const {
  const Value* v = Variant(variant);
  const Value* list = v ? v->Get("supported_hardware") : nullptr;
  if (!list || !list->is_array() || list->items().empty()) return true;
  return ListContains(list, hw);
}

bool BuilderRules::Fits(std::string_view variant, std::string_view hw) const {
  double need = VariantVram(variant);
  double node = NodeVram(hw);
  return need <= 0 || node <= 0 || need <= node;
}

bool BuilderRules::RunsOn(std::string_view variant, std::string_view hw) const {
  return VariantRunsOnHardware(VariantOrDefault(recipe_, variant), hw, Profile(hw));
}

bool BuilderRules::Compatible(std::string_view variant, std::string_view hw) const {
  return Status(hw) != "unsupported" && RunsOn(variant, hw);
}

std::string BuilderRules::WhyNot(std::string_view variant, std::string_view hw) const {
  std::string name = DisplayName(hw);
  if (Status(hw) == "unsupported") return "This model is not yet supported on " + name + ".";
  if (!PrecisionMatches(variant, hw)) {
    std::string gen = Generation(hw);
    if (!gen.empty()) gen[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(gen[0])));
    return PrecisionRequirement(variant) + "; " + name + " is " + Brand(hw) + " " + gen + ".";
  }
  if (!AllowListAdmits(variant, hw)) {
    std::string list;
    const Value* v = Variant(variant);
    for (const Value& h : v->Get("supported_hardware")->items()) {
      if (!h.is_string()) continue;
      if (!list.empty()) list += ", ";
      list += DisplayName(h.str());
    }
    return Precision(variant) + " is only supported on " + list + ".";
  }
  if (!Scalable(hw) && !Fits(variant, hw)) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s needs %g GB; %s is a single box with %g GB and cannot be clustered.",
                  VariantLabel(variant).c_str(), VariantVram(variant), name.c_str(), NodeVram(hw));
    return buf;
  }
  return "";
}

std::string BuilderRules::FittingVariant(std::string_view hw) const {
  return recipes::FittingVariant(catalog_, recipe_, hw).value_or("");
}

std::string BuilderRules::DefaultHardware(std::string_view variant) const {
  return recipes::DefaultHardware(catalog_, recipe_, variant);
}

// --- strategies -------------------------------------------------------------

std::vector<std::string> BuilderRules::EffectiveStrategies() const {
  return recipes::EffectiveStrategies(recipe_);
}

std::string BuilderRules::DeployType(std::string_view strategy) const {
  const Value* s = catalog_.FindStrategy(strategy);
  return s ? Str(s->Get("deploy_type")) : "";
}

std::string BuilderRules::StrategyName(std::string_view strategy) const {
  const Value* s = catalog_.FindStrategy(strategy);
  std::string n = s ? Str(s->Get("display_name")) : "";
  return n.empty() ? std::string(strategy) : n;
}

bool BuilderRules::SupportedOn(std::string_view strategy, std::string_view hw) const {
  return StrategySupportedOnHardware(catalog_, recipe_, strategy, hw);
}


int BuilderRules::Floor(std::string_view key, std::string_view hw) const {
  return static_cast<int>(StrategyMinGpus(recipe_, key, hw));
}

int BuilderRules::NodesNeeded(std::string_view key, std::string_view hw) const {
  return NodesForStrategy(catalog_, recipe_, key, hw);
}

bool BuilderRules::Reachable(std::string_view strategy, std::string_view hw) const {
  return StrategyReachable(catalog_, recipe_, strategy, hw);
}

std::string BuilderRules::Recommended(int nodes) const {
  return RecommendStrategy(recipe_, nodes);
}

bool BuilderRules::OffersMulti() const {
  return OffersMultiNode(recipe_);
}

std::vector<std::string> BuilderRules::PdModes(std::string_view hw) const {
  return OfferedPdPoolModes(catalog_, recipe_, hw);
}

// --- features ---------------------------------------------------------------

std::vector<std::string> BuilderRules::FeatureKeys() const {
  std::vector<std::string> out;
  if (features_ && features_->is_object()) {
    for (const auto& [k, v] : features_->members()) out.push_back(k);
  }
  return out;
}

bool BuilderRules::InList(std::string_view list_key, std::string_view item) const {
  return ListContains(recipe_.doc.Get(list_key), item);
}

bool BuilderRules::HwOptOut(std::string_view hw, std::string_view feature) const {
  const Value* m = recipe_.doc.Get("hardware_opt_in_features");
  return m && ListContains(m->Get(hw), feature);
}

std::vector<std::string> BuilderRules::DefaultFeatures(std::string_view hw, std::string_view variant) const {
  return recipes::DefaultFeatures(recipe_, hw, variant);
}

std::vector<std::string> BuilderRules::AllowedModes(std::string_view feature, std::string_view variant,
                                                    std::string_view hw) const {
  std::vector<std::string> out;
  const Value* f = features_ ? features_->Get(feature) : nullptr;
  const Value* modes = f ? f->Get("modes") : nullptr;
  if (!modes || !modes->is_object()) return out;
  std::string gen = hw.empty() ? "" : Generation(hw);
  for (const auto& [k, m] : modes->members()) {
    const Value* vs = m.Get("variants");
    if (vs && vs->is_array() && !vs->items().empty() && !ListContains(vs, variant)) continue;
    if (!hw.empty()) {
      const Value* h = m.Get("hardware");
      if (h && h->is_object()) {
        if ((!gen.empty() && Str(h->Get(gen)) == "unsupported") || Str(h->Get(hw)) == "unsupported") continue;
      }
    }
    out.push_back(k);
  }
  return out;
}

std::string BuilderRules::VariantDefaultMode(std::string_view variant, std::string_view feature) const {
  const Value* v = Variant(variant);
  const Value* dm = v ? v->Get("default_modes") : nullptr;
  return dm ? Str(dm->Get(feature)) : "";
}

std::string BuilderRules::EffectiveMode(std::string_view feature, std::string_view variant, std::string_view hw,
                                        std::string_view user) const {
  return ResolveModeKey(catalog_, recipe_, feature, variant, hw, user).value_or("");
}

std::string BuilderRules::FeatureLabel(std::string_view feature) const {
  const Value* f = features_ ? features_->Get(feature) : nullptr;
  std::string label = f ? Str(f->Get("label")) : "";
  if (!label.empty()) return label;
  std::string out;
  bool start = true;
  std::string word;
  auto flush = [&]() {
    if (word.empty()) return;
    if (word == "kv") word = "KV";
    else word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    if (!out.empty()) out += ' ';
    out += word;
    word.clear();
  };
  for (char c : feature) {
    if (c == '_') {
      flush();
      start = true;
    } else {
      word += c;
      start = false;
    }
  }
  (void)start;
  flush();
  return out;
}

}  // namespace recipes
