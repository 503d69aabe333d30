// Test helper: the reference catalog from ../shared (loaded once per test
// binary; nullptr when absent) and the embedded catalog as the fallback.
// Used by *_test.cc only.
#ifndef RECIPES_RESOLVE_TEST_REFERENCE_CATALOG_H_
#define RECIPES_RESOLVE_TEST_REFERENCE_CATALOG_H_

#include <cstdlib>
#include <filesystem>
#include <string>

#include "model/catalog.h"
#include "parse/catalog_loader.h"

namespace recipes::testing {

// RECIPES_TEST_SHARED=/nonexistent runs these as a fresh clone without ../shared would.
inline const std::string kShared = [] {
  const char* e = std::getenv("RECIPES_TEST_SHARED");
  return e ? std::string(e) : std::string(RECIPES_SOURCE_DIR "/../shared");
}();
inline const std::string kRefCatalog = kShared + "/reference/catalog";

inline const Catalog* RefCatalog() {
  static const LoadResult* loaded = [] {
    auto* r = new LoadResult;
    if (std::filesystem::exists(kRefCatalog)) *r = LoadCatalogFrom(kRefCatalog);
    return r;
  }();
  return loaded->catalog ? loaded->catalog.get() : nullptr;
}

// The reference catalog, else the embedded one (for tests whose recipes,
// such as MiniMax-M3, offer the same choices in both).
inline const Catalog* RefOrEmbeddedCatalog() {
  if (const Catalog* c = RefCatalog(); c && !c->recipes.empty()) return c;
  static const LoadResult* embedded = new LoadResult(LoadCatalogFrom(""));
  return embedded->catalog.get();
}

}  // namespace recipes::testing

#endif  // RECIPES_RESOLVE_TEST_REFERENCE_CATALOG_H_
