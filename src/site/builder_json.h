// The JSON a builder view is served as (/api/resolve): state, controls, tabs,
// the raw resolution and the HTML fragment the page swaps in. Built as a
// Value and written by render/json_writer, so escaping and number formatting
// are the same as every other JSON the project emits.
#ifndef RECIPES_SITE_BUILDER_JSON_H_
#define RECIPES_SITE_BUILDER_JSON_H_

#include <string>

#include "model/value.h"
#include "site/builder_query.h"
#include "site/builder_view.h"

namespace recipes {

/// The view without its resolution and HTML (the parts the page reads).
Value BuilderViewValue(const BuilderView& view);
/// JSON of a view: state, controls, tabs and the raw resolution, compact.
std::string BuilderViewJson(const BuilderView& view, const std::string& html_fragment);
/// JSON of a query error: {"error":{"param","message","valid":[...]}}.
std::string BuilderErrorJson(const BuilderError& error);

}  // namespace recipes

#endif  // RECIPES_SITE_BUILDER_JSON_H_
