// The deploy dialog's target tabs (issue 10 §5): the files `recipes deploy`
// prints for the builder's selection, the CLI line that reproduces them, and
// /api/deploy.
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "cli/cli_test_runner.h"
#include "cli/selection_cli.h"
#include "deploy/deploy_plan.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"
#include "render/json_writer.h"
#include "resolve/selection.h"
#include "site/builder_state.h"
#include "site/deploy_dialog.h"
#include "site/recipe_page.h"
#include "site/selection_flags.h"
#include "site/site_index.h"

namespace recipes {
namespace {

const Catalog& Embedded() {
  static const Catalog* catalog = LoadCatalogFrom("").catalog.release();
  return *catalog;
}

BuilderView View(const std::string& recipe, const std::string& query) {
  const Recipe* r = Embedded().FindRecipe(recipe);
  EXPECT_NE(r, nullptr) << recipe;
  std::string bad;
  auto params = BuilderParams::Parse(query, &bad);
  EXPECT_TRUE(params.has_value()) << bad;
  BuildResult built = BuildBuilderView(Embedded(), *r, *params);
  EXPECT_TRUE(built.view.has_value()) << (built.error ? built.error->message : "");
  return built.view ? *built.view : BuilderView();
}

// The flags the dialog prints select, through the CLI's own parser and
// defaults, exactly the builder's selection: for the landing state and
// every state one pill click away, on every recipe of the embedded catalog.
TEST(SelectionFlags, GiveBackTheBuildersSelection) {
  size_t states = 0;
  for (const Recipe& recipe : Embedded().recipes) {
    if (IsOmniServed(recipe)) continue;
    BuildResult landing = BuildBuilderView(Embedded(), recipe, BuilderParams());
    ASSERT_TRUE(landing.view) << recipe.hf_id;
    std::vector<std::string> queries = {""};
    for (const BuilderRow& row : landing.view->rows) {
      for (const auto& [group, pills] : row.lines) {
        for (const BuilderPill& p : pills) {
          if (!p.disabled && !p.query.empty()) queries.push_back(p.query);
        }
      }
    }
    for (const std::string& q : queries) {
      std::string bad;
      BuildResult b = BuildBuilderView(Embedded(), recipe, *BuilderParams::Parse(q, &bad));
      if (!b.view || !b.view->resolution.is_object()) continue;
      const Selection& want = b.view->selection;
      std::vector<std::string> args = {"deploy", recipe.hf_id};
      std::vector<std::string> flags = SelectionFlags(recipe, want);
      args.insert(args.end(), flags.begin(), flags.end());
      SelectionCliArgs cli;
      ASSERT_EQ(ParseSelectionCli(args, "deploy", "", false, &cli), -1) << ShellJoin(args);
      SelectionOutcome got = DefaultSelection(Embedded(), recipe, cli.request);
      ASSERT_TRUE(got.ok()) << recipe.hf_id << " ?" << q << ": " << got.errors[0].message << "\n" << ShellJoin(flags);
      // What the site deploys is what the CLI settles on for those flags...
      std::optional<Selection> site = CliSelection(Embedded(), recipe, want);
      ASSERT_TRUE(site.has_value());
      EXPECT_EQ(ToJson(got.selection.ToJson(), 0), ToJson(site->ToJson(), 0))
          << recipe.hf_id << " ?" << q << "\n" << ShellJoin(flags);
      // ...and that resolves to the builder's command, token for token.
      Resolution a = ResolveCommand(Embedded(), recipe, got.selection);
      Resolution r = ResolveCommand(Embedded(), recipe, want);
      ASSERT_TRUE(a.ok()) << recipe.hf_id << " ?" << q;
      EXPECT_TRUE(a.output.Equals(r.output)) << recipe.hf_id << " ?" << q << "\n" << ShellJoin(flags);
      ++states;
    }
  }
  EXPECT_GT(states, 50u);
}

TEST(DeployTargets, OneTabPerTargetWithTheDeployArtifacts) {
  BuilderView v = View("MiniMaxAI/MiniMax-M3", "hardware=b200&variant=nvfp4&features=spec_decoding");
  const Recipe* m3 = Embedded().FindRecipe("MiniMaxAI/MiniMax-M3");
  std::vector<DeployTab> tabs = TargetDeployTabs(Embedded(), *m3, v.selection, "/api/deploy?recipe=x");
  ASSERT_EQ(tabs.size(), 4u);
  std::string error;
  std::optional<Selection> cli = CliSelection(Embedded(), *m3, v.selection);
  ASSERT_TRUE(cli.has_value());
  std::optional<DeployPlan> plan = BuildDeployPlan(Embedded(), *m3, *cli, &error);
  ASSERT_TRUE(plan) << error;
  const char* ids[] = {"k8s", "slurm", "compose", "ssh"};
  for (size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(ids[i]);
    EXPECT_EQ(tabs[i].id, ids[i]);
    EXPECT_EQ(tabs[i].error, "");
    DeployResult want = RenderTarget(ids[i], *plan, DeployOptions());
    ASSERT_EQ(tabs[i].files.size(), want.files.size());
    for (size_t f = 0; f < want.files.size(); ++f) {
      EXPECT_EQ(tabs[i].files[f].name, want.files[f].path);
      EXPECT_EQ(tabs[i].files[f].content, want.files[f].content);
      EXPECT_EQ(tabs[i].files[f].download_url,
                "/api/deploy?recipe=x&target=" + std::string(ids[i]) + "&file=" + want.files[f].path);
    }
    EXPECT_EQ(tabs[i].command.rfind("recipes deploy MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 ", 0), 0u)
        << tabs[i].command;
    EXPECT_NE(tabs[i].command.find("--target " + std::string(ids[i])), std::string::npos);
  }
  std::string html = RenderDeployDialog("MiniMaxAI/MiniMax-M3", tabs, "recipe=x");
  EXPECT_NE(html.find("data-deploy-for=\"recipe=x\""), std::string::npos);
  EXPECT_NE(html.find("id=\"dd-tab-k8s\""), std::string::npos);
  EXPECT_NE(html.find(">Download</a>"), std::string::npos);
}

// Multi-node: compose says why it does not apply; SSH gets placeholder hosts.
TEST(DeployTargets, MultiNodeSelection) {
  BuilderView v = View("MiniMaxAI/MiniMax-M3", "hardware=h100");
  ASSERT_GT(v.selection.node_count, 1);
  std::vector<DeployTab> tabs =
      TargetDeployTabs(Embedded(), *Embedded().FindRecipe("MiniMaxAI/MiniMax-M3"), v.selection, "/api/deploy?x");
  ASSERT_EQ(tabs.size(), 4u);
  EXPECT_NE(tabs[2].error.find("single-node"), std::string::npos) << tabs[2].error;
  EXPECT_TRUE(tabs[2].files.empty());
  EXPECT_NE(tabs[3].command.find("--hosts node1,node2"), std::string::npos) << tabs[3].command;
  EXPECT_FALSE(tabs[3].files.empty());
  // vLLM-Omni recipes are not deploy's: no target tabs.
  for (const Recipe& r : Embedded().recipes) {
    if (!IsOmniServed(r)) continue;
    BuildResult b = BuildBuilderView(Embedded(), r, BuilderParams());
    ASSERT_TRUE(b.view);
    EXPECT_TRUE(TargetDeployTabs(Embedded(), r, b.view->selection, "/x").empty()) << r.hf_id;
  }
}

// The printed CLI line writes the same files (run for real).
TEST(DeployTargets, TheCliLineReproducesTheArtifact) {
  BuilderView v = View("MiniMaxAI/MiniMax-M3", "hardware=h200&strategy=pd_cluster");
  const Recipe* m3 = Embedded().FindRecipe("MiniMaxAI/MiniMax-M3");
  for (const char* target : {"k8s", "slurm"}) {
    SCOPED_TRACE(target);
    std::string command;
    DeployResult files = DeployTargetFiles(Embedded(), *m3, v.selection, target, &command);
    ASSERT_TRUE(files.ok()) << files.error;
    std::vector<std::string> args = {"deploy", "MiniMaxAI/MiniMax-M3"};
    for (const std::string& f : SelectionFlags(*m3, v.selection)) args.push_back(f);
    args.insert(args.end(), {"--target", target});
    testing::CliResult cli = testing::RunRecipes(args);
    ASSERT_EQ(cli.code, 0) << cli.err;
    std::string want;
    for (size_t i = 0; i < files.files.size(); ++i) {
      if (files.files.size() > 1) want += (i ? "\n" : "") + std::string("# ==> ") + files.files[i].path + " <==\n";
      want += files.files[i].content;
    }
    EXPECT_EQ(cli.out, want);
  }
}

TEST(DeployApi, AnswersWithTheDialogAndServesEachFile) {
  SiteIndex index(Embedded());
  SiteConfig config;
  RecipePages pages(config, index);
  HttpResponse r = pages.HandleDeploy("recipe=Qwen/Qwen3-4B&hardware=h200");
  ASSERT_EQ(r.status, 200) << r.body;
  Value v;
  std::string err;
  ASSERT_TRUE(ParseJson(r.body, &v, &err)) << err;
  EXPECT_EQ(v.Get("recipe")->str(), "Qwen/Qwen3-4B");
  EXPECT_EQ(v.Get("selection")->Get("hardware")->str(), "h200");
  ASSERT_EQ(v.Get("targets")->size(), 4u);
  const Value& k8s = v.Get("targets")->items()[0];
  EXPECT_EQ(k8s.Get("target")->str(), "k8s");
  ASSERT_GE(k8s.Get("files")->size(), 1u);
  EXPECT_NE(v.Get("html")->str().find("id=\"dd-panel-ssh\""), std::string::npos);
  // One file, as an attachment.
  std::string path = k8s.Get("files")->items()[0].Get("path")->str();
  HttpResponse file = pages.HandleDeploy("recipe=Qwen/Qwen3-4B&hardware=h200&target=k8s&file=" + path);
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.body, k8s.Get("files")->items()[0].Get("content")->str());
  ASSERT_NE(file.Header("Content-Disposition"), nullptr);
  EXPECT_EQ(*file.Header("Content-Disposition"), "attachment; filename=\"" + path + "\"");
  EXPECT_EQ(pages.HandleDeploy("recipe=Qwen/Qwen3-4B&target=helm").status, 400);
  EXPECT_EQ(pages.HandleDeploy("recipe=Qwen/Qwen3-4B&target=k8s&file=nope.yaml").status, 404);
  EXPECT_EQ(pages.HandleDeploy("recipe=no/such").status, 404);
  // The recipe page carries the dialog for its selection.
  HttpResponse page = pages.HandleRecipe("Qwen", "Qwen3-4B", "hardware=h200");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-deploy-for=\"recipe=Qwen%2FQwen3-4B&amp;hardware=h200\""), std::string::npos);
  EXPECT_NE(page.body.find("data-state=\"recipe=Qwen%2FQwen3-4B&amp;hardware=h200\""), std::string::npos);
}

}  // namespace
}  // namespace recipes
