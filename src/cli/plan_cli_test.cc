// End-to-end tests of `recipes plan`: the real binary on the embedded
// catalog, a config.json folder (--config) and a fake Hugging Face cache.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parse/json_reader.h"

namespace recipes {
namespace {

struct PlanRun {
  int code = -1;
  std::string out;
};

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

PlanRun Plan(const std::vector<std::string>& args, const std::string& env = "") {
  std::string cmd = env + " " + Quote(RECIPES_BINARY) + " plan";
  for (const std::string& a : args) cmd += " " + Quote(a);
  cmd += " 2>&1";
  PlanRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[1 << 14];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

Value Json(const std::string& text) {
  Value v;
  std::string err;
  EXPECT_TRUE(ParseJson(text, &v, &err)) << err << "\n" << text;
  return v;
}

const char* kLlamaConfig =
    R"({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 32, "hidden_size": 4096,
        "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 128256,
        "intermediate_size": 14336, "max_position_embeddings": 131072, "torch_dtype": "bfloat16"})";

class PlanCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / ("plan_cli_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "model");
    std::ofstream(dir_ / "model" / "config.json") << kLlamaConfig;
    std::ofstream(dir_ / "model" / "model.safetensors.index.json")
        << R"({"metadata": {"total_size": 16060522496}, "weight_map": {}})";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(PlanCliTest, RecipeFormPrintsTheStableJsonShape) {
  PlanRun r = Plan({"MiniMaxAI/MiniMax-M3", "--hardware", "b200", "--variant", "nvfp4", "--feature",
                "spec_decoding=eagle3_gqa", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.out;
  Value j = Json(r.out);
  EXPECT_EQ(j.Get("model")->str(), "nvidia/MiniMax-M3-NVFP4");
  EXPECT_EQ(j.Get("gpus")->number(), 8);
  EXPECT_TRUE(j.Get("fits")->boolean()) << r.out;
  EXPECT_EQ(j.Get("kv")->Get("block_size")->number(), 128);
  EXPECT_TRUE(j.Get("assumptions")->is_array());
}

TEST_F(PlanCliTest, TextFormEndsWithOneSentence) {
  PlanRun r = Plan({"meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "16000"});
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("GPU KV cache size"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("It fits:"), std::string::npos) << r.out;
}

TEST_F(PlanCliTest, ConfigFolderUsesTheSafetensorsTotal) {
  PlanRun r = Plan({"--config", (dir_ / "model").string(), "--gpu-memory-gib", "79.18", "--max-model-len", "16000",
                "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.out;
  Value j = Json(r.out);
  // 16,060,522,496 bytes = 14.96 GiB.
  EXPECT_NEAR(j.Get("per_gpu")->Get("weights_gib")->number(), 14.96, 0.01);
  EXPECT_EQ(j.Get("kv")->Get("bytes_per_token")->number(), 131072);
  EXPECT_TRUE(j.Get("fits")->boolean());
}

TEST_F(PlanCliTest, PinnedKvMemoryIsolatesTheKvArithmetic) {
  // 4 GiB of 128 KiB tokens = 32,768 tokens; 4 requests of 8,192.
  PlanRun r = Plan({"--config", (dir_ / "model" / "config.json").string(), "--gpu-memory-gib", "80", "--kv-cache-gib",
                "4", "--max-model-len", "8192", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.out;
  Value j = Json(r.out);
  EXPECT_EQ(j.Get("kv")->Get("tokens")->number(), 32768);
  EXPECT_EQ(j.Get("kv")->Get("max_concurrency")->number(), 4);
  // Weights beyond the budget: KV memory goes negative, unclamped.
  r = Plan({"--config", (dir_ / "model").string(), "--gpu-memory-gib", "80", "--weights-gib", "100", "--format",
            "json"});
  ASSERT_EQ(r.code, 0) << r.out;
  j = Json(r.out);
  EXPECT_LT(j.Get("per_gpu")->Get("kv_cache_gib")->number(), 0);
  EXPECT_FALSE(j.Get("fits")->boolean());
}

TEST_F(PlanCliTest, HuggingFaceCacheLookup) {
  std::filesystem::path snap = dir_ / "hub" / "models--acme--tiny-llama" / "snapshots" / "abc123";
  std::filesystem::create_directories(snap);
  std::filesystem::create_directories(dir_ / "hub" / "models--acme--tiny-llama" / "refs");
  std::ofstream(snap / "config.json") << kLlamaConfig;
  std::ofstream(dir_ / "hub" / "models--acme--tiny-llama" / "refs" / "main") << "abc123\n";
  PlanRun r = Plan({"acme/tiny-llama", "--gpu-memory-gib", "80", "--tp", "2", "--format", "json"},
               "HF_HUB_CACHE=" + Quote((dir_ / "hub").string()));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(Json(r.out).Get("tp")->number(), 2);
  // HF_HOME/hub is the fallback.
  r = Plan({"acme/tiny-llama", "--gpu-memory-gib", "80", "--format", "json"},
           "env -u HF_HUB_CACHE HF_HOME=" + Quote(dir_.string()));
  EXPECT_EQ(r.code, 0) << r.out;
  r = Plan({"acme/missing", "--gpu-memory-gib", "80"}, "HF_HUB_CACHE=" + Quote((dir_ / "hub").string()));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("--config"), std::string::npos) << r.out;
}

TEST_F(PlanCliTest, CommandPrintsTheOneSentenceVerdict) {
  std::string cmd = Quote(RECIPES_BINARY) + " command MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 2>/dev/null";
  PlanRun r;
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[1 << 14];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  pclose(p);
  EXPECT_NE(r.out.find("\n# Memory: It fits: "), std::string::npos) << r.out;
  // `recipes plan --all` plans every recipe with facts, one line each.
  PlanRun all = Plan({"--all"});
  EXPECT_EQ(all.code, 0) << all.out;
  EXPECT_NE(all.out.find("MiniMaxAI/MiniMax-M3 on "), std::string::npos) << all.out;
}

TEST_F(PlanCliTest, UsageErrors) {
  EXPECT_EQ(Plan({}).code, 2);
  EXPECT_EQ(Plan({"--config", (dir_ / "model").string()}).code, 2);  // no --gpu-memory-gib
  EXPECT_EQ(Plan({"MiniMaxAI/MiniMax-M3", "--format", "xml"}).code, 2);
  EXPECT_EQ(Plan({"--config", (dir_ / "nowhere").string(), "--gpu-memory-gib", "80"}).code, 1);
}

}  // namespace
}  // namespace recipes
