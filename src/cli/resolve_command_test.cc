// `recipes resolve` end to end: one answer line per input line, in order,
// error lines for bad input, exit status 1 when any line failed.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parse/json_reader.h"

namespace recipes {
namespace {

struct CliRun {
  int code = -1;
  std::vector<Value> lines;
  std::string raw;
};

CliRun Resolve(const std::string& input, const std::string& args) {
  std::string in_path = std::filesystem::temp_directory_path() / ("recipes_resolve_in_" + std::to_string(getpid()));
  std::ofstream(in_path) << input;
  std::string cmd = std::string(RECIPES_BINARY) + " resolve " + args + " < '" + in_path + "' 2>/dev/null";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[1 << 14];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.raw.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::filesystem::remove(in_path);
  for (size_t start = 0; start < r.raw.size();) {
    size_t end = r.raw.find('\n', start);
    if (end == std::string::npos) end = r.raw.size();
    Value v;
    std::string err;
    EXPECT_TRUE(ParseJson(std::string_view(r.raw).substr(start, end - start), &v, &err)) << err;
    r.lines.push_back(v);
    start = end + 1;
  }
  return r;
}

TEST(ResolveCliTest, AnswersEveryLineInOrder) {
  // The reference catalog when ../shared is there, else the embedded one
  // (MiniMax-M3 resolves the same in both).
  std::string catalog = RECIPES_SOURCE_DIR "/../shared/reference/catalog";
  std::string catalog_arg = std::filesystem::exists(catalog) ? " --catalog '" + catalog + "'" : "";
  std::string input =
      R"({"recipe":"MiniMaxAI/MiniMax-M3","case":"x","input":{"variant":"default","strategy":"single_node_tp","hardware":"h200","features":[]}})"
      "\n"
      R"({"recipe":"nope/none","input":{}})"
      "\n\n"
      "not json\n"
      R"({"recipe":"MiniMaxAI/MiniMax-M3","input":{"strategy":"multi_node_tp","hardware":"h100","node_count":2}})"
      "\n";
  CliRun r = Resolve(input, catalog_arg);
  EXPECT_EQ(r.code, 1);
  ASSERT_EQ(r.lines.size(), 4u) << r.raw;
  const Value* out = r.lines[0].Get("output");
  ASSERT_NE(out, nullptr) << r.raw;
  EXPECT_EQ(out->Get("command")->str(), "vllm serve MiniMaxAI/MiniMax-M3 \\\n  --block-size 128 \\\n  --tensor-parallel-size 8");
  EXPECT_EQ(r.lines[0].Get("case"), nullptr);  // only recipe, input, output
  EXPECT_EQ(r.lines[1].Get("error")->str(), "unknown recipe nope/none");
  EXPECT_NE(r.lines[2].Get("error")->str().find("line 4"), std::string::npos);
  EXPECT_EQ(r.lines[3].Get("output")->Get("deployType")->str(), "multi_node");

  // --provenance adds where each flag came from.
  r = Resolve(input.substr(0, input.find('\n') + 1), "--provenance" + catalog_arg);
  ASSERT_EQ(r.lines.size(), 1u) << r.raw;
  const Value* prov = r.lines[0].Get("provenance");
  ASSERT_TRUE(prov && prov->is_array() && prov->size() == 1) << r.raw;
  const Value* first = prov->At(0)->Get("args")->At(0);
  EXPECT_EQ(first->Get("layer")->str(), "model.base_args");
  EXPECT_EQ(first->Get("at")->str().rfind("models/MiniMaxAI/MiniMax-M3.yaml:", 0), 0u);
}

// Rendered as asked, with "warnings" where `recipes command` would refuse.
TEST(ResolveCliTest, WarnsWhereCommandWouldRefuse) {
  std::string input =
      R"({"recipe":"MiniMaxAI/MiniMax-M3","input":{"variant":"nvfp4","strategy":"single_node_tp","hardware":"h200","features":[]}})"
      "\n"
      R"({"recipe":"MiniMaxAI/MiniMax-M3","input":{"variant":"nvfp4","strategy":"single_node_tp","hardware":"b200","features":[]}})"
      "\n";
  CliRun r = Resolve(input, "");
  EXPECT_EQ(r.code, 0) << r.raw;
  ASSERT_EQ(r.lines.size(), 2u) << r.raw;
  EXPECT_NE(r.lines[0].Get("output"), nullptr) << r.raw;
  const Value* w = r.lines[0].Get("warnings");
  ASSERT_TRUE(w && w->is_array() && w->size() > 0) << r.raw;
  EXPECT_NE(w->At(0)->str().find("h200"), std::string::npos) << r.raw;
  EXPECT_EQ(r.lines[1].Get("warnings"), nullptr) << r.raw;
  // The command refuses the first selection.
  std::string cmd = std::string(RECIPES_BINARY) + " command MiniMaxAI/MiniMax-M3 --variant nvfp4 --hardware h200 "
                    ">/dev/null 2>&1";
  EXPECT_NE(std::system(cmd.c_str()), 0);
}

TEST(ResolveCliTest, UsageErrors) {
  CliRun r = Resolve("", "--no-such-flag");
  EXPECT_EQ(r.code, 2);
  r = Resolve("", "--catalog /nonexistent/catalog/dir");
  EXPECT_EQ(r.code, 1);
  r = Resolve("", "");  // embedded catalog, no input
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(r.lines.empty());
}

}  // namespace
}  // namespace recipes
