// Selection rules: parity of the builder's landing configuration with the
// recorded combos (../shared/reference/combos.jsonl.zst), and the errors a
// user gets for impossible choices.
#include "resolve/selection.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "model/catalog.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "render/json_writer.h"
#include "resolve/test_reference_catalog.h"
#include "parse/test_tree.h"

namespace recipes {
namespace {

using testing::kShared;
using testing::RefCatalog;

bool ReadCommand(const std::string& cmd, std::string* out) {
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  return pclose(p) == 0;
}

struct Combo {
  std::string recipe;
  std::string label;
  Value input;
};

// The recorded combos, parsed once for all tests of this file.
const std::vector<Combo>* Combos() {
  static const std::vector<Combo>* combos = [] {
    auto* out = new std::vector<Combo>;
    std::string path = kShared + "/reference/combos.jsonl.zst";
    std::string text;
    if (!std::filesystem::exists(path) || !ReadCommand("zstd -dc '" + path + "'", &text)) return out;
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + start, end - start);
      start = end + 1;
      if (line.empty()) continue;
      Value doc;
      std::string err;
      if (!ParseJson(line, &doc, &err)) continue;
      out->push_back({doc.Get("recipe")->str(), doc.Get("case")->str(), *doc.Get("input")});
    }
    return out;
  }();
  return combos;
}

#define REQUIRE_REFERENCE()                                                                      \
  const Catalog* catalog_ptr = RefCatalog();                                                     \
  if (!catalog_ptr || catalog_ptr->recipes.empty() || Combos()->empty())                         \
    GTEST_SKIP() << "no reference data under " << kShared << "/reference (../shared is absent)"; \
  const Catalog& catalog = *catalog_ptr

std::string Compact(const Value& v) {
  std::string s = ToJson(v);
  std::string out;
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"' && (i == 0 || s[i - 1] != '\\')) in_str = !in_str;
    if (!in_str && (c == '\n' || c == ' ')) continue;
    out += c;
  }
  return out;
}

// Splits "a:b:c" into parts.
std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

TEST(SelectionParityTest, DefaultSelectionMatchesBuilderLanding) {
  REQUIRE_REFERENCE();
  int total = 0, equal = 0;
  std::vector<std::string> diffs;
  for (const Combo& c : *Combos()) {
    if (c.label != "default") continue;
    ++total;
    const Recipe* recipe = catalog.FindRecipe(c.recipe);
    ASSERT_NE(recipe, nullptr) << c.recipe;
    SelectionOutcome got = DefaultSelection(catalog, *recipe);
    if (got.ok() && got.selection.ToJson().Equals(c.input)) {
      ++equal;
    } else if (diffs.size() < 10) {
      diffs.push_back(c.recipe + "\n  want " + Compact(c.input) + "\n  got  " + Compact(got.selection.ToJson()) +
                      (got.ok() ? "" : "\n  " + FormatSelectionError(got.errors[0])));
    }
  }
  std::printf("default selection parity: %d/%d equal\n", equal, total);
  for (const std::string& d : diffs) std::printf("  %s\n", d.c_str());
  EXPECT_EQ(total, static_cast<int>(catalog.recipes.size()));
  EXPECT_EQ(equal, total);
}

