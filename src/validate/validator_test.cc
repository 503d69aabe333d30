// Unit tests of the schema and the rules: one small catalog per case (the
// base catalog of test_catalog.h plus one file), with the complete report.
#include <gtest/gtest.h>

#include "validate/test_catalog.h"

namespace recipes {
namespace {

using testing::ExpectReport;
using testing::ValidateFiles;
using testing::Validated;

TEST(ValidateRules, FeatureModeRulesOfTheReferenceBuilder) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X}
features:
  a:
    modes:
  b:
    args: [--x]
    default_mode: fast
    modes:
      fast: {args: [--fast]}
      slow: {args: --slow, variants: ~}
  c:
    default_mode: turbo
    modes:
      m1: {variants: [fp8, nope]}
variants:
  default: {precision: bf16, default_modes: {zzz: m, b: nope, a: x}}
  fp8: {precision: fp8, default_modes: {c: m1, b: slow}}
  int4:
    precision: int4
    default_modes:
      c: m1
)yaml",
               R"txt(models/org/x.yaml:4:5: error: features.a.modes must be a non-empty map
      modes:
      ^
models/org/x.yaml:6:5: error: features.b cannot declare both args and modes
      args: [--x]
      ^
models/org/x.yaml:10:20: error: features.b.modes.slow.args must be an array
        slow: {args: --slow, variants: ~}
                     ^
models/org/x.yaml:10:28: error: features.b.modes.slow.variants must be an array
        slow: {args: --slow, variants: ~}
                             ^
models/org/x.yaml:12:19: error: features.c.default_mode references unknown mode turbo
      default_mode: turbo
                    ^
models/org/x.yaml:13:5: error: features.c has no mode available for variant default
      modes:
      ^
models/org/x.yaml:13:5: error: features.c has no mode available for variant int4
      modes:
      ^
models/org/x.yaml:14:7: error: features.c.modes.m1.args must be an array
        m1: {variants: [fp8, nope]}
        ^
models/org/x.yaml:14:28: error: features.c.modes.m1.variants references unknown variant nope
        m1: {variants: [fp8, nope]}
                             ^
models/org/x.yaml:16:46: error: variants.default.default_modes references unknown feature zzz
    default: {precision: bf16, default_modes: {zzz: m, b: nope, a: x}}
                                               ^
models/org/x.yaml:16:57: error: variants.default.default_modes.b references unknown mode nope
    default: {precision: bf16, default_modes: {zzz: m, b: nope, a: x}}
                                                          ^
models/org/x.yaml:16:63: error: variants.default.default_modes references non-modal feature a
    default: {precision: bf16, default_modes: {zzz: m, b: nope, a: x}}
                                                                ^
models/org/x.yaml:21:10: error: variants.int4.default_modes.c selects mode m1, which is unavailable for that variant
        c: m1
           ^
8 files checked: 13 errors, 0 warnings
)txt",
               1);
}

TEST(ValidateRules, ValidModalFeatureIsClean) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X}
features:
  spec:
    default_mode: mtp
    modes:
      mtp: {args: [--speculative-config, '{"method":"mtp"}'], variants: [default]}
      eagle: {args: [], variants: [fp8], hardware: {hopper: unsupported}, hardware_overrides: {amd: {args: [--x]}, default: {args: []}}}
variants:
  default: {precision: bf16, default_modes: {spec: mtp}}
  fp8: {precision: fp8, default_modes: {spec: eagle}}
)yaml",
               R"txt(8 files checked: 0 errors, 0 warnings
)txt",
               0);
}

TEST(ValidateRules, TypesOfModelAndVariantKeys) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X}
model:
  model_id: org/x
  base_args: --trust-remote-code
  base_env: {A: 1, B: [x], C: 2026-01-02}
  install: {pip: "pip install x", docker: {command: 5, notes: x}}
  min_vllm_version: 0.11
  base_arg: []
variants:
  default: {precision: bf16, vram_minimum_gb: "80", extra_args: [--a, 8, "", ~, false], tp: 0}
  int4: {precision: int4, supported_hardware: [h100, h999, hopper]}
)yaml",
               R"txt(models/org/x.yaml:4:14: error: model.base_args must be a list of strings, found a string
    base_args: --trust-remote-code
               ^
