// The rule the CI scores `recipes diff` by, on synthetic parent/commit pairs:
// api_files_added/removed/changed must be exactly the files that differ
// between two full builds (what `diff -rq` between two `recipes build`
// outputs lists). Each pair is one kind of catalog pull request: a hardware
// override edit, a new variant that is promoted, a deleted recipe, taxonomy
// edits, a strategy file, a kv-store file, platforms.yaml. They run on our
// embedded catalog, and on the reference catalog when ../shared is there.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "diff/api_tree_diff.h"
#include "diff/catalog_diff.h"
#include "diff/test_catalogs.h"

namespace recipes {
namespace {

using testing::ExpectApiListsMatchTrees;
using testing::Files;
using testing::Load;
using testing::OurCatalogFiles;

// Replaces the first `from` in `path` (after `after`, when given); false
// when it is not there.
bool EditFirst(Files* files, const std::string& path, const std::string& from, const std::string& to,
               const std::string& after = "") {
  auto it = files->find(path);
  if (it == files->end()) return false;
  size_t start = after.empty() ? 0 : it->second.find(after);
  if (start == std::string::npos) return false;
  size_t at = it->second.find(from, start);
  if (at == std::string::npos) return false;
  it->second.replace(at, from.size(), to);
  return true;
}

// The first recipe file (byte order) whose text holds `needle`.
std::string FirstRecipeWith(const Files& files, const std::string& needle) {
  for (const auto& [path, text] : files) {
    if (path.rfind("models/", 0) == 0 && text.find(needle) != std::string::npos) return path;
  }
  return "";
}

struct Pair {
  std::string name;
  std::function<bool(Files*)> edit;  // false: the catalog has nothing to edit this way
};

std::vector<Pair> Pairs() {
  std::vector<Pair> out;
  out.push_back({"hardware override flag", [](Files* f) {
                   // A flag appended to the first hardware override's extra_args.
                   std::string p = FirstRecipeWith(*f, "\nhardware_overrides:\n");
                   if (p.empty()) return false;
                   std::string& t = f->at(p);
                   size_t at = t.find("extra_args:", t.find("\nhardware_overrides:\n"));
                   if (at == std::string::npos) return false;
                   if (t.compare(at, 14, "extra_args: []") == 0) {
                     t.replace(at, 14, "extra_args: [\"--max-num-seqs\", \"77\"]");
                     return true;
                   }
                   size_t line = t.find('\n', at) + 1;
                   std::string indent = t.substr(line, t.find('-', line) - line);
                   t.insert(line, indent + "- \"--max-num-seqs\"\n" + indent + "- \"77\"\n");
                   return true;
                 }});
  out.push_back({"variant added and promoted", [](Files* f) {
                   return EditFirst(f, "models/Qwen/Qwen3-4B.yaml", "\nvariants:\n",
                                    "\nvariants:\n"
                                    "  scoring:\n"
                                    "    model_id: \"Qwen/Qwen3-4B-Scoring\"\n"
                                    "    precision: fp8\n"
                                    "    vram_minimum_gb: 5\n"
                                    "    description: \"A variant the scoring test adds\"\n");
                 }});
  out.push_back({"recipe deleted", [](Files* f) { return f->erase("models/Qwen/Qwen3-32B.yaml") == 1; }});
  out.push_back({"taxonomy description", [](Files* f) {
                   return EditFirst(f, "taxonomy.yaml", "    description: \"", "    description: \"(reviewed) ");
                 }});
  out.push_back({"taxonomy vram", [](Files* f) {
                   return EditFirst(f, "taxonomy.yaml", "    vram_gb: ", "    vram_gb: 1");
                 }});
  out.push_back({"strategy file", [](Files* f) {
                   return EditFirst(f, "strategies/single_node_tp.yaml", "vllm_args: []",
                                    "vllm_args: [\"--max-num-seqs\", \"64\"]") &&
                          EditFirst(f, "strategies/single_node_dep.yaml", "display_name: \"", "display_name: \"Edited ");
                 }});
  out.push_back({"kv-store file", [](Files* f) {
                   return EditFirst(f, "kv_store/kv_store_centralized_mooncake.yaml", "\"kv_role\":\"kv_both\"",
                                    "\"kv_role\":\"kv_both\",\"scoring\":1");
                 }});
  out.push_back({"platforms", [](Files* f) {
                   return EditFirst(f, "platforms.yaml", "name: ", "name: Edited ", "platforms:");
                 }});
  return out;
}

void ExpectScored(const Files& before, const MemoryApiSink::Files& tb, const Pair& pair) {
  Files after = before;
  ASSERT_TRUE(pair.edit(&after)) << pair.name << ": nothing to edit";
  ASSERT_NE(after, before) << pair.name;
  auto base = Load(before);
  auto head = Load(after);
  DiffOptions options;
  options.compare_renderings = false;  // the API lists are what is scored
  CatalogDiff diff = DiffCatalogs(*base, *head, "base", "head", options);
  ASSERT_EQ(diff.api_error, "") << pair.name;
  MemoryApiSink::Files th;
  std::string err;
  ASSERT_TRUE(BuildApiTree(*head, 2, &th, &err)) << err;
  EXPECT_GT(ExpectApiListsMatchTrees(tb, th, diff, pair.name), 0u) << pair.name << ": the edit changed no API file";
}

// Every pair against one full build of the parent.
void ScoreAll(const Files& before) {
  MemoryApiSink::Files tb;
  std::string err;
  ASSERT_TRUE(BuildApiTree(*Load(before), 2, &tb, &err)) << err;
  for (const Pair& p : Pairs()) ExpectScored(before, tb, p);
}

TEST(DiffScoring, OurCatalogPairsMatchTwoFullBuilds) {
  ScoreAll(OurCatalogFiles());
}

Files ReadTree(const std::filesystem::path& root) {
  Files out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out.emplace(e.path().lexically_relative(root).generic_string(), ss.str());
  }
  return out;
}

TEST(DiffScoring, ReferenceCatalogPairsMatchTwoFullBuilds) {
  std::string ref = RECIPES_SOURCE_DIR "/../shared/reference/catalog";
  if (!std::filesystem::is_directory(ref)) GTEST_SKIP() << "no reference catalog at " << ref;
  ScoreAll(ReadTree(ref));
}

}  // namespace
}  // namespace recipes
