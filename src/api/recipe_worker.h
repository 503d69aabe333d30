// RecipeWorker: renders one recipe's files of the JSON API (its recipe JSON,
// variant trees and promoted variants) into an ApiSink; the builder runs
// one per thread. Stage and WriteVocabulary write the catalog-wide files.
// Internal to api/.
#ifndef RECIPES_API_RECIPE_WORKER_H_
#define RECIPES_API_RECIPE_WORKER_H_

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/api_builder.h"
#include "api/api_plan.h"
#include "api/build_cache.h"
#include "api/variant_rendering.h"

namespace recipes::api_build {

struct RecipeOutput {
  RecipeRecord record;
  std::vector<StagedFile> staged;  // one per file op, when rendered (not from the cache)
  bool from_cache = false;
  std::string write_error;
};

// The result of one variant tree (§6.1 step 8).
struct TreeResult {
  HardwareRendering recommended;                                // default hardware
  std::vector<std::pair<std::string, std::string>> alternatives;  // id → path
  std::vector<std::pair<std::string, std::string>> by_hardware;   // hw → path
};

class RecipeWorker {
 public:
  RecipeWorker(const Plan& plan, ApiSink* sink, const std::atomic<bool>& stop)
      : plan_(plan), catalog_(*plan.catalog), sink_(sink), stop_(stop) {}

  RecipeOutput Run(size_t index, const ContentHash& input);

 private:
  void Emit(const std::string& path, std::string_view bytes, bool exclusive);
  void AppendRendering(std::string* out, const HardwareRendering* hr, const ObjectItems& shape, int depth,
                       const std::vector<std::pair<std::string, std::string>>* alternatives,
                       const std::vector<std::pair<std::string, std::string>>* by_hardware);
  std::optional<TreeResult> WriteVariantTree(const std::string& variant, const std::string& base);
  bool FindVariantKey(const std::string& key) const;
  static ObjectItems TransformParent(const Recipe& recipe,
                                     const std::vector<std::pair<Promotion, TreeResult>>& promoted);
  static ObjectItems PromotedDoc(const Recipe& recipe, const ObjectItems& parent, const Promotion& p);
  void WriteRecipeJson(std::string* out, const std::string& hf_id, const ObjectItems& doc, const TreeResult* tree);

  const Plan& plan_;
  const Catalog& catalog_;
  ApiSink* sink_;
  const std::atomic<bool>& stop_;
  const Recipe* recipe_ = nullptr;
  const VariantRenderer* renderer_ = nullptr;
  RecipeOutput out_;
};

/// Stages one file (nothing once a write failed).
void Stage(ApiSink* sink, const std::string& path, const std::string& bytes, ApiBuildResult* result);

/// taxonomy.json, platforms.json, strategies/ and kv_store/ (json-api.md §2).
void WriteVocabulary(const Catalog& catalog, ApiSink* sink, ApiBuildResult* result);

}  // namespace recipes::api_build

#endif  // RECIPES_API_RECIPE_WORKER_H_