models/org/x.yaml:5:23: error: model.base_env.B must be a string, number or boolean, found a list
    base_env: {A: 1, B: [x], C: 2026-01-02}
                        ^
models/org/x.yaml:5:31: warning: model.base_env.C is a date; quote it to keep the text as written
    base_env: {A: 1, B: [x], C: 2026-01-02}
                                ^
models/org/x.yaml:6:18: warning: model.install.pip is a string, which shows the default tab; use false to hide it or {command, note} to replace it
    install: {pip: "pip install x", docker: {command: 5, notes: x}}
                   ^
models/org/x.yaml:6:53: error: model.install.docker.command must be a string, found the number 5
    install: {pip: "pip install x", docker: {command: 5, notes: x}}
                                                      ^
models/org/x.yaml:6:56: warning: unknown key 'notes' in model.install.docker (did you mean 'note'?); it is ignored
    install: {pip: "pip install x", docker: {command: 5, notes: x}}
                                                         ^
models/org/x.yaml:7:21: warning: model.min_vllm_version must be a string, found the number 0.11 (it is only displayed or passed through)
    min_vllm_version: 0.11
                      ^
models/org/x.yaml:8:3: warning: unknown key 'base_arg' in model (did you mean 'base_args'?); it is ignored
    base_arg: []
    ^
models/org/x.yaml:10:47: error: variants.default.vram_minimum_gb must be a number, found a string
    default: {precision: bf16, vram_minimum_gb: "80", extra_args: [--a, 8, "", ~, false], tp: 0}
                                                ^
models/org/x.yaml:10:71: error: variants.default.extra_args[1] must be a string, found the number 8 (command rendering fails on an argument that is not a string; quote it)
    default: {precision: bf16, vram_minimum_gb: "80", extra_args: [--a, 8, "", ~, false], tp: 0}
                                                                        ^
models/org/x.yaml:10:93: warning: variants.default.tp is 0; only a number above 0 takes effect
    default: {precision: bf16, vram_minimum_gb: "80", extra_args: [--a, 8, "", ~, false], tp: 0}
                                                                                              ^
models/org/x.yaml:11:54: warning: unknown hardware id 'h999'; it is ignored
    int4: {precision: int4, supported_hardware: [h100, h999, hopper]}
                                                       ^
models/org/x.yaml:11:60: warning: 'hopper' is not a hardware id: only exact hardware ids are looked up here; it is ignored
    int4: {precision: int4, supported_hardware: [h100, h999, hopper]}
                                                             ^
8 files checked: 5 errors, 8 warnings
)txt",
               1);
}

TEST(ValidateRules, DockerImageShapes) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X}
model:
  docker_image: {nvidia: {cu130: vllm/vllm-openai:cu130, cu12: x}, amd: rocm/vllm}
variants:
  default: {precision: bf16, docker_image: vllm/vllm-openai:v1}
  a: {docker_image: {cu129: x, cu130: y}}
  b: {docker_image: 5}
  c: {docker_image: {amd: 5, rocm: x}}
  d: {docker_image: {cu13: x}}
  e: {hardware_overrides: {hopper: {docker_image: x}, h100: {docker_image: y}, a100: {}}}
)yaml",
               R"txt(models/org/x.yaml:3:58: warning: unknown key 'cu12' in model.docker_image.nvidia (did you mean 'cu129'?); it is ignored
    docker_image: {nvidia: {cu130: vllm/vllm-openai:cu130, cu12: x}, amd: rocm/vllm}
                                                           ^
models/org/x.yaml:7:21: error: variants.b.docker_image must be an image string, a map by brand (nvidia, amd, tpu, intel) or a map by CUDA build (cu129, cu130), found the number 5
    b: {docker_image: 5}
                      ^
models/org/x.yaml:8:27: error: variants.c.docker_image.amd must be an image string, found the number 5
    c: {docker_image: {amd: 5, rocm: x}}
                            ^
models/org/x.yaml:8:30: warning: unknown key 'rocm' in variants.c.docker_image; it is ignored
    c: {docker_image: {amd: 5, rocm: x}}
                               ^
