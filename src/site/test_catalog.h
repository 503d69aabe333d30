// Test helper: the reference catalog from ../shared/reference (loaded once
// per test binary), or nullptr when it is absent so tests can GTEST_SKIP;
// TestCatalog() falls back to the embedded catalog so a fresh clone without
// ../shared still runs every test that is not about parity.
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

inline bool HaveReferenceCatalog() { return ReferenceCatalog() != nullptr; }

inline const Catalog* TestCatalog() {
  static std::unique_ptr<Catalog> embedded = []() -> std::unique_ptr<Catalog> {
    if (ReferenceCatalog() != nullptr) return nullptr;
    return LoadCatalogFrom("").catalog;
  }();
  return embedded ? embedded.get() : ReferenceCatalog();
}

}  // namespace recipes::testing

#define RECIPES_REQUIRE_REFERENCE_CATALOG(var)                                              \
  const ::recipes::Catalog* var = ::recipes::testing::ReferenceCatalog();                   \
  if (var == nullptr) GTEST_SKIP() << "no reference catalog at " << ::recipes::testing::ReferenceDir()

// Never skips: the reference catalog when present, else the embedded one.
#define RECIPES_TEST_CATALOG(var) const ::recipes::Catalog* var = ::recipes::testing::TestCatalog()

#endif  // RECIPES_SITE_TEST_CATALOG_H_
