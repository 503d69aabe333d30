// BuilderRules: the command builder's view of one recipe — display accessors
// (names, labels, VRAM figures) plus thin bindings of the selection rules.
// Every rule (what is offered, disabled and why) lives in resolve/selection.h
// so the site, `recipes command` and the JSON API agree; nothing here decides
// one on its own. Pure and cheap to construct; used by BuildBuilderView.
#ifndef RECIPES_SITE_BUILDER_RULES_H_
#define RECIPES_SITE_BUILDER_RULES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "model/value.h"
#include "resolve/selection.h"  // kMaxNodes

namespace recipes {

class BuilderRules {
 public:
  BuilderRules(const Catalog& catalog, const Recipe& recipe);

  const Catalog& catalog() const { return catalog_; }
  const Recipe& recipe() const { return recipe_; }
  const Value& doc() const { return recipe_.doc; }

  // --- hardware -----------------------------------------------------------
  const Value* Profile(std::string_view hw) const { return catalog_.FindHardware(hw); }
  /// Taxonomy ids in taxonomy order.
  std::vector<std::string> AllHardware() const;
  /// Profiles the picker offers (restricted ones only when declared).
  bool Offered(std::string_view hw) const;
  std::string Status(std::string_view hw) const;  // meta.hardware[hw] or ""
  std::string Brand(std::string_view hw) const;
  std::string Generation(std::string_view hw) const;
  std::string DisplayName(std::string_view hw) const;
  int GpuCount(std::string_view hw) const;     // gpu_count or 1
  double NodeVram(std::string_view hw) const;  // vram_gb or 0
  bool Scalable(std::string_view hw) const;
  bool IsCpu(std::string_view hw) const { return Generation(hw) == "cpu"; }
  /// "80G/GPU" or "".
  std::string PerDeviceLabel(std::string_view hw) const;

  // --- variants -----------------------------------------------------------
  std::vector<std::string> VariantKeys() const;
  const Value* Variant(std::string_view key) const;  // falls back to default
  double VariantVram(std::string_view key) const;
  std::string Precision(std::string_view key) const;  // upper-cased
  std::string VariantLabel(std::string_view key) const;
  std::string VariantModelId(std::string_view key) const;
  /// FitsSingleNode (selection.h) for the variant (or `default`) on the hardware.
  bool Fits(std::string_view variant, std::string_view hw) const;
  bool RunsOn(std::string_view variant, std::string_view hw) const;
  /// Hardware usable for the variant: runs on it and not marked unsupported.
  bool Compatible(std::string_view variant, std::string_view hw) const;
  /// Why the variant is not offered on the hardware (CheckHardware's reason,
  /// ending with a period), or "" when it is.
  std::string WhyNot(std::string_view variant, std::string_view hw) const;
  std::string FittingVariant(std::string_view hw) const;  // "" = none
  std::string DefaultHardware(std::string_view variant) const;

  // --- strategies ---------------------------------------------------------
  std::vector<std::string> EffectiveStrategies() const;
  std::string StrategyName(std::string_view strategy) const;
  bool SupportedOn(std::string_view strategy, std::string_view hw) const;
  int NodesNeeded(std::string_view key, std::string_view hw) const;
  std::string Recommended(int nodes) const;
  std::vector<std::string> PdModes(std::string_view hw) const;

  // --- features -----------------------------------------------------------
  std::vector<std::string> FeatureKeys() const;
  std::vector<std::string> DefaultFeatures(std::string_view hw, std::string_view variant) const;
  /// Modes allowed for the variant (and, when `hw` is non-empty, the hardware).
  std::vector<std::string> AllowedModes(std::string_view feature, std::string_view variant,
                                        std::string_view hw) const;
  std::string EffectiveMode(std::string_view feature, std::string_view variant, std::string_view hw,
                            std::string_view user) const;
  std::string FeatureLabel(std::string_view feature) const;

 private:
  const Catalog& catalog_;
  const Recipe& recipe_;
  const Value* meta_;
  const Value* model_;
  const Value* variants_;
  const Value* features_;
};

/// "0.24.0" vs "0.21.0": numeric comparison of dot-separated parts.
int CompareVersions(std::string_view a, std::string_view b);
std::string UpperAscii(std::string_view s);
/// A selection.h reason as a tooltip sentence: capitalized, ending with '.'.
std::string Sentence(std::string_view reason);

}  // namespace recipes

#endif  // RECIPES_SITE_BUILDER_RULES_H_
