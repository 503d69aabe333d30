// The global shell of every page (site.md §3): <head> with metadata and the
// no-flash theme script, the sticky header with search and theme toggle, the
// footer. Pages render only their body and call RenderPage.
//
//   PageMeta meta;
//   meta.title = PageTitle("Browse all recipes");
//   meta.canonical_path = "/browse";
//   std::string html = RenderPage(config, meta, body_html);
#ifndef RECIPES_SITE_LAYOUT_H_
#define RECIPES_SITE_LAYOUT_H_

#include <string>
#include <string_view>
#include <vector>

namespace recipes {

struct SiteConfig {
  std::string site_url = "https://recipes.vllm.ai";  // no trailing slash
};

/// Default description and OG image of the site (§3.4).
extern const char kSiteName[];            // "vLLM Recipes"
extern const char kDefaultDescription[];
extern const char kDefaultOgImage[];      // "/og?title=vLLM%20Recipes&subtitle=..."
extern const char kRepoUrl[];             // "https://github.com/vllm-project/recipes"

struct PageMeta {
  std::string title = kSiteName;       // full <title> (see PageTitle)
  std::string description = kDefaultDescription;
  std::string canonical_path = "/";    // site-relative
  std::string og_type = "website";
  std::string og_title;                // "" = title
  std::string og_image = kDefaultOgImage;  // site-relative or absolute
  std::string og_image_alt = kSiteName;
  bool noindex = false;
  std::vector<std::string> json_ld;    // JSON objects, emitted as ld+json scripts
  std::string extra_head;              // trusted HTML appended to <head> (e.g. a page script)
  std::string body_class;              // class on <body>
  bool builder = false;                // the page has the command builder (adds its skip link)
};

/// "{page title} | vLLM Recipes" (§3.4 title template).
std::string PageTitle(std::string_view page_title);

/// The complete HTML document around `body_html` (which goes inside <main>).
std::string RenderPage(const SiteConfig& config, const PageMeta& meta, std::string_view body_html);

/// A site-relative URL made absolute with the site URL (absolute ones pass).
std::string AbsoluteUrl(const SiteConfig& config, std::string_view url);

}  // namespace recipes

#endif  // RECIPES_SITE_LAYOUT_H_
