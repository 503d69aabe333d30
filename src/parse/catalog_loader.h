// LoadCatalog: read a catalog folder (the reference layout, recipe-format.md §1)
// into a Catalog.
//
// Every file is read and parsed even when others fail: a file that cannot be
// read or parsed contributes diagnostics and is left out, and loading goes on.
// Only structural problems are reported here (I/O, YAML syntax, a top level
// that is not a map, missing required files); rule checks live in validate/.
#ifndef RECIPES_PARSE_CATALOG_LOADER_H_
#define RECIPES_PARSE_CATALOG_LOADER_H_

#include <memory>

#include "model/catalog.h"
#include "model/diagnostic.h"
#include "parse/file_system.h"

namespace recipes {

struct LoadResult {
  std::unique_ptr<Catalog> catalog;  // never null; may be partial
  Diagnostics diagnostics;
};

LoadResult LoadCatalog(const FileSystem& fs);

/// Convenience: the folder `dir` on disk, or the embedded catalog when `dir` is empty.
LoadResult LoadCatalogFrom(const std::string& dir);

}  // namespace recipes

#endif  // RECIPES_PARSE_CATALOG_LOADER_H_
