// The omni path on the reference catalog's worked examples
// (resolution.md §18.6) and on a small inline recipe.
#include "resolve/omni.h"

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "parse/catalog_loader.h"
#include "parse/file_system.h"
#include "render/docker.h"
#include "render/json_writer.h"

namespace recipes {
namespace {

const std::string kShared = RECIPES_SOURCE_DIR "/../shared";

class ReferenceOmni : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = kShared + "/reference/catalog";
    if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no reference catalog at " << dir << " (../shared is absent)";
    loaded_ = LoadCatalogFrom(dir);
  }
  const Catalog& catalog() const { return *loaded_.catalog; }
  LoadResult loaded_;
};

TEST_F(ReferenceOmni, WanTasksSwapTheCheckpoint) {
  const Recipe* r = catalog().FindRecipe("Wan-AI/Wan2.2-T2V-A14B-Diffusers");
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(IsOmniServed(*r));
  std::vector<OmniTask> tasks = OmniTasks(r->doc, "h200");
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[0].key, "t2v");
  EXPECT_EQ(tasks[0].endpoint, "/v1/videos");
  OmniResolution t2v = ResolveOmniCommand(catalog(), *r, "default", &tasks[0], "h200");
  ASSERT_TRUE(t2v.ok());
  EXPECT_EQ(t2v.command, "vllm serve Wan-AI/Wan2.2-T2V-A14B-Diffusers \\\n  --omni");
  OmniResolution i2v = ResolveOmniCommand(catalog(), *r, "default", &tasks[1], "h200");
  EXPECT_EQ(i2v.command, "vllm serve Wan-AI/Wan2.2-I2V-A14B-Diffusers \\\n  --omni");
  EXPECT_EQ(i2v.model_id, "Wan-AI/Wan2.2-I2V-A14B-Diffusers");
}

TEST_F(ReferenceOmni, MiniMaxH3PortAndHardwareOverrides) {
  const Recipe* r = catalog().FindRecipe("MiniMaxAI/MiniMax-H3");
  ASSERT_NE(r, nullptr);
  std::vector<OmniTask> tasks = OmniTasks(r->doc, "b300");
  ASSERT_FALSE(tasks.empty());
  OmniResolution b300 = ResolveOmniCommand(catalog(), *r, "default", &tasks[0], "b300");
  ASSERT_TRUE(b300.ok());
  EXPECT_EQ(b300.command,
            "vllm serve /path/to/MiniMax-H3 \\\n  --trust-remote-code \\\n  --host 0.0.0.0 \\\n  --num-gpus 4 \\\n"
            "  --usp 4 \\\n  --ring 1 \\\n  --vae-patch-parallel-size 4 \\\n  --vae-parallel-mode tile \\\n"
            "  --vae-use-tiling \\\n  --port 8000 \\\n  --omni");
  EXPECT_EQ(ToJson(b300.env, 0),
            R"({"VLLM_WORKER_MULTIPROC_METHOD":"spawn","VLLM_OMNI_VIDEO_SYNC_TIMEOUT":"1800",)"
            R"("FLASHINFER_DISABLE_VERSION_CHECK":"1"})");
  // The provenance names the omni port layer for the moved --port.
  ASSERT_GE(b300.provenance.args.size(), 2u);
  EXPECT_EQ(b300.provenance.args[b300.provenance.args.size() - 2].origin.layer, "omni.port");

  tasks = OmniTasks(r->doc, "rtx_4090_2x");
  OmniResolution rtx = ResolveOmniCommand(catalog(), *r, "default", &tasks[0], "rtx_4090_2x");
  ASSERT_TRUE(rtx.ok());
  EXPECT_EQ(rtx.command,
            "vllm serve /path/to/MiniMax-H3 \\\n  --trust-remote-code \\\n  --host 0.0.0.0 \\\n"
            "  --vae-parallel-mode tile \\\n  --vae-use-tiling \\\n  --task-type fl2va \\\n  --num-gpus 2 \\\n"
            "  --tensor-parallel-size 2 \\\n  --usp 1 \\\n  --ring 1 \\\n  --text-encoder-tp-size 2 \\\n"
            "  --vae-patch-parallel-size 2 \\\n  --diffusion-attention-backend CUDNN_ATTN \\\n"
            "  --enable-distributed-layerwise-offload \\\n  --dlo-no-use-allgather \\\n"
            "  --dlo-resident-layers 12 \\\n  --enforce-eager \\\n  --port 8000 \\\n  --omni");
  // Docker form: the local model path gets the prerequisite line and a mount.
  EXPECT_EQ(rtx.argv.At(2)->str(), "/path/to/MiniMax-H3");
  DockerRun d = RenderDockerRun(rtx.command, rtx.argv, rtx.env,
                                DockerImage(r->doc, "default", "rtx_4090_2x", catalog().FindHardware("rtx_4090_2x")),
                                catalog().FindHardware("rtx_4090_2x"));
  EXPECT_EQ(d.command.substr(0, d.command.find('\n')),
            "# /path/to/MiniMax-H3 must already exist on the host \xE2\x80\x94 bind-mounted read-only below.");
  EXPECT_NE(d.command.find("  -v /path/to/MiniMax-H3:/path/to/MiniMax-H3:ro \\\n"), std::string::npos);
  EXPECT_NE(d.command.find("  -e VLLM_OMNI_VIDEO_SYNC_TIMEOUT=14400 \\\n"), std::string::npos);
  EXPECT_NE(d.command.find("  vllm/vllm-omni:minimax-h3 /path/to/MiniMax-H3 \\\n  --trust-remote-code"),
            std::string::npos);
  // The argv form mounts the local path too.
  EXPECT_NE(ToJson(d.argv, 0).find(R"("-v","/path/to/MiniMax-H3:/path/to/MiniMax-H3:ro")"), std::string::npos);
}