// The `hw:<hw>`, `variant:<v>@<hw>` and `strategy:<s>[@<hw>]` cases record the
// builder's configuration after one pick; DefaultSelection with that single
// choice must land on the same input.
TEST(SelectionParityTest, SinglePickMatchesRecordedCases) {
  REQUIRE_REFERENCE();
  std::map<std::string, std::pair<int, int>> by_kind;
  std::vector<std::string> diffs;
  for (const Combo& c : *Combos()) {
    std::vector<std::string> parts = Split(c.label, ':');
    SelectionRequest req;
    if (parts[0] == "hw" && parts.size() == 2) {
      req.hardware = parts[1];
    } else if (parts[0] == "variant" && parts.size() == 2) {
      std::vector<std::string> vh = Split(parts[1], '@');
      req.variant = vh[0];
      if (vh.size() > 1) req.hardware = vh[1];
    } else if (parts[0] == "strategy" && parts.size() == 2) {
      std::vector<std::string> sh = Split(parts[1], '@');
      req.strategy = sh[0];
      if (sh.size() > 1) req.hardware = sh[1];
    } else {
      continue;
    }
    const Recipe* recipe = catalog.FindRecipe(c.recipe);
    ASSERT_NE(recipe, nullptr) << c.recipe;
    SelectionOutcome got = DefaultSelection(catalog, *recipe, req);
    auto& [eq, n] = by_kind[parts[0]];
    ++n;
    if (got.ok() && got.selection.ToJson().Equals(c.input)) {
      ++eq;
    } else if (diffs.size() < 10) {
      diffs.push_back(c.recipe + " " + c.label + "\n  want " + Compact(c.input) + "\n  got  " +
                      Compact(got.selection.ToJson()) + (got.ok() ? "" : "\n  " + FormatSelectionError(got.errors[0])));
    }
  }
  int eq_all = 0, n_all = 0;
  for (const auto& [kind, counts] : by_kind) {
    std::printf("single-pick parity (%s): %d/%d equal\n", kind.c_str(), counts.first, counts.second);
    eq_all += counts.first;
    n_all += counts.second;
  }
  for (const std::string& d : diffs) std::printf("  %s\n", d.c_str());
  EXPECT_GT(n_all, 0);
  EXPECT_EQ(eq_all, n_all);
}

// Every hardware the builder offers gets a recorded call (`hw:<id>` or the
// default), and nothing else does.
TEST(SelectionParityTest, OfferedHardwareMatchesRecordedCalls) {
  REQUIRE_REFERENCE();
  std::map<std::string, std::set<std::string>> recorded;
  for (const Combo& c : *Combos()) {
    std::vector<std::string> parts = Split(c.label, ':');
    if (c.label == "default" || (parts[0] == "hw" && parts.size() == 2)) {
      recorded[c.recipe].insert(c.input.Get("hardware")->str());
    }
  }
  int equal = 0;
  for (const auto& [name, want] : recorded) {
    const Recipe* recipe = catalog.FindRecipe(name);
    ASSERT_NE(recipe, nullptr);
    std::vector<std::string> offered = OfferedHardware(catalog, *recipe);
    std::set<std::string> got(offered.begin(), offered.end());
    if (got == want) {
      ++equal;
    } else {
      ADD_FAILURE() << name << ": offered hardware differs from the recorded calls";
    }
  }
  std::printf("offered hardware parity: %d/%zu equal\n", equal, recorded.size());
}

// The recorded calls that follow the builder's own guards must pass
// ValidateSelection.
TEST(SelectionParityTest, RecordedBuilderCallsValidate) {
  REQUIRE_REFERENCE();
  int total = 0, valid = 0;
  std::vector<std::string> diffs;
  for (const Combo& c : *Combos()) {
    std::vector<std::string> parts = Split(c.label, ':');
    if (parts[0] != "default" && parts[0] != "hw" && parts[0] != "variant" && parts[0] != "strategy" &&
        parts[0] != "feature" && parts[0] != "cross") {
      continue;
    }
    // Mode cases call every mode of a feature, also those the variant does
    // not allow (the builder never shows them); ValidateSelection refuses those.
    if (c.label.find("mode:") != std::string::npos) continue;
    const Recipe* recipe = catalog.FindRecipe(c.recipe);
    Selection sel;
    std::string err;
    ASSERT_TRUE(Selection::FromJson(c.input, &sel, &err)) << err;
    ++total;
    std::vector<SelectionError> errors = ValidateSelection(catalog, *recipe, sel);
    if (errors.empty()) {
      ++valid;
    } else if (diffs.size() < 10) {
      diffs.push_back(c.recipe + " " + c.label + ": " + FormatSelectionError(errors[0]));
    }
  }
  std::printf("recorded builder calls that validate: %d/%d\n", valid, total);
  for (const std::string& d : diffs) std::printf("  %s", d.c_str());
  EXPECT_EQ(valid, total);
}

