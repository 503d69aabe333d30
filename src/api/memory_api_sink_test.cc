// MemoryApiSink keeps the same tree a TreeWriter would put on disk: later
// records win, RemoveDir drops a folder, and a whole build of the reference
// catalog gives the same files with the same bytes as `recipes build`.
#include "api/memory_api_sink.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api/api_builder.h"
#include "api/tree_writer.h"
#include "gtest/gtest.h"
#include "parse/catalog_loader.h"

namespace recipes {
namespace {

namespace fs = std::filesystem;

void Put(ApiSink* sink, const std::string& path, const std::string& bytes, bool exclusive = false) {
  StagedFile f;
  std::string err;
  ASSERT_TRUE(sink->Stage(path, bytes, exclusive, &f, &err)) << err;
  sink->Record(std::move(f));
}

TEST(MemoryApiSinkTest, LaterRecordWinsAndRemoveDirDropsOnlyThatFolder) {
  MemoryApiSink sink;
  EXPECT_FALSE(sink.incremental());
  Put(&sink, "v/hw/a.json", "first");
  Put(&sink, "v/strategies/s.json", "first");
  Put(&sink, "v.json", "first");
  Put(&sink, "v-2/x.json", "kept", true);
  Put(&sink, "vw/x.json", "kept", true);
  sink.RemoveDir("v");
  Put(&sink, "v/hw/a.json", "second");
  Put(&sink, "v.json", "second");
  EXPECT_EQ(sink.files(), (MemoryApiSink::Files{{"v-2/x.json", "kept"},
                                                {"v.json", "second"},
                                                {"v/hw/a.json", "second"},
                                                {"vw/x.json", "kept"}}));
  MemoryApiSink::Files taken = sink.Take();
  EXPECT_EQ(taken.size(), 4u);
  EXPECT_TRUE(sink.files().empty());
}

// On the reference catalog when ../shared is there, else on the embedded one.
TEST(MemoryApiSinkTest, CatalogGivesTheSameTreeAsTheFolderWriter) {
  std::string catalog_dir = std::string(RECIPES_SOURCE_DIR) + "/../shared/reference/catalog";
  if (!fs::is_directory(catalog_dir)) catalog_dir.clear();  // "" = embedded
  LoadResult loaded = LoadCatalogFrom(catalog_dir);
  ASSERT_EQ(CountErrors(loaded.diagnostics), 0u);

  MemoryApiSink memory;
  ApiBuildResult in_memory = BuildApi(*loaded.catalog, &memory);
  ASSERT_TRUE(in_memory.ok()) << in_memory.write_error;

  // On tmpfs when there is one: the tree holds ~12,000 files.
  std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  std::string tmpl = base + "/memory_api_sink_test.XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  ASSERT_NE(mkdtemp(buf.data()), nullptr);
  std::string root = buf.data();
  std::string out = root + "/api";
  std::string err;
  std::unique_ptr<TreeWriter> writer = TreeWriter::Open(out, {}, &err);
  ASSERT_TRUE(writer) << err;
  ApiBuildResult on_disk = BuildApi(*loaded.catalog, writer.get());
  ASSERT_TRUE(on_disk.ok()) << on_disk.write_error;
  TreeWriteStats stats;
  ASSERT_TRUE(writer->Commit(&stats, &err)) << err;

  EXPECT_EQ(FormatApiSummary(in_memory.summary), FormatApiSummary(on_disk.summary));
  EXPECT_EQ(in_memory.warnings, on_disk.warnings);
  MemoryApiSink::Files disk;
  for (auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), out).generic_string();
    if (rel.rfind(".recipes", 0) == 0) continue;  // the writer's bookkeeping
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    disk[rel] = ss.str();
  }
  fs::remove_all(root);
  size_t equal = 0;
  for (const auto& [path, bytes] : memory.files()) {
    auto it = disk.find(path);
    if (it != disk.end() && it->second == bytes) ++equal;
  }
  std::printf("memory sink: %zu/%zu files byte-equal to the folder build (%zu on disk)\n", equal,
              memory.files().size(), disk.size());
  EXPECT_EQ(memory.files().size(), disk.size());
  EXPECT_EQ(equal, disk.size());
}

}  // namespace
}  // namespace recipes
