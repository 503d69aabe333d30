// Symbolic ranks: a plan's head and follower, bound to each rank, equal the
// literal `recipes command` resolution of that rank — for every multi-node
// shape (multi-node strategies, PD pools across nodes, Mooncake instances) of
// every recipe of the embedded catalog, and of the reference catalog when
// ../shared is present.
#include <gtest/gtest.h>

#include <filesystem>

#include "deploy/deploy_plan.h"
#include "deploy/multi_node_selections.h"
#include "parse/catalog_loader.h"
#include "resolve/resolver.h"
#include "resolve/selection.h"

namespace recipes {
namespace {

std::vector<std::string> Strings(const Value* v) {
  std::vector<std::string> out;
  if (v && v->is_array()) {
    for (const Value& t : v->items()) out.push_back(t.is_string() ? t.str() : t.ToDisplayString());
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Env(const Value* v) {
  std::vector<std::pair<std::string, std::string>> out;
  if (v && v->is_object()) {
    for (const auto& [k, e] : v->members()) out.emplace_back(k, e.ToDisplayString());
  }
  return out;
}

// Every rank of every group of `sel`; returns the number of ranks compared.
int CheckSelection(const Catalog& catalog, const Recipe& recipe, const Selection& sel) {
  std::string error;
  std::optional<DeployPlan> plan = BuildDeployPlan(catalog, recipe, sel, &error);
  EXPECT_TRUE(plan) << recipe.hf_id << ": " << error;
  if (!plan) return 0;
  int compared = 0;
  for (const DeployGroup& g : plan->groups) {
    if (g.kind != "vllm") continue;
    for (int rank = 0; rank < std::max(1, g.nodes); ++rank) {
      Selection s = sel;
      const Value* argv = nullptr;
      const Value* env = nullptr;
      ResolveOptions o;
      o.provenance = false;
      Resolution res;
      if (plan->deploy_type == "pd_cluster") {
        ObjectItems pd;
        for (const auto& [k, v] : sel.pd_nodes.members()) pd.Set(k, v);
        ObjectItems role;
        const Value* cur = sel.pd_nodes.Get(g.name);
        if (cur && cur->is_object()) {
          for (const auto& [k, v] : cur->members()) role.Set(k, v);
        } else if (cur && cur->is_number()) {
          role.Set("nodes", *cur);
        }
        role.Set("rank", Value::Number(rank));
        pd.Set(g.name, Value::Object(std::move(role)));
        s.pd_nodes = Value::Object(std::move(pd));
        res = ResolveCommand(catalog, recipe, s, o);
        const Value* r = res.output.Get(g.name);
        argv = r ? r->Get("argv") : nullptr;
        env = r ? r->Get("env") : nullptr;
      } else if (plan->deploy_type == "kv_store_lb") {
        ObjectItems ki;
        ki.Set("count", Value::Number(std::max(1, static_cast<int>(plan->groups.size()))));
        int count = 0;
        for (const DeployGroup& x : plan->groups) count += x.kind == "vllm";
        ki.Set("count", Value::Number(count));
        ki.Set("current", Value::Number(std::max(0, g.instance - 1)));
        s.kv_instances = Value::Object(std::move(ki));
        res = ResolveCommand(catalog, recipe, s, o);
        const Value* v = res.output.Get("vllm");
        argv = rank == 0 ? v->Get("argv") : v->Get("workerArgvs")->At(rank - 1);
        env = v->Get("env");
      } else {
        res = ResolveCommand(catalog, recipe, s, o);
        const Value& out = res.output;
        argv = out.Get("headArgv") ? (rank == 0 ? out.Get("headArgv") : out.Get("workerArgvs")->At(rank - 1))
                                   : out.Get("argv");
        env = out.Get("env");
      }
      EXPECT_TRUE(res.ok()) << recipe.hf_id;
      DeployProcess bound = CommandFormOfRank(g, rank);
      EXPECT_EQ(bound.argv, Strings(argv)) << recipe.hf_id << " " << plan->selection << " group " << g.name
                                           << " rank " << rank;
      EXPECT_EQ(bound.env, Env(env)) << recipe.hf_id << " " << plan->selection << " group " << g.name << " rank "
                                     << rank;
      ++compared;
    }
  }
  return compared;
}

void CheckCatalog(const Catalog& catalog, int min_selections) {
  int selections = 0, ranks = 0;
  for (const Recipe& recipe : catalog.recipes) {
    for (const Selection& sel : MultiNodeSelections(catalog, recipe)) {
      ++selections;
      ranks += CheckSelection(catalog, recipe, sel);
    }
  }
  std::printf("symbolic ranks: %d multi-node selections, %d ranks bound and compared\n", selections, ranks);
  EXPECT_GE(selections, min_selections);
}

TEST(SymbolicRanks, EmbeddedCatalogEveryRankEqualsCommand) {
  LoadResult loaded = LoadCatalogFrom("");
  CheckCatalog(*loaded.catalog, 10);
}

TEST(SymbolicRanks, ReferenceCatalogEveryRankEqualsCommand) {
  std::string dir = RECIPES_SOURCE_DIR "/../shared/reference/catalog";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "skipped: no reference catalog at " << dir << " (../shared is absent)";
  LoadResult loaded = LoadCatalogFrom(dir);
  CheckCatalog(*loaded.catalog, 10);
}

TEST(SymbolicRanks, FollowerCarriesRankSymbols) {
  LoadResult loaded = LoadCatalogFrom("");
  const Recipe* r = loaded.catalog->FindRecipe("deepseek-ai/DeepSeek-R1");
  ASSERT_TRUE(r);
  SelectionRequest req;
  req.strategy = "multi_node_tp";
  req.node_count = 3;
  SelectionOutcome out = DefaultSelection(*loaded.catalog, *r, req);
  ASSERT_TRUE(out.ok());
  std::string err;
  std::optional<DeployPlan> plan = BuildDeployPlan(*loaded.catalog, *r, out.selection, &err);
  ASSERT_TRUE(plan) << err;
  ASSERT_EQ(plan->groups.size(), 1u);
  ASSERT_TRUE(plan->groups[0].worker);
  const std::vector<std::string>& w = plan->groups[0].worker->argv;
  auto it = std::find(w.begin(), w.end(), "--node-rank");
  ASSERT_NE(it, w.end());
  EXPECT_EQ(*(it + 1), "$NODE_RANK");
  EXPECT_NE(std::find(w.begin(), w.end(), "--headless"), w.end());
  EXPECT_EQ(CommandFormOfRank(plan->groups[0], 2).argv[std::distance(w.begin(), it) + 1], "2");
}

}  // namespace
}  // namespace recipes
