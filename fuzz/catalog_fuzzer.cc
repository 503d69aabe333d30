// libFuzzer target: the catalog loader and the validator. The first byte
// picks which file of a small catalog the rest of the input replaces (a
// recipe, the taxonomy, a strategy, a kv-store deployment or the platforms);
// the other files come from the embedded catalog, so the rules that
// cross-reference files have something to check against.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "parse/catalog_loader.h"
#include "parse/embedded_catalog.h"
#include "parse/file_system.h"
#include "validate/validator.h"

namespace {

// The embedded catalog's shared files and two of its recipes.
const std::map<std::string, std::string>& BaseFiles() {
  static const std::map<std::string, std::string> files = [] {
    std::map<std::string, std::string> out;
    int recipes = 0;
    for (const recipes::EmbeddedFile& f : recipes::EmbeddedCatalogFiles()) {
      std::string path = f.path;
      if (path.rfind("models/", 0) == 0 && ++recipes > 2) continue;
      out.emplace(path, std::string(f.data, f.size));
    }
    return out;
  }();
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::map<std::string, std::string> files = BaseFiles();
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: files["models/fuzz/recipe.yaml"] = text; break;
    case 1: files["taxonomy.yaml"] = text; break;
    case 2: files["strategies/fuzz.yaml"] = text; break;
    case 3: files["kv_store/fuzz.yaml"] = text; break;
    case 4: files["platforms.yaml"] = text; break;
  }
  recipes::LoadResult loaded = recipes::LoadCatalog(*recipes::NewMemoryFileSystem(std::move(files)));
  recipes::Diagnostics diags = recipes::ValidateCatalog(*loaded.catalog);
  for (const recipes::Diagnostic& d : diags) (void)d.Render();
  for (const recipes::Diagnostic& d : loaded.diagnostics) (void)d.Render();
  return 0;
}