models/org/x.yaml:9:21: warning: variants.d.docker_image has no brand keys (nvidia, amd, tpu, intel) and no CUDA keys (cu129, cu130), so it is ignored
    d: {docker_image: {cu13: x}}
                      ^
models/org/x.yaml:10:37: warning: variants.e.hardware_overrides.hopper.docker_image is ignored: images are pinned only under an exact hardware id
    e: {hardware_overrides: {hopper: {docker_image: x}, h100: {docker_image: y}, a100: {}}}
                                      ^
models/org/x.yaml:10:80: warning: 'a100' is not a hardware id, generation or 'nvidia' (did you mean 'h100'?); this entry is never used
    e: {hardware_overrides: {hopper: {docker_image: x}, h100: {docker_image: y}, a100: {}}}
                                                                                 ^
8 files checked: 2 errors, 5 warnings
)txt",
               1);
}

TEST(ValidateRules, InstallTabs) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X}
model:
  install:
    pip: false
    docker: {command: "docker pull x", note: ok}
variants:
  default: {}
)yaml",
               R"txt(8 files checked: 0 errors, 0 warnings
)txt",
               0);
}

TEST(ValidateRules, UnknownKeys) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X, titel: Y}
model: {model_id: x, base_arg: []}
variant: {}
my_custom_key: 1
variants:
  default: {precision: bf16, extra_arg: [], whatever: 1}
)yaml",
               R"txt(models/org/x.yaml:1:18: warning: unknown key 'titel' in meta (did you mean 'title'?); it is ignored
  meta: {title: X, titel: Y}
                   ^
models/org/x.yaml:2:22: warning: unknown key 'base_arg' in model (did you mean 'base_args'?); it is ignored
  model: {model_id: x, base_arg: []}
                       ^
models/org/x.yaml:3:1: warning: unknown key 'variant' (did you mean 'variants'?); it is passed into the JSON unchanged and not read
  variant: {}
  ^
models/org/x.yaml:6:30: warning: unknown key 'extra_arg' in variants.default (did you mean 'extra_args'?); it is ignored
    default: {precision: bf16, extra_arg: [], whatever: 1}
                               ^
models/org/x.yaml:6:45: warning: unknown key 'whatever' in variants.default; it is ignored
    default: {precision: bf16, extra_arg: [], whatever: 1}
                                              ^
8 files checked: 0 errors, 5 warnings
)txt",
               0);
}

TEST(ValidateRules, CrossReferences) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X}
features:
  f: {args: [--f], hardware_overrides: {h100: {args: []}, hopper: {args: []}, nvidia: {args: []}, amd: {}}, strategies: [single_node_tp, multi_node_tep], default_mode: x}
  g:
    modes:
      m: {args: [], hardware: {h100: unsupported, nvidia: unsupported}, hardware_overrides: {nvidia: {args: []}, NVIDIA: {args: []}}}
    hardware_overrides: {hopper: {args: []}}
opt_in_features: [f, tool_caling]
hardware_opt_in_features: {h100: [g, nope], x100: [f]}
variants:
  default: {precision: bf16}
compatible_strategies: [single_node_tp, single_node_tp, kv_store_mooncake, single_node_tpp]
default_strategy: multi_node_tp
strategy_hardware:
  pd_cluster: {hopper: supported, h100: unsupported, ampere: supported}
strategy_min_gpus: {multi_node_tp: 16, h100: {tp: 8, dep: x}, blackwell: 8}
strategy_overrides:
  single_node_tp: {tp: {default: 2}, hardware_overrides: {h100: {extra_args: [--a]}, hopper: {extra_env: {A: b}}}}
  pd_cluster:
    prefill: {parallelism: dep, nodes: {default: 1, h100: 2, hopper: 3}, hardware_overrides: {hopper: {}}}
    pool_modes: [dep, ep]
  multi_node_xx: {}
