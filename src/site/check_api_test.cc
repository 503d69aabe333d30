// /api/check and the command card's verdict (issue 8 §4) on the embedded
// catalog: the selection's argv checked against vLLM's flag tables, in
// `recipes check --format json`'s shape, the same as `recipes command`'s.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "check/catalog_check.h"
#include "cli/cli_test_runner.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "render/json_writer.h"
#include "site/builder_html.h"
#include "site/builder_routes.h"
#include "site/builder_state.h"
#include "site/recipe_page.h"
#include "site/site.h"
#include "site/site_index.h"
#include "parse/test_tree.h"

namespace recipes {
namespace {

const Catalog& Embedded() {
  static const Catalog* catalog = LoadCatalogFrom("").catalog.release();
  return *catalog;
}

Value Json(const HttpResponse& r) {
  Value v;
  std::string err;
  EXPECT_TRUE(ParseJson(r.body, &v, &err)) << err << "\n" << r.body;
  return v;
}

std::string Newest() { return VllmTables::Builtin().versions().back().key; }

TEST(CheckApi, AnswersForASelectionInCheckShapeOnEveryVersion) {
  SiteIndex index(Embedded());
  SiteConfig config;
  RecipePages pages(config, index);
  HttpResponse r = pages.HandleCheck("recipe=MiniMaxAI/MiniMax-M3&hardware=b200&variant=nvfp4&features=spec_decoding");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.content_type.find("application/json"), std::string::npos);
  Value v = Json(r);
  const Value* versions = v.Get("vllm");
  ASSERT_TRUE(versions && versions->is_array());
  EXPECT_EQ(versions->size(), VllmTables::Builtin().versions().size());
  EXPECT_EQ(versions->items().back().str(), Newest());
  EXPECT_GE(v.Get("renderings")->number(), 1);
  ASSERT_TRUE(v.Get("findings") && v.Get("findings")->is_array());
  const Value* recipe = v.Get("recipes")->At(0);
  ASSERT_NE(recipe, nullptr);
  EXPECT_EQ(recipe->Get("recipe")->str(), "MiniMaxAI/MiniMax-M3");
  // The embedded catalog is clean on the newest version.
  const Value* parses_on = recipe->Get("parses_on");
  ASSERT_TRUE(parses_on && parses_on->size() > 0);
  EXPECT_EQ(parses_on->items().back().str(), Newest());
  // Each finding names the flag, the problem and the selection it came from.
  for (const Value& f : v.Get("findings")->items()) {
    for (const char* key : {"recipe", "vllm", "flag", "problem", "severity", "message", "file", "line", "col",
                            "renderings", "example_selection", "example_argv"}) {
      EXPECT_NE(f.Get(key), nullptr) << key << " missing in " << ToJson(f, 0);
    }
    EXPECT_EQ(f.Get("example_selection")->Get("variant")->str(), "nvfp4");
    EXPECT_EQ(f.Get("example_selection")->Get("hardware")->str(), "b200");
  }
}

TEST(CheckApi, OneVersionEqualsTheCommandJsonOfTheSameSelection) {
  SiteIndex index(Embedded());
  SiteConfig config;
  RecipePages pages(config, index);
  HttpResponse r =
      pages.HandleCheck("recipe=MiniMaxAI/MiniMax-M3&hardware=b200&variant=nvfp4&features=spec_decoding&fmode="
                        "spec_decoding:eagle3_gqa&vllm=" + Newest());
  ASSERT_EQ(r.status, 200) << r.body;
  testing::CliResult cli = testing::RunRecipes({"command", "MiniMaxAI/MiniMax-M3", "--hardware", "b200", "--variant",
                                                "nvfp4", "--feature", "spec_decoding=eagle3_gqa", "--format", "json"});
  ASSERT_EQ(cli.code, 0) << cli.err;
  Value command;
  std::string err;
  ASSERT_TRUE(ParseJson(cli.out, &command, &err)) << err;
  ASSERT_NE(command.Get("check"), nullptr);
  EXPECT_EQ(ToJson(Json(r), 0), ToJson(*command.Get("check"), 0));
}

TEST(CheckApi, ErrorsNameTheParameter) {
  SiteIndex index(Embedded());
  SiteConfig config;
  RecipePages pages(config, index);
  EXPECT_EQ(pages.HandleCheck("recipe=x/y").status, 404);
  EXPECT_EQ(pages.HandleCheck("hardware=b200").status, 400);
  HttpResponse bad_hw = pages.HandleCheck("recipe=MiniMaxAI/MiniMax-M3&hardware=nope");
  EXPECT_EQ(bad_hw.status, 400);
  EXPECT_EQ(Json(bad_hw).Get("error")->Get("param")->str(), "hardware");
  HttpResponse bad_v = pages.HandleCheck("recipe=MiniMaxAI/MiniMax-M3&vllm=v9.9.9");
  ASSERT_EQ(bad_v.status, 400);
  Value e = Json(bad_v);
  EXPECT_EQ(e.Get("error")->Get("param")->str(), "vllm");
  EXPECT_EQ(e.Get("error")->Get("valid")->size(), VllmTables::Builtin().versions().size() + 1);
}

TEST(CheckApi, RoutedThroughTheSite) {
  SiteOptions options;
  UseCommandBuilder(&options);
  Site site(Embedded(), std::move(options));
  HttpRequest get;
  get.target = "/api/check?recipe=Qwen/Qwen3-4B";
  HttpResponse r = site.Handle(get);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r).Get("recipes")->At(0)->Get("recipe")->str(), "Qwen/Qwen3-4B");
  HttpRequest post = get;
  post.method = "POST";
  EXPECT_EQ(site.Handle(post).status, 405);
}

