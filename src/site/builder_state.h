// The command builder for one recipe and one URL state (site.md §9): settles
// the state from the query, resolves it, and fills a BuilderView. Computed
// on the server only; the page's script never re-implements these rules, it
// asks /api/resolve for a new view.
//
// Pure: (catalog, recipe, query) → view. No I/O, no mutable statics.
#ifndef RECIPES_SITE_BUILDER_STATE_H_
#define RECIPES_SITE_BUILDER_STATE_H_

#include <optional>

#include "model/catalog.h"
#include "site/builder_json.h"  // callers of the builder usually serve it
#include "site/builder_query.h"
#include "site/builder_view.h"

namespace recipes {

/// Parses and validates a builder query for `recipe`, resolves it, and fills
/// every control. Unknown keys are ignored; a known key with a value the
/// recipe does not offer yields an error (the first one found).
struct BuildResult {
  std::optional<BuilderView> view;
  std::optional<BuilderError> error;
};
BuildResult BuildBuilderView(const Catalog& catalog, const Recipe& recipe, const BuilderParams& query);

}  // namespace recipes

#endif  // RECIPES_SITE_BUILDER_STATE_H_
