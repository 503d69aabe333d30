#include "site/builder_state.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "parse/catalog_loader.h"
#include "resolve/omni.h"
#include "resolve/selection.h"
#include "site/builder_html.h"
#include "site/site_index.h"
#include "site/recipe_page.h"

namespace recipes {
namespace {

const Catalog& Embedded() {
  static const std::unique_ptr<Catalog> catalog = LoadCatalogFrom("").catalog;
  return *catalog;
}

BuildResult Build(std::string_view hf_id, std::string_view query) {
  const Recipe* r = Embedded().FindRecipe(hf_id);
  EXPECT_NE(r, nullptr) << hf_id;
  if (!r) return {};
  std::string bad;
  auto params = BuilderParams::Parse(query, &bad);
  EXPECT_TRUE(params.has_value()) << bad;
  return BuildBuilderView(Embedded(), *r, *params);
}

const BuilderPill* FindPill(const BuilderView& v, std::string_view row, std::string_view id) {
  for (const auto& r : v.rows) {
    if (r.key != row) continue;
    for (const auto& [g, pills] : r.lines) {
      for (const auto& p : pills) {
        if (p.id == id) return &p;
      }
    }
  }
  return nullptr;
}

constexpr char kM3[] = "MiniMaxAI/MiniMax-M3";

TEST(BuilderState, DefaultStateIsServerRendered) {
  if (!Embedded().FindRecipe(kM3)) GTEST_SKIP() << "MiniMax-M3 not in the embedded catalog";
  BuildResult b = Build(kM3, "");
  ASSERT_TRUE(b.view) << b.error->message;
  const BuilderView& v = *b.view;
  EXPECT_EQ(v.variant, "default");
  EXPECT_FALSE(v.hardware.empty());
  ASSERT_FALSE(v.tabs.empty());
  EXPECT_NE(v.tabs.back().command.find("vllm serve MiniMaxAI/MiniMax-M3"), std::string::npos);
  EXPECT_EQ(v.query, "");
  std::string html = RenderBuilderHtml(v, "/MiniMaxAI/MiniMax-M3");
  EXPECT_NE(html.find("vllm serve MiniMaxAI/MiniMax-M3"), std::string::npos);
}

// The browser flow, driven by the pills' own links: B200 → NVFP4 → Spec
// Decoding → GQA ends on the EAGLE3-GQA draft head.
TEST(BuilderState, PillLinksWalkToEagle3Gqa) {
  if (!Embedded().FindRecipe(kM3)) GTEST_SKIP() << "MiniMax-M3 not in the embedded catalog";
  std::string q;
  auto click = [&](std::string_view row, std::string_view id) {
    BuildResult b = Build(kM3, q);
    ASSERT_TRUE(b.view) << b.error->message;
    const BuilderPill* p = FindPill(*b.view, row, id);
    ASSERT_NE(p, nullptr) << row << " " << id;
    ASSERT_FALSE(p->disabled) << p->tooltip;
    q = p->query;
  };
  click("hardware", "b200");
  click("variant", "nvfp4");
  click("features", "spec_decoding");
  click("mode_spec_decoding", "eagle3_gqa");
  BuildResult b = Build(kM3, q);
  ASSERT_TRUE(b.view);
  EXPECT_EQ(b.view->hardware, "b200");
  EXPECT_EQ(b.view->variant, "nvfp4");
  const std::string& cmd = b.view->tabs.back().command;
  EXPECT_NE(cmd.find("vllm serve nvidia/MiniMax-M3-NVFP4"), std::string::npos) << cmd;
  EXPECT_NE(cmd.find("Inferact/MiniMax-M3-EAGLE3-GQA"), std::string::npos) << cmd;
  EXPECT_NE(q.find("hardware=b200"), std::string::npos) << q;
  EXPECT_NE(q.find("fmode=spec_decoding:eagle3_gqa"), std::string::npos) << q;
}

// Issue 12 item 12 (site.md §9.11.2): a variant that needs other hardware is
// offered; clicking it moves to the nearest hardware that runs it, with a note.
TEST(BuilderState, BlackwellOnlyVariantOnHopperMovesToNearestHardwareWithNote) {
  if (!Embedded().FindRecipe(kM3)) GTEST_SKIP() << "MiniMax-M3 not in the embedded catalog";
  BuildResult b = Build(kM3, "hardware=h200");
  ASSERT_TRUE(b.view);
  const BuilderPill* p = FindPill(*b.view, "variant", "nvfp4");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->disabled) << p->tooltip;
  EXPECT_NE(p->tooltip.find("Blackwell"), std::string::npos) << p->tooltip;
  EXPECT_NE(p->tooltip.find("moves Hardware to B200"), std::string::npos) << p->tooltip;
  EXPECT_NE(p->query.find("variant=nvfp4"), std::string::npos) << p->query;
  EXPECT_NE(p->query.find("hardware=b200"), std::string::npos) << p->query;