TEST(CheckApi, CommandCardShowsTheVerdictAndTheVersionsItParsesOn) {
  const Recipe* qwen = Embedded().FindRecipe("Qwen/Qwen3-4B");
  ASSERT_NE(qwen, nullptr);
  BuildResult built = BuildBuilderView(Embedded(), *qwen, BuilderParams());
  ASSERT_TRUE(built.view && built.view->check);
  // The view exposes the selection it resolved.
  EXPECT_EQ(built.view->selection.hardware, built.view->hardware);
  EXPECT_EQ(built.view->selection.variant, built.view->variant);
  std::string html = RenderBuilderHtml(*built.view, "/Qwen/Qwen3-4B");
  size_t at = html.find("id=\"cb-check\"");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(html.find("id=\"cb-card\""), at);  // inside the command card
  EXPECT_NE(html.find("\xE2\x9C\x93 parses on vLLM " + Newest()), std::string::npos) << html.substr(at, 600);
  std::string on;
  for (const std::string& v : built.view->check->recipes[0].parses_on) on += (on.empty() ? "" : ", ") + v;
  EXPECT_NE(html.find("Parses on " + on), std::string::npos) << html.substr(at, 600);
}

// A recipe with a flag vLLM never had: the card says it does not parse and
// lists the finding (flag, problem, message, YAML position).
TEST(CheckApi, CommandCardListsTheFindings) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(::testing::TempDir()) / ("check_card_" + std::to_string(::getpid()));
  auto write = [&](const std::string& rel, const std::string& text) { testing::WriteTree(dir, {{rel, text}}); };
  write("taxonomy.yaml", "hardware_profiles:\n  h200: {brand: NVIDIA, generation: hopper, gpu_count: 8, vram_gb: 1128}\n");
  write("strategies/single_node_tp.yaml", "name: single_node_tp\ndeploy_type: single_node\n");
  write("models/acme/Tiny.yaml",
        "meta: {title: Tiny}\n"
        "model:\n  model_id: acme/Tiny\n  base_args: [\"--no-such-flag-anywhere\"]\n"
        "variants:\n  default: {precision: bf16, vram_minimum_gb: 10}\n"
        "compatible_strategies: [single_node_tp]\n");
  std::unique_ptr<Catalog> catalog = LoadCatalogFrom(dir.string()).catalog;
  fs::remove_all(dir);
  const Recipe* tiny = catalog->FindRecipe("acme/Tiny");
  ASSERT_NE(tiny, nullptr);
  BuildResult built = BuildBuilderView(*catalog, *tiny, BuilderParams());
  ASSERT_TRUE(built.view && built.view->check) << (built.error ? built.error->message : built.view->resolve_error);
  std::string html = RenderBuilderHtml(*built.view, "/acme/Tiny");
  EXPECT_NE(html.find("\xE2\x9C\x97 does not parse on vLLM " + Newest() + ": 1 error"), std::string::npos) << html;
  EXPECT_NE(html.find("Parses on none of the"), std::string::npos);
  EXPECT_NE(html.find("<code>--no-such-flag-anywhere</code> <span class=\"cb-check-problem\">unknown-flag</span>"),
            std::string::npos);
  EXPECT_NE(html.find("models/acme/Tiny.yaml:4:15"), std::string::npos) << html.substr(html.find("id=\"cb-check\""), 800);
}

}  // namespace
}  // namespace recipes
