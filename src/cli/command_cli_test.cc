// End-to-end tests of `recipes command` and `recipes explain`: the real
// binary (RECIPES_BINARY) on the reference catalog (../shared, skipped when
// absent) and on the embedded catalog.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli_test_runner.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"

namespace recipes {
namespace {

// RECIPES_TEST_SHARED=/nonexistent runs these as a fresh clone without ../shared would.
const std::string kShared = [] {
  const char* e = std::getenv("RECIPES_TEST_SHARED");
  return e ? std::string(e) : std::string(RECIPES_SOURCE_DIR "/../shared");
}();
const std::string kRefCatalog = kShared + "/reference/catalog";

using CliRun = testing::CliResult;

CliRun Recipes(const std::vector<std::string>& args) { return testing::RunRecipes(args); }

const auto Has = testing::Contains;

// The reference catalog when ../shared is there, else the embedded one (its
// MiniMax-M3 offers the same choices), so these run on a fresh clone too.
bool HaveReference() { return std::filesystem::exists(kRefCatalog); }

std::string RefOrEmbedded() { return HaveReference() ? kRefCatalog : std::string(); }  // "" = embedded

std::vector<std::string> CatalogArgs() {
  return HaveReference() ? std::vector<std::string>{"--catalog", RefOrEmbedded()} : std::vector<std::string>{};
}

class ReferenceCliTest : public ::testing::Test {
 protected:
  CliRun Command(std::vector<std::string> args) {
    std::vector<std::string> head = {"command", "MiniMaxAI/MiniMax-M3"};
    for (const std::string& a : CatalogArgs()) head.push_back(a);
    args.insert(args.begin(), head.begin(), head.end());
    return Recipes(args);
  }
};

TEST_F(ReferenceCliTest, Nvfp4OnB200) {
  CliRun r = Command({"--hardware", "b200", "--variant", "nvfp4"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("export VLLM_FLOAT32_MATMUL_PRECISION=high\n"
                        "export VLLM_FLASHINFER_ALLREDUCE_BACKEND=trtllm\n\n"
                        "vllm serve nvidia/MiniMax-M3-NVFP4 \\\n",
                        0),
            0u)
      << r.out;
  EXPECT_TRUE(Has(r.out, "  --tensor-parallel-size 8 \\\n")) << r.out;
  EXPECT_FALSE(Has(r.out, "--speculative-config")) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(ReferenceCliTest, SpecDecodingModes) {
  CliRun plain = Command({"--hardware", "b200", "--variant", "nvfp4", "--feature", "spec_decoding"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_TRUE(Has(plain.out, "\"model\": \"Inferact/MiniMax-M3-EAGLE3\"")) << plain.out;
  CliRun gqa = Command({"--hardware", "b200", "--variant", "nvfp4", "--feature=spec_decoding=eagle3_gqa"});
  ASSERT_EQ(gqa.code, 0) << gqa.err;
  EXPECT_TRUE(Has(gqa.out, "Inferact/MiniMax-M3-EAGLE3-GQA")) << gqa.out;
  CliRun bad = Command({"--feature", "spec_decoding=medusa"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(Has(bad.err, "valid mode choices: eagle3 (MHA), eagle3_gqa (GQA)")) << bad.err;
}

TEST_F(ReferenceCliTest, Nvfp4RefusedOnHopper) {
  CliRun r = Command({"--hardware", "h200", "--variant", "nvfp4"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(Has(r.err, "Blackwell")) << r.err;
  EXPECT_TRUE(Has(r.err, "H200 is NVIDIA Hopper")) << r.err;
  EXPECT_TRUE(Has(r.err, "valid hardware choices: b200 (B200), gb200 (GB200 NVL4), b300 (B300), gb300 (GB300 NVL4)")) << r.err;
  EXPECT_TRUE(Has(r.err, "models/MiniMaxAI/MiniMax-M3.yaml:")) << r.err;
}

TEST_F(ReferenceCliTest, InvalidChoicesListValidOnes) {
  CliRun r = Command({"--variant", "int3"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "valid variant choices: default (BF16), mxfp8 (MXFP8), nvfp4 (NVFP4), mxfp4 (MXFP4)")) << r.err;
  r = Command({"--strategy", "multi_node_tp_dp"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "does not offer strategy 'multi_node_tp_dp'")) << r.err;
  EXPECT_TRUE(Has(r.err, "valid strategy choices: single_node_tp (Tensor Parallel)")) << r.err;
  r = Command({"--no-feature", "turbo"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "valid feature choices: tool_calling (Tool Calling), reasoning (Reasoning)")) << r.err;
  r = Command({"--hardware", "rtx_5090"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "restricted")) << r.err;
  r = Command({"--kv-offload", "offloading_cpu"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "valid KV offload choices: off (Off), simple (Simple)")) << r.err;
  r = Command({"--strategy", "multi_node_tp", "--nodes", "1"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "at least 2 nodes")) << r.err;
}

TEST_F(ReferenceCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Recipes({"command"}).code, 2);
  EXPECT_EQ(Command({"--format", "xml"}).code, 2);
  EXPECT_EQ(Command({"--nodes", "two"}).code, 2);
  EXPECT_EQ(Command({"--no-such-option"}).code, 2);
  EXPECT_EQ(Recipes({"command", "MiniMaxAI/MiniMax-M3", "--catalog", "/nonexistent/catalog"}).code, 2);
  CliRun help = Recipes({"command", "--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_TRUE(Has(help.out, "--hardware")) << help.out;
  CliRun unknown = Recipes({"command", "MiniMaxAI/MiniMax-M9", "--catalog", RefOrEmbedded()});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_TRUE(Has(unknown.err, "no recipe 'MiniMaxAI/MiniMax-M9'")) << unknown.err;
  EXPECT_TRUE(Has(unknown.err, "MiniMaxAI/MiniMax-M3")) << unknown.err;
}

TEST_F(ReferenceCliTest, AdvancedArgsStartingWithDashes) {
  CliRun r = Command({"--arg=--max-model-len", "--arg", "4096", "--arg=--enforce-eager"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "  --max-model-len 4096 \\\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "--enforce-eager")) << r.out;
}

TEST_F(ReferenceCliTest, DockerForm) {
  CliRun r = Command({"--docker"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("docker run ", 0), 0u) << r.out;
  EXPECT_TRUE(Has(r.out, "vllm/vllm-openai:minimax-m3")) << r.out;
  EXPECT_FALSE(Has(r.out, "export ")) << r.out;
  CliRun amd = Command({"--hardware", "mi355x", "--docker"});
  ASSERT_EQ(amd.code, 0) << amd.err;
  EXPECT_TRUE(Has(amd.out, "/dev/kfd")) << amd.out;
  EXPECT_TRUE(Has(amd.out, "-e VLLM_USE_BREAKABLE_CUDAGRAPH=0")) << amd.out;
}

TEST_F(ReferenceCliTest, JsonIsTheResolutionWithSelection) {
  CliRun r = Command({"--variant", "nvfp4", "--format", "json", "--docker"});
  ASSERT_EQ(r.code, 0) << r.err;
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(r.out, &doc, &err)) << err;
  EXPECT_EQ(doc.Get("recipe")->str(), "MiniMaxAI/MiniMax-M3");
  EXPECT_EQ(doc.Get("selection")->Get("hardware")->str(), "b200");
  EXPECT_EQ(doc.Get("selection")->Get("variant")->str(), "nvfp4");
  EXPECT_EQ(doc.Get("model_id")->str(), "nvidia/MiniMax-M3-NVFP4");
  EXPECT_EQ(doc.Get("resolution")->Get("deployType")->str(), "single_node");
  ASSERT_TRUE(doc.Get("docker") && doc.Get("docker")->size() == 1);
}

TEST_F(ReferenceCliTest, MultiNodePdAndMooncakeBlocks) {
  CliRun multi = Command({"--hardware", "h100"});
  ASSERT_EQ(multi.code, 0) << multi.err;
  EXPECT_TRUE(Has(multi.out, "# Head node (node 0 of 2)")) << multi.out;
  EXPECT_TRUE(Has(multi.out, "# Node 1 of 2")) << multi.out;
  EXPECT_TRUE(Has(multi.out, "--headless")) << multi.out;

  CliRun pd = Command({"--strategy", "pd_cluster", "--decode-mode", "dep", "--decode-nodes", "2", "--decode-rank", "1"});
  ASSERT_EQ(pd.code, 0) << pd.err;
  EXPECT_TRUE(Has(pd.out, "# Prefill\n")) << pd.out;
  EXPECT_TRUE(Has(pd.out, "# 2 nodes × 8 GPU = 16 GPU · DEP")) << pd.out;
  EXPECT_TRUE(Has(pd.out, "--data-parallel-start-rank 8")) << pd.out;
  EXPECT_TRUE(Has(pd.out, "# Router")) << pd.out;

  CliRun kv = Command({"--kv-offload", "kv_store_distributed_mooncake", "--kv-instances", "3", "--kv-instance", "2"});
  ASSERT_EQ(kv.code, 0) << kv.err;
  EXPECT_TRUE(Has(kv.out, "Mooncake config")) << kv.out;
  EXPECT_TRUE(Has(kv.out, "cat > \"$MOONCAKE_CONFIG_PATH\" <<EOF")) << kv.out;
  EXPECT_TRUE(Has(kv.out, "instance 3 of 3")) << kv.out;
  EXPECT_TRUE(Has(kv.out, "vllm-router")) << kv.out;

  CliRun bad = Command({"--prefill-nodes", "2"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(Has(bad.err, "pd_cluster")) << bad.err;
}

TEST_F(ReferenceCliTest, ExplainShowsOrigins) {
  CliRun r = Recipes({"explain", "MiniMaxAI/MiniMax-M3", "--catalog", RefOrEmbedded(), "--hardware", "b200", "--variant",
                   "nvfp4", "--arg=--kv-cache-dtype", "--arg=auto"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "MiniMaxAI/MiniMax-M3 → nvidia/MiniMax-M3-NVFP4")) << r.out;
  EXPECT_TRUE(Has(r.out, "variants.nvfp4.extra_args")) << r.out;
  EXPECT_TRUE(Has(r.out, "model.base_args")) << r.out;
  EXPECT_TRUE(Has(r.out, "VLLM_FLOAT32_MATMUL_PRECISION=high")) << r.out;
  EXPECT_TRUE(Has(r.out, "dropped or replaced:")) << r.out;
  EXPECT_TRUE(Has(r.out, "--kv-cache-dtype fp8")) << r.out;
  EXPECT_TRUE(Has(r.out, "(--arg)")) << r.out;
  // Every argument row carries a position or says it was computed.
  EXPECT_TRUE(Has(r.out, "  --block-size 128")) << r.out;
  EXPECT_TRUE(Has(r.out, "models/MiniMaxAI/MiniMax-M3.yaml:")) << r.out;

  CliRun bad = Recipes({"explain", "MiniMaxAI/MiniMax-M3", "--catalog", RefOrEmbedded(), "--variant", "nvfp4", "--hardware",
                     "h100"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(Has(bad.err, "Blackwell")) << bad.err;
  EXPECT_EQ(Recipes({"explain"}).code, 2);
}

TEST_F(ReferenceCliTest, OmniRecipesUseTasks) {
  if (!HaveReference()) GTEST_SKIP() << "IndexTTS-2.5 is in the reference catalog only (" << kRefCatalog << ")";
  const std::string id = "IndexTeam/IndexTTS-2.5";
  CliRun r = Recipes({"command", id, "--catalog", RefOrEmbedded()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "# vLLM-Omni task: ")) << r.out;
  EXPECT_TRUE(Has(r.out, "  --omni\n")) << r.out;
  CliRun docker = Recipes({"command", id, "--catalog", RefOrEmbedded(), "--docker"});
  ASSERT_EQ(docker.code, 0) << docker.err;
  EXPECT_TRUE(Has(docker.out, "-p 8092:8092")) << docker.out;
  CliRun bad = Recipes({"command", id, "--catalog", RefOrEmbedded(), "--task", "nope"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(Has(bad.err, "valid task choices: ")) << bad.err;
  bad = Recipes({"command", id, "--catalog", RefOrEmbedded(), "--strategy", "multi_node_tp"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(Has(bad.err, "vLLM-Omni")) << bad.err;
  bad = Recipes({"command", "MiniMaxAI/MiniMax-M3", "--catalog", RefOrEmbedded(), "--task", "t2i"});
  EXPECT_EQ(bad.code, 1);
  CliRun explain = Recipes({"explain", id, "--catalog", RefOrEmbedded()});
  ASSERT_EQ(explain.code, 0) << explain.err;
  EXPECT_TRUE(Has(explain.out, "model.base_args")) << explain.out;
}

// The text output carries the resolver's command verbatim for recorded
// default configurations (a sample of recipes keeps the test quick).
TEST_F(ReferenceCliTest, DefaultCommandsMatchRecordedCombos) {
  std::string combos = kShared + "/reference/combos.jsonl.zst";
  if (!std::filesystem::exists(combos)) GTEST_SKIP() << "no combos at " << combos;
  FILE* p = popen(("zstd -dc " + testing::ShQuote(combos)).c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  pclose(p);
  int checked = 0, equal = 0, seen = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.find("\"case\":\"default\"") == std::string::npos) continue;
    if (seen++ % 6 != 0) continue;
    Value doc;
    std::string err;
    ASSERT_TRUE(ParseJson(line, &doc, &err)) << err;
    const Value& out = *doc.Get("output");
    const Value* cmd = out.Get("command");
    if (!cmd) cmd = out.Get("headCommand");
    if (!cmd) continue;
    CliRun r = Recipes({"command", doc.Get("recipe")->str(), "--catalog", kRefCatalog});
    if (r.out.rfind("# vLLM-Omni", 0) == 0) continue;  // served by the omni path instead
    ++checked;
    if (r.code == 0 && Has(r.out, cmd->str())) {
      ++equal;
    } else {
      ADD_FAILURE() << doc.Get("recipe")->str() << ": command differs\n" << r.out << r.err;
    }
  }
  std::printf("cli default commands: %d/%d equal\n", equal, checked);
  EXPECT_GT(checked, 10);
}

// The embedded catalog: every recipe renders with the defaults, as text and
// JSON, and explain works (a sample keeps the test quick as the catalog grows).
TEST(EmbeddedCliTest, DefaultsRender) {
  LoadResult loaded = LoadCatalogFrom("");
  if (loaded.catalog->recipes.empty()) GTEST_SKIP() << "the embedded catalog has no recipes yet";
  size_t step = std::max<size_t>(1, loaded.catalog->recipes.size() / 12);
  int ran = 0;
  for (size_t i = 0; i < loaded.catalog->recipes.size(); i += step) {
    const std::string& id = loaded.catalog->recipes[i].hf_id;
    CliRun r = Recipes({"command", id});
    EXPECT_EQ(r.code, 0) << id << ": " << r.err;
    EXPECT_TRUE(Has(r.out, "serve ")) << id << ": " << r.out;
    CliRun j = Recipes({"command", id, "--format", "json"});
    Value doc;
    std::string err;
    EXPECT_TRUE(j.code == 0 && ParseJson(j.out, &doc, &err)) << id << ": " << j.err << err;
    CliRun e = Recipes({"explain", id});
    EXPECT_EQ(e.code, 0) << id << ": " << e.err;
    ++ran;
  }
  EXPECT_GT(ran, 0);
  // NVFP4 stays Blackwell-only in the built-in catalog too.
  const Recipe* m3 = loaded.catalog->FindRecipe("MiniMaxAI/MiniMax-M3");
  const Value* variants = m3 ? m3->doc.Get("variants") : nullptr;
  if (variants && variants->Get("nvfp4")) {
    CliRun refused = Recipes({"command", "MiniMaxAI/MiniMax-M3", "--variant", "nvfp4", "--hardware", "h200"});
    EXPECT_EQ(refused.code, 1);
    EXPECT_TRUE(Has(refused.err, "Blackwell")) << refused.err;
    CliRun ok = Recipes({"command", "MiniMaxAI/MiniMax-M3", "--variant", "nvfp4", "--hardware", "b200", "--feature",
                         "spec_decoding"});
    EXPECT_EQ(ok.code, 0) << ok.err;
    EXPECT_TRUE(Has(ok.out, "--speculative-config")) << ok.out;
  }
  CliRun bad = Recipes({"command", "no-such-org/no-such-model"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(Has(bad.err, "built-in catalog")) << bad.err;
}

}  // namespace
}  // namespace recipes
