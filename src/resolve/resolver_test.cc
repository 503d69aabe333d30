// Rule-by-rule tests of ResolveCommand on small in-memory catalogs.
#include "resolve/resolver.h"

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "parse/catalog_loader.h"
#include "parse/file_system.h"
#include "render/docker.h"
#include "render/json_writer.h"
#include "render/shell_command.h"
#include "resolve/resolver_test_fixture.h"

namespace recipes {
namespace {

using testing::Argv;
using testing::Fixture;
using testing::Sel;
using testing::Str;

// ---------------------------------------------------------------------------

TEST(ResolverTest, OverridePrecedenceFollowsEmissionOrder) {
  Fixture f(R"(meta: {title: M}
model:
  model_id: org/model
  base_args: ["--max-model-len", "1000", "--block-size", "16"]
variants:
  default:
    extra_args: ["--max-model-len", "2000"]
    hardware_overrides:
      h200:
        extra_args: ["--block-size", "32"]
      hopper:
        extra_args: ["--variant-gen"]
hardware_overrides:
  hopper:
    extra_args: ["--recipe-gen"]
features:
  tool_calling:
    args: ["--max-model-len", "4000"]
strategy_overrides:
  single_node_tp:
    extra_args: ["--max-model-len", "3000"]
)");
  Selection s = Sel("single_node_tp", "h200");
  Resolution r = f.Resolve(s);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(Argv(r.output.Get("argv")),
            "--block-size 32 --tensor-parallel-size 8 --max-model-len 3000 --recipe-gen --variant-gen");
  // Features beat overrides; advanced args sit before features.
  s.features = {"tool_calling"};
  s.advanced_args = {"--max-model-len", "5000"};
  r = f.Resolve(s);
  EXPECT_EQ(Argv(r.output.Get("argv")),
            "--block-size 32 --tensor-parallel-size 8 --recipe-gen --variant-gen --max-model-len 4000");
  // Provenance: the winner and the overridden copies with their layers.
  ASSERT_EQ(r.processes.size(), 1u);
  const ProcessProvenance& p = r.processes[0];
  EXPECT_EQ(p.args.back().origin.layer, "features.tool_calling.args");
  EXPECT_EQ(p.args.back().origin.pos.line, 18u);
  EXPECT_EQ(p.args[0].origin.layer, "variants.default.hardware_overrides.h200.extra_args");
  EXPECT_EQ(p.args[1].origin.layer, "parallelism");
  int overridden = 0;
  for (const DroppedArg& d : p.dropped) {
    if (d.unit.tokens[0] == "--max-model-len") {
      ++overridden;
      ASSERT_TRUE(d.winner.has_value());
      EXPECT_EQ(d.winner->layer, "features.tool_calling.args");
    }
  }
  EXPECT_EQ(overridden, 4);  // base, variant, strategy override, advanced
}

TEST(ResolverTest, StrategyGenerationOverrideReplacesRecipeAndVariantLayers) {
  Fixture f(R"(meta: {title: M}
model: {model_id: org/model, base_env: {A: "base"}}
variants:
  default:
    hardware_overrides:
      nvidia: {extra_args: ["--variant-nv"], extra_env: {B: "variant"}}
hardware_overrides:
  hopper: {extra_args: ["--recipe-hopper"], extra_env: {A: "recipe"}}
strategy_overrides:
  single_node_tp:
    hardware_overrides:
      nvidia: {extra_args: ["--so-nv"]}
      h200: {extra_args: ["--so-exact"], extra_env: {C: "exact"}}
)");
  Resolution r = f.Resolve(Sel("single_node_tp", "h200"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Argv(r.output.Get("argv")), "--tensor-parallel-size 8 --so-nv --so-exact");
  // The args-only strategy override also suppresses the generation env.
  EXPECT_EQ(ToJson(*r.output.Get("env"), 0), R"({"A":"base","C":"exact"})");
  // Without the strategy override on AMD, nothing matches hopper/nvidia.
  r = f.Resolve(Sel("single_node_tp", "mi355x"));
  EXPECT_EQ(Argv(r.output.Get("argv")), "--tensor-parallel-size 8");
}

TEST(ResolverTest, DedupeKeepsLastOccurrenceAndDropsConsumedValues) {
  Fixture f(R"(meta: {title: M}
model:
  model_id: org/model
  base_args: ["--trust-remote-code", "pos1", "--max-model-len=4096", "", "--foo=1", "--x", "-1"]
variants:
  default:
    extra_args: ["--max-model-len", "8192", "--foo=1", "--trust-remote-code", null, false]
)");
  Resolution r = f.Resolve(Sel("single_node_tp", "h200"));
  ASSERT_TRUE(r.ok());
  // `-1` is a flag, so `--x` is a lone flag; `pos1` went with the first
  // --trust-remote-code; `--max-model-len=4096` is a different flag text.
  EXPECT_EQ(Argv(r.output.Get("argv")),
            "--max-model-len=4096 --x -1 --max-model-len 8192 --foo=1 --trust-remote-code --tensor-parallel-size 8");
  int empties = 0;
  for (const DroppedArg& d : r.processes[0].dropped) empties += d.reason == "empty element";
  EXPECT_EQ(empties, 3);
}

TEST(ResolverTest, QuotingAndLineLayout) {
  EXPECT_EQ(QuoteShellValue("$HEAD_IP"), "$HEAD_IP");
  EXPECT_EQ(QuoteShellValue("$lower"), "'$lower'");
  EXPECT_EQ(QuoteShellValue("a b"), "'a b'");
  EXPECT_EQ(QuoteShellValue("it's"), "'it'\\''s'");
  EXPECT_EQ(QuoteShellValue("{\"a\":1}"), "'{\"a\":1}'");
  EXPECT_EQ(QuoteShellValue("a-b_c.d/e=f:g@h,i+j%k"), "a-b_c.d/e=f:g@h,i+j%k");
  EXPECT_EQ(FormatServeCommand("vllm serve", "m", {}), "vllm serve m");
  EXPECT_EQ(FormatServeCommand("vllm serve", "m", {"--a", "x y", "--b", "--c", "pos"}),
            "vllm serve m \\\n  --a 'x y' \\\n  --b \\\n  --c pos");
}

TEST(ResolverTest, NonStringArgumentIsAnErrorWithPosition) {
  Fixture f(R"(meta: {title: M}
model:
  model_id: org/model
  base_args: ["--max-num-seqs", 8]
)");
  Resolution r = f.Resolve(Sel("single_node_tp", "h200"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->pos.line, 4u);
  EXPECT_NE(r.error->message.find("number 8"), std::string::npos) << r.error->message;
  EXPECT_TRUE(r.output.is_null());
}

TEST(ResolverTest, SingleNodeTpFit) {
  Fixture f(R"(meta: {title: M}
model: {model_id: org/model}
variants:
  default: {vram_minimum_gb: 100}
  big: {vram_minimum_gb: 500}
  pinned: {tp: {hopper: 4, default: 2}}
  huge_tp: {tp: 16}
strategy_overrides:
  single_node_tp:
    tp: {amd: 2}
)");
  auto tp = [&](const std::string& variant, const std::string& hw, const std::string& strategy = "single_node_tp") {
    Selection s = Sel(strategy, hw);
    s.variant = variant;
    Resolution r = f.Resolve(s);
    return Argv(r.output.Get("argv"));
  };
  EXPECT_EQ(tp("default", "h200"), "--tensor-parallel-size 1");  // 100 <= 1128/8
  EXPECT_EQ(tp("big", "h200"), "--tensor-parallel-size 8");      // no intermediate sizes
  EXPECT_EQ(tp("pinned", "h200"), "--tensor-parallel-size 4");   // generation key
  EXPECT_EQ(tp("pinned", "b200"), "--tensor-parallel-size 2");   // default key
  EXPECT_EQ(tp("huge_tp", "gb200"), "--tensor-parallel-size 4"); // capped at gpu_count
  EXPECT_EQ(tp("huge_tp", "xeon"), "--tensor-parallel-size 16"); // CPU: not capped
  EXPECT_EQ(tp("big", "mi355x"), "--tensor-parallel-size 2");    // strategy override by brand
  EXPECT_EQ(tp("default", "h200", "single_node_dep"), "--enable-expert-parallel --data-parallel-size 8");
  EXPECT_EQ(tp("default", "unknown_hw"), "--tensor-parallel-size 1");
}

TEST(ResolverTest, MultiNodeRanks) {
  Fixture f("meta: {title: M}\nmodel: {model_id: org/model}\n");
  Resolution r = f.Resolve(Sel("multi_node_tp", "h200", 3));
  ASSERT_TRUE(r.ok());
  const Value& o = r.output;
  EXPECT_EQ(Str(o.Get("deployType")), "multi_node");
  EXPECT_EQ(Argv(o.Get("headArgv")), "--tensor-parallel-size 24 --nnodes 3 --node-rank 0 --master-addr $HEAD_IP");
  ASSERT_EQ(o.Get("workerArgvs")->size(), 2u);
  EXPECT_EQ(Argv(o.Get("workerArgvs")->At(1)),
            "--tensor-parallel-size 24 --nnodes 3 --node-rank 2 --master-addr $HEAD_IP --headless");
  EXPECT_TRUE(o.Get("workerCommand")->Equals(*o.Get("workerCommands")->At(0)));
  EXPECT_EQ(ToJson(*o.Get("env"), 0), R"({"GLOO_SOCKET_IFNAME":"$IFACE_NAME"})");
  // One node: the single shape, still reporting multi_node.
  r = f.Resolve(Sel("multi_node_tp", "h200", 1));
  EXPECT_EQ(Str(r.output.Get("deployType")), "multi_node");
  EXPECT_EQ(Argv(r.output.Get("argv")), "--tensor-parallel-size 8");
  // TP x PP and TP x DP.
  r = f.Resolve(Sel("multi_node_tp_pp", "gb200", 2));
  EXPECT_EQ(Argv(r.output.Get("workerArgv")),
            "--tensor-parallel-size 4 --pipeline-parallel-size 2 --nnodes 2 --node-rank 1 --master-addr $HEAD_IP "
            "--headless");
  r = f.Resolve(Sel("multi_node_tp_dp", "gb200", 4));
  EXPECT_EQ(Argv(r.output.Get("workerArgvs")->At(2)),
            "--tensor-parallel-size 4 --data-parallel-size 4 --data-parallel-size-local 1 "
            "--data-parallel-address $HEAD_IP --data-parallel-start-rank 3");
}

TEST(ResolverTest, MultiNodeDepArithmetic) {
  Fixture f(R"(meta: {title: M}
model: {model_id: org/model}
variants:
  default: {}
  local2: {}
strategy_overrides:
  multi_node_dep:
    hardware_overrides:
      gb200: {extra_args: ["--data-parallel-size-local", "2"]}
)");
  Resolution r = f.Resolve(Sel("multi_node_dep", "h200", 2));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Argv(r.output.Get("workerArgv")),
            "--enable-expert-parallel --data-parallel-size 16 --data-parallel-size-local 8 "
            "--data-parallel-address $HEAD_IP --data-parallel-start-rank 8");
  // The override pair changes the start-rank stride and wins the local size.
  r = f.Resolve(Sel("multi_node_dep", "gb200", 4));
  EXPECT_EQ(Argv(r.output.Get("workerArgvs")->At(2)),
            "--enable-expert-parallel --data-parallel-size 16 --data-parallel-address $HEAD_IP "
            "--data-parallel-start-rank 6 --data-parallel-size-local 2");
}

const char* kPdRecipe = R"(meta: {title: M}
model: {model_id: org/model}
compatible_strategies: [single_node_tp, single_node_dep, pd_cluster]
strategy_overrides:
  pd_cluster:
    env:
      VLLM_USE_NCCL_SYMM_MEM: "1"
    prefill:
      parallelism: dep
      tp: 2
    decode:
      parallelism: tep
)";

TEST(ResolverTest, PdPoolsEnvFilterAndHostRewrite) {
  Fixture f(kPdRecipe);
  Selection s = Sel("pd_cluster", "h200");
  ObjectItems pre, dec, pd;
  pre.Set("nodes", Value::Number(2));
  pre.Set("rank", Value::Number(1));
  dec.Set("nodes", Value::Number(1));
  pd.Set("prefill", Value::Object(pre));
  pd.Set("decode", Value::Object(dec));
  s.pd_nodes = Value::Object(pd);
  Resolution r = f.Resolve(s);
  ASSERT_TRUE(r.ok()) << r.error->message;
  const Value* p = r.output.Get("prefill");
  EXPECT_EQ(Argv(p->Get("argv")),
            "--port 8001 --tensor-parallel-size 2 --data-parallel-size 8 --data-parallel-size-local 4 "
            "--data-parallel-start-rank 4 --data-parallel-address $PREFILL_NODE_1 "
            "--data-parallel-rpc-port $PREFILL_DP_RPC_PORT --data-parallel-hybrid-lb --enable-expert-parallel");
  // NVL4-only keys are dropped off gb200/gb300; the DEP follower binds its own host.
  EXPECT_EQ(ToJson(*p->Get("env"), 0),
            R"({"VLLM_NIXL_SIDE_CHANNEL_HOST":"$PREFILL_NODE_2","CUDA_VISIBLE_DEVICES":"0,1,2,3,4,5,6,7",)"
            R"("GLOO_SOCKET_IFNAME":"$IFACE_NAME","NCCL_SOCKET_IFNAME":"$IFACE_NAME"})");
  EXPECT_EQ(p->Get("dpLocal")->number(), 4);
  EXPECT_EQ(p->Get("dpSize")->number(), 8);
  EXPECT_EQ(p->Get("startRank")->number(), 4);
  // The recipe offers no tep pool: the decode pool is emitted as tp but
  // reported with its unsnapped parallelism.
  const Value* d = r.output.Get("decode");
  EXPECT_EQ(Argv(d->Get("argv")), "--port 8002 --tensor-parallel-size 8");
  EXPECT_EQ(Str(d->Get("parallelism")), "tep");
  EXPECT_NE(Str(r.output.Get("router")->Get("command")).find("--prefill http://$PREFILL_NODE_2:8001"),
            std::string::npos);
  EXPECT_NE(Str(r.output.Get("router")->Get("command")).find("--intra-node-data-parallel-size 4"),
            std::string::npos);

  // On gb200 the NVL4 keys stay.
  s.hardware = "gb200";
  r = f.Resolve(s);
  const Value* env = r.output.Get("prefill")->Get("env");
  EXPECT_NE(env->Get("NCCL_CUMEM_ENABLE"), nullptr);
  EXPECT_NE(env->Get("VLLM_USE_NCCL_SYMM_MEM"), nullptr);
}

TEST(ResolverTest, PdColocatedPinsHalfTheGpus) {
  Fixture f(kPdRecipe);
  Selection s = Sel("pd_cluster", "h200");
  Resolution r = f.Resolve(s);  // pd_nodes null, one node: co-located
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Str(r.output.Get("prefill")->Get("env")->Get("CUDA_VISIBLE_DEVICES")), "0,1,2,3");
  EXPECT_EQ(Str(r.output.Get("decode")->Get("env")->Get("CUDA_VISIBLE_DEVICES")), "4,5,6,7");
  EXPECT_EQ(r.output.Get("decode")->Get("poolGpus")->number(), 4);
}

TEST(ResolverTest, KvOffloadGatesAndMooncake) {
  Fixture f(R"(meta: {title: M}
model: {model_id: org/model}
kv_offload_support: {gated: verified}
)");
  Selection s = Sel("single_node_tp", "h200");
  s.kv_offload = "gated";
  Resolution r = f.Resolve(s);
  EXPECT_EQ(Argv(r.output.Get("argv")), "--tensor-parallel-size 8 --kv-transfer-config {\"kv_connector\":\"Gated\"}");
  EXPECT_EQ(ToJson(*r.output.Get("env"), 0), R"({"PYTHONHASHSEED":"0"})");
  s.hardware = "mi355x";  // brand gate
  r = f.Resolve(s);
  EXPECT_EQ(Argv(r.output.Get("argv")), "--tensor-parallel-size 8");

  s = Sel("multi_node_tp", "h200", 2);
  s.kv_offload = "mooncake";
  ObjectItems ki;
  ki.Set("count", Value::Number(3));
  ki.Set("current", Value::Number(5));
  s.kv_instances = Value::Object(ki);
  r = f.Resolve(s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Str(r.output.Get("deployType")), "kv_store_lb");
  EXPECT_EQ(r.output.Get("instances")->number(), 3);
  EXPECT_EQ(r.output.Get("currentInstance")->number(), 2);  // clamped
  const Value* vllm = r.output.Get("vllm");
  EXPECT_NE(Str(vllm->Get("workerCommand")).find("--master-addr $VLLM_INSTANCE_3"), std::string::npos);
  EXPECT_EQ(Str(vllm->Get("install")), "pip install mooncake");
  EXPECT_NE(Str(r.output.Get("router")->Get("command")).find("--backend-url http://$VLLM_INSTANCE_3:8000"),
            std::string::npos);
}

TEST(ResolverTest, ModalFeatureModeResolution) {
  Fixture f(R"(meta: {title: M}
model: {model_id: org/model}
variants:
  default: {}
  fp8: {default_modes: {spec: b}}
features:
  spec:
    default_mode: a
    modes:
      a: {args: ["--spec", "a"], hardware: {amd: unsupported}}
      b:
        args: ["--spec", "b"]
        hardware_overrides: {nvidia: {args: ["--spec", "b-nv"]}}
      c: {args: ["--spec", "c"], variants: [fp8]}
)");
  auto run = [&](const std::string& variant, const std::string& hw, const std::string& mode) {
    Selection s = Sel("single_node_tp", hw);
    s.variant = variant;
    s.features = {"spec"};
    if (!mode.empty()) s.feature_modes = {{"spec", mode}};
    return Argv(f.Resolve(s).output.Get("argv"));
  };
  EXPECT_EQ(run("default", "h200", ""), "--tensor-parallel-size 8 --spec a");
  EXPECT_EQ(run("fp8", "h200", ""), "--tensor-parallel-size 8 --spec b-nv");
  EXPECT_EQ(run("default", "h200", "c"), "--tensor-parallel-size 8 --spec a");  // c not for this variant
  EXPECT_EQ(run("fp8", "h200", "c"), "--tensor-parallel-size 8 --spec c");
  EXPECT_EQ(run("default", "mi355x", ""), "--tensor-parallel-size 8 --spec b");  // a unsupported on amd
}

TEST(ResolverTest, SelectionJsonRoundTrip) {
  Selection s = Sel("pd_cluster", "h200", 2);
  s.features = {"a", "b"};
  s.feature_modes = {{"b", "x"}};
  s.kv_offload = "simple";
  Value j = s.ToJson();
  Selection back;
  std::string err;
  ASSERT_TRUE(Selection::FromJson(j, &back, &err)) << err;
  EXPECT_TRUE(back.ToJson().Equals(j));
  EXPECT_FALSE(Selection::FromJson(Value::String("x"), &back, &err));
}

TEST(DockerTest, ImageResolution) {
  Fixture f(R"(meta: {title: M}
model:
  model_id: org/model
  docker_image: {nvidia: {cu129: "img:cu129", cu130: "img:cu130"}, amd: "img:rocm"}
variants:
  default: {}
  pinned:
    docker_image: "img:variant"
    hardware_overrides:
      mi355x: {docker_image: "img:mi355x"}
)");
  const Value& doc = f.catalog().FindRecipe("org/model")->doc;
  auto image = [&](const std::string& v, const std::string& hw, bool cu129 = false) {
    return DockerImage(doc, v, hw, f.catalog().FindHardware(hw), cu129).value_or("<undefined>");
  };
  EXPECT_EQ(image("default", "h200"), "img:cu130");
  EXPECT_EQ(image("default", "h200", true), "img:cu129");
  EXPECT_EQ(image("default", "mi355x"), "img:rocm");
  EXPECT_EQ(image("pinned", "h200"), "img:variant");
  EXPECT_EQ(image("pinned", "mi355x"), "img:mi355x");
  EXPECT_EQ(image("default", "xeon"), "vllm/vllm-openai-cpu:latest-x86_64");
}

TEST(DockerTest, RunTextAndArgv) {
  ObjectItems env;
  env.Set("MOONCAKE_CONFIG_PATH", Value::String("$MOONCAKE_CONFIG_PATH"));
  env.Set("PYTHONHASHSEED", Value::Number(0));
  ArrayItems argv;
  for (const char* t : {"vllm", "serve", "/models/x", "--a", "1"}) argv.push_back(Value::String(t));
  DockerRun d = RenderDockerRun("vllm serve /models/x \\\n  --a 1", Value::Array(argv), Value::Object(env),
                                std::string("img"), nullptr, 8001);
  EXPECT_EQ(d.command,
            "# /models/x must already exist on the host \xE2\x80\x94 bind-mounted read-only below.\n"
            "docker run --gpus all \\\n"
            "  --privileged --ipc=host -p 8001:8001 \\\n"
            "  -v ~/.cache/huggingface:/root/.cache/huggingface \\\n"
            "  -v /models/x:/models/x:ro \\\n"
            "  -v $MOONCAKE_CONFIG_PATH:$MOONCAKE_CONFIG_PATH:ro \\\n"
            "  -e MOONCAKE_CONFIG_PATH=$MOONCAKE_CONFIG_PATH \\\n"
            "  -e PYTHONHASHSEED=0 \\\n"
            "  img /models/x \\\n"
            "  --a 1");
  EXPECT_EQ(ToJson(d.argv, 0),
            R"(["docker","run","--gpus","all","--privileged","--ipc=host","-p","8001:8001","-v",)"
            R"("~/.cache/huggingface:/root/.cache/huggingface","-v","/models/x:/models/x:ro","-v",)"
            R"("$MOONCAKE_CONFIG_PATH:$MOONCAKE_CONFIG_PATH:ro","-e","MOONCAKE_CONFIG_PATH=$MOONCAKE_CONFIG_PATH",)"
            R"("-e","PYTHONHASHSEED=0","img","/models/x","--a","1"])");
}

}  // namespace
}  // namespace recipes
