// Reachable renderings on the embedded catalog: every selection is one the
// builder accepts and resolves, nothing repeats, and the walk covers every
// offered hardware, variant, strategy, feature switch, mode and PD rank.
#include "resolve/renderings.h"

#include <set>

#include <gtest/gtest.h>

#include "parse/catalog_loader.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

const Catalog& Embedded() {
  static const LoadResult* loaded = new LoadResult(LoadCatalogFrom(""));
  return *loaded->catalog;
}

TEST(RenderingsTest, EverySelectionIsValidResolvesAndIsUnique) {
  const Catalog& catalog = Embedded();
  ASSERT_FALSE(catalog.recipes.empty());
  size_t total = 0;
  for (const Recipe& recipe : catalog.recipes) {
    std::vector<ReachableSelection> all = ReachableSelections(catalog, recipe);
    std::set<std::string> keys;
    for (const ReachableSelection& r : all) {
      EXPECT_TRUE(keys.insert(SelectionKey(r.selection)).second) << recipe.hf_id << " repeats " << r.change;
      EXPECT_TRUE(ValidateSelection(catalog, recipe, r.selection).empty())
          << recipe.hf_id << " " << SelectionKey(r.selection);
      Resolution res = ResolveCommand(catalog, recipe, r.selection, {.provenance = false});
      EXPECT_TRUE(res.ok()) << recipe.hf_id << " " << SelectionKey(r.selection);
    }
    if (IsOmniRecipeDoc(recipe.doc)) EXPECT_TRUE(all.empty()) << recipe.hf_id;
    total += all.size();
  }
  EXPECT_GT(total, catalog.recipes.size());
}

// The walk derives switched selections from the landing one; DefaultSelection
// must land on exactly the same selection for the same request.
TEST(RenderingsTest, SwitchesMatchDefaultSelection) {
  const Catalog& catalog = Embedded();
  size_t compared = 0;
  for (const Recipe& recipe : catalog.recipes) {
    for (const ReachableSelection& r : ReachableSelections(catalog, recipe)) {
      if (r.change == "defaults" || r.change.find(" pd rank ") != std::string::npos) continue;
      SelectionRequest req;
      req.variant = r.selection.variant;
      req.hardware = r.selection.hardware;
      req.strategy = r.selection.strategy;
      const std::string& c = r.change;
      if (c[0] == '+' || c[0] == '-') {
        req.feature_switches.push_back({c.substr(1), c[0] == '+'});
      } else if (c.rfind("kv_offload=", 0) == 0) {
        req.kv_offload = c.substr(11);
      } else {
        size_t eq = c.find('=');
        req.feature_modes.push_back({c.substr(0, eq), c.substr(eq + 1)});
      }
      SelectionOutcome o = DefaultSelection(catalog, recipe, req);
      ASSERT_TRUE(o.ok()) << recipe.hf_id << " " << c;
      EXPECT_EQ(SelectionKey(o.selection), SelectionKey(r.selection)) << recipe.hf_id << " " << c;
      ++compared;
    }
  }
  EXPECT_GT(compared, 100u);
}

TEST(RenderingsTest, CoversEveryAxisOfOneRecipe) {
  const Catalog& catalog = Embedded();
  const Recipe* recipe = catalog.FindRecipe("MiniMaxAI/MiniMax-M3");
  ASSERT_NE(recipe, nullptr);
  std::vector<ReachableSelection> all = ReachableSelections(catalog, *recipe);
  std::set<std::string> variants, hardware, strategies, changes, modes_on, modes_allowed;
  bool pd_rank = false;
  for (const ReachableSelection& r : all) {
    variants.insert(r.selection.variant);
    hardware.insert(r.selection.hardware);
    strategies.insert(r.selection.strategy);
    changes.insert(r.change);
    if (r.change.find(" pd rank ") != std::string::npos) pd_rank = true;
    for (const auto& [f, m] : r.selection.feature_modes) {
      for (const std::string& on : r.selection.features) {
        if (on == f) modes_on.insert(f + "=" + m);
      }
      for (const std::string& a : AllowedModes(catalog, *recipe, f, r.selection.variant, r.selection.hardware)) {
        modes_allowed.insert(f + "=" + a);
      }
    }
  }
  for (const std::string& v : VariantKeys(*recipe)) EXPECT_TRUE(variants.count(v)) << v;
  for (const std::string& hw : OfferedHardware(catalog, *recipe)) EXPECT_TRUE(hardware.count(hw)) << hw;
  for (const std::string& s : OfferedStrategies(catalog, *recipe, "b200")) EXPECT_TRUE(strategies.count(s)) << s;
  EXPECT_TRUE(changes.count("defaults"));
  for (const std::string& f : FeatureKeys(*recipe)) {
    EXPECT_TRUE(changes.count("+" + f) || changes.count("-" + f)) << f;
  }
  EXPECT_FALSE(modes_allowed.empty());
  for (const std::string& m : modes_allowed) EXPECT_TRUE(modes_on.count(m)) << m;
  if (strategies.count("pd_cluster")) EXPECT_TRUE(pd_rank);

  RenderingsOptions defaults_only{.feature_toggles = false, .modes = false, .kv_offload = false, .pd_ranks = false};
  std::vector<ReachableSelection> few = ReachableSelections(catalog, *recipe, defaults_only);
  EXPECT_LT(few.size(), all.size());
  for (const ReachableSelection& r : few) EXPECT_EQ(r.change, "defaults");
}

}  // namespace
}  // namespace recipes