  BuildResult moved = Build(kM3, p->query);
  ASSERT_TRUE(moved.view) << moved.error->message;
  EXPECT_EQ(moved.view->hardware, "b200");
  EXPECT_EQ(moved.view->variant, "nvfp4");
  ASSERT_EQ(moved.view->corrections.size(), 1u);
  EXPECT_NE(moved.view->corrections[0].message.find("Moved from H200 to B200"), std::string::npos)
      << moved.view->corrections[0].message;
  // The note is one-shot: the canonical query (what the URL shows) drops it.
  EXPECT_EQ(moved.view->query.find("moved_from"), std::string::npos) << moved.view->query;
  BuildResult again = Build(kM3, moved.view->query);
  ASSERT_TRUE(again.view);
  EXPECT_TRUE(again.view->corrections.empty());

  // MXFP4 runs only on MI355X here: the move crosses brands when it must.
  const BuilderPill* mx = FindPill(*b.view, "variant", "mxfp4");
  if (mx) {
    EXPECT_FALSE(mx->disabled);
    EXPECT_NE(mx->query.find("hardware=mi355x"), std::string::npos) << mx->query;
  }
}

TEST(BuilderState, IncompatibleUrlHardwareIsCorrected) {
  if (!Embedded().FindRecipe(kM3)) GTEST_SKIP() << "MiniMax-M3 not in the embedded catalog";
  BuildResult b = Build(kM3, "variant=nvfp4&hardware=h200");
  ASSERT_TRUE(b.view);
  EXPECT_EQ(b.view->hardware, "b200");
  ASSERT_EQ(b.view->corrections.size(), 1u);
  EXPECT_NE(b.view->query.find("hardware=b200"), std::string::npos);
}

TEST(BuilderState, UnknownValuesNameTheParameterAndListValidOnes) {
  if (!Embedded().FindRecipe(kM3)) GTEST_SKIP() << "MiniMax-M3 not in the embedded catalog";
  struct Case {
    const char* query;
    const char* param;
    const char* valid;
  } cases[] = {
      {"hardware=h999", "hardware", "b200"},
      {"variant=int3", "variant", "nvfp4"},
      {"nodes=99", "nodes", "16"},
      {"features=warp_drive", "features", "spec_decoding"},
      {"fmode=spec_decoding:mtp", "fmode", "spec_decoding:eagle3_gqa"},
      {"kv_offload=floppy", "kv_offload", "off"},
      {"advanced=turbo", "advanced", "gpu_mem_095"},
      {"strategy=warp", "strategy", "single_node_tp"},
  };
  for (const Case& c : cases) {
    BuildResult b = Build(kM3, c.query);
    ASSERT_FALSE(b.view) << c.query;
    EXPECT_EQ(b.error->param, c.param) << c.query;
    bool found = false;
    for (const auto& v : b.error->valid) found = found || v == c.valid;
    EXPECT_TRUE(found) << c.query;
    std::string json = BuilderErrorJson(*b.error);
    EXPECT_NE(json.find(std::string("\"param\":\"") + c.param + "\""), std::string::npos) << json;
  }
}

TEST(BuilderState, TwoNodesGiveHeadAndWorkerTabs) {
  if (!Embedded().FindRecipe(kM3)) GTEST_SKIP() << "MiniMax-M3 not in the embedded catalog";
  BuildResult b = Build(kM3, "hardware=h100&nodes=2");
  ASSERT_TRUE(b.view) << b.error->message;
  ASSERT_EQ(b.view->tabs.size(), 2u);
  EXPECT_EQ(b.view->tabs[0].label, "Head");
  EXPECT_EQ(b.view->tabs[1].label, "Node 1");
  EXPECT_NE(b.view->tabs[1].command.find("--headless"), std::string::npos);
  EXPECT_NE(b.view->summary.find("2× H100"), std::string::npos) << b.view->summary;
}

TEST(BuilderState, PdClusterHasPrefillDecodeRouter) {
  if (!Embedded().FindRecipe(kM3)) GTEST_SKIP() << "MiniMax-M3 not in the embedded catalog";
  BuildResult b = Build(kM3, "hardware=h200&strategy=pd_cluster");
  ASSERT_TRUE(b.view) << b.error->message;
  ASSERT_EQ(b.view->tabs.size(), 3u);
  EXPECT_EQ(b.view->tabs[0].label, "Prefill");
  EXPECT_EQ(b.view->tabs[2].label, "Router");
  EXPECT_EQ(b.view->pd_numbers.size(), 2u);
  EXPECT_EQ(b.view->host_var, "ROUTER_HOST");
  // Pool parallelism pills; DEP on the decode pool is one click away.
  const BuilderRow* nodes = nullptr;
  for (const auto& r : b.view->rows) {
    if (r.key == "nodes") nodes = &r;
  }
  ASSERT_NE(nodes, nullptr);
  ASSERT_EQ(nodes->lines.size(), 2u);
  std::string dep_query;
  for (const auto& p : nodes->lines[1].second) {
    if (p.id == "dep") dep_query = p.query;
  }
  ASSERT_FALSE(dep_query.empty());
  BuildResult dep = Build(kM3, dep_query);
  ASSERT_TRUE(dep.view) << dep.error->message;
  EXPECT_EQ(StringOf(dep.view->resolution.Get("decode")->Get("parallelism")), "dep");
}

TEST(BuilderState, JsonCarriesStateControlsAndResolution) {
  if (!Embedded().FindRecipe(kM3)) GTEST_SKIP() << "MiniMax-M3 not in the embedded catalog";
  BuildResult b = Build(kM3, "hardware=b200&variant=nvfp4");
  ASSERT_TRUE(b.view);
  std::string json = BuilderViewJson(*b.view, "<p>x</p>");
  EXPECT_NE(json.find("\"hardware\":\"b200\""), std::string::npos);
  EXPECT_NE(json.find("\"controls\":["), std::string::npos);
  EXPECT_NE(json.find("\"deployType\":\"single_node\""), std::string::npos);
  EXPECT_NE(json.find("\"html\":\"<p>x</p>\""), std::string::npos);
}

TEST(BuilderState, OmniRecipesGetTheReducedBuilder) {
  const char* id = "Qwen/Qwen-Image";
  if (!Embedded().FindRecipe(id)) GTEST_SKIP() << id << " not in the embedded catalog";
  BuildResult b = Build(id, "");
  ASSERT_TRUE(b.view) << b.error->message;
  for (const auto& r : b.view->rows) {
    EXPECT_TRUE(r.key == "hardware" || r.key == "task" || r.key == "variant") << r.key;
  }
  ASSERT_EQ(b.view->tabs.size(), 1u);
  EXPECT_NE(b.view->tabs[0].command.find("--omni"), std::string::npos);
  EXPECT_NE(b.view->install.summary.find("vLLM-Omni nightly"), std::string::npos);
  BuildResult bad = Build(id, "task=t9x");
  ASSERT_FALSE(bad.view);
  EXPECT_EQ(bad.error->param, "task");
}

TEST(BuilderHtml, SubstitutesLongestNamesFirstAndRespectsBoundaries) {
  std::vector<std::pair<std::string, std::string>> vals = {{"HEAD", "h"}, {"HEAD_IP", "10.0.0.1"}, {"PORT", ""}};
  EXPECT_EQ(SubstituteVars("$HEAD_IP:$HEAD $HEADX $PORT", vals), "10.0.0.1:h $HEADX $PORT");
}

TEST(RecipeGuide, TablesHeadingIdsAndCopyButtons) {
  std::string html = RenderGuideMarkdown(
      "## DGX Spark (GB10) cluster\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```bash\necho hi\n```\n\n<b>raw</b>\n");
  EXPECT_NE(html.find("<h2 id=\"dgx-spark-gb10-cluster\">"), std::string::npos) << html;
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("g-copy"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>raw</b>"), std::string::npos) << html;
}

}  // namespace
}  // namespace recipes

