// Plugs the command builder into the site: the recipe page `/{org}/{repo}`
// and `GET /api/resolve` (site.md §8–§9). Call before constructing the Site:
//
//   SiteOptions options;
//   UseCommandBuilder(&options);
//   Site site(catalog, std::move(options));
#ifndef RECIPES_SITE_BUILDER_ROUTES_H_
#define RECIPES_SITE_BUILDER_ROUTES_H_

#include "site/site.h"

namespace recipes {

/// Sets options->recipe_page and adds /api/resolve, /api/plan, /api/check and
/// /api/deploy in front of any options->extra_routes already set.
void UseCommandBuilder(SiteOptions* options);

}  // namespace recipes

#endif  // RECIPES_SITE_BUILDER_ROUTES_H_