hardware_overrides: {h100: {extra_args: []}, hopper: {extra_args: [--h], install_note: x}, nvidia: {}}
kv_offload_support: {simple: verified, offloading_cpu: yes, lmcache: unsupported}
kv_cache_strategy_hardware: {kv_store_mooncake: {h100: unsupported}, kv_store_other: {}}
hardware_notes: {h100: {title: t, body: b, link: {href: h}}, h1000: {title: x}}
)yaml",
               R"txt(models/org/x.yaml:3:41: warning: 'h100' is a hardware id, but this map is looked up by generation (hopper, blackwell, amd) or 'nvidia' only; this entry is never used
    f: {args: [--f], hardware_overrides: {h100: {args: []}, hopper: {args: []}, nvidia: {args: []}, amd: {}}, strategies: [single_node_tp, multi_node_tep], defaul
                                          ^
models/org/x.yaml:3:138: warning: unknown strategy 'multi_node_tep' (did you mean 'multi_node_tp'?); it is ignored
  ... hopper: {args: []}, nvidia: {args: []}, amd: {}}, strategies: [single_node_tp, multi_node_tep], default_mode: x}
                                                                                     ^
models/org/x.yaml:3:155: warning: features.f.default_mode has no effect: the feature has no modes
  ...]}, nvidia: {args: []}, amd: {}}, strategies: [single_node_tp, multi_node_tep], default_mode: x}
                                                                                     ^
models/org/x.yaml:6:51: warning: 'nvidia' is not a hardware id or generation (brands and 'default' are not consulted here); this entry is never used
        m: {args: [], hardware: {h100: unsupported, nvidia: unsupported}, hardware_overrides: {nvidia: {args: []}, NVIDIA: {args: []}}}
                                                    ^
models/org/x.yaml:6:114: warning: 'NVIDIA' is not a hardware id, generation, lower-case brand or 'default' (did you mean 'nvidia'?); this entry is never used
        m: {args: [], hardware: {h100: unsupported, nvidia: unsupported}, hardware_overrides: {nvidia: {args: []}, NVIDIA: {args: []}}}
                                                                                                                   ^
models/org/x.yaml:7:5: warning: features.g.hardware_overrides is only read for flat features; a modal feature takes hardware_overrides per mode
      hardware_overrides: {hopper: {args: []}}
      ^
models/org/x.yaml:8:22: error: unknown feature 'tool_caling' in opt_in_features; the choice it names does not exist, so users never get it
  opt_in_features: [f, tool_caling]
                       ^
models/org/x.yaml:9:38: error: unknown feature 'nope' in hardware_opt_in_features; the choice it names does not exist, so users never get it
  hardware_opt_in_features: {h100: [g, nope], x100: [f]}
                                       ^
models/org/x.yaml:9:45: warning: unknown hardware id 'x100' (did you mean 'h100'?); this entry is never used
  hardware_opt_in_features: {h100: [g, nope], x100: [f]}
                                              ^
models/org/x.yaml:12:41: warning: strategy 'single_node_tp' is listed twice in compatible_strategies
  compatible_strategies: [single_node_tp, single_node_tp, kv_store_mooncake, single_node_tpp]
                                          ^
models/org/x.yaml:12:57: warning: 'kv_store_mooncake' is a kv-store deployment, not a serving strategy (Mooncake deployments are offered to every recipe)
  compatible_strategies: [single_node_tp, single_node_tp, kv_store_mooncake, single_node_tpp]
                                                          ^
models/org/x.yaml:12:76: error: unknown strategy 'single_node_tpp' (did you mean 'single_node_tp'?) in compatible_strategies; the choice it names does not exist, so users never get it
  compatible_strategies: [single_node_tp, single_node_tp, kv_store_mooncake, single_node_tpp]
                                                                             ^
models/org/x.yaml:13:19: warning: default_strategy 'multi_node_tp' is not among the recipe's strategies (compatible_strategies and strategy_hardware entries marked supported), so it is ignored
  default_strategy: multi_node_tp
                    ^
models/org/x.yaml:15:54: warning: 'ampere' is not a hardware id, generation, lower-case brand or 'default'; this entry is never used
    pd_cluster: {hopper: supported, h100: unsupported, ampere: supported}
                                                       ^
models/org/x.yaml:16:59: error: strategy_min_gpus.h100.dep must be a number, found a string
  strategy_min_gpus: {multi_node_tp: 16, h100: {tp: 8, dep: x}, blackwell: 8}
                                                            ^
