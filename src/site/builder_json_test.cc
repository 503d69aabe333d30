#include "site/builder_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "model/catalog.h"
#include "parse/json_reader.h"

namespace recipes {
namespace {

BuilderView SmallView() {
  BuilderView v;
  v.query = "hardware=b200";
  v.hardware = "b200";
  v.nodes = 2;
  v.modes = {{"spec_decoding", "eagle3_gqa"}};
  BuilderRow row;
  row.key = "hardware";
  row.label = "Hardware";
  BuilderPill p;
  p.id = "b200";
  p.label = "B200 \"x\"";
  p.disabled = true;
  p.tooltip = "needs\nBlackwell";
  row.lines.push_back({"NVIDIA", {p}});
  v.rows.push_back(row);
  BuilderTab t;
  t.id = "head";
  t.command = "vllm serve";
  t.numbers.push_back({"prefill_nodes", "Prefill nodes", 2, 1, 16, "× 8"});
  v.tabs.push_back(t);
  return v;
}

TEST(BuilderJson, IsOneCompactObjectWithEscapedStrings) {
  std::string json = BuilderViewJson(SmallView(), "<a href=\"/x\">\n</a>");
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.back(), '}');
  EXPECT_EQ(json.find('\n'), std::string::npos) << "compact JSON has no raw newlines";
  EXPECT_NE(json.find("\"label\":\"B200 \\\"x\\\"\""), std::string::npos);
  // A disabled pill carries its reason, not a tooltip.
  EXPECT_NE(json.find("\"reason\":\"needs\\nBlackwell\""), std::string::npos);
  EXPECT_NE(json.find("\"modes\":{\"spec_decoding\":\"eagle3_gqa\"}"), std::string::npos);
  EXPECT_NE(json.find("\"numbers\":[{\"param\":\"prefill_nodes\",\"label\":\"Prefill nodes\",\"value\":2,\"min\":1,"
                      "\"max\":16,\"suffix\":\"× 8\"}]"),
            std::string::npos);
  EXPECT_NE(json.find("\"resolution\":null,\"html\":\"<a href=\\\"/x\\\">\\n</a>\"}"), std::string::npos) << json;
}

TEST(BuilderJson, ValueTreeHasTheServedKeysInOrder) {
  Value v = BuilderViewValue(SmallView());
  ASSERT_TRUE(v.is_object());
  std::vector<std::string> keys;
  for (const auto& [k, x] : v.members()) keys.push_back(k);
  std::vector<std::string> want = {"recipe", "query", "corrections", "state", "controls", "advanced", "pd_pools",
                                   "status", "summary", "vram_warning", "tabs", "env_defaults", "curl", "bench"};
  EXPECT_EQ(keys, want);
}

TEST(BuilderJson, ErrorShape) {
  EXPECT_EQ(BuilderErrorJson({"hardware", "unknown hardware 'h9'", {"b200", "h200"}}),
            "{\"error\":{\"param\":\"hardware\",\"message\":\"unknown hardware 'h9'\",\"valid\":[\"b200\",\"h200\"]}}");
}

// Issue 12 item 19: the builder is split by concept; no source file in the
// folders that were split grows back past ~600 lines.
TEST(SourceSize, SplitFoldersStayUnderSixHundredLines) {
  namespace fs = std::filesystem;
  fs::path root = fs::path(RECIPES_SOURCE_DIR) / "src";
  int checked = 0;
  for (const char* dir : {"site"}) {
    for (const auto& e : fs::directory_iterator(root / dir)) {
      if (!e.is_regular_file()) continue;
      std::string ext = e.path().extension().string();
      if (ext != ".cc" && ext != ".h") continue;
      std::ifstream in(e.path());
      int lines = 0;
      for (std::string l; std::getline(in, l);) ++lines;
      ++checked;
      EXPECT_LE(lines, 620) << e.path() << " has " << lines << " lines; split it by concept";
    }
  }
  EXPECT_GT(checked, 20);
}

}  // namespace
}  // namespace recipes