// Every recipe of the embedded catalog lands on a configuration that
// validates and resolves; so does every offered hardware.
TEST(SelectionEmbeddedTest, LandingConfigurationsValidateAndResolve) {
  LoadResult loaded = LoadCatalogFrom("");
  const Catalog& catalog = *loaded.catalog;
  if (catalog.recipes.empty()) GTEST_SKIP() << "the embedded catalog has no recipes yet";
  int total = 0, ok = 0;
  for (const Recipe& recipe : catalog.recipes) {
    std::vector<std::string> hardware = OfferedHardware(catalog, recipe);
    hardware.insert(hardware.begin(), "");
    for (const std::string& hw : hardware) {
      SelectionRequest req;
      if (!hw.empty()) req.hardware = hw;
      SelectionOutcome out = DefaultSelection(catalog, recipe, req);
      ++total;
      std::vector<SelectionError> errors =
          out.ok() ? ValidateSelection(catalog, recipe, out.selection) : out.errors;
      Resolution res = ResolveCommand(catalog, recipe, out.selection);
      if (errors.empty() && res.ok()) {
        ++ok;
      } else {
        ADD_FAILURE() << recipe.hf_id << " on " << (hw.empty() ? "default hardware" : hw) << ": "
                      << (errors.empty() ? res.error->message : FormatSelectionError(errors[0]));
      }
    }
  }
  std::printf("embedded landing configurations: %d/%d validate and resolve\n", ok, total);
}

// Every (variant, hardware, strategy) that the helpers offer is accepted by
// DefaultSelection, passes ValidateSelection and resolves.
void CheckOfferedCombinations(const Catalog& catalog, const char* name) {
  int total = 0, ok = 0;
  for (const Recipe& recipe : catalog.recipes) {
    for (const std::string& variant : VariantKeys(recipe)) {
      for (const HardwareOption& hw : HardwareOptions(catalog, recipe, variant)) {
        if (!hw.ok()) continue;
        std::vector<std::string> strategies = OfferedStrategies(catalog, recipe, hw.id);
        strategies.push_back("");  // the builder's own pick
        for (const std::string& s : strategies) {
          SelectionRequest req;
          req.variant = variant;
          req.hardware = hw.id;
          if (!s.empty()) req.strategy = s;
          SelectionOutcome out = DefaultSelection(catalog, recipe, req);
          ++total;
          std::vector<SelectionError> errors = out.ok() ? ValidateSelection(catalog, recipe, out.selection) : out.errors;
          ResolveOptions options;
          options.provenance = false;
          Resolution res = errors.empty() ? ResolveCommand(catalog, recipe, out.selection, options) : Resolution{};
          if (errors.empty() && res.ok()) {
            ++ok;
          } else if (total - ok <= 10) {
            ADD_FAILURE() << recipe.hf_id << " " << variant << "@" << hw.id << " " << s << ": "
                          << (errors.empty() ? (res.error ? res.error->message : "no output")
                                             : FormatSelectionError(errors[0]));
          }
        }
      }
    }
  }
  std::printf("offered combinations accepted and resolved (%s): %d/%d\n", name, ok, total);
  EXPECT_GT(total, 0);
  EXPECT_EQ(ok, total);
}

TEST(SelectionParityTest, OfferedCombinationsAreAccepted) {
  REQUIRE_REFERENCE();
  CheckOfferedCombinations(catalog, "reference catalog");
}

