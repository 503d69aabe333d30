// ApiPlan: what every recipe worker of the JSON API build shares, read-only
// once built: the promotions (json-api.md §6.4), the base ids that several
// writers touch, and the shared sub-documents serialized once. Internal to api/.
#ifndef RECIPES_API_API_PLAN_H_
#define RECIPES_API_API_PLAN_H_

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "model/value.h"

namespace recipes::api_build {

// A promotion candidate (json-api.md §6.4 steps 1–2 passed).
struct Promotion {
  std::string variant;
  std::string model_id;
  bool collides = false;  // names a recipe: skipped with a warning
};

/// An id that is safe as an output path (no empty, "." or ".." segment, not
/// under the builder's own .recipes* folders).
bool SafeOutputId(const std::string& id);

std::string FirstSegment(const std::string& id);

// Everything the workers share, read-only once built.
struct Plan {
  const Catalog* catalog = nullptr;
  std::unordered_set<std::string> hf_ids;
  std::vector<std::vector<Promotion>> promotions;  // per recipe, declaration order
  std::vector<size_t> collisions;                  // per recipe
  std::unordered_set<std::string> contested;       // base ids that several writers touch
  // Pre-serialized shared sub-documents, per nesting depth (1: hw file, 2: recipe JSON).
  std::unordered_map<std::string, std::string> spec_json[3];
  std::unordered_map<std::string, std::string> profile_json[3];
  std::string empty_profile_json = "{}";
};

void BuildPlan(const Catalog& catalog, Plan* plan);
void CacheSharedJson(const Catalog& catalog, Plan* plan);

/// models.json (§6.3): a recipe's entry, and its written promotions' (variant
/// key, model_id), which are listed after every recipe's.
void AddModelsEntries(const Recipe& recipe, const std::vector<std::pair<std::string, std::string>>& promoted,
                      ArrayItems* models, ArrayItems* promoted_entries);
std::string ModelsJsonText(ArrayItems models, ArrayItems promoted_entries);

}  // namespace recipes::api_build

#endif  // RECIPES_API_API_PLAN_H_
