#include "diff/diff_renderings.h"

#include <algorithm>

#include "resolve/omni.h"
#include "resolve/selection.h"

namespace recipes {

namespace {

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class Enumerator {
 public:
  Enumerator(const Catalog& catalog, const Recipe& recipe, std::vector<DiffRendering>* out)
      : catalog_(catalog), recipe_(recipe), out_(out) {}

  void Run() {
    if (IsOmniServed(recipe_)) return;  // vLLM-Omni commands have no strategy/feature choices to walk
    for (const std::string& variant : VariantKeys(recipe_)) {
      for (const HardwareOption& hw : HardwareOptions(catalog_, recipe_, variant)) {
        if (hw.ok()) Hardware(variant, hw.id);
      }
    }
  }

 private:
  void Hardware(const std::string& variant, const std::string& hw) {
    SelectionRequest landing_req;
    landing_req.variant = variant;
    landing_req.hardware = hw;
    SelectionOutcome landing = DefaultSelection(catalog_, recipe_, landing_req);
    if (!landing.ok()) return;
    const std::string landing_strategy = landing.selection.strategy;
    for (const std::string& strategy : OfferedStrategies(catalog_, recipe_, hw)) {
      if (strategy == landing_strategy) {
        Add(variant, hw, strategy, "", landing.selection);
        continue;
      }
      SelectionRequest req = landing_req;
      req.strategy = strategy;
      SelectionOutcome o = DefaultSelection(catalog_, recipe_, req);
      if (o.ok()) Add(variant, hw, strategy, "", o.selection);
    }
    // One feature or mode at a time, on the landing strategy.
    const Selection& base = landing.selection;
    for (const std::string& feature : FeatureKeys(recipe_)) {
      bool on = Contains(base.features, feature);
      std::vector<std::string> modes = FeatureModeKeys(recipe_, feature);
      if (on) Try(variant, hw, landing_req, {feature, false}, {}, "-" + feature);
      if (modes.empty()) {
        if (!on) Try(variant, hw, landing_req, {feature, true}, {}, "+" + feature);
        continue;
      }
      std::string current;
      for (const auto& [f, m] : base.feature_modes) {
        if (f == feature) current = m;
      }
      for (const std::string& mode : AllowedModes(catalog_, recipe_, feature, variant, hw)) {
        if (on && mode == current) continue;
        Try(variant, hw, landing_req, {}, {feature, mode}, "+" + feature + "=" + mode);
      }
    }
  }

  void Try(const std::string& variant, const std::string& hw, SelectionRequest req,
           std::pair<std::string, bool> feature_switch, std::pair<std::string, std::string> mode,
           const std::string& choice) {
    if (!feature_switch.first.empty()) req.feature_switches.push_back(feature_switch);
    if (!mode.first.empty()) req.feature_modes.push_back(mode);
    SelectionOutcome o = DefaultSelection(catalog_, recipe_, req);
    if (o.ok()) Add(variant, hw, o.selection.strategy, choice, o.selection);
  }

  void Add(const std::string& variant, const std::string& hw, const std::string& strategy, const std::string& choice,
           const Selection& sel) {
    DiffRendering r;
    r.variant = variant;
    r.hardware = hw;
    r.strategy = strategy;
    r.choice = choice;
    r.key = variant + "/" + hw + "/" + strategy;
    if (!choice.empty()) r.key += " " + choice;
    r.selection = sel;
    out_->push_back(std::move(r));
  }

  const Catalog& catalog_;
  const Recipe& recipe_;
  std::vector<DiffRendering>* out_;
};

}  // namespace

std::vector<DiffRendering> EnumerateDiffRenderings(const Catalog& catalog, const Recipe& recipe) {
  std::vector<DiffRendering> out;
  Enumerator(catalog, recipe, &out).Run();
  return out;
}

}  // namespace recipes
