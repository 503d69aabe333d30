// Every provenance layer that names a place in the recipe ("features.x.modes.
// y.hardware_overrides.amd.args", "variants.v.extra_args", ...) is a real
// path: following it through the recipe reaches the list or map whose
// element supplied the token, and an override says what it replaced.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "cli/cli_test_runner.h"
#include "parse/catalog_loader.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

using testing::Contains;

const Catalog& Embedded() {
  static std::unique_ptr<Catalog> c = LoadCatalogFrom("").catalog;
  return *c;
}

bool SamePos(const Pos& a, const Pos& b) { return a.source == b.source && a.line == b.line && a.col == b.col; }

// Follows a dotted layer path through the recipe; nullptr when a step is missing.
const Value* Follow(const Value& doc, const std::string& path) {
  const Value* v = &doc;
  std::stringstream ss(path);
  std::string step;
  while (v && std::getline(ss, step, '.')) v = v->Get(step);
  return v;
}

// "" when `layer` is not a recipe path or leads to a container holding `pos`.
std::string CheckLayer(const Recipe& r, const std::string& layer, const Pos& pos) {
  if (layer.find(' ') != std::string::npos || layer.find('.') == std::string::npos) return "";
  if (layer.rfind("taxonomy.", 0) == 0) return "";  // the taxonomy's file, not the recipe's
  const Value* v = Follow(r.doc, layer);
  if (!v) return layer + ": no such path in " + r.path;
  if (!pos.known()) return "";
  if (v->is_array()) {
    for (const Value& e : v->items()) {
      if (SamePos(e.pos(), pos)) return "";
    }
  } else if (v->is_object()) {
    for (const auto& [k, e] : v->members()) {
      if (SamePos(e.pos(), pos)) return "";
    }
  }
  return layer + ": " + pos.ToString() + " is not one of its elements";
}

TEST(ExplainPaths, EveryLayerOfEveryHardwareIsARealPath) {
  const Catalog& c = Embedded();
  size_t checked = 0, overrides = 0;
  std::vector<std::string> hardware;
  for (const auto& [id, profile] : c.HardwareProfiles()->members()) hardware.push_back(id);
  for (const Recipe& r : c.recipes) {
    if (IsOmniServed(r)) continue;
    for (const std::string& hw : hardware) {
      SelectionRequest req;
      req.hardware = hw;
      SelectionOutcome o = DefaultSelection(c, r, req);
      if (!o.ok()) continue;
      // Every feature on, in each of its modes' default.
      Selection sel = o.selection;
      if (const Value* f = r.doc.Get("features"); f && f->is_object()) {
        for (const auto& [k, v] : f->members()) {
          if (std::find(sel.features.begin(), sel.features.end(), k) == sel.features.end()) sel.features.push_back(k);
        }
      }
      Resolution res = ResolveCommand(c, r, sel);
      if (!res.ok()) continue;
      for (const ProcessProvenance& p : res.processes) {
        for (const ArgUnit& u : p.args) {
          EXPECT_EQ(CheckLayer(r, u.origin.layer, u.origin.pos), "") << r.hf_id << " on " << hw;
          ++checked;
          overrides += u.origin.layer.find("hardware_overrides") != std::string::npos;
        }
        for (const EnvProvenance& e : p.env) {
          EXPECT_EQ(CheckLayer(r, e.origin.layer, {}), "") << r.hf_id << " on " << hw;
          ++checked;
        }
      }
    }
  }
  std::printf("explain paths: %zu layers checked, %zu from hardware overrides\n", checked, overrides);
  EXPECT_GT(overrides, 0u);
}

TEST(ExplainPaths, AModeHardwareOverrideNamesItsKeyAndWhatItReplaced) {
  auto r = testing::RunRecipes({"explain", "MiniMaxAI/MiniMax-M3", "--hardware", "mi300x", "--feature", "spec_decoding"},
                               "NO_COLOR=1 ");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "features.spec_decoding.modes.eagle3.hardware_overrides.amd.args")) << r.out;
  size_t left = r.out.find("left out:");
  ASSERT_NE(left, std::string::npos) << r.out;
  EXPECT_TRUE(Contains(r.out.substr(left), "features.spec_decoding.modes.eagle3.args")) << r.out;
  EXPECT_TRUE(Contains(r.out.substr(left), "replaced by features.spec_decoding.modes.eagle3.hardware_overrides.amd.args"))
      << r.out;
}

}  // namespace
}  // namespace recipes
