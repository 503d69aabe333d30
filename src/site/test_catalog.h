// Test helper: the reference catalog from ../shared/reference (loaded once
// per test binary), or nullptr when it is absent so tests can GTEST_SKIP.
#ifndef RECIPES_SITE_TEST_CATALOG_H_
#define RECIPES_SITE_TEST_CATALOG_H_

#include <filesystem>
#include <memory>
#include <string>

#include "model/catalog.h"
#include "parse/catalog_loader.h"

namespace recipes::testing {

inline std::string ReferenceDir() { return std::string(RECIPES_SOURCE_DIR) + "/../shared/reference"; }

inline const Catalog* ReferenceCatalog() {
  static std::unique_ptr<Catalog> catalog = []() -> std::unique_ptr<Catalog> {
    std::string dir = ReferenceDir() + "/catalog";
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return nullptr;
    return LoadCatalogFrom(dir).catalog;
  }();
  return catalog.get();
}

}  // namespace recipes::testing

#define RECIPES_REQUIRE_REFERENCE_CATALOG(var)                                              \
  const ::recipes::Catalog* var = ::recipes::testing::ReferenceCatalog();                   \
  if (var == nullptr) GTEST_SKIP() << "no reference catalog at " << ::recipes::testing::ReferenceDir()

#endif  // RECIPES_SITE_TEST_CATALOG_H_
