// ResolveCommand on what no recipe should hold: absurd sizes are errors,
// a sweep of every recipe, hardware, strategy and odd shape never crashes,
// and provenance notes the fallbacks and gated sources.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parse/catalog_loader.h"
#include "resolve/resolver.h"
#include "resolve/resolver_test_fixture.h"

namespace recipes {
namespace {

using testing::Fixture;
using testing::Sel;

TEST(ResolverTest, AbsurdSizesAreErrorsNotRunaways) {
  Fixture f("meta: {title: M}\nmodel: {model_id: org/model}\n");
  Selection s = Sel("multi_node_tp", "h200", 100000);
  Resolution r = f.Resolve(s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->message.find("node_count"), std::string::npos);
  s = Sel("single_node_tp", "h200");
  s.kv_offload = "mooncake";
  s.kv_instances = Value::Number(1e9);
  r = f.Resolve(s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->message.find("kv_instances"), std::string::npos);
  std::string err;
  Selection parsed;
  ObjectItems in;
  in.Set("node_count", Value::Number(2.5));
  EXPECT_FALSE(Selection::FromJson(Value::Object(in), &parsed, &err));
}

// Every recipe of the reference catalog (the embedded one without
// ../shared) on every hardware profile and strategy, with odd node counts,
// PD shapes and KV choices: each resolution returns (an output or an
// error), none crashes.
TEST(ResolverTest, ReferenceCatalogSweepNeverCrashes) {
  std::string dir = RECIPES_SOURCE_DIR "/../shared/reference/catalog";
  LoadResult loaded = LoadCatalogFrom(std::filesystem::exists(dir) ? dir : "");  // "" = embedded
  ASSERT_FALSE(loaded.catalog->recipes.empty());
  const Catalog& c = *loaded.catalog;
  std::vector<std::string> strategies;
  for (const StrategyDoc& s : c.strategies) strategies.push_back(s.name);
  strategies.push_back("no_such_strategy");
  std::vector<Value> pd_shapes;
  pd_shapes.push_back(Value());
  {
    ObjectItems o, pre;
    pre.Set("nodes", Value::Number(3));
    pre.Set("rank", Value::Number(7));
    pre.Set("parallelism", Value::String("dep"));
    o.Set("prefill", Value::Object(pre));
    o.Set("decode", Value::String("weird"));
    pd_shapes.push_back(Value::Object(o));
  }
  const char* kv[] = {nullptr, "simple", "lmcache", "kv_store_centralized_mooncake", "kv_store_distributed_mooncake",
                      "no_such_kv"};
  int total = 0, ok = 0;
  for (const Recipe& recipe : c.recipes) {
    std::vector<std::string> features;
    if (const Value* fs = recipe.doc.Get("features"); fs && fs->is_object()) {
      for (const auto& [k, v] : fs->members()) features.push_back(k);
    }
    features.push_back("no_such_feature");
    std::vector<std::string> variants = {"default", "no_such_variant"};
    if (const Value* vs = recipe.doc.Get("variants"); vs && vs->is_object() && vs->size() > 1) {
      variants.push_back(vs->members().entries().back().first);
    }
    int i = 0;
    for (const auto& [hw, profile] : c.HardwareProfiles()->members()) {
      for (const std::string& strategy : strategies) {
        ++i;
        Selection s;
        s.hardware = hw;
        s.strategy = strategy;
        s.variant = variants[i % variants.size()];
        s.features = features;
        s.node_count = (i % 4) - 1;  // -1, 0, 1, 2
        s.pd_nodes = pd_shapes[i % pd_shapes.size()];
        if (const char* k = kv[i % 6]) s.kv_offload = k;
        s.kv_instances = i % 3 == 0 ? Value::Number(3) : Value();
        Resolution r = ResolveCommand(c, recipe, s);
        ++total;
        ok += r.ok();
        EXPECT_TRUE(r.ok() ? r.output.is_object() : r.output.is_null());
      }
    }
  }
  std::printf("sweep: %d resolutions, %d rendered, %d errors\n", total, ok, total - ok);
  EXPECT_GT(ok, total / 2);
}

}  // namespace
}  // namespace recipes

namespace recipes {
namespace {

TEST(ResolverTest, ProvenanceNotesFallbacksAndGatedSources) {
  Fixture f(R"(meta: {title: M}
model: {model_id: org/model}
features:
  only_dep:
    strategies: [single_node_dep]
    args: ["--dep-only"]
)");
  Selection s = Sel("single_node_tp", "h999");
  s.variant = "int3";
  s.features = {"only_dep", "missing"};
  s.kv_offload = "gated";  // requires opt-in, not verified here
  Resolution r = f.Resolve(s);
  ASSERT_TRUE(r.ok());
  std::string all;
  for (const SkippedSource& k : r.processes[0].skipped) all += k.what + ": " + k.reason + "\n";
  EXPECT_NE(all.find("variants.int3: no such variant"), std::string::npos) << all;
  EXPECT_NE(all.find("hardware h999: no such hardware profile"), std::string::npos) << all;
  EXPECT_NE(all.find("features.only_dep: not allowed for strategy single_node_tp"), std::string::npos) << all;
  EXPECT_NE(all.find("features.missing: the recipe has no such feature"), std::string::npos) << all;
  EXPECT_NE(all.find("taxonomy.kv_offload.gated: requires_opt_in"), std::string::npos) << all;
}

}  // namespace
}  // namespace recipes