models/org/x.yaml:16:63: warning: 'blackwell' is not a strategy id, PD pool mode (tp, tep, dep) or hardware id; this entry is never used
  strategy_min_gpus: {multi_node_tp: 16, h100: {tp: 8, dep: x}, blackwell: 8}
                                                                ^
models/org/x.yaml:20:62: warning: 'hopper' is not a hardware id: only exact hardware ids and 'default' are looked up here; this entry is never used
      prefill: {parallelism: dep, nodes: {default: 1, h100: 2, hopper: 3}, hardware_overrides: {hopper: {}}}
                                                               ^
models/org/x.yaml:20:95: warning: 'hopper' is not a hardware id: only exact hardware ids are looked up here; this entry is never used
      prefill: {parallelism: dep, nodes: {default: 1, h100: 2, hopper: 3}, hardware_overrides: {hopper: {}}}
                                                                                                ^
models/org/x.yaml:21:23: warning: unknown PD pool mode 'ep' (did you mean 'tp'?)
      pool_modes: [dep, ep]
                        ^
models/org/x.yaml:22:3: warning: unknown strategy 'multi_node_xx' (did you mean 'multi_node_tp'?); this entry is never used
    multi_node_xx: {}
    ^
models/org/x.yaml:23:22: warning: 'h100' is a hardware id, but this map is looked up by generation (hopper, blackwell, amd) or 'nvidia' only; this entry is never used
  hardware_overrides: {h100: {extra_args: []}, hopper: {extra_args: [--h], install_note: x}, nvidia: {}}
                       ^
models/org/x.yaml:24:56: warning: kv_offload_support.offloading_cpu is 'yes'; expected verified, unsupported, supported
  kv_offload_support: {simple: verified, offloading_cpu: yes, lmcache: unsupported}
                                                         ^
models/org/x.yaml:24:61: warning: unknown kv offload option 'lmcache'; this entry is never used
  kv_offload_support: {simple: verified, offloading_cpu: yes, lmcache: unsupported}
                                                              ^
models/org/x.yaml:25:70: warning: unknown kv-store deployment 'kv_store_other'; this entry is never used
  kv_cache_strategy_hardware: {kv_store_mooncake: {h100: unsupported}, kv_store_other: {}}
                                                                       ^
models/org/x.yaml:26:62: warning: unknown hardware id 'h1000' (did you mean 'h100'?); this entry is never used
  hardware_notes: {h100: {title: t, body: b, link: {href: h}}, h1000: {title: x}}
                                                               ^
8 files checked: 4 errors, 21 warnings
)txt",
               1);
}

TEST(ValidateRules, StrategyMinGpusShapes) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X}
variants: {default: {}}
strategy_min_gpus: 16
)yaml",
               R"txt(8 files checked: 0 errors, 0 warnings
)txt",
               0);
}

TEST(ValidateRules, MetaShapes) {
  ExpectReport("models/org/x.yaml", R"yaml(meta:
  title: X
  hardware: {h100: verified, h20: supported, b200: maybe}
  default_hardware: b300
  tasks: [text, chat]
  platforms: [modal, {id: runpod, url: x}, 5]
  date_added: 2026-01-02
  date_updated: "2026-01-03"
  related_recipes: org/y
variants: {default: {}}
)yaml",
               R"txt(models/org/x.yaml:3:30: warning: unknown hardware id 'h20'; this entry is never used
    hardware: {h100: verified, h20: supported, b200: maybe}
                               ^
models/org/x.yaml:3:52: warning: meta.hardware.b200 is 'maybe'; expected verified, supported, unsupported
    hardware: {h100: verified, h20: supported, b200: maybe}
                                                     ^
models/org/x.yaml:4:21: warning: unknown hardware id 'b300' (did you mean 'b200'?); it is ignored
    default_hardware: b300
                      ^
models/org/x.yaml:5:17: warning: unknown task 'chat'
    tasks: [text, chat]
                  ^
models/org/x.yaml:6:27: warning: unknown platform 'runpod'; unknown platforms are dropped
    platforms: [modal, {id: runpod, url: x}, 5]
                            ^
models/org/x.yaml:6:44: warning: meta.platforms[2] must be a string or a map, found the number 5 (it is only displayed or passed through)
    platforms: [modal, {id: runpod, url: x}, 5]
                                             ^
models/org/x.yaml:9:20: warning: meta.related_recipes must be a list of strings, found a string (it is only displayed or passed through)
    related_recipes: org/y
                     ^
8 files checked: 0 errors, 7 warnings
)txt",
               0);
}

