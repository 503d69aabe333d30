// `recipes diff` on fixtures built here from our own catalog: each edit a
// catalog pull request makes, with the JSON report asserted in full against
// src/diff/testdata/<fixture>.json (RECIPES_UPDATE_GOLDEN=1 rewrites them;
// review the change before committing it).
#include "diff/catalog_diff.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/memory_api_sink.h"
#include "diff/api_tree_diff.h"
#include "diff/diff_probes.h"
#include "diff/diff_report.h"
#include "diff/test_catalogs.h"

namespace recipes {
namespace {

using testing::Edit;
using testing::ExpectApiListsMatchTrees;
using testing::Files;
using testing::Load;
using testing::OurCatalogFiles;

const std::string kTestData = RECIPES_SOURCE_DIR "/src/diff/testdata/";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The diff of two file sets, its JSON compared with the golden file.
// The check and plan probes `recipes diff` runs are on.
CatalogDiff ExpectGolden(const std::string& name, const Files& before, const Files& after,
                         DiffOptions options = {}) {
  auto base = Load(before);
  auto head = Load(after);
  DiffProbes probes = DefaultDiffProbes();
  options.findings = probes.findings.get();
  options.plan = probes.plan.get();
  CatalogDiff diff = DiffCatalogs(*base, *head, "base", "head", options);
  std::string json = FormatDiffJson(diff);
  std::string path = kTestData + name + ".json";
  const char* update = std::getenv("RECIPES_UPDATE_GOLDEN");
  if (update && *update) {
    std::ofstream(path, std::ios::binary) << json;
  }
  EXPECT_EQ(json, ReadFile(path)) << "golden " << path << " differs (RECIPES_UPDATE_GOLDEN=1 rewrites it)";
  return diff;
}

// The API lists against the real builder's two trees.
void ExpectApiListsMatchBuilder(const Files& before, const Files& after, const CatalogDiff& diff) {
  auto base = Load(before);
  auto head = Load(after);
  MemoryApiSink::Files tb, th;
  std::string err;
  ASSERT_TRUE(BuildApiTree(*base, 1, &tb, &err)) << err;
  ASSERT_TRUE(BuildApiTree(*head, 1, &th, &err)) << err;
  ExpectApiListsMatchTrees(tb, th, diff);
}

TEST(CatalogDiff, CatalogAgainstItselfIsEqual) {
  Files files = OurCatalogFiles();
  auto a = Load(files);
  auto b = Load(files);
  CatalogDiff diff = DiffCatalogs(*a, *b, "base", "head");
  EXPECT_TRUE(diff.equal());
  EXPECT_TRUE(diff.recipes.empty());
  EXPECT_EQ(FormatDiffText(diff, false), "recipes diff base → head\nno differences\n");
  Value json = DiffToJson(diff);
  EXPECT_TRUE(json.Get("equal")->boolean());
  EXPECT_EQ(json.Get("recipes")->size(), 0u);
}

TEST(CatalogDiff, OneFlagInAHardwareOverride) {
  Files before = OurCatalogFiles(), after = before;
  Edit(&after, "models/MiniMaxAI/MiniMax-M2.1.yaml", "      - \"ROCM_AITER_FA\"", "      - \"TRITON_ATTN\"");
  CatalogDiff diff = ExpectGolden("hardware_override_flag", before, after);
  ExpectApiListsMatchBuilder(before, after, diff);
  ASSERT_EQ(diff.recipes.size(), 1u);
  const RecipeDiff& d = diff.recipes[0];
  EXPECT_EQ(d.status, "changed");
  EXPECT_EQ(d.renderings_added + d.renderings_removed, 0u);
  ASSERT_FALSE(d.groups.empty());
  // One kind of change, grouped across the AMD parts.
  EXPECT_EQ(d.groups.size(), 1u);
  EXPECT_EQ(d.groups[0].hardware, (std::vector<std::string>{"mi300x", "mi325x", "mi355x"}));
  ASSERT_EQ(d.groups[0].changes.size(), 1u);
  const CommandChange& c = d.groups[0].changes[0];
  EXPECT_EQ(c.name, "--attention-backend");
  EXPECT_EQ(c.before.value_or(""), "ROCM_AITER_FA");
  EXPECT_EQ(c.after.value_or(""), "TRITON_ATTN");
  EXPECT_EQ(c.head_line, "- \"TRITON_ATTN\"");
  EXPECT_EQ(c.base_at, c.head_at);
}

TEST(CatalogDiff, NewVariantIsPromotedToItsOwnApiFiles) {
  Files before = OurCatalogFiles(), after = before;
  Edit(&after, "models/Qwen/Qwen3-4B.yaml", "    description: \"FP8 checkpoint published by the Qwen team\"\n",
       "    description: \"FP8 checkpoint published by the Qwen team\"\n"
       "  fp8_dynamic:\n"
       "    model_id: \"Qwen/Qwen3-4B-FP8-Dynamic\"\n"
       "    precision: fp8\n"
       "    vram_minimum_gb: 5\n"
       "    description: \"FP8 weights with dynamic activation scales\"\n"
       "    extra_args:\n"
       "      - \"--kv-cache-dtype\"\n"
       "      - \"fp8\"\n");
  CatalogDiff diff = ExpectGolden("new_variant", before, after);
  ExpectApiListsMatchBuilder(before, after, diff);
  ASSERT_EQ(diff.recipes.size(), 1u);
  const RecipeDiff& d = diff.recipes[0];
  EXPECT_EQ(d.variants.added, std::vector<std::string>{"fp8_dynamic"});
  EXPECT_GT(d.renderings_added, 0u);
  EXPECT_EQ(d.renderings_changed, 0u);
  bool promoted = false;
  for (const std::string& p : d.api_added) promoted |= p == "Qwen/Qwen3-4B-FP8-Dynamic.json";
  EXPECT_TRUE(promoted);
}

// vLLM-Omni recipes have no strategies: their commands (variant × hardware
// × task) are compared too, flag by flag, with the YAML line behind each.
TEST(CatalogDiff, OmniCommandsAreCompared) {
  Files before = OurCatalogFiles(), after = before;
  Edit(&after, "models/Qwen/Qwen-Image.yaml", "      - \"img_mlp\"", "      - \"img_mlp,txt_mlp\"");
  CatalogDiff diff = DiffCatalogs(*Load(before), *Load(after), "base", "head");
  ExpectApiListsMatchBuilder(before, after, diff);
  ASSERT_EQ(diff.recipes.size(), 1u);
  const RecipeDiff& d = diff.recipes[0];
  EXPECT_EQ(d.recipe, "Qwen/Qwen-Image");
  EXPECT_GT(d.renderings_changed, 0u);
  EXPECT_GT(d.renderings_same, 0u);  // the other variants' commands
  EXPECT_EQ(d.renderings_added + d.renderings_removed, 0u);
  ASSERT_EQ(d.groups.size(), 1u);
  EXPECT_EQ(d.groups[0].variants, std::vector<std::string>{"fp8"});
  EXPECT_EQ(d.groups[0].strategies, std::vector<std::string>{"omni"});
  EXPECT_EQ(d.groups[0].choices, std::vector<std::string>{"task=t2i"});
  ASSERT_EQ(d.groups[0].changes.size(), 1u);
  const CommandChange& c = d.groups[0].changes[0];
  EXPECT_EQ(c.name, "--ignored-layers");
  EXPECT_EQ(c.before.value_or(""), "img_mlp");
  EXPECT_EQ(c.after.value_or(""), "img_mlp,txt_mlp");
  EXPECT_EQ(c.head_line, "- \"img_mlp,txt_mlp\"");
}

TEST(CatalogDiff, FeatureModeRemoved) {
  Files before = OurCatalogFiles(), after = before;
  const std::string path = "models/MiniMaxAI/MiniMax-M3.yaml";
  const std::string& text = before.at(path);
  size_t from = text.find("      eagle3_gqa:\n");
  size_t to = text.find("  text_only:\n");
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  after[path] = text.substr(0, from) + text.substr(to);
  CatalogDiff diff = ExpectGolden("mode_removed", before, after);
  ExpectApiListsMatchBuilder(before, after, diff);
  ASSERT_EQ(diff.recipes.size(), 1u);
  const RecipeDiff& d = diff.recipes[0];
  EXPECT_EQ(d.modes.removed, std::vector<std::string>{"spec_decoding=eagle3_gqa"});
  EXPECT_GT(d.renderings_removed, 0u);
  EXPECT_EQ(d.renderings_changed, 0u);
}

TEST(CatalogDiff, GuideOnlyChange) {
  Files before = OurCatalogFiles(), after = before;
  Edit(&after, "models/Qwen/Qwen3-4B.yaml", "  enough for one accelerator of almost any kind.",
       "  enough for one accelerator of nearly any kind.");
  CatalogDiff diff = ExpectGolden("guide_only", before, after);
  ExpectApiListsMatchBuilder(before, after, diff);
  ASSERT_EQ(diff.recipes.size(), 1u);
  const RecipeDiff& d = diff.recipes[0];
  EXPECT_EQ(d.renderings_changed + d.renderings_added + d.renderings_removed, 0u);
  EXPECT_GT(d.renderings_same, 0u);
  EXPECT_NE(d.guide_diff.find("+enough for one accelerator of nearly any kind."), std::string::npos);
}

TEST(CatalogDiff, RecipeAdded) {
  Files before = OurCatalogFiles(), after = before;
  std::string text = before.at("models/Qwen/Qwen3-4B.yaml");
  for (auto [from, to] : {std::pair<std::string, std::string>{"Qwen3-4B", "Qwen3-8B"}, {"qwen3-4b", "qwen3-8b"}}) {
    for (size_t at; (at = text.find(from)) != std::string::npos;) text.replace(at, from.size(), to);
  }
  after["models/Qwen/Qwen3-8B.yaml"] = text;
  CatalogDiff diff = ExpectGolden("recipe_added", before, after);
  ExpectApiListsMatchBuilder(before, after, diff);
  ASSERT_EQ(diff.recipes.size(), 1u);
  EXPECT_EQ(diff.recipes[0].recipe, "Qwen/Qwen3-8B");
  EXPECT_EQ(diff.recipes[0].status, "added");
}

TEST(CatalogDiff, StrategyRenamed) {
  Files before = OurCatalogFiles(), after;
  // single_node_tep becomes single_node_tp_ep everywhere it is named.
  for (auto& [path, text] : before) {
    std::string t = text;
    for (size_t at = 0; (at = t.find("single_node_tep", at)) != std::string::npos; at += 17) {
      t.replace(at, 15, "single_node_tp_ep");
    }
    std::string p = path == "strategies/single_node_tep.yaml" ? "strategies/single_node_tp_ep.yaml" : path;
    after[p] = t;
  }
  DiffOptions options;
  options.recipes = {"MiniMaxAI/MiniMax-M2.1"};  // every MoE recipe changes alike; one keeps the golden short
  CatalogDiff diff = ExpectGolden("strategy_renamed", before, after, options);
  ASSERT_EQ(diff.recipes.size(), 1u);
  const RecipeDiff& d = diff.recipes[0];
  EXPECT_EQ(d.strategies.added, std::vector<std::string>{"single_node_tp_ep"});
  EXPECT_EQ(d.strategies.removed, std::vector<std::string>{"single_node_tep"});
  EXPECT_GT(d.renderings_added, 0u);
  EXPECT_EQ(d.renderings_added, d.renderings_removed);
  // Unfiltered, the shared strategy files move too.
  CatalogDiff all = DiffCatalogs(*Load(before), *Load(after), "base", "head");
  ExpectApiListsMatchBuilder(before, after, all);
  auto has = [](const std::vector<std::string>& v, const std::string& p) {
    return std::find(v.begin(), v.end(), p) != v.end();
  };
  EXPECT_TRUE(has(all.api_files_added, "strategies/single_node_tp_ep.json"));
  EXPECT_TRUE(has(all.api_files_removed, "strategies/single_node_tep.json"));
}

TEST(CatalogDiff, CheckFindingsAndPlanVerdicts) {
  Files before = OurCatalogFiles(), after = before;
  const std::string path = "models/MiniMaxAI/MiniMax-M2.1.yaml";
  // A misspelled flag on AMD: a new error finding for the newest vLLM there.
  Edit(&after, path, "      - \"--attention-backend\"\n      - \"ROCM_AITER_FA\"",
       "      - \"--attention-backed\"\n      - \"ROCM_AITER_FA\"");
  // Four times the experts: the weights no longer fit where they did.
  Edit(&after, path, "  num_local_experts: 256", "  num_local_experts: 1024");
  DiffProbes probes = DefaultDiffProbes();
  DiffOptions options;
  options.findings = probes.findings.get();
  options.plan = probes.plan.get();
  CatalogDiff diff = DiffCatalogs(*Load(before), *Load(after), "base", "head", options);
  ASSERT_EQ(diff.recipes.size(), 1u);
  const RecipeDiff& d = diff.recipes[0];
  ASSERT_FALSE(d.findings_new.empty());
  EXPECT_EQ(d.findings_new[0].finding.rfind("error unknown-flag --attention-backed", 0), 0u) << d.findings_new[0].finding;
  EXPECT_EQ(d.findings_new[0].hardware, (std::vector<std::string>{"mi300x", "mi325x", "mi355x"}));
  ASSERT_FALSE(d.plan_changed.empty());
  bool no_longer_fits = false;
  for (const PlanDelta& p : d.plan_changed) {
    no_longer_fits |= p.before.rfind("fits", 0) == 0 && p.after == "does not fit";
  }
  EXPECT_TRUE(no_longer_fits);
  std::string md = FormatDiffMarkdown(diff);
  EXPECT_NE(md.find("- new: error unknown-flag --attention-backed"), std::string::npos) << md;
  EXPECT_NE(md.find("→ does not fit"), std::string::npos) << md;
}

TEST(CatalogDiff, ModelsJsonIsTheBuildersOwn) {
  auto ours = Load(OurCatalogFiles());
  MemoryApiSink::Files tree;
  std::string err;
  ASSERT_TRUE(BuildApiTree(*ours, 2, &tree, &err)) << err;
  EXPECT_EQ(ModelsJson(*ours), tree.at("models.json"));
  std::string ref = RECIPES_SOURCE_DIR "/../shared/reference/catalog";
  if (!std::filesystem::is_directory(ref)) {
    std::printf("note: no reference catalog at %s; checked the embedded catalog only\n", ref.c_str());
    return;
  }
  LoadResult loaded = LoadCatalogFrom(ref);
  ASSERT_TRUE(BuildApiTree(*loaded.catalog, 2, &tree, &err)) << err;
  EXPECT_EQ(ModelsJson(*loaded.catalog), tree.at("models.json"));
}

// Only the recipes that can differ are built; the lists must be those of
// two full builds, also when ids are shared (a variant promoted under
// another recipe's id, a recipe nested in another's folder).
TEST(CatalogDiff, PartialBuildsAgreeWithFullBuilds) {
  Files before = OurCatalogFiles();
  std::vector<Files> afters;
  afters.push_back(before);
  Edit(&afters.back(), "models/Qwen/Qwen3-4B.yaml", "model_id: \"Qwen/Qwen3-4B-FP8\"", "model_id: \"Qwen/Qwen3-32B\"");
  afters.push_back(before);
  afters.back()["models/Qwen/Qwen3-4B/Nested.yaml"] = before.at("models/Qwen/Qwen3-32B.yaml");
  afters.push_back(before);
  afters.back().erase("models/Qwen/Qwen3-32B.yaml");
  for (const Files& after : afters) {
    auto base = Load(before);
    auto head = Load(after);
    DiffOptions full;
    full.full_api_build = true;
    CatalogDiff a = DiffCatalogs(*base, *head, "base", "head");
    CatalogDiff b = DiffCatalogs(*base, *head, "base", "head", full);
    EXPECT_EQ(FormatDiffJson(a), FormatDiffJson(b));
    ExpectApiListsMatchBuilder(before, after, a);
  }
}

TEST(CatalogDiff, MarkdownStaysUnderTheLimitOnATaxonomyEdit) {
  Files before = OurCatalogFiles(), after = before;
  // Reworded profile descriptions reach every rendering of every recipe
  // (each embeds its hardware profile).
  std::string& tax = after.at("taxonomy.yaml");
  const std::string from = "    description: \"";
  size_t edits = 0;
  for (size_t p = 0; (p = tax.find(from, p)) != std::string::npos; p += from.size()) {
    tax.insert(p + from.size(), "(reviewed) ");
    ++edits;
  }
  ASSERT_GT(edits, 10u);
  auto base = Load(before);
  auto head = Load(after);
  CatalogDiff diff = DiffCatalogs(*base, *head, "base", "head");
  EXPECT_GE(diff.api_files_changed.size(), 100u);
  std::string md = FormatDiffMarkdown(diff);
  EXPECT_LT(md.size(), 65000u);
  EXPECT_NE(md.find("| Recipe | Status |"), std::string::npos);
  // A small limit forces the note about what was left out.
  std::string small = FormatDiffMarkdown(diff, 4000);
  EXPECT_LE(small.size(), 4000u);
  EXPECT_NE(small.find("Left out to stay under 4000 characters"), std::string::npos);
}

}  // namespace
}  // namespace recipes
