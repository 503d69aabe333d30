// GPU detection on recorded tool outputs (tests/fixtures/gpu/, and the real
// recordings under tests/fixtures/gpu/recorded/ when present), and `recipes
// run --dry-run` / exec on a fixture.
#include "deploy/gpu_detect.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parse/catalog_loader.h"
#include "parse/json_reader.h"

namespace recipes {
namespace {

const std::string kFixtures = RECIPES_SOURCE_DIR "/tests/fixtures/gpu/";

std::string Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class GpuDetectTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { loaded_ = new LoadResult(LoadCatalogFrom("")); }
  static void TearDownTestSuite() { delete loaded_; }
  GpuDetection Parse(const std::string& tool, const std::string& file, int rc = 0) {
    return ParseGpuQuery(*loaded_->catalog, tool, rc, file.empty() ? "" : Read(kFixtures + file));
  }
  static LoadResult* loaded_;
};
LoadResult* GpuDetectTest::loaded_ = nullptr;

TEST_F(GpuDetectTest, NvidiaSmiRecordings) {
  struct Case {
    const char* file;
    const char* hardware;
    int count;
    double gib;
  } cases[] = {
      {"nvidia-smi-h100x8.csv", "h100", 8, 79.6},
      {"nvidia-smi-h200x8.csv", "h200", 8, 140.4},
      {"nvidia-smi-b200x8.csv", "b200", 8, 179.1},
      {"nvidia-smi-h100x2.csv", "h100", 2, 79.6},
      {"nvidia-smi-rtx-pro-6000x2.csv", "rtx_pro_6000_2x", 2, 95.6},
  };
  for (const Case& c : cases) {
    GpuDetection d = Parse("nvidia-smi", c.file);
    ASSERT_TRUE(d.ok()) << c.file << ": " << d.error;
    EXPECT_EQ(d.hardware, c.hardware) << c.file;
    EXPECT_EQ(d.count, c.count) << c.file;
    EXPECT_DOUBLE_EQ(d.memory_gib, c.gib) << c.file;
  }
  EXPECT_EQ(Parse("nvidia-smi", "nvidia-smi-h100x8.csv").gpus.front().compute_cap, "9.0");
}

TEST_F(GpuDetectTest, RocmSmiRecordings) {
  GpuDetection d = Parse("rocm-smi", "rocm-smi-mi300x8.json");
  ASSERT_TRUE(d.ok()) << d.error;
  EXPECT_EQ(d.hardware, "mi300x");
  EXPECT_EQ(d.count, 8);
  EXPECT_DOUBLE_EQ(d.memory_gib, 191.7);
  GpuDetection older = Parse("rocm-smi", "rocm-smi-mi300x2-older.json");
  ASSERT_TRUE(older.ok()) << older.error;
  EXPECT_EQ(older.hardware, "mi300x");
  EXPECT_EQ(older.count, 2);
}

TEST_F(GpuDetectTest, ClearErrors) {
  GpuDetection mixed = Parse("nvidia-smi", "nvidia-smi-mixed.csv");
  EXPECT_FALSE(mixed.ok());
  EXPECT_NE(mixed.error.find("mixed GPUs (2x NVIDIA A100-SXM4-80GB, 2x NVIDIA H100 80GB HBM3)"), std::string::npos)
      << mixed.error;
  GpuDetection unknown = Parse("nvidia-smi", "nvidia-smi-a100x1.csv");
  EXPECT_EQ(unknown.error, "unknown GPU 'NVIDIA A100-SXM4-80GB': no hardware profile matches it");
  EXPECT_EQ(Parse("nvidia-smi", "nvidia-smi-empty.csv").error, "no GPU found");
  EXPECT_EQ(Parse("nvidia-smi", "", 127).error, "nvidia-smi not found");
  EXPECT_EQ(ParseGpuQuery(*loaded_->catalog, "nvidia-smi", 9,
                          "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n")
                .error,
            "nvidia-smi failed (exit 9): NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.");
  EXPECT_FALSE(ParseGpuQuery(*loaded_->catalog, "rocm-smi", 0, "not json").ok());
  EXPECT_FALSE(ParseGpuQuery(*loaded_->catalog, "nvidia-smi", 0, "just-a-name\n").ok());
}

// Real recordings (tests/fixtures/gpu/recorded/, taken on lent GPU machines;
// transcript-*.txt holds the session): every one parses to a
// known profile; the file name says which: <tool>-<hardware>x<count>.<ext>.
TEST_F(GpuDetectTest, RealRecordings) {
  std::string dir = kFixtures + "recorded";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "skipped: no real recordings in " << dir;
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.rfind("nvidia-smi-", 0) != 0 && name.rfind("rocm-smi-", 0) != 0) continue;
    std::string tool = name.rfind("nvidia-smi-", 0) == 0 ? "nvidia-smi" : "rocm-smi";
    std::string rest = name.substr(tool.size() + 1, name.rfind('.') - tool.size() - 1);
    size_t x = rest.rfind('x');
    GpuDetection d = ParseGpuQuery(*loaded_->catalog, tool, 0, Read(e.path().string()));
    ASSERT_TRUE(d.ok()) << name << ": " << d.error;
    EXPECT_EQ(d.hardware + "x" + std::to_string(d.count), rest.substr(0, x) + "x" + rest.substr(x + 1)) << name;
    ++n;
  }
  std::printf("detect: %d real recordings parsed\n", n);
}

