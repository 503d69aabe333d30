// Variant rendering (json-api.md §4–§5): for one (recipe, variant, hardware)
// the recommended deployment and its per-strategy alternatives, each in the
// JSON API's snake_case shape, or nothing when the builder publishes none.
#ifndef RECIPES_API_VARIANT_RENDERING_H_
#define RECIPES_API_VARIANT_RENDERING_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "model/value.h"
#include "resolve/resolver.h"

namespace recipes {

/// The renderings of one variant on one hardware id.
struct HardwareRendering {
  std::string hardware;
  std::string strategy;     // the recommended strategy id (for `strategy_spec`)
  ObjectItems recommended;  // §5 shape fields, in order
  std::vector<std::pair<std::string, ObjectItems>> alternatives;  // strategy id → §5 shape
};

class VariantRenderer {
 public:
  /// Both must outlive the renderer. Cheap; holds no per-call state, so one
  /// renderer may be used from one thread at a time.
  VariantRenderer(const Catalog& catalog, const Recipe& recipe);

  /// §6.1 steps 3–4: the default hardware first, then the compatible hardware
  /// the builder shows (restricted profiles only when declared), no repeats.
  std::vector<std::string> HardwareIds(const std::string& variant) const;

  /// §4 for one hardware id. A resolution that fails appends a warning line
  /// (`  ⚠ command synthesis failed for …`) to *warnings.
  std::optional<HardwareRendering> Render(const std::string& variant, const std::string& hardware,
                                          std::vector<std::string>* warnings) const;

  /// Resolve every rendering but build no JSON shapes (`build --check`): the
  /// renderings come back with empty field lists.
  void set_resolve_only(bool on) { resolve_only_ = on; }
  /// Stop after the recommended rendering (no alternatives): enough to learn
  /// whether a variant tree is written at all (models.json's promotions).
  void set_recommended_only(bool on) { recommended_only_ = on; }
  /// Also append every selection that is resolved to *sink (`recipes check`
  /// checks the API's renderings). Null = off.
  void set_selection_sink(std::vector<Selection>* sink) { sink_ = sink; }

 private:
  bool resolve_only_ = false;
  bool recommended_only_ = false;
  std::vector<Selection>* sink_ = nullptr;
  const Catalog& catalog_;
  const Recipe& recipe_;
};

/// True when `meta.tasks` lists `omni` (such recipes get no renderings).
bool IsOmniRecipe(const Value& recipe_doc);

}  // namespace recipes

#endif  // RECIPES_API_VARIANT_RENDERING_H_
