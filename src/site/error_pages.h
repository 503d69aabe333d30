// The not-found page (HTTP 404, site.md §7.4) and the error page (HTTP 500,
// §7.5).
#ifndef RECIPES_SITE_ERROR_PAGES_H_
#define RECIPES_SITE_ERROR_PAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "site/layout.h"

namespace recipes {

/// `path` is the decoded request path; two segments (not under _next, api,
/// og or providers) mean a model request for "{a}/{b}". `recipe_ids` (hf ids)
/// feed the "did you mean" list, ranked as the CLI ranks them (RankMatches).
std::string RenderNotFoundPage(const SiteConfig& config, std::string_view path,
                               const std::vector<std::string>& recipe_ids = {});
/// Up to `limit` recipe ids that plausibly mean `path`, best first.
std::vector<std::string> NotFoundSuggestions(std::string_view path, const std::vector<std::string>& recipe_ids,
                                             size_t limit = 3);

std::string RenderErrorPage(const SiteConfig& config, std::string_view message);

}  // namespace recipes

#endif  // RECIPES_SITE_ERROR_PAGES_H_
