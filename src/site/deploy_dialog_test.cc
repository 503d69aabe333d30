#include "site/deploy_dialog.h"

#include <gtest/gtest.h>

#include <memory>

#include "parse/catalog_loader.h"

namespace recipes {
namespace {

const Catalog& Embedded() {
  static const std::unique_ptr<Catalog> catalog = LoadCatalogFrom("").catalog;
  return *catalog;
}

// Issue 12 item 17 (site.md §10): one tab per listed platform known to
// platforms.yaml, with object entries overriding its fields.
TEST(DeployDialog, TabsFollowTheRecipesPlatforms) {
  const Recipe* gemma = Embedded().FindRecipe("Google/gemma-4-31B-it");
  ASSERT_NE(gemma, nullptr);
  std::vector<DeployTab> tabs = PlatformDeployTabs(Embedded(), gemma->doc);
  ASSERT_EQ(tabs.size(), 2u);
  EXPECT_EQ(tabs[0].id, "modal");
  EXPECT_EQ(tabs[0].label, "Modal");
  EXPECT_NE(tabs[0].code.find("pip install modal"), std::string::npos);
  EXPECT_EQ(tabs[1].label, "AWS SageMaker");
  EXPECT_EQ(tabs[1].mark, "AS");

  const Recipe* m3 = Embedded().FindRecipe("MiniMaxAI/MiniMax-M3");
  ASSERT_NE(m3, nullptr);
  EXPECT_TRUE(PlatformDeployTabs(Embedded(), m3->doc).empty());
  EXPECT_EQ(RenderDeployDialog("MiniMaxAI/MiniMax-M3", {}), "");
}

TEST(DeployDialog, OverridesAndUnknownIds) {
  ObjectItems over;
  over.Set("id", Value::String("modal"));
  over.Set("script", Value::String("https://example.com/serve.py"));
  over.Set("blurb", Value::String("Our own words."));
  ArrayItems list;
  list.push_back(Value::Object(std::move(over)));
  list.push_back(Value::String("no_such_platform"));
  ObjectItems meta;
  meta.Set("platforms", Value::Array(std::move(list)));
  ObjectItems doc;
  doc.Set("meta", Value::Object(std::move(meta)));
  std::vector<DeployTab> tabs = PlatformDeployTabs(Embedded(), Value::Object(std::move(doc)));
  ASSERT_EQ(tabs.size(), 1u);
  EXPECT_EQ(tabs[0].blurb, "Our own words.");
  EXPECT_EQ(tabs[0].script_url, "https://example.com/serve.py");
  EXPECT_FALSE(tabs[0].guide_url.empty());  // not overridden: from platforms.yaml

  std::string html = RenderDeployDialog("Org/Repo", tabs);
  EXPECT_NE(html.find("aria-label=\"Self host vLLM for Org/Repo\""), std::string::npos);
  EXPECT_NE(html.find("View script"), std::string::npos);
  EXPECT_NE(html.find("role=\"tab\""), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"Close\""), std::string::npos);
}

// A later deploy target is one more DeployTab (the dialog is generic).
TEST(DeployDialog, ExtraTabsRenderAsTabs) {
  DeployTab k8s;
  k8s.id = "k8s";
  k8s.label = "Kubernetes";
  k8s.mark = "K";
  k8s.code = "kubectl apply -f lws.yaml";
  k8s.code_label = "Manifest";
  DeployTab modal = k8s;
  modal.id = "modal";
  std::string html = RenderDeployDialog("Org/Repo", {modal, k8s});
  EXPECT_NE(html.find("id=\"dd-tab-k8s\""), std::string::npos);
  EXPECT_NE(html.find("id=\"dd-panel-k8s\" aria-labelledby=\"dd-tab-k8s\" tabindex=\"0\" hidden"), std::string::npos);
  EXPECT_NE(html.find("kubectl apply"), std::string::npos);
}

}  // namespace
}  // namespace recipes
