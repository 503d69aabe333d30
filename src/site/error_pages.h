// The not-found page (HTTP 404, site.md §7.4) and the error page (HTTP 500,
// §7.5).
#ifndef RECIPES_SITE_ERROR_PAGES_H_
#define RECIPES_SITE_ERROR_PAGES_H_

#include <string>
#include <string_view>

#include "site/layout.h"

namespace recipes {

/// `path` is the decoded request path; two segments (not under _next, api,
/// og or providers) mean a model request for "{a}/{b}".
std::string RenderNotFoundPage(const SiteConfig& config, std::string_view path);

std::string RenderErrorPage(const SiteConfig& config, std::string_view message);

}  // namespace recipes

#endif  // RECIPES_SITE_ERROR_PAGES_H_