namespace recipes {
namespace {

// The reference catalog when ../shared is there, else the embedded one ("").
std::string ReferenceOrEmbedded() {
  const std::string dir = std::string(RECIPES_SOURCE_DIR) + "/../shared/reference/catalog";
  return std::filesystem::exists(dir) ? dir : "";
}

// Every recipe of the catalog lands on a resolvable state, and every
// enabled pill of that state leads to another valid, resolvable state.
TEST(BuilderSweep, EveryPillOfEveryLandingStateResolves) {
  std::unique_ptr<Catalog> catalog = LoadCatalogFrom(ReferenceOrEmbedded()).catalog;
  size_t states = 0, failures = 0, landings = 0, same_landing = 0;
  for (const Recipe& r : catalog->recipes) {
    BuildResult landing = BuildBuilderView(*catalog, r, BuilderParams());
    ASSERT_TRUE(landing.view) << r.hf_id << ": " << landing.error->message;
    EXPECT_TRUE(landing.view->resolve_error.empty()) << r.hf_id << ": " << landing.view->resolve_error;
    // The page lands where `recipes command` (DefaultSelection) does.
    if (!IsOmniServed(r)) {
      SelectionOutcome def = DefaultSelection(*catalog, r);
      if (def.ok()) {
        Resolution res = ResolveCommand(*catalog, r, def.selection);
        ++landings;
        if (res.ok() && res.output.Equals(landing.view->resolution)) {
          ++same_landing;
        } else {
          ADD_FAILURE() << r.hf_id << ": landing differs from DefaultSelection (hardware " << def.selection.hardware
                        << " vs " << landing.view->hardware << ", strategy " << def.selection.strategy << " vs "
                        << landing.view->strategy << ", nodes " << def.selection.node_count << " vs "
                        << landing.view->nodes << ")";
        }
      }
    }
    for (const auto& row : landing.view->rows) {
      for (const auto& [group, pills] : row.lines) {
        for (const auto& p : pills) {
          if (p.disabled) continue;
          std::string bad;
          auto q = BuilderParams::Parse(p.query, &bad);
          ASSERT_TRUE(q) << bad;
          BuildResult next = BuildBuilderView(*catalog, r, *q);
          ++states;
          if (!next.view || !next.view->resolve_error.empty()) {
            ++failures;
            ADD_FAILURE() << r.hf_id << " " << row.key << "=" << p.id << " → ?" << p.query << ": "
                          << (next.view ? next.view->resolve_error : next.error->param + ": " + next.error->message);
          }
        }
      }
    }
  }
  std::printf("%zu/%zu pill states valid; %zu/%zu landing states equal to DefaultSelection\n", states - failures,
              states, same_landing, landings);
}

}  // namespace
}  // namespace recipes

