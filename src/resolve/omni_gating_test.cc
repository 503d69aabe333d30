// Omni hardware gating (site.md §9.13, issue 12 item 9): per-hardware task
// overrides decide whether a non-scalable profile can serve an omni recipe.
#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "parse/catalog_loader.h"
#include "parse/file_system.h"
#include "resolve/omni.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

const std::string kRefCatalog = RECIPES_SOURCE_DIR "/../shared/reference/catalog";

LoadResult SmallOmniCatalog() {
  return LoadCatalog(*NewMemoryFileSystem({
      {"taxonomy.yaml",
       "hardware_profiles:\n"
       "  b300: {brand: NVIDIA, generation: blackwell, gpu_count: 8, vram_gb: 2144}\n"
       "  rtx_4090_2x: {brand: NVIDIA, generation: ada, gpu_count: 2, vram_gb: 48, scalable: false}\n"
       "  rtx_5090_2x: {brand: NVIDIA, generation: blackwell, gpu_count: 2, vram_gb: 64, scalable: false}\n"
       "tasks:\n  - {id: omni}\n"},
      {"models/org/video.yaml",
       "meta:\n  title: Video\n  provider: Org\n  tasks: [omni]\n"
       "  hardware: {b300: verified, rtx_4090_2x: verified}\n"
       "model:\n  model_id: org/video\n"
       "omni:\n"
       "  tasks:\n"
       "    - id: t2v\n"
       "      vram_minimum_gb: 202\n"
       "      hardware_overrides:\n"
       "        rtx_4090_2x: {vram_minimum_gb: 48, extra_args: [--task-type, fl2va]}\n"
       "variants:\n  default: {precision: bf16, vram_minimum_gb: 202}\n"},
  }));
}

TEST(OmniGating, TaskOverrideMakesAWorkstationRunTheVariant) {
  LoadResult loaded = SmallOmniCatalog();
  const Catalog& c = *loaded.catalog;
  const Recipe* r = c.FindRecipe("org/video");
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(OmniTaskOverrideFits(*r, "rtx_4090_2x", c.FindHardware("rtx_4090_2x")));
  EXPECT_FALSE(OmniTaskOverrideFits(*r, "rtx_5090_2x", c.FindHardware("rtx_5090_2x")));  // no override there
  EXPECT_TRUE(CheckHardware(c, *r, "default", "rtx_4090_2x").ok()) << CheckHardware(c, *r, "default", "rtx_4090_2x").reason;
  EXPECT_EQ(CheckHardware(c, *r, "default", "rtx_5090_2x").exclusion, HardwareExclusion::kDoesNotFit);
  SelectionRequest req;
  req.hardware = "rtx_4090_2x";
  req.variant = "default";
  SelectionOutcome out = DefaultSelection(c, *r, req);
  ASSERT_TRUE(out.ok()) << FormatSelectionError(out.errors[0]);
  EXPECT_EQ(out.selection.hardware, "rtx_4090_2x");
  // The variant-only rule (the JSON API's) is unchanged.
  EXPECT_FALSE(VariantRunsOnHardware(VariantOrDefault(*r, "default"), "rtx_4090_2x", c.FindHardware("rtx_4090_2x")));
  EXPECT_TRUE(VariantRunsOnHardware(*r, "default", "rtx_4090_2x", c.FindHardware("rtx_4090_2x")));
}

// Every omni recipe of the reference catalog (the embedded one without
// ../shared): each hardware its author marked verified is offered for some
// variant, and a --hardware pick resolves.
TEST(OmniGating, EveryVerifiedHardwareOfEveryOmniRecipeIsOffered) {
  LoadResult loaded = LoadCatalogFrom(std::filesystem::exists(kRefCatalog) ? kRefCatalog : "");
  const Catalog& c = *loaded.catalog;
  int checked = 0;
  for (const Recipe& r : c.recipes) {
    if (!IsOmniServed(r)) continue;
    const Value* hw = r.doc.Get("meta") ? r.doc.Get("meta")->Get("hardware") : nullptr;
    if (!hw || !hw->is_object()) continue;
    for (const auto& [id, status] : hw->members()) {
      if (!status.is_string() || status.str() != "verified" || !c.FindHardware(id)) continue;
      bool some = false;
      for (const std::string& v : VariantKeys(r)) some = some || CheckHardware(c, r, v, id).ok();
      EXPECT_TRUE(some) << r.hf_id << " on " << id << ": " << CheckHardware(c, r, "default", id).reason;
      SelectionRequest req;
      req.hardware = id;
      SelectionOutcome out = DefaultSelection(c, r, req);
      EXPECT_TRUE(out.ok()) << r.hf_id << " --hardware " << id << ": "
                            << (out.errors.empty() ? "" : FormatSelectionError(out.errors[0]));
      ++checked;
    }
  }
  EXPECT_GT(checked, std::filesystem::exists(kRefCatalog) ? 20 : 2);
}

}  // namespace
}  // namespace recipes
