#include "parse/file_system.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "parse/catalog_loader.h"

namespace recipes {
namespace {

namespace fs = std::filesystem;

class DiskFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/file_system_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  // A sparse file: large, but costs no disk.
  void MakeSparse(const std::string& rel, off_t size) {
    fs::create_directories(fs::path(dir_ + "/" + rel).parent_path());
    int fd = ::open((dir_ + "/" + rel).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, size), 0);
    ::close(fd);
  }
  std::string dir_;
};

TEST_F(DiskFileSystemTest, AFileOverTheCapIsRefusedWithoutReadingIt) {
  MakeSparse("big.yaml", FileSystem::kMaxFileBytes + 1);
  MakeSparse("ok.yaml", 1000);
  auto disk = NewDiskFileSystem(dir_);
  std::string text, err;
  EXPECT_FALSE(disk->Read("big.yaml", &text, &err));
  EXPECT_NE(err.find("file too large"), std::string::npos) << err;
  EXPECT_TRUE(text.empty());
  EXPECT_TRUE(disk->Read("ok.yaml", &text, &err)) << err;
  EXPECT_EQ(text.size(), 1000u);
}

TEST_F(DiskFileSystemTest, TheLoaderReportsTheHugeRecipeByPathAndLoadsTheOthers) {
  std::ofstream(dir_ + "/taxonomy.yaml") << "hardware_profiles: {}\n";
  fs::create_directories(dir_ + "/strategies");
  fs::create_directories(dir_ + "/kv_store");
  fs::create_directories(dir_ + "/models/org");
  std::ofstream(dir_ + "/models/org/small.yaml") << "meta:\n  title: small\n";
  MakeSparse("models/org/huge.yaml", 17 * 1024 * 1024);
  LoadResult r = LoadCatalog(*NewDiskFileSystem(dir_));
  bool found = false;
  for (const Diagnostic& d : r.diagnostics) {
    std::string text = d.Render();
    if (text.find("models/org/huge.yaml") != std::string::npos && text.find("file too large") != std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found);
  ASSERT_EQ(r.catalog->recipes.size(), 1u);
  EXPECT_EQ(r.catalog->recipes[0].hf_id, "org/small");
}

}  // namespace
}  // namespace recipes
