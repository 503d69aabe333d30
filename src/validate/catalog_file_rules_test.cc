// Unit tests of the rules for the catalog's other files (strategies, kv
// stores, taxonomy, platforms) and of recipe ids: one small catalog per case
// (test_catalog.h's base catalog plus one file), with the complete report.
#include <gtest/gtest.h>

#include "validate/test_catalog.h"

namespace recipes {
namespace {

using testing::ExpectReport;
using testing::ValidateFiles;
using testing::Validated;

TEST(ValidateRules, StrategyFiles) {
  ExpectReport("strategies/broken.yaml", R"yaml(name: single_node_tp
deploy_type: single_nodes
vllm_args: [--enable-expert-parallel, 8]
parallelism: tp_xx
env: {A: {b: c}}
prefill: {vllm_args: [], parallelism: dpe}
hardware_match: {min_gpus: two}
)yaml",
               R"txt(strategies/broken.yaml:2:14: warning: deploy_type is 'single_nodes'; expected single_node, multi_node, pd_cluster (did you mean 'single_node'?)
  deploy_type: single_nodes
               ^
strategies/broken.yaml:3:39: error: vllm_args[1] must be a string, found the number 8 (command rendering fails on an argument that is not a string; quote it)
  vllm_args: [--enable-expert-parallel, 8]
                                        ^
strategies/broken.yaml:4:14: warning: parallelism is 'tp_xx'; expected tp_pp, tp_dp (did you mean 'tp_pp'?)
  parallelism: tp_xx
               ^
strategies/broken.yaml:5:10: error: env.A must be a string, number or boolean, found a map
  env: {A: {b: c}}
           ^
strategies/broken.yaml:6:39: warning: unknown PD pool mode 'dpe' (did you mean 'dep'?)
  prefill: {vllm_args: [], parallelism: dpe}
                                        ^
strategies/broken.yaml:7:28: warning: hardware_match.min_gpus must be a number, found a string (it is only displayed or passed through)
  hardware_match: {min_gpus: two}
                             ^
strategies/single_node_tp.yaml:1:7: warning: another file already defines 'single_node_tp'; this later file replaces it
  name: single_node_tp
        ^
8 files checked: 2 errors, 5 warnings
)txt",
               1);
}

TEST(ValidateRules, KvStoreFiles) {
  ExpectReport("kv_store/other.yaml", R"yaml(name: kv_store_other
deploy_type: kv_store
vllm:
  vllm_args: [--kv-transfer-config, '{}']
  env: {PYTHONHASHSEED: 0}
  install: {nvidia: x, amd: 5}
  port: "8000"
default_instances: two
)yaml",
               R"txt(kv_store/other.yaml:2:14: warning: deploy_type is 'kv_store'; expected kv_store_lb
  deploy_type: kv_store
               ^
kv_store/other.yaml:6:29: error: vllm.install.amd must be a string, found the number 5
    install: {nvidia: x, amd: 5}
                              ^
kv_store/other.yaml:7:9: error: vllm.port must be a number, found a string
    port: "8000"
          ^
kv_store/other.yaml:8:20: error: default_instances must be a number, found a string
  default_instances: two
                     ^
8 files checked: 3 errors, 1 warning
)txt",
               1);
}

TEST(ValidateRules, TaxonomyShapes) {
  ExpectReport("taxonomy.yaml", R"yaml(hardware_profiles:
  h100: {brand: NVIDIA, generation: hopper, gpu_count: "8", vram_gb: 640, scalable: no}
  mi300x: {brand: AMD, generation: [amd, cdna3], gpu_count: 8, vram_gb: 1536, restricted: true, vram: 1}
tasks: [{id: text}]
kv_offload:
  simple: {args: [--kv-transfer-config, 1], strategies: [single_node_tp, nope], brands: [NVIDIA, nvidia], group: grp}
)yaml",
               R"txt(taxonomy.yaml:2:56: error: hardware_profiles.h100.gpu_count must be a number, found a string
    h100: {brand: NVIDIA, generation: hopper, gpu_count: "8", vram_gb: 640, scalable: no}
                                                         ^
taxonomy.yaml:2:85: error: hardware_profiles.h100.scalable must be true or false, found a string
    h100: {brand: NVIDIA, generation: hopper, gpu_count: "8", vram_gb: 640, scalable: no}
                                                                                      ^
taxonomy.yaml:3:97: warning: unknown key 'vram' in hardware_profiles.mi300x; it is ignored
    mi300x: {brand: AMD, generation: [amd, cdna3], gpu_count: 8, vram_gb: 1536, restricted: true, vram: 1}
                                                                                                  ^
taxonomy.yaml:6:41: error: kv_offload.simple.args[1] must be a string, found the number 1 (command rendering fails on an argument that is not a string; quote it)
    simple: {args: [--kv-transfer-config, 1], strategies: [single_node_tp, nope], brands: [NVIDIA, nvidia], group: grp}
                                          ^
taxonomy.yaml:6:74: warning: unknown strategy 'nope'; it is ignored
    simple: {args: [--kv-transfer-config, 1], strategies: [single_node_tp, nope], brands: [NVIDIA, nvidia], group: grp}
                                                                           ^
taxonomy.yaml:6:98: warning: unknown brand 'nvidia' (did you mean 'NVIDIA'?) (brands are compared case-sensitively)
    simple: {args: [--kv-transfer-config, 1], strategies: [single_node_tp, nope], brands: [NVIDIA, nvidia], group: grp}
                                                                                                   ^
taxonomy.yaml:6:114: warning: unknown kv offload group 'grp'; it is ignored
    simple: {args: [--kv-transfer-config, 1], strategies: [single_node_tp, nope], brands: [NVIDIA, nvidia], group: grp}
                                                                                                                   ^
7 files checked: 3 errors, 4 warnings
)txt",
               1);
}

TEST(ValidateRules, PlatformShapes) {
  ExpectReport("platforms.yaml", R"yaml(platforms:
  - {id: modal, name: Modal, instal: x}
  - id: sagemaker
    url: 5
)yaml",
               R"txt(platforms.yaml:2:30: warning: unknown key 'instal' in platforms[0] (did you mean 'install'?); it is passed into the JSON unchanged and not read
    - {id: modal, name: Modal, instal: x}
                               ^
platforms.yaml:4:10: warning: platforms[1].url must be a string, found the number 5 (it is only displayed or passed through)
      url: 5
           ^
7 files checked: 0 errors, 2 warnings
)txt",
               0);
}

TEST(ValidateRules, RecipesWithOneIdFromTwoPaths) {
  Validated v = ValidateFiles({{"models/org/good.yml", "meta: {title: Y}\nvariants: {default: {}}\n"},
                               {"models/org/sub/good.yaml", "meta: {title: Z}\nvariants: {default: {}}\n"}});
  EXPECT_EQ(v.text,
            "models/org/good.yml:1:1: warning: this recipe's id org/good is also the id of models/org/good.yaml; its "
            "output overwrites that one's\n"
            "  meta: {title: Y}\n"
            "  ^\n"
            "models/org/sub/good.yaml:1:1: warning: this recipe's id org/good is also the id of models/org/good.yaml; "
            "its output overwrites that one's\n"
            "  meta: {title: Z}\n"
            "  ^\n"
            "9 files checked: 0 errors, 2 warnings\n");
  EXPECT_EQ(v.exit_code, 0);
}

}  // namespace
}  // namespace recipes
