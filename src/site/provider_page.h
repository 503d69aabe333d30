// Provider pages `/{org}` and the provider sidebar shared with the recipe
// page (site.md §7.1–7.2).
#ifndef RECIPES_SITE_PROVIDER_PAGE_H_
#define RECIPES_SITE_PROVIDER_PAGE_H_

#include <string>
#include <string_view>

#include "site/layout.h"
#include "site/site_index.h"

namespace recipes {

/// The left sidebar: every provider, `current_org` expanded with its models.
/// `current_hf_id` (may be empty) marks the recipe being viewed.
std::string RenderProviderSidebar(const SiteIndex& index, std::string_view current_org,
                                  std::string_view current_hf_id);

/// Two-column layout (sidebar + content) inside the page container. The
/// recipe page uses this too.
std::string WithSidebar(const std::string& sidebar_html, const std::string& content_html);

/// The whole provider page. REQUIRES: `provider` comes from `index`.
std::string RenderProviderPage(const SiteConfig& config, const SiteIndex& index, const ProviderInfo& provider);

}  // namespace recipes

#endif  // RECIPES_SITE_PROVIDER_PAGE_H_
