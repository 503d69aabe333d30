// HTML of the command builder (site.md §9) for one BuilderView. The same
// fragment is server-rendered into the recipe page and returned by
// /api/resolve, so the page's script only swaps it in: every rule stays on
// the server, and the page works without JavaScript (pills are links).
#ifndef RECIPES_SITE_BUILDER_HTML_H_
#define RECIPES_SITE_BUILDER_HTML_H_

#include <string>
#include <string_view>

#include "site/builder_state.h"

namespace recipes {

/// The inner HTML of <section id="builder">. `page_path` is "/{org}/{repo}";
/// pill links are `{page_path}?{query}`.
std::string RenderBuilderHtml(const BuilderView& view, std::string_view page_path);

/// Replaces `$NAME` (not followed by [A-Z0-9_]) by the values, longest names
/// first (site.md §9.10).
std::string SubstituteVars(std::string_view text,
                           const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace recipes

#endif  // RECIPES_SITE_BUILDER_HTML_H_
