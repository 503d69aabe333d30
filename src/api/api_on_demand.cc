// ApiOnDemand (api_on_demand.h): the JSON API rendered per request path by
// the same workers as BuildApi, in build order, so the bytes are equal.
#include "api/api_on_demand.h"

#include <algorithm>
#include <unordered_map>

#include "api/api_builder.h"
#include "api/api_plan.h"
#include "api/recipe_worker.h"
#include "api/variant_rendering.h"

namespace recipes {

using api_build::BuildPlan;
using api_build::CacheSharedJson;
using api_build::Plan;
using api_build::Promotion;
using api_build::RecipeOutput;
using api_build::RecipeWorker;
using api_build::WriteVocabulary;

struct ApiOnDemand::State {
  const Catalog* catalog = nullptr;
  Diagnostics errors;
  Plan plan;
  // Base id (a recipe's hf_id or a promoted model_id) → the recipes writing
  // under it, in build order.
  std::unordered_map<std::string, std::vector<size_t>> writers;

  // Every base id a file path could belong to: each folder prefix, and the
  // path less ".json" (the recipe file beside its folder).
  static std::vector<std::string_view> Bases(std::string_view path) {
    std::vector<std::string_view> out;
    for (size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
      out.push_back(path.substr(0, slash));
    }
    if (path.size() > 5 && path.substr(path.size() - 5) == ".json") out.push_back(path.substr(0, path.size() - 5));
    return out;
  }
};

ApiOnDemand::ApiOnDemand(const Catalog& catalog) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.catalog = &catalog;
  s.errors = CheckCatalogForApi(catalog);
  if (!s.errors.empty()) return;
  BuildPlan(catalog, &s.plan);
  CacheSharedJson(catalog, &s.plan);
  for (size_t i = 0; i < catalog.recipes.size(); ++i) {
    s.writers[catalog.recipes[i].hf_id].push_back(i);
    for (const Promotion& p : s.plan.promotions[i]) {
      if (!p.collides) s.writers[p.model_id].push_back(i);
    }
  }
  for (auto& [base, list] : s.writers) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
}

ApiOnDemand::~ApiOnDemand() = default;

const Diagnostics& ApiOnDemand::errors() const { return state_->errors; }

MemoryApiSink::Files ApiOnDemand::Vocabulary() const {
  MemoryApiSink sink;
  ApiBuildResult ignored;
  if (state_->errors.empty()) WriteVocabulary(*state_->catalog, &sink, &ignored);
  return sink.Take();
}

bool ApiOnDemand::Render(std::string_view path, MemoryApiSink::Files* files) const {
  const State& s = *state_;
  if (!s.errors.empty()) return false;
  std::vector<size_t> recipes;
  for (std::string_view base : State::Bases(path)) {
    auto it = s.writers.find(std::string(base));
    if (it != s.writers.end()) recipes.insert(recipes.end(), it->second.begin(), it->second.end());
  }
  if (recipes.empty()) return false;
  std::sort(recipes.begin(), recipes.end());
  recipes.erase(std::unique(recipes.begin(), recipes.end()), recipes.end());
  // Render and apply in build order, exactly as BuildApi does for its sink.
  MemoryApiSink sink;
  std::atomic<bool> stop{false};
  RecipeWorker worker(s.plan, &sink, stop);
  for (size_t i : recipes) {
    RecipeOutput out = worker.Run(i, ContentHash());
    size_t k = 0;
    for (const FileOp& op : out.record.ops) {
      if (op.remove_dir) {
        sink.RemoveDir(op.path);
      } else {
        sink.Record(std::move(out.staged[k++]));
      }
    }
  }
  // Keep a file only when every recipe that could write it was rendered.
  auto complete = [&](std::string_view file) {
    for (std::string_view base : State::Bases(file)) {
      auto it = s.writers.find(std::string(base));
      if (it == s.writers.end()) continue;
      for (size_t w : it->second) {
        if (!std::binary_search(recipes.begin(), recipes.end(), w)) return false;
      }
    }
    return true;
  };
  MemoryApiSink::Files rendered = sink.Take();
  for (auto& [file, bytes] : rendered) {
    if (file == path || complete(file)) (*files)[file] = std::move(bytes);
  }
  return true;
}

std::string ApiOnDemand::ModelsJson() const {
  const State& s = *state_;
  if (!s.errors.empty()) return "";
  const Catalog& catalog = *s.catalog;
  ArrayItems models;
  ArrayItems promoted_entries;
  std::vector<std::string> ignored;
  for (size_t i = 0; i < catalog.recipes.size(); ++i) {
    const Recipe& r = catalog.recipes[i];
    // As RecipeWorker::Run: a promotion is written when its variant tree is,
    // i.e. when the variant's default hardware renders (never for omni).
    std::vector<std::pair<std::string, std::string>> promoted;
    if (!IsOmniRecipe(r.doc)) {
      VariantRenderer renderer(catalog, r);
      renderer.set_resolve_only(true);
      renderer.set_recommended_only(true);
      for (const Promotion& p : s.plan.promotions[i]) {
        if (p.collides) continue;
        std::vector<std::string> hw = renderer.HardwareIds(p.variant);
        if (!hw.empty() && renderer.Render(p.variant, hw[0], &ignored)) promoted.emplace_back(p.variant, p.model_id);
        ignored.clear();
      }
    }
    api_build::AddModelsEntries(r, promoted, &models, &promoted_entries);
  }
  return api_build::ModelsJsonText(std::move(models), std::move(promoted_entries));
}

}  // namespace recipes