TEST(ValidateRules, DefaultHardwareMarkedUnsupported) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X, hardware: {h100: unsupported}, default_hardware: h100}
variants: {default: {}}
)yaml",
               R"txt(models/org/x.yaml:1:67: warning: meta.default_hardware 'h100' is marked unsupported in meta.hardware, so it is ignored
  meta: {title: X, hardware: {h100: unsupported}, default_hardware: h100}
                                                                    ^
8 files checked: 0 errors, 1 warning
)txt",
               0);
}

TEST(ValidateRules, OmniShapes) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X, tasks: [omni]}
omni:
  tasks: [t2i, t2x, {id: i2v, key: a, hardware_overrides: {h100: {extra_args: [--x]}}}, {key: b}]
  port: "8000"
variants:
  default: {precision: bf16}
)yaml",
               R"txt(models/org/x.yaml:3:16: warning: unknown omni task 't2x' (did you mean 't2i'?); unknown tasks are skipped
    tasks: [t2i, t2x, {id: i2v, key: a, hardware_overrides: {h100: {extra_args: [--x]}}}, {key: b}]
                 ^
models/org/x.yaml:3:89: warning: an omni task without an 'id' is skipped
    tasks: [t2i, t2x, {id: i2v, key: a, hardware_overrides: {h100: {extra_args: [--x]}}}, {key: b}]
                                                                                          ^
models/org/x.yaml:4:9: warning: omni.port must be a number, found a string (it is only displayed or passed through)
    port: "8000"
          ^
8 files checked: 0 errors, 3 warnings
)txt",
               0);
}

TEST(ValidateRules, RecipeStructure) {
  ExpectReport("models/org/x.yaml", R"yaml(model: {model_id: x}
variants: {fp8: {precision: fp8}}
omni: {tasks: [t2i]}
)yaml",
               R"txt(models/org/x.yaml:1:1: error: a recipe needs a 'meta' map (title, provider, …); the builder stops at a recipe without one
  model: {model_id: x}
  ^
models/org/x.yaml:2:11: warning: variants has no 'default' entry: the recipe JSON renders the default variant
  variants: {fp8: {precision: fp8}}
            ^
models/org/x.yaml:3:1: warning: the omni block is only used when meta.tasks lists 'omni'
  omni: {tasks: [t2i]}
  ^
8 files checked: 1 error, 2 warnings
)txt",
               1);
}

TEST(ValidateRules, EmptyMetaFeatureAndVariantStopTheBuilder) {
  ExpectReport("models/org/x.yaml", R"yaml(meta:
features:
  f:
  g: {args: []}
variants:
  default:
  fp8: {}
)yaml",
               R"txt(models/org/x.yaml:1:1: error: a recipe needs a 'meta' map (title, provider, …); the builder stops at a recipe without one
  meta:
  ^
models/org/x.yaml:3:3: error: features.f is empty; a feature must be a map
    f:
    ^
models/org/x.yaml:6:3: error: variants.default is empty; a variant must be a map
    default:
    ^
8 files checked: 3 errors, 0 warnings
)txt",
               1);
}

TEST(ValidateRules, VariantPromotionCollision) {
  ExpectReport("models/org/x.yaml", R"yaml(meta: {title: X}
variants:
  default: {model_id: org/good}
  self: {model_id: org/x}
  fine: {model_id: org/x-FP8}
)yaml",
               R"txt(models/org/x.yaml:3:23: warning: variant promotion skipped: org/good (variant of org/x) collides with a standalone recipe
    default: {model_id: org/good}
                        ^
8 files checked: 0 errors, 1 warning
)txt",
               0);
}

}  // namespace
}  // namespace recipes
