// BuildApi: the whole static JSON API of a catalog (json-api.md): vocabulary
// files, per-recipe trees with per-hardware and per-strategy renderings,
// promoted variants, and models.json, handed to an ApiSink (api/api_sink.h:
// a TreeWriter for `recipes build`, a MemoryApiSink for `recipes serve`) in the
// reference builder's order (so "later wins" collisions end the same way).
//
// Recipes are rendered on several threads; every file is handed to the sink
// as soon as it is serialized (a TreeWriter writes it out, so memory stays flat). Fatal problems
// (validation errors, json-api.md §9.1 among them, and unsafe output paths)
// are found before anything is rendered; a failed build records nothing.
#ifndef RECIPES_API_API_BUILDER_H_
#define RECIPES_API_API_BUILDER_H_

#include <string>
#include <vector>

#include "api/api_sink.h"
#include "model/catalog.h"
#include "model/diagnostic.h"

namespace recipes {

/// The counts of the summary line (json-api.md §10).
struct ApiSummary {
  size_t models = 0;                 // recipe files
  size_t with_recommended = 0;       // parents with recommended_command
  size_t default_alternatives = 0;   // sum of parents' alternatives sizes
  size_t per_hw = 0;                 // sum of parents' by_hardware sizes
  size_t promoted = 0;               // promoted variants written (duplicates counted)
  size_t strategies = 0;
  size_t kv_stores = 0;
  size_t platforms = 0;
  size_t collisions = 0;
  size_t files = 0;                  // distinct files in the tree
  // The summary's examples, from the catalog being built ("" when it has none).
  std::string example_recipe;    // the first recipe's hf_id
  std::string example_promoted;  // the first promoted variant's model_id
};

struct ApiBuildOptions {
  int threads = 2;
};

struct ApiBuildResult {
  ApiSummary summary;
  std::vector<std::string> warnings;  // "  ⚠ …" lines, in build order
  Diagnostics errors;                 // fatal: nothing was recorded
  std::string write_error;            // a file could not be staged (e.g. disk full)
  bool ok() const { return errors.empty() && write_error.empty(); }
};

/// The fatal checks alone: the validator's errors (validate/validator.h,
/// which include json-api.md §9.1), output path safety and `meta`; the
/// loader reports missing folders itself. Cheap; BuildApi runs them first.
Diagnostics CheckCatalogForApi(const Catalog& catalog);

/// Renders every file into `sink`. With `sink` null only resolution runs
/// (nothing is serialized): that is `recipes build --check`.
ApiBuildResult BuildApi(const Catalog& catalog, ApiSink* sink, const ApiBuildOptions& options = {});

/// The summary line followed by the eleven fixed path lines, each ending in '\n'.
std::string FormatApiSummary(const ApiSummary& summary);

}  // namespace recipes

#endif  // RECIPES_API_API_BUILDER_H_
