// Catalog: everything loaded from one catalog folder, immutable once loaded.
//
// Documents are kept as Value trees (every value with its position) in the
// reference's own orders: recipes in walk order (byte order of names,
// depth-first), strategies and kv-store deployments in file-name order,
// hardware profiles in taxonomy order. The Catalog owns the Sources that all
// positions point into, so it is neither copyable nor movable by value; hold
// it by unique_ptr.
#ifndef RECIPES_MODEL_CATALOG_H_
#define RECIPES_MODEL_CATALOG_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/source.h"
#include "model/value.h"

namespace recipes {

struct Recipe {
  std::string hf_id;  // "<org>/<repo>", derived from the path
  std::string path;   // "models/<org>/<repo>.yaml"
  Value doc;          // the whole YAML document (a map)
};

/// A strategy or kv-store file; both share one id space keyed by `name`.
struct StrategyDoc {
  std::string name;
  std::string path;  // "strategies/x.yaml" or "kv_store/x.yaml"
  Value doc;
};

class Catalog {
 public:
  Catalog() = default;
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  /// Takes ownership of a loaded file; the returned pointer lives as long as the catalog.
  const Source* AddSource(std::string path, std::string text);

  std::vector<Recipe> recipes;           // walk order
  std::vector<StrategyDoc> strategies;   // strategies/*.yaml, file-name order
  std::vector<StrategyDoc> kv_stores;    // kv_store/*.yaml, file-name order
  Value taxonomy;                        // taxonomy.yaml (null when missing)
  Value platforms;                       // platforms.yaml (null when missing)
  bool has_platforms = false;
  bool has_strategies_dir = false;
  bool has_kv_store_dir = false;

  const Recipe* FindRecipe(std::string_view hf_id) const;
  /// Strategy or kv-store document by name; a later file with the same name wins.
  const Value* FindStrategy(std::string_view name) const;
  /// taxonomy.hardware_profiles.<id>, or nullptr.
  const Value* FindHardware(std::string_view id) const;
  /// taxonomy.hardware_profiles (an object), or nullptr.
  const Value* HardwareProfiles() const;

 private:
  std::vector<std::unique_ptr<Source>> sources_;
};

}  // namespace recipes

#endif  // RECIPES_MODEL_CATALOG_H_
