// Parity of `recipes build` with the reference JSON API: builds
// ../shared/reference/catalog and compares every file with
// ../shared/reference/api.tar.zst (missing, extra, JSON-equal, byte-equal).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/api_builder.h"
#include "api/tree_writer.h"
#include "gtest/gtest.h"
#include "parse/catalog_loader.h"
#include "parse/json_reader.h"

namespace recipes {
namespace {

namespace fs = std::filesystem;

std::string SharedDir() { return std::string(RECIPES_SOURCE_DIR) + "/../shared"; }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Relative paths of the regular files under `root`, without the writer's
// own hidden bookkeeping.
std::set<std::string> ListTree(const std::string& root) {
  std::set<std::string> out;
  for (auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), root).string();
    if (rel.rfind(".recipes", 0) == 0) continue;
    out.insert(rel);
  }
  return out;
}

class TempDir {
 public:
  // On tmpfs when there is one: the trees hold ~12,000 files each.
  TempDir() {
    std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    std::string tmpl = base + "/api_parity.XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    path_ = mkdtemp(buf.data()) ? buf.data() : "";
  }
  ~TempDir() {
    if (!path_.empty()) fs::remove_all(path_);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ApiParity, ReferenceCatalogBuildsTheReferenceTree) {
  std::string shared = SharedDir();
  std::string archive = shared + "/reference/api.tar.zst";
  std::string catalog_dir = shared + "/reference/catalog";
  if (!fs::exists(archive) || !fs::exists(catalog_dir)) {
    GTEST_SKIP() << "no reference data at " << shared << "/reference (needs api.tar.zst and catalog/)";
  }
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());
  std::string expected = tmp.path() + "/expected";
  std::string actual = tmp.path() + "/actual";
  fs::create_directories(expected);
  std::string cmd = "zstd -dc '" + archive + "' | tar -x -C '" + expected + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "cannot unpack " << archive << " (needs zstd and tar)";

  LoadResult loaded = LoadCatalogFrom(catalog_dir);
  ASSERT_EQ(CountErrors(loaded.diagnostics), 0u);
  std::string err;
  std::unique_ptr<TreeWriter> writer = TreeWriter::Open(actual, {}, &err);
  ASSERT_TRUE(writer) << err;
  ApiBuildResult result = BuildApi(*loaded.catalog, writer.get());
  ASSERT_TRUE(result.ok()) << result.write_error;
  TreeWriteStats stats;
  ASSERT_TRUE(writer->Commit(&stats, &err)) << err;

  // The summary line, as the reference README quotes it.
  std::string readme = ReadFile(shared + "/reference/README.md");
  size_t at = readme.find("\xE2\x9C\x93 JSON API:");
  if (at != std::string::npos) {
    std::string want_line = readme.substr(at, readme.find('\n', at) - at);
    std::string summary = FormatApiSummary(result.summary);
    EXPECT_EQ(summary.substr(0, summary.find('\n')), want_line);
  }

  std::set<std::string> want = ListTree(expected);
  std::set<std::string> have = ListTree(actual);
  size_t json_equal = 0, byte_equal = 0, missing = 0, extra = 0;
  std::vector<std::string> differing, missing_list, extra_list;
  for (const std::string& rel : want) {
    if (!have.count(rel)) {
      ++missing;
      missing_list.push_back(rel);
      continue;
    }
    std::string a = ReadFile(fs::path(expected) / rel);
    std::string b = ReadFile(fs::path(actual) / rel);
    if (a == b) {
      ++byte_equal;
      ++json_equal;
      continue;
    }
    Value va, vb;
    std::string ea, eb;
    if (ParseJson(a, &va, &ea) && ParseJson(b, &vb, &eb) && va.Equals(vb)) {
      ++json_equal;
    } else {
      differing.push_back(rel);
    }
  }
  for (const std::string& rel : have) {
    if (!want.count(rel)) {
      ++extra;
      extra_list.push_back(rel);
    }
  }
  auto show = [](const char* what, const std::vector<std::string>& list) {
    for (size_t i = 0; i < list.size() && i < 10; ++i) std::printf("  %s: %s\n", what, list[i].c_str());
    if (list.size() > 10) std::printf("  ... and %zu more %s\n", list.size() - 10, what);
  };
  show("differs", differing);
  show("missing", missing_list);
  show("extra", extra_list);
  std::printf("api parity: %zu/%zu JSON-equal, %zu byte-equal, %zu missing, %zu extra\n", json_equal,
              want.size(), byte_equal, missing, extra);
  EXPECT_EQ(json_equal, want.size());
  EXPECT_EQ(extra, 0u);
}

}  // namespace
}  // namespace recipes
