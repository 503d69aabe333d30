// The recipes' `architecture:` blocks (planner facts) are ours: the JSON API
// built from the embedded catalog carries none of them.
#include <gtest/gtest.h>

#include "api/api_builder.h"
#include "api/memory_api_sink.h"
#include "parse/catalog_loader.h"
#include "plan/recipe_plan.h"

namespace recipes {
namespace {

TEST(ArchitectureApi, FactsStayOutOfTheJsonApi) {
  LoadResult loaded = LoadCatalogFrom("");
  int with_facts = 0;
  for (const Recipe& r : loaded.catalog->recipes) with_facts += RecipeHasArchitecture(r) ? 1 : 0;
  ASSERT_GT(with_facts, 0);
  MemoryApiSink sink;
  ApiBuildResult result = BuildApi(*loaded.catalog, &sink);
  ASSERT_TRUE(result.ok()) << result.write_error;
  int files = 0;
  for (const auto& [path, bytes] : sink.files()) {
    ++files;
    EXPECT_EQ(bytes.find("\"architecture\": {"), std::string::npos) << path;
    EXPECT_EQ(bytes.find("num_hidden_layers"), std::string::npos) << path;
    EXPECT_EQ(bytes.find("checkpoint_bytes"), std::string::npos) << path;
  }
  EXPECT_GT(files, 100);
  // The recipe JSON still has the model block's own `architecture` string.
  auto m3 = sink.files().find("MiniMaxAI/MiniMax-M3.json");
  ASSERT_NE(m3, sink.files().end());
  EXPECT_NE(m3->second.find("\"architecture\": \"moe\""), std::string::npos);
}

}  // namespace
}  // namespace recipes
