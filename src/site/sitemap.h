// /sitemap.xml and /robots.txt (site.md §7.7–7.8).
#ifndef RECIPES_SITE_SITEMAP_H_
#define RECIPES_SITE_SITEMAP_H_

#include <string>

#include "site/layout.h"
#include "site/site_index.h"

namespace recipes {

std::string RenderSitemap(const SiteConfig& config, const SiteIndex& index);
std::string RenderRobots(const SiteConfig& config);

}  // namespace recipes

#endif  // RECIPES_SITE_SITEMAP_H_
