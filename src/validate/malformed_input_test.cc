// Bad input never crashes and never hides the rest: each kind of malformed
// file sits in a catalog that also holds a good recipe and another bad one,
// whose diagnostic must still be reported. Expected reports are complete,
// caret lines included.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "validate/test_catalog.h"

namespace recipes {
namespace {

using testing::ValidateFiles;
using testing::Validated;

// Another broken recipe next to the malformed file.
const char kOtherBad[] =
    "meta: {title: Bad}\n"
    "features:\n"
    "  spec:\n"
    "    modes: {}\n"
    "variants:\n"
    "  default: {precision: bf16}\n";

const char kOtherBadReport[] =
    "models/org/bad.yaml:4:12: error: features.spec.modes must be a non-empty map\n"
    "      modes: {}\n"
    "             ^\n";

Validated WithOthers(std::map<std::string, std::string> files, std::vector<std::string> removed = {}) {
  files["models/org/bad.yaml"] = kOtherBad;
  return ValidateFiles(files, removed);
}

TEST(MalformedInput, EmptyFile) {
  Validated v = WithOthers({{"models/org/empty.yaml", ""}});
  EXPECT_EQ(v.text, std::string(kOtherBadReport) +
                        "models/org/empty.yaml:1:1: error: expected a map at the top level, found an empty document\n"
                        "  \n"
                        "  ^\n"
                        "9 files checked: 2 errors, 0 warnings\n");
  EXPECT_EQ(v.exit_code, 1);
}

TEST(MalformedInput, BinaryGarbage) {
  Validated v = WithOthers({{"models/org/bin.yaml", std::string("\x00\x01\x02 garbage\x7f\n", 13)}});
  EXPECT_EQ(v.text, std::string(kOtherBadReport) +
                        "models/org/bin.yaml:1:1: error: not valid UTF-8 text: control characters are not allowed (byte 0x00)\n"
                        "  ??? garbage?\n"
                        "  ^\n"
                        "9 files checked: 2 errors, 0 warnings\n");
  EXPECT_EQ(v.exit_code, 1);
}

TEST(MalformedInput, TextThatIsNotUtf8) {
  // Latin-1 "é" on line 2, column 13.
  Validated v = WithOthers({{"models/org/latin.yaml", "meta:\n  title: caf\xe9\n"}});
  EXPECT_EQ(v.text, std::string(kOtherBadReport) +
                        "models/org/latin.yaml:2:13: error: not valid UTF-8 text: incomplete UTF-8 octet sequence\n"
                        "    title: caf?\n"
                        "              ^\n"
                        "9 files checked: 2 errors, 0 warnings\n");
  EXPECT_EQ(v.exit_code, 1);
}

TEST(MalformedInput, TenMegabyteScalarValidatesClean) {
  std::string huge = "meta: {title: Huge}\nvariants:\n  default: {precision: bf16}\nguide: \"" +
                     std::string(10 * 1024 * 1024, 'x') + "\"\n";
  Validated v = WithOthers({{"models/org/huge.yaml", huge}});
  EXPECT_EQ(v.text, std::string(kOtherBadReport) + "9 files checked: 1 error, 0 warnings\n");
  EXPECT_EQ(v.exit_code, 1);
  Validated alone = ValidateFiles({{"models/org/huge.yaml", huge}});
  EXPECT_EQ(alone.text, "8 files checked: 0 errors, 0 warnings\n");
  EXPECT_EQ(alone.exit_code, 0);
}

TEST(MalformedInput, TenThousandLevelsOfNesting) {
  Validated flow = WithOthers({{"models/org/deep.yaml", std::string(10000, '[') + std::string(10000, ']') + "\n"}});
  EXPECT_EQ(flow.text,
            std::string(kOtherBadReport) +
                "models/org/deep.yaml:1:513: error: nesting deeper than 512 levels\n"
                "  ..." + std::string(160, '[') + "\n" +
                "  " + std::string(83, ' ') + "^\n"
                "9 files checked: 2 errors, 0 warnings\n");
  EXPECT_EQ(flow.exit_code, 1);

  std::string block;
  for (int i = 0; i < 10000; ++i) block += std::string(i, ' ') + "a:\n";
  Validated v = WithOthers({{"models/org/deep.yaml", block}});
  EXPECT_EQ(v.text, std::string(kOtherBadReport) +
                        "models/org/deep.yaml:513:513: error: nesting deeper than 512 levels\n"
                        "  ..." + std::string(80, ' ') + "a:\n" +
                        "  " + std::string(83, ' ') + "^\n"
                        "9 files checked: 2 errors, 0 warnings\n");
  EXPECT_EQ(v.exit_code, 1);
}

TEST(MalformedInput, AliasBomb) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  Validated v = WithOthers({{"models/org/bomb.yaml", bomb}});
  EXPECT_EQ(v.text, std::string(kOtherBadReport) +
                        "models/org/bomb.yaml:6:36: error: aliases expand to more than 1000000 nodes (alias bomb?)\n"
                        "  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                        "                                     ^\n"
                        "9 files checked: 2 errors, 0 warnings\n");
  EXPECT_EQ(v.exit_code, 1);
}

TEST(MalformedInput, TopLevelList) {
  Validated v = WithOthers({{"models/org/list.yaml", "- a\n- b\n"}});
  EXPECT_EQ(v.text, std::string(kOtherBadReport) +
                        "models/org/list.yaml:1:1: error: expected a map at the top level, found a list\n"
                        "  - a\n"
                        "  ^\n"
                        "9 files checked: 2 errors, 0 warnings\n");
  EXPECT_EQ(v.exit_code, 1);
}

TEST(MalformedInput, MissingTaxonomy) {
  Validated v = WithOthers({}, {"taxonomy.yaml"});
  EXPECT_EQ(v.text, std::string(kOtherBadReport) +
                        "taxonomy.yaml: error: missing file: the catalog needs taxonomy.yaml (hardware profiles, "
                        "tasks, kv offload)\n"
                        "7 files checked: 2 errors, 0 warnings\n");
  EXPECT_EQ(v.exit_code, 1);
}

// A real folder on disk, run through the binary: a directory under models/
// that links back to its parent.
TEST(MalformedInput, SymlinkLoopUnderModels) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("recipes-validate-loop-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto files = testing::BaseCatalogFiles();
  files["models/org/bad.yaml"] = kOtherBad;
  for (const auto& [path, text] : files) {
    fs::create_directories((dir / path).parent_path());
    std::ofstream(dir / path, std::ios::binary) << text;
  }
  fs::create_directory_symlink("..", dir / "models/org/loop");

  std::string cmd = std::string(RECIPES_BINARY) + " validate --catalog " + dir.string() + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  fs::remove_all(dir);

  EXPECT_EQ(out, std::string(kOtherBadReport) +
                     "models/org/loop: error: symbolic link loop: this directory contains itself\n"
                     "8 files checked: 2 errors, 0 warnings\n");
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

}  // namespace
}  // namespace recipes
