// Test helper: a small in-memory catalog (taxonomy, strategies, kv stores)
// plus one recipe under test, resolved with ResolveCommand; and short
// renderings of argv and values for assertions. Used by *_test.cc only.
#ifndef RECIPES_RESOLVE_RESOLVER_TEST_FIXTURE_H_
#define RECIPES_RESOLVE_RESOLVER_TEST_FIXTURE_H_

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "parse/catalog_loader.h"
#include "parse/file_system.h"
#include "render/json_writer.h"
#include "resolve/resolver.h"

namespace recipes::testing {

inline const char* const kTaxonomy = R"(hardware_profiles:
  h200:
    brand: NVIDIA
    generation: hopper
    gpu_count: 8
    vram_gb: 1128
  b200:
    brand: NVIDIA
    generation: blackwell
    gpu_count: 8
    vram_gb: 1440
  gb200:
    brand: NVIDIA
    generation: blackwell
    gpu_count: 4
    vram_gb: 744
  mi355x:
    brand: AMD
    generation: amd
    gpu_count: 8
    vram_gb: 2304
  xeon:
    brand: Intel
    generation: cpu
    vram_gb: 512
kv_offload:
  simple:
    args: ["--kv-transfer-config", '{"kv_connector":"Simple"}']
  gated:
    requires_opt_in: true
    brands: [NVIDIA]
    env:
      PYTHONHASHSEED: "0"
    args: ["--kv-transfer-config", '{"kv_connector":"Gated"}']
)";

inline std::map<std::string, std::string> BaseFiles() {
  return {
      {"taxonomy.yaml", kTaxonomy},
      {"strategies/single_node_tp.yaml",
       "name: single_node_tp\ndeploy_type: single_node\nvllm_args: []\nparallel_flag: \"--tensor-parallel-size\"\n"},
      {"strategies/single_node_dep.yaml",
       "name: single_node_dep\ndeploy_type: single_node\nvllm_args: [\"--enable-expert-parallel\"]\n"
       "parallel_flag: \"--data-parallel-size\"\n"},
      {"strategies/multi_node_tp.yaml",
       "name: multi_node_tp\ndeploy_type: multi_node\nparallel_flag: \"--tensor-parallel-size\"\n"
       "env:\n  GLOO_SOCKET_IFNAME: \"$IFACE_NAME\"\n"},
      {"strategies/multi_node_dep.yaml",
       "name: multi_node_dep\ndeploy_type: multi_node\nvllm_args: [\"--enable-expert-parallel\"]\n"
       "parallel_flag: \"--data-parallel-size\"\n"},
      {"strategies/multi_node_tp_pp.yaml",
       "name: multi_node_tp_pp\ndeploy_type: multi_node\nparallelism: tp_pp\nparallel_flag: \"--tensor-parallel-size\"\n"},
      {"strategies/multi_node_tp_dp.yaml",
       "name: multi_node_tp_dp\ndeploy_type: multi_node\nparallelism: tp_dp\nparallel_flag: \"--tensor-parallel-size\"\n"},
      {"strategies/pd_cluster.yaml", R"(name: pd_cluster
deploy_type: pd_cluster
prefill:
  vllm_args: ["--port", "8001"]
  env:
    NCCL_CUMEM_ENABLE: "1"
    VLLM_NIXL_SIDE_CHANNEL_HOST: "$PREFILL_NODE_1"
decode:
  vllm_args: ["--port", "8002"]
  env:
    VLLM_NIXL_SIDE_CHANNEL_HOST: "$DECODE_NODE_1"
parallel_flag: "--tensor-parallel-size"
router:
  policy: round_robin
)"},
      {"kv_store/mooncake.yaml", R"(name: mooncake
deploy_type: kv_store_lb
router:
  policy: cache_aware
vllm:
  vllm_args: ["--kv-transfer-config", '{"kv_connector":"MooncakeStoreConnector"}']
  env:
    PYTHONHASHSEED: 0
  install:
    nvidia: "pip install mooncake"
  port: 8000
mooncake_master:
  command: mooncake_master
default_instances: 2
)"},
  };
}

class Fixture {
 public:
  explicit Fixture(const std::string& recipe_yaml, std::map<std::string, std::string> extra = {}) {
    auto files = BaseFiles();
    files["models/org/model.yaml"] = recipe_yaml;
    for (auto& [k, v] : extra) files[k] = v;
    LoadResult r = LoadCatalog(*NewMemoryFileSystem(files));
    for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << d.Render();
    catalog_ = std::move(r.catalog);
  }
  Resolution Resolve(const Selection& s) const {
    return ResolveCommand(*catalog_, *catalog_->FindRecipe("org/model"), s);
  }
  const Catalog& catalog() const { return *catalog_; }

 private:
  std::unique_ptr<Catalog> catalog_;
};

inline Selection Sel(std::string strategy, std::string hw, int nodes = 1) {
  Selection s;
  s.strategy = std::move(strategy);
  s.hardware = std::move(hw);
  s.node_count = nodes;
  return s;
}

inline std::string Argv(const Value* argv) {
  std::string out;
  for (size_t i = 3; argv && i < argv->size(); ++i) {
    if (!out.empty()) out += ' ';
    out += argv->At(i)->str();
  }
  return out;
}

inline std::string Str(const Value* v) { return v && v->is_string() ? v->str() : "<" + (v ? ToJson(*v, 0) : "absent") + ">"; }

}  // namespace recipes::testing

#endif  // RECIPES_RESOLVE_RESOLVER_TEST_FIXTURE_H_
