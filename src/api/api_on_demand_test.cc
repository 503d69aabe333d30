// models.json derived without rendering the API equals the built one.
#include "api/api_on_demand.h"

#include <gtest/gtest.h>

#include "api/api_builder.h"
#include "api/memory_api_sink.h"
#include "parse/catalog_loader.h"
#include "parse/file_system.h"
#include "site/test_catalog.h"

namespace recipes {
namespace {

void ExpectModelsJsonAsBuilt(const Catalog& catalog) {
  MemoryApiSink sink;
  ASSERT_TRUE(BuildApi(catalog, &sink).ok());
  auto built = sink.files().find("models.json");
  ASSERT_NE(built, sink.files().end());
  ApiOnDemand api(catalog);
  ASSERT_TRUE(api.errors().empty());
  std::string derived = api.ModelsJson();
  EXPECT_GT(derived.size(), 100u);
  EXPECT_EQ(derived, built->second);
}

TEST(ApiOnDemandTest, ModelsJsonEqualsTheBuiltOneOnTheEmbeddedCatalog) {
  LoadResult loaded = LoadCatalog(*NewEmbeddedCatalogFileSystem());
  ASSERT_TRUE(loaded.catalog);
  ExpectModelsJsonAsBuilt(*loaded.catalog);
}

TEST(ApiOnDemandTest, ModelsJsonEqualsTheBuiltOneOnTheReferenceCatalog) {
  RECIPES_REQUIRE_REFERENCE_CATALOG(catalog);
  ExpectModelsJsonAsBuilt(*catalog);
}

}  // namespace
}  // namespace recipes
