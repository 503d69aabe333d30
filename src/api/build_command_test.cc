// End-to-end tests of `recipes build` through the real binary: failed builds
// leave the previous tree untouched, a killed build is repaired by the next
// one, and incremental rebuilds end equal to a fresh build.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace recipes {
namespace {

namespace fs = std::filesystem;

struct FileState {
  std::string bytes;
  int64_t mtime_ns = 0;
  bool operator==(const FileState& o) const { return bytes == o.bytes && mtime_ns == o.mtime_ns; }
};
using Snapshot = std::map<std::string, FileState>;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Every file under `root` (bookkeeping included) with its bytes and mtime.
Snapshot Snap(const std::string& root, bool with_hidden = true) {
  Snapshot out;
  if (!fs::exists(root)) return out;
  for (auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), root).string();
    if (!with_hidden && rel.rfind(".recipes", 0) == 0) continue;
    struct stat st;
    stat(e.path().c_str(), &st);
    out[rel] = FileState{ReadFile(e.path()), st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec};
  }
  return out;
}

std::map<std::string, std::string> Contents(const Snapshot& s) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : s) {
    if (k.rfind(".recipes", 0) != 0) out[k] = v.bytes;
  }
  return out;
}

// A scratch folder, on tmpfs when there is one (the trees are large).
class Scratch {
 public:
  Scratch() {
    std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    std::string tmpl = base + "/build_command_test.XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    path_ = mkdtemp(buf.data()) ? buf.data() : "";
  }
  ~Scratch() {
    if (!path_.empty()) fs::remove_all(path_);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct RunResult {
  int exit_code = -1;  // -1 when killed
  int signal = 0;
  std::string err;
};

RunResult RunBuild(const std::string& args, const std::string& env = "") {
  Scratch log;
  std::string err_file = log.path() + "/stderr";
  std::string cmd = env + " '" + std::string(RECIPES_BINARY) + "' build " + args + " >/dev/null 2>'" + err_file + "'";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.err = ReadFile(err_file);
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
    // The shell reports a child killed by a signal as 128 + signal.
    if (r.exit_code > 128) {
      r.signal = r.exit_code - 128;
      r.exit_code = -1;
    }
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
  }
  return r;
}

const char* kTaxonomy = R"(hardware_profiles:
  h200:
    brand: NVIDIA
    generation: hopper
    gpu_count: 8
    vram_gb: 1128
  mi300x:
    brand: AMD
    generation: amd
    gpu_count: 8
    vram_gb: 1536
)";

const char* kStrategy = R"(name: single_node_tp
deploy_type: single_node
display_name: Tensor Parallel
vllm_args: []
parallel_flag: "--tensor-parallel-size"
)";

std::string Recipe(const std::string& id, const std::string& extra = "") {
  return "meta:\n  title: \"" + id + "\"\n  tasks: [text]\nmodel:\n  model_id: \"org/" + id +
         "\"\n  base_args: [\"--trust-remote-code\"]\ncompatible_strategies: [single_node_tp]\n"
         "variants:\n  default:\n    precision: bf16\n    vram_minimum_gb: 100\n" +
         extra;
}

class BuildCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(scratch_.path().empty());
    catalog_ = scratch_.path() + "/catalog";
    out_ = scratch_.path() + "/public";
    WriteFile(catalog_ + "/taxonomy.yaml", kTaxonomy);
    WriteFile(catalog_ + "/strategies/single_node_tp.yaml", kStrategy);
    fs::create_directories(catalog_ + "/kv_store");
    WriteFile(catalog_ + "/models/org/a.yaml", Recipe("a"));
    WriteFile(catalog_ + "/models/org/b.yaml",
              Recipe("b", "  fp8:\n    model_id: \"org/b-fp8\"\n    precision: fp8\n    vram_minimum_gb: 50\n"));
  }

  std::string Args() const { return "--catalog '" + catalog_ + "' --out '" + out_ + "'"; }

  Scratch scratch_;
  std::string catalog_, out_;
};

