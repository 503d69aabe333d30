// Home page `/` (site.md §4): intro, latest recipes, providers.
#ifndef RECIPES_SITE_HOME_PAGE_H_
#define RECIPES_SITE_HOME_PAGE_H_

#include <string>
#include <vector>

#include "site/layout.h"
#include "site/site_index.h"

namespace recipes {

/// The "Latest recipes" selection: newest first, one per org, at most `n`.
std::vector<size_t> LatestRecipes(const SiteIndex& index, size_t n = 8);

std::string RenderHomePage(const SiteConfig& config, const SiteIndex& index);

}  // namespace recipes

#endif  // RECIPES_SITE_HOME_PAGE_H_