TEST(SelectionEmbeddedTest, OfferedCombinationsAreAccepted) {
  LoadResult loaded = LoadCatalogFrom("");
  if (loaded.catalog->recipes.empty()) GTEST_SKIP() << "the embedded catalog has no recipes yet";
  CheckOfferedCombinations(*loaded.catalog, "embedded catalog");
}

// A small catalog written to a temp folder: GPU floors that no node count
// reaches exclude the hardware, and the error says why.
TEST(SelectionSyntheticTest, UnreachableFloorsExcludeHardware) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(::testing::TempDir()) / ("selection_synthetic_" + std::to_string(::getpid()));
  auto write = [&](const std::string& rel, const std::string& text) { testing::WriteTree(dir, {{rel, text}}); };
  write("taxonomy.yaml",
        "hardware_profiles:\n"
        "  big: {brand: NVIDIA, generation: hopper, gpu_count: 8, vram_gb: 640}\n"
        "  box: {brand: NVIDIA, generation: blackwell, gpu_count: 1, vram_gb: 96, scalable: false}\n");
  write("strategies/single_node_tp.yaml", "name: single_node_tp\ndeploy_type: single_node\n");
  write("strategies/multi_node_tp.yaml", "name: multi_node_tp\ndeploy_type: multi_node\n");
  write("models/acme/Huge.yaml",
        "meta: {title: Huge}\n"
        "model: {model_id: acme/Huge}\n"
        "variants:\n  default: {precision: bf16, vram_minimum_gb: 60}\n"
        "compatible_strategies: [single_node_tp, multi_node_tp]\n"
        "strategy_min_gpus: {single_node_tp: 8, multi_node_tp: 16}\n");
  LoadResult loaded = LoadCatalogFrom(dir.string());
  fs::remove_all(dir);
  const Catalog& catalog = *loaded.catalog;
  const Recipe* recipe = catalog.FindRecipe("acme/Huge");
  ASSERT_NE(recipe, nullptr);
  HardwareOption box = CheckHardware(catalog, *recipe, "default", "box");
  EXPECT_EQ(box.exclusion, HardwareExclusion::kNoStrategy) << box.reason;
  EXPECT_TRUE(box.pos.known());
  EXPECT_TRUE(CheckHardware(catalog, *recipe, "default", "big").ok());
  SelectionRequest on_box;
  on_box.hardware = "box";
  SelectionOutcome refused = DefaultSelection(catalog, *recipe, on_box);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.errors[0].field, "hardware");
  EXPECT_NE(refused.errors[0].message.find("strategy"), std::string::npos) << refused.errors[0].message;
  std::vector<int> counts = {1, 2};
  EXPECT_EQ(NodeCountChoices(catalog, *recipe, "big"), counts);
  EXPECT_EQ(MultiNodeBlocker(catalog, *recipe, "big"), "");
  EXPECT_EQ(LandingNodeCount(catalog, *recipe, "default", "big"), 1);  // 60 GB fits 640 GB
  EXPECT_FALSE(SingleNodeVramShortfall(catalog, *recipe, "default", "big", "single_node_tp", 1));
  EXPECT_FALSE(SingleNodeVramShortfall(catalog, *recipe, "default", "box", "single_node_tp", 1));  // 60 GB ≤ 96 GB

  EXPECT_NE(MultiNodeBlocker(catalog, *recipe, "box").find("can't be clustered"), std::string::npos);
  SelectionRequest req;
  req.hardware = "big";
  req.strategy = "single_node_tp";
  req.node_count = 2;
  SelectionOutcome out = DefaultSelection(catalog, *recipe, req);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.errors[0].field, "nodes");
  req.strategy = "multi_node_tp";
  out = DefaultSelection(catalog, *recipe, req);
  ASSERT_TRUE(out.ok()) << FormatSelectionError(out.errors[0]);
  EXPECT_EQ(out.selection.node_count, 2);
}

// ---------------------------------------------------------------------------
// Errors and explicit choices on MiniMax-M3 (reference catalog).

}  // namespace
}  // namespace recipes
