#include "site/builder_rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "resolve/resolver.h"

namespace recipes {

namespace {

double Num(const Value* v, double fallback = 0) { return v && v->is_number() ? v->number() : fallback; }

}  // namespace

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string Sentence(std::string_view reason) {
  std::string out(reason);
  if (out.empty()) return out;
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  if (out.back() != '.') out += '.';
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
  return Profile(hw) && !(IsRestrictedProfile(Profile(hw)) && !RecipeDeclaresHardware(recipe_, hw));
}

std::string BuilderRules::Status(std::string_view hw) const {
  const Value* declared = meta_ ? meta_->Get("hardware") : nullptr;
  return declared ? StringOf(declared->Get(hw)) : std::string();
}

std::string BuilderRules::Brand(std::string_view hw) const {
  const Value* p = Profile(hw);
  return p ? StringOf(p->Get("brand")) : std::string();
}

std::string BuilderRules::Generation(std::string_view hw) const { return ProfileGeneration(Profile(hw)); }

std::string BuilderRules::DisplayName(std::string_view hw) const {
  const Value* p = Profile(hw);
  std::string name = p ? StringOf(p->Get("display_name")) : std::string();
  return name.empty() ? std::string(hw) : name;
}

int BuilderRules::GpuCount(std::string_view hw) const {
  const Value* p = Profile(hw);
  double n = p ? Num(p->Get("gpu_count"), 1) : 1;
  return n > 0 ? static_cast<int>(n) : 1;
}

double BuilderRules::NodeVram(std::string_view hw) const {
  const Value* p = Profile(hw);
  return p ? Num(p->Get("vram_gb"), 0) : 0;
}

bool BuilderRules::Scalable(std::string_view hw) const {
  return IsHardwareScalable(Profile(hw));
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

std::vector<std::string> BuilderRules::VariantKeys() const { return recipes::VariantKeys(recipe_); }

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
  return UpperAscii(v ? StringOf(v->Get("precision")) : "");
}

std::string BuilderRules::VariantLabel(std::string_view key) const {
  const Value* v = Variant(key);
  std::string label = v ? StringOf(v->Get("label")) : "";
  if (label.empty()) label = v ? StringOf(v->Get("precision")) : std::string(key);
  if (label.empty()) label = std::string(key);
  return UpperAscii(label);
}

std::string BuilderRules::VariantModelId(std::string_view key) const {
  const Value* v = Variant(key);
  std::string id = v ? StringOf(v->Get("model_id")) : "";
  if (id.empty() && model_) id = StringOf(model_->Get("model_id"));
  return id;
}

bool BuilderRules::Fits(std::string_view variant, std::string_view hw) const {
  return FitsSingleNode(VariantOrDefault(recipe_, variant), Profile(hw));
}

bool BuilderRules::RunsOn(std::string_view variant, std::string_view hw) const {
  return VariantRunsOnHardware(recipe_, variant, hw, Profile(hw));  // honours omni task overrides
}

bool BuilderRules::Compatible(std::string_view variant, std::string_view hw) const {
  return !RecipeMarksUnsupported(recipe_, hw) && RunsOn(variant, hw);
}

std::string BuilderRules::WhyNot(std::string_view variant, std::string_view hw) const {
  if (Compatible(variant, hw)) return "";
  return Sentence(CheckHardware(catalog_, recipe_, variant, hw).reason);
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

std::string BuilderRules::StrategyName(std::string_view strategy) const {
  const Value* s = catalog_.FindStrategy(strategy);
  std::string n = s ? StringOf(s->Get("display_name")) : "";
  return n.empty() ? std::string(strategy) : n;
}

bool BuilderRules::SupportedOn(std::string_view strategy, std::string_view hw) const {
  return StrategySupportedOnHardware(catalog_, recipe_, strategy, hw);
}


int BuilderRules::NodesNeeded(std::string_view key, std::string_view hw) const {
  return NodesForStrategy(catalog_, recipe_, key, hw);
}

std::string BuilderRules::Recommended(int nodes) const {
  return RecommendStrategy(recipe_, nodes);
}

std::vector<std::string> BuilderRules::PdModes(std::string_view hw) const {
  return OfferedPdPoolModes(catalog_, recipe_, hw);
}

// --- features ---------------------------------------------------------------

std::vector<std::string> BuilderRules::FeatureKeys() const { return recipes::FeatureKeys(recipe_); }

std::vector<std::string> BuilderRules::DefaultFeatures(std::string_view hw, std::string_view variant) const {
  return recipes::DefaultFeatures(recipe_, hw, variant);
}

std::vector<std::string> BuilderRules::AllowedModes(std::string_view feature, std::string_view variant,
                                                    std::string_view hw) const {
  return recipes::AllowedModes(catalog_, recipe_, feature, variant, hw);
}

std::string BuilderRules::EffectiveMode(std::string_view feature, std::string_view variant, std::string_view hw,
                                        std::string_view user) const {
  return ResolveModeKey(catalog_, recipe_, feature, variant, hw, user).value_or("");
}

std::string BuilderRules::FeatureLabel(std::string_view feature) const {
  const Value* f = features_ ? features_->Get(feature) : nullptr;
  std::string label = f ? StringOf(f->Get("label")) : "";
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
