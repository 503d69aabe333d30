// Whole catalogs: the reference catalog and the embedded one validate with no
// errors; the command line reports and exits as documented.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "parse/catalog_loader.h"
#include "validate/report.h"

namespace recipes {
namespace {

std::string ReferenceCatalog() { return std::string(RECIPES_SOURCE_DIR) + "/../shared/reference/catalog"; }

std::string Errors(const ValidationReport& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.is_error()) out += d.Render();
  }
  return out;
}

TEST(CatalogValidation, ReferenceCatalogHasNoErrors) {
  if (!std::filesystem::is_directory(ReferenceCatalog())) {
    GTEST_SKIP() << "no reference catalog at " << ReferenceCatalog() << " (../shared absent)";
  }
  ValidationReport r = ValidateLoaded(LoadCatalogFrom(ReferenceCatalog()));
  EXPECT_EQ(Errors(r), "");
  EXPECT_EQ(r.errors, 0u);
  EXPECT_EQ(r.files, 131u + 9u + 2u + 2u);  // recipes, strategies, kv stores, taxonomy + platforms
  std::printf("reference catalog: %zu files, %zu errors, %zu warnings\n", r.files, r.errors, r.warnings);
}

TEST(CatalogValidation, EmbeddedCatalogHasNoErrors) {
  ValidationReport r = ValidateLoaded(LoadCatalogFrom(""));
  EXPECT_EQ(Errors(r), "");
  EXPECT_GT(r.files, 0u);
}

struct BinaryRun {
  std::string out;
  int exit_code;
};

BinaryRun RunBinary(const std::string& args) {
  std::string cmd = std::string(RECIPES_BINARY) + " " + args + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  BinaryRun r{"", -1};
  if (!pipe) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  r.exit_code = WEXITSTATUS(pclose(pipe));
  return r;
}

TEST(ValidateCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(RunBinary("validate --no-such-flag").exit_code, 2);
  EXPECT_EQ(RunBinary("validate --format yaml").exit_code, 2);
  EXPECT_EQ(RunBinary("validate --catalog /nonexistent/catalog").exit_code, 2);
  BinaryRun help = RunBinary("validate --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--catalog"), std::string::npos);
}

TEST(ValidateCommand, ReportsTextAndJson) {
  size_t files = ValidateLoaded(LoadCatalogFrom("")).files;
  BinaryRun text = RunBinary("validate");
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find(std::to_string(files) + " files checked: 0 errors, "), std::string::npos) << text.out;
  BinaryRun json = RunBinary("validate --format json");
  EXPECT_EQ(json.exit_code, 0);
  ASSERT_FALSE(json.out.empty());
  EXPECT_EQ(json.out[0], '[');
  EXPECT_EQ(json.out.find("\"severity\": \"error\""), std::string::npos) << json.out;
  if (!std::filesystem::is_directory(ReferenceCatalog())) {
    std::printf("note: no reference catalog at %s; validated the embedded catalog only\n", ReferenceCatalog().c_str());
    return;
  }
  text = RunBinary("validate --catalog " + ReferenceCatalog());
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("144 files checked: 0 errors, "), std::string::npos) << text.out;
  json = RunBinary("validate --format json --catalog " + ReferenceCatalog());
  EXPECT_EQ(json.exit_code, 0);
  ASSERT_FALSE(json.out.empty());
  EXPECT_EQ(json.out[0], '[');
  EXPECT_NE(json.out.find("\"severity\": \"warning\""), std::string::npos);
}

}  // namespace
}  // namespace recipes
