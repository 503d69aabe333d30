// recipes check as a program: exit codes 0/1/2, --format json, --vllm, and
// the verdict line of recipes command / explain.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli_test_runner.h"
#include "parse/json_reader.h"

namespace recipes {
namespace {

const std::string kRefCatalog = RECIPES_SOURCE_DIR "/../shared/reference/catalog";

using testing::CliResult;

// stdout and stderr together, as a user sees them.
CliResult Recipes(const std::vector<std::string>& args) {
  std::string cmd = testing::ShQuote(RECIPES_BINARY);
  for (const std::string& a : args) cmd += " " + testing::ShQuote(a);
  return testing::RunShell(cmd + " 2>&1");
}

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(CheckCliTest, EmbeddedCatalogIsCleanAndUsageErrorsExitTwo) {
  CliResult ok = Recipes({"check"});
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_TRUE(Has(ok.out, ": 0 errors, 0 warnings")) << ok.out;
  EXPECT_TRUE(Has(ok.out, "note: not checked: omni recipe")) << ok.out;
  EXPECT_EQ(Recipes({"check", "--vllm", "v0.0.1"}).code, 2);
  EXPECT_EQ(Recipes({"check", "--format", "yaml"}).code, 2);
  EXPECT_EQ(Recipes({"check", "--catalog", "/no/such/dir"}).code, 2);
  EXPECT_EQ(Recipes({"check", "no-such/recipe"}).code, 1);
  // Older versions refuse flags the embedded catalog uses: errors, exit 1, ranges printed.
  CliResult all = Recipes({"check", "--vllm", "all"});
  EXPECT_EQ(all.code, 1);
  EXPECT_TRUE(Has(all.out, "versions on which every rendering parses:")) << all.out;
}

TEST(CheckCliTest, JsonShape) {
  CliResult j = Recipes({"check", "Qwen/Qwen3-4B", "--vllm", "all", "--format", "json"});
  Value doc;
  std::string err;
  ASSERT_TRUE(ParseJson(j.out, &doc, &err)) << err << j.out;
  ASSERT_TRUE(doc.Get("vllm") && doc.Get("vllm")->size() == 5);
  EXPECT_GT(doc.Get("renderings")->number(), 0);
  EXPECT_TRUE(doc.Get("findings")->is_array());
}

TEST(CheckCliTest, CommandAndExplainCarryTheVerdict) {
  CliResult c = Recipes({"command", "Qwen/Qwen3-4B"});
  EXPECT_TRUE(Has(c.out, "# \xE2\x9C\x93 parses on vLLM main-2026-08-21")) << c.out;
  CliResult e = Recipes({"explain", "Qwen/Qwen3-4B"});
  EXPECT_TRUE(Has(e.out, "\xE2\x9C\x93 parses on vLLM main-2026-08-21")) << e.out;
  // --format json: command and explain carry the same `check` object.
  CliResult cj = Recipes({"command", "Qwen/Qwen3-4B", "--format", "json"});
  CliResult ej = Recipes({"explain", "Qwen/Qwen3-4B", "--format", "json"});
  Value cv, ev;
  std::string err;
  ASSERT_TRUE(ParseJson(cj.out, &cv, &err)) << err << cj.out;
  ASSERT_TRUE(ParseJson(ej.out, &ev, &err)) << err << ej.out;
  ASSERT_NE(ev.Get("check"), nullptr) << ej.out;
  EXPECT_TRUE(ev.Get("check")->Equals(*cv.Get("check")));
  EXPECT_EQ(ev.Get("check")->Get("vllm")->At(0)->str(), "main-2026-08-21");
  EXPECT_EQ(ev.Get("check")->Get("recipes")->At(0)->Get("parses_on")->At(0)->str(), "main-2026-08-21");
  if (!std::filesystem::exists(kRefCatalog)) {
    std::printf("note: the reference-catalog half of this test needs ../shared/reference/catalog\n");
    return;
  }
  CliResult bad = Recipes({"command", "nvidia/NVIDIA-Nemotron-Nano-9B-v2", "--catalog", kRefCatalog});
  EXPECT_TRUE(Has(bad.out, "# \xE2\x9C\x97 does not parse on vLLM main-2026-08-21: 1 error")) << bad.out;
  EXPECT_TRUE(Has(bad.out, "#   models/nvidia/NVIDIA-Nemotron-Nano-9B-v2.yaml:35:9: error:")) << bad.out;
  CliResult strict = Recipes({"check", "--catalog", kRefCatalog, "Qwen/Qwen3-8B", "--strict"});
  CliResult lax = Recipes({"check", "--catalog", kRefCatalog, "Qwen/Qwen3-8B"});
  EXPECT_GE(strict.code, lax.code);
}

}  // namespace
}  // namespace recipes