int RunCli(const std::string& args, std::string* out) {
  std::string cmd = std::string(RECIPES_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t k;
  while ((k = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, k);
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(RecipesRunTest, DryRunOnFixturePrintsTheDetectedCommand) {
  std::string out;
  ASSERT_EQ(RunCli("run MiniMaxAI/MiniMax-M3 --dry-run --gpu-query " + kFixtures + "nvidia-smi-b200x8.csv", &out), 0) << out;
  std::string json;
  ASSERT_EQ(RunCli("command MiniMaxAI/MiniMax-M3 --hardware b200 --format json", &json), 0);
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(json, &doc, &err)) << err;
  std::string want = doc.Get("resolution")->Get("command")->str();
  EXPECT_NE(out.find("detected 8 x NVIDIA B200 -> hardware b200"), std::string::npos) << out;
  EXPECT_NE(out.find(want), std::string::npos) << out << "\nwant:\n" << want;
}

TEST(RecipesRunTest, RefusesMultiNodeAndUnknownGpus) {
  std::string out;
  EXPECT_EQ(RunCli("run deepseek-ai/DeepSeek-R1 --strategy multi_node_tp --nodes 2 --dry-run --gpu-query " + kFixtures +
                    "nvidia-smi-h200x8.csv",
                &out),
            1);
  EXPECT_NE(out.find("recipes deploy deepseek-ai/DeepSeek-R1 --target"), std::string::npos) << out;
  out.clear();
  EXPECT_EQ(RunCli("run MiniMaxAI/MiniMax-M3 --dry-run --gpu-query " + kFixtures + "nvidia-smi-mixed.csv", &out), 1);
  EXPECT_NE(out.find("mixed GPUs"), std::string::npos) << out;
  out.clear();
  EXPECT_EQ(RunCli("detect --gpu-query " + kFixtures + "nvidia-smi-a100x1.csv", &out), 1);
  EXPECT_NE(out.find("unknown GPU"), std::string::npos) << out;
}

TEST(RecipesRunTest, ExecsTheExactArgvWithTheEnvMerged) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("recipes-run-" + std::to_string(::getpid()));
  fs::create_directories(dir / "bin");
  fs::copy_file(RECIPES_SOURCE_DIR "/tests/deploy/stub_record.sh", dir / "bin" / "vllm");
  std::string cmd = "PATH=" + (dir / "bin").string() + ":$PATH RECIPES_RECORD_DIR=" + dir.string() + " " +
                    RECIPES_BINARY + " run MiniMaxAI/MiniMax-M3 --gpu-query " + kFixtures +
                    "nvidia-smi-b200x8.csv --variant nvfp4 --feature spec_decoding=eagle3_gqa >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string json;
  ASSERT_EQ(RunCli("command MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 --feature spec_decoding=eagle3_gqa "
                "--format json",
                &json),
            0);
  std::string argv_file, env_file;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".argv") argv_file = Read(e.path().string());
    if (e.path().extension() == ".env") env_file = std::string(1, '\0') + Read(e.path().string());
  }
  ASSERT_FALSE(argv_file.empty());
  std::vector<std::string> words;
  for (size_t start = 0; start < argv_file.size();) {
    size_t end = argv_file.find('\0', start);
    words.push_back(argv_file.substr(start, end - start));
    start = end + 1;
  }
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(json, &doc, &err)) << err;
  const Value* argv = doc.Get("resolution")->Get("argv");
  ASSERT_TRUE(argv && argv->is_array());
  std::vector<std::string> want;
  for (const Value& t : argv->items()) want.push_back(t.str());
  EXPECT_EQ(words, want);
  for (const auto& [k, v] : doc.Get("resolution")->Get("env")->members()) {
    EXPECT_NE(env_file.find('\0' + k + "=" + v.ToDisplayString() + '\0'), std::string::npos) << k;
  }
  EXPECT_NE(env_file.find(std::string("VLLM_FLASHINFER_ALLREDUCE_BACKEND=trtllm") + '\0'), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace recipes