TEST_F(BuildCommandTest, BuildsAndRebuildsWithoutTouchingUnchangedFiles) {
  RunResult r = RunBuild(Args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Snapshot first = Snap(out_);
  EXPECT_TRUE(first.count("org/a.json"));
  EXPECT_TRUE(first.count("org/b-fp8.json"));
  EXPECT_TRUE(first.count("org/a/hw/h200.json"));
  EXPECT_TRUE(first.count("models.json"));
  usleep(20000);
  r = RunBuild(Args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snap(out_), first);  // same bytes, same mtimes, bookkeeping included

  // One recipe changes: only its files (and models.json) are rewritten.
  WriteFile(catalog_ + "/models/org/a.yaml", Recipe("a-renamed"));
  r = RunBuild(Args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Snapshot second = Snap(out_);
  EXPECT_EQ(second["org/b.json"], first["org/b.json"]);
  EXPECT_NE(second["org/a.json"].bytes, first["org/a.json"].bytes);
  // And the tree equals a fresh build of the same catalog.
  std::string fresh = scratch_.path() + "/fresh";
  r = RunBuild("--catalog '" + catalog_ + "' --out '" + fresh + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Contents(Snap(out_)), Contents(Snap(fresh)));
}

TEST_F(BuildCommandTest, CheckWritesNothing) {
  RunResult r = RunBuild("--check " + Args());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(out_));
  EXPECT_EQ(std::distance(fs::directory_iterator(scratch_.path()), fs::directory_iterator()), 1);  // catalog/
}

TEST_F(BuildCommandTest, InvalidCatalogLeavesTheOldTreeUntouched) {
  ASSERT_EQ(RunBuild(Args()).exit_code, 0);
  Snapshot before = Snap(out_);
  // A broken feature-mode block (json-api.md §9.1) and a YAML syntax error.
  WriteFile(catalog_ + "/models/org/c.yaml", Recipe("c", "features:\n  spec:\n    modes: []\n"));
  WriteFile(catalog_ + "/models/org/d.yaml", "meta: [unclosed\n");
  RunResult r = RunBuild(Args());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("features.spec.modes must be a non-empty map"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("d.yaml"), std::string::npos) << r.err;
  EXPECT_EQ(Snap(out_), before);
  // --check reports the same and writes nothing either.
  r = RunBuild("--check --catalog '" + catalog_ + "'");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(BuildCommandTest, UnwritableOutputFailsCleanly) {
  WriteFile(scratch_.path() + "/plain-file", "x");
  RunResult r = RunBuild("--catalog '" + catalog_ + "' --out '" + scratch_.path() + "/plain-file/public'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
  r = RunBuild("--catalog '" + catalog_ + "' --out '" + scratch_.path() + "/plain-file'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(ReadFile(scratch_.path() + "/plain-file"), "x");
}

TEST_F(BuildCommandTest, FullDiskLeavesTheOldTreeUntouched) {
  ASSERT_EQ(RunBuild(Args()).exit_code, 0);
  Snapshot before = Snap(out_);
  WriteFile(catalog_ + "/models/org/a.yaml", Recipe("a2"));
  WriteFile(catalog_ + "/models/org/b.yaml", Recipe("b2"));
  RunResult r = RunBuild(Args(), "RECIPES_TEST_FAIL_WRITE_AFTER=1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("No space left"), std::string::npos) << r.err;
  EXPECT_EQ(Snap(out_), before);
  EXPECT_FALSE(fs::exists(out_ + "/.recipes-staging"));
  // Into a new folder: no folder at all afterwards.
  std::string other = scratch_.path() + "/other";
  r = RunBuild("--catalog '" + catalog_ + "' --out '" + other + "'", "RECIPES_TEST_FAIL_WRITE_AFTER=2");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(fs::exists(other));
}

TEST_F(BuildCommandTest, KilledBuildLeavesTheOldTreeAndTheNextOneSucceeds) {
  ASSERT_EQ(RunBuild(Args()).exit_code, 0);
  Snapshot old_tree = Snap(out_);
  // The killed build changes both recipes and drops b's promoted variant.
  WriteFile(catalog_ + "/models/org/a.yaml", Recipe("a2"));
  WriteFile(catalog_ + "/models/org/b.yaml", Recipe("b2"));
  RunResult r = RunBuild(Args(), "RECIPES_TEST_KILL_AFTER_APPLIED=2");
  EXPECT_EQ(r.signal, SIGKILL) << r.err;
  EXPECT_TRUE(Snap(out_) == old_tree) << "a killed build must leave the old tree exactly";
  r = RunBuild(Args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string fresh = scratch_.path() + "/fresh";
  ASSERT_EQ(RunBuild("--catalog '" + catalog_ + "' --out '" + fresh + "'").exit_code, 0);
  EXPECT_EQ(Contents(Snap(out_)), Contents(Snap(fresh)));
  EXPECT_FALSE(fs::exists(scratch_.path() + "/.public.recipes-tmp"));
}

TEST_F(BuildCommandTest, NoChangeRebuildStopsAfterStatsAndNoticesEveryInputChange) {
  RunResult r = RunBuild(Args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Snapshot first = Snap(out_);
  r = RunBuild(Args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("nothing changed"), std::string::npos) << r.err;
  EXPECT_TRUE(Snap(out_) == first);
  // A touched file (same bytes) is hashed and still counts as unchanged.
  usleep(20000);
  WriteFile(catalog_ + "/models/org/a.yaml", Recipe("a"));
  r = RunBuild(Args());
  EXPECT_NE(r.err.find("nothing changed"), std::string::npos) << r.err;
  // A new recipe, a removed one, and a changed shared file are each noticed.
  WriteFile(catalog_ + "/models/org/c.yaml", Recipe("c"));
  r = RunBuild(Args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("nothing changed"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(out_ + "/org/c.json"));
  fs::remove(catalog_ + "/models/org/c.yaml");
  r = RunBuild(Args());
  EXPECT_EQ(r.err.find("nothing changed"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out_ + "/org/c.json"));
  WriteFile(catalog_ + "/strategies/single_node_tp.yaml", std::string(kStrategy) + "description: edited\n");
  r = RunBuild(Args());
  EXPECT_EQ(r.err.find("nothing changed"), std::string::npos) << r.err;
  EXPECT_NE(ReadFile(out_ + "/strategies/single_node_tp.json").find("edited"), std::string::npos);
  // --clean always rebuilds and leaves nothing beside the output.
  r = RunBuild("--clean " + Args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("nothing changed"), std::string::npos) << r.err;
  for (auto& e : fs::directory_iterator(scratch_.path())) {
    std::string name = e.path().filename().string();
    EXPECT_TRUE(name == "catalog" || name == "public") << name;
  }
}

// Issue 14: touching one recipe rewrites exactly the files whose bytes differ
// between fresh builds of the two catalogs; everything else keeps its inode.
TEST_F(BuildCommandTest, TouchingOneRecipeWritesExactlyItsChangedFiles) {
  for (int i = 0; i < 6; ++i) WriteFile(catalog_ + "/models/org/r" + std::to_string(i) + ".yaml", Recipe("r" + std::to_string(i)));
  std::string before_fresh = scratch_.path() + "/fresh-before";
  ASSERT_EQ(RunBuild("--catalog '" + catalog_ + "' --out '" + before_fresh + "'").exit_code, 0);
  ASSERT_EQ(RunBuild(Args()).exit_code, 0);
  for (int round = 0; round < 2; ++round) {  // the second round runs on a spare tree
    Snapshot before = Snap(out_, false);
    usleep(20000);
    std::string text = Recipe("b", "  fp8:\n    model_id: \"org/b-fp8\"\n    precision: fp8\n    vram_minimum_gb: 50\n");
    text.replace(text.find("tasks: [text]"), 13, round == 0 ? "tasks: [text]\n  description: edited" : "tasks: [text]");
    WriteFile(catalog_ + "/models/org/b.yaml", text);
    RunResult r = RunBuild(Args());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Snapshot after = Snap(out_, false);
    std::string fresh = scratch_.path() + "/fresh" + std::to_string(round);
    ASSERT_EQ(RunBuild("--catalog '" + catalog_ + "' --out '" + fresh + "'").exit_code, 0);
    Snapshot expected = Snap(fresh, false);
    EXPECT_EQ(Contents(after), Contents(expected));
    std::set<std::string> written, differ;
    for (const auto& [path, st] : after) {
      if (!before.count(path) || before[path].mtime_ns != st.mtime_ns) written.insert(path);
      if (!before.count(path) || before[path].bytes != st.bytes) differ.insert(path);
    }
    EXPECT_EQ(written, differ);
    EXPECT_EQ(written, (std::set<std::string>{"org/b.json", "org/b-fp8.json"}));
  }
}

// On the reference catalog when ../shared is there, else on our catalog folder.
TEST(BuildCommandReference, IncrementalRebuildEqualsFreshBuild) {
  std::string catalog = std::string(RECIPES_SOURCE_DIR) + "/../shared/reference/catalog";
  if (!fs::exists(catalog)) catalog = std::string(RECIPES_SOURCE_DIR) + "/catalog";
  Scratch scratch;
  std::string cat = scratch.path() + "/catalog";
  fs::copy(catalog, cat, fs::copy_options::recursive);
  std::string out = scratch.path() + "/public";
  std::string args = "--catalog '" + cat + "' --out '" + out + "'";
  ASSERT_EQ(RunBuild(args).exit_code, 0);
  // Nothing changed: nothing written.
  Snapshot first = Snap(out);
  usleep(20000);
  ASSERT_EQ(RunBuild(args).exit_code, 0);
  EXPECT_TRUE(Snap(out) == first);
  // Edit one recipe: drop a promoted variant's model_id and touch its text.
  std::string path = cat + "/models/MiniMaxAI/MiniMax-M3.yaml";
  std::string text = ReadFile(path);
  size_t at = text.find("model_id: \"MiniMaxAI/MiniMax-M3-MXFP8\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 9, "# model_id");
  size_t desc = text.find("description: \"");
  text.insert(desc + 14, "(edited) ");
  WriteFile(path, text);
  RunResult r = RunBuild(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string fresh = scratch.path() + "/fresh";
  ASSERT_EQ(RunBuild("--catalog '" + cat + "' --out '" + fresh + "'").exit_code, 0);
  Snapshot inc = Snap(out), full = Snap(fresh);
  EXPECT_EQ(Contents(inc), Contents(full));
  EXPECT_FALSE(inc.count("MiniMaxAI/MiniMax-M3-MXFP8.json"));
  ASSERT_TRUE(first.count("Qwen/Qwen3-32B.json"));
  EXPECT_EQ(inc["Qwen/Qwen3-32B.json"], first["Qwen/Qwen3-32B.json"]) << "unrelated files keep their mtime";
}

}  // namespace
}  // namespace recipes
