// ApiOnDemand: the files of BuildApi (api/api_builder.h), rendered a recipe
// at a time when one of them is asked for, for `recipes serve`. Every API
// file is a pure function of the catalog and its path: the recipes that write
// under a path's folder are rendered in build order, with the same
// later-wins rules, so the bytes equal `recipes build`'s file for file.
//
//   ApiOnDemand api(catalog);             // plans only: no rendering
//   MemoryApiSink::Files files;
//   api.Render("Qwen/Qwen3-8B/hw/h200.json", &files);
#ifndef RECIPES_API_API_ON_DEMAND_H_
#define RECIPES_API_API_ON_DEMAND_H_

#include <memory>
#include <string_view>

#include "api/memory_api_sink.h"
#include "model/catalog.h"
#include "model/diagnostic.h"

namespace recipes {

class ApiOnDemand {
 public:
  explicit ApiOnDemand(const Catalog& catalog);
  ~ApiOnDemand();

  /// What stops the API (as BuildApi's errors); nothing renders when set.
  const Diagnostics& errors() const;
  /// The vocabulary files (taxonomy, platforms, strategies, kv_store). Cheap.
  MemoryApiSink::Files Vocabulary() const;
  /// Renders the recipes that write under `path` (relative, no leading
  /// '/'). *files receives `path` when it exists and every other file of
  /// theirs that no recipe left unrendered can touch. False when no recipe
  /// writes there.
  bool Render(std::string_view path, MemoryApiSink::Files* files) const;
  /// models.json, equal to BuildApi's, without rendering the API: a promoted
  /// variant is listed when its default hardware resolves, which is all the
  /// list depends on (one resolution per promotion). "" when errors() is set.
  std::string ModelsJson() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace recipes

#endif  // RECIPES_API_API_ON_DEMAND_H_
