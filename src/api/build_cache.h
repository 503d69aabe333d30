// BuildCache: what each recipe contributed to the last build, keyed by a hash
// of its input, so that a rebuild renders only the recipes whose text changed
// (and everything when anything shared changed: the taxonomy, a strategy, the
// set of recipe files, or the `recipes` binary itself).
//
// Stored as a text file beside the manifest and replaced in the same commit;
// an interrupted build invalidates it (the writer then reports no cache).
#ifndef RECIPES_API_BUILD_CACHE_H_
#define RECIPES_API_BUILD_CACHE_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "api/content_hash.h"
#include "model/catalog.h"

namespace recipes {

/// One step of a recipe's output, in build order.
struct FileOp {
  bool remove_dir = false;  // drop what earlier steps put under `path` + "/"
  std::string path;
  ContentHash hash;
  uint64_t size = 0;
};

/// Everything the rest of the build needs from one recipe.
struct RecipeRecord {
  ContentHash input;
  std::vector<FileOp> ops;
  std::vector<std::string> warnings;
  bool has_recommended = false;
  size_t alternatives = 0;
  size_t per_hw = 0;
  std::vector<std::pair<std::string, std::string>> promoted;  // variant key, model_id
};

class BuildCache {
 public:
  static constexpr const char* kFileName = ".recipes-cache";

  /// The key of everything shared by all recipes.
  static ContentHash GlobalKey(const Catalog& catalog);
  /// The key of one recipe's own input.
  static ContentHash RecipeKey(const Recipe& recipe);

  /// Reads a cache file; records are keyed by recipe path. Returns false (and
  /// leaves *records empty) when the text is not a cache for `global`.
  static bool Parse(const std::string& text, const ContentHash& global,
                    std::unordered_map<std::string, RecipeRecord>* records);
  /// Writes one. Records holding text that cannot be stored on one line are
  /// left out (those recipes are simply rendered next time).
  static std::string Serialize(const ContentHash& global,
                               const std::vector<std::pair<std::string, const RecipeRecord*>>& records);
};

}  // namespace recipes

#endif  // RECIPES_API_BUILD_CACHE_H_