TEST(OmniTest, InlineRecipeRules) {
  std::map<std::string, std::string> files = {
      {"taxonomy.yaml",
       "hardware_profiles:\n  h200: {brand: NVIDIA, generation: hopper, gpu_count: 8}\n"
       "  mi355x: {brand: AMD, generation: amd, gpu_count: 8}\n"},
      {"strategies/s.yaml", "name: single_node_tp\n"},
      {"kv_store/k.yaml", "name: kv\n"},
      {"models/org/m.yaml", R"(meta: {title: M, tasks: [omni]}
model:
  model_id: org/m
  base_args: ["--a"]
  base_env: {E: "base"}
omni:
  tasks:
    - t2i
    - id: nope
    - key: missing_id
    - id: t2a
      key: speech
      model_id: org/m-audio
      extra_args: ["--b"]
      hardware_overrides:
        mi355x: {label: "Audio on AMD", extra_args: ["--c"], vram_minimum_gb: 0}
variants:
  default: {extra_args: ["--skipped"], extra_env: {SKIPPED: "1"}}
  fp8:
    model_id: org/m-fp8
    extra_args: ["--fp8"]
    hardware_overrides:
      nvidia: {extra_env: {E: "variant-nv"}}
)"},
  };
  LoadResult loaded = LoadCatalog(*NewMemoryFileSystem(files));
  const Catalog& c = *loaded.catalog;
  const Recipe& r = *c.FindRecipe("org/m");
  std::vector<OmniTask> tasks = OmniTasks(r.doc, "mi355x");
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].label, "Text \xE2\x86\x92 Image");
  EXPECT_EQ(tasks[1].key, "speech");
  EXPECT_EQ(tasks[1].label, "Audio on AMD");
  EXPECT_TRUE(tasks[1].vram_minimum_gb.is_number());

  OmniResolution def = ResolveOmniCommand(c, r, "default", &tasks[0], "h200");
  EXPECT_EQ(def.command, "vllm serve org/m \\\n  --a \\\n  --omni");  // default variant args skipped
  EXPECT_EQ(ToJson(def.env, 0), R"({"E":"base"})");
  OmniResolution fp8 = ResolveOmniCommand(c, r, "fp8", &tasks[1], "mi355x");
  EXPECT_EQ(fp8.command, "vllm serve org/m-audio \\\n  --a \\\n  --fp8 \\\n  --b \\\n  --c \\\n  --omni");
  OmniResolution fp8_nv = ResolveOmniCommand(c, r, "fp8", &tasks[0], "h200");
  EXPECT_EQ(fp8_nv.model_id, "org/m-fp8");
  EXPECT_EQ(ToJson(fp8_nv.env, 0), R"({"E":"variant-nv"})");
  OmniResolution stub = ResolveOmniCommand(c, r, "fp8", nullptr, "h200");
  EXPECT_EQ(stub.command, "vllm serve org/m-fp8 --omni");
  EXPECT_EQ(ToJson(stub.argv, 0), R"(["vllm","serve","org/m-fp8","--omni"])");

  std::string curl = OmniExampleRequest(tasks[0], "localhost", "8000", "org/m");
  EXPECT_EQ(curl.substr(0, curl.find('\n')), "curl -X POST http://localhost:8000/v1/images/generations \\");
  EXPECT_NE(curl.find("\n      \"size\": \"1024x1024\",\n"), std::string::npos) << curl;
}

}  // namespace
}  // namespace recipes