namespace recipes {
namespace {

TEST(RecipePagesSweep, EveryRecipePageAndItsApiAnswerRender) {
  std::unique_ptr<Catalog> catalog = LoadCatalogFrom(ReferenceOrEmbedded()).catalog;
  SiteIndex index(*catalog);
  SiteConfig config;
  RecipePages pages(config, index);
  for (const RecipeSummary& r : index.recipes()) {
    HttpResponse page = pages.Page(r, "");
    EXPECT_EQ(page.status, 200) << r.hf_id;
    EXPECT_NE(page.body.find("id=\"builder\""), std::string::npos) << r.hf_id;
    HttpResponse api = pages.HandleResolve("recipe=" + r.hf_id);
    EXPECT_EQ(api.status, 200) << r.hf_id << ": " << api.body.substr(0, 200);
  }
  // Case-insensitive routing, checkpoint redirects, 404 and a bad query.
  EXPECT_EQ(pages.HandleRecipe("minimaxai", "minimax-m3", "").status, 302);
  EXPECT_EQ(pages.HandleRecipe("nvidia", "MiniMax-M3-NVFP4", "").status, 302);
  EXPECT_EQ(pages.HandleRecipe("nobody", "nothing", "").status, 404);
  HttpResponse bad = pages.HandleRecipe("MiniMaxAI", "MiniMax-M3", "hardware=h999");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("h999"), std::string::npos);
  EXPECT_EQ(pages.HandleResolve("recipe=MiniMaxAI/MiniMax-M3&nodes=abc").status, 400);
  EXPECT_EQ(pages.HandleResolve("hardware=b200").status, 400);
  EXPECT_EQ(pages.HandleResolve("recipe=x/y").status, 404);
}

}  // namespace
}  // namespace recipes

namespace recipes {
namespace {

TEST(BuilderRobustness, HostileQueriesGetAnswersNotCrashes) {
  const Catalog& c = Embedded();
  if (!c.FindRecipe(kM3)) GTEST_SKIP() << "MiniMax-M3 not in the embedded catalog";
  SiteIndex index(c);
  SiteConfig config;
  RecipePages pages(config, index);
  const char* queries[] = {
      "%zz", "recipe=%00", "recipe=MiniMaxAI/MiniMax-M3&hardware=%ff", "recipe=MiniMaxAI/MiniMax-M3&features=,,,",
      "recipe=MiniMaxAI/MiniMax-M3&nodes=0", "recipe=MiniMaxAI/MiniMax-M3&nodes=-1",
      "recipe=MiniMaxAI/MiniMax-M3&kv_instance=99999999999", "recipe=MiniMaxAI/MiniMax-M3&prefill_rank=999999",
      "recipe=MiniMaxAI/MiniMax-M3&strategy=pd_cluster&prefill_rank=999&decode_nodes=16&decode_mode=dep",
      "recipe=MiniMaxAI/MiniMax-M3&fmode=:", "recipe=MiniMaxAI/MiniMax-M3&fmode=spec_decoding:",
      "recipe=MiniMaxAI/MiniMax-M3&kv_offload=kv_store_centralized_mooncake&kv_instances=16&kv_instance=15&nodes=16",
      "recipe=MiniMaxAI/MiniMax-M3&hardware=b200&hardware=h200&variant=nvfp4", "recipe=MiniMaxAI/MiniMax-M3&&&=&x",
  };
  for (const char* q : queries) {
    HttpResponse r = pages.HandleResolve(q);
    EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 404) << q << " → " << r.status;
    EXPECT_FALSE(r.body.empty()) << q;
  }
}

}  // namespace
}  // namespace recipes
