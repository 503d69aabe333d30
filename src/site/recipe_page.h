// The recipe page `/{org}/{repo}` (site.md §7.3, §8) with its server-rendered
// command builder (§9), and the builder's JSON endpoint `/api/resolve`.
//
// RecipePages is built once at startup (it renders every guide's Markdown
// then) and is immutable afterwards, so one instance serves all threads.
//
//   RecipePages pages(config, index);
//   HttpResponse r = pages.HandleRecipe("MiniMaxAI", "MiniMax-M3", "hardware=b200");
//   HttpResponse j = pages.HandleResolve("recipe=MiniMaxAI/MiniMax-M3&hardware=b200");
#ifndef RECIPES_SITE_RECIPE_PAGE_H_
#define RECIPES_SITE_RECIPE_PAGE_H_

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "site/builder_query.h"
#include "site/builder_view.h"
#include "site/byte_lru.h"
#include "site/deploy_dialog.h"
#include "site/http_types.h"
#include "site/layout.h"
#include "site/site_index.h"

namespace recipes {

/// Markdown (CommonMark + GFM tables, strikethrough, autolinks, task lists)
/// to HTML; raw HTML is not rendered; headings get GitHub-style ids; code
/// blocks get a Copy button.
std::string RenderGuideMarkdown(std::string_view markdown);

/// GitHub-style heading slug: lower case, spaces → '-', punctuation dropped.
std::string HeadingSlug(std::string_view text);

class RecipePages {
 public:
  /// `resolve_cache_bytes`: the budget of the /api/resolve answer cache.
  RecipePages(const SiteConfig& config, const SiteIndex& index, size_t resolve_cache_bytes = 32u << 20);

  /// `/{org}/{repo}`: case-insensitive lookup, canonical-case and checkpoint
  /// redirects (§7.3), the not-found page, or the recipe page. `raw_query` is
  /// the undecoded query string (no '?'). A malformed builder value renders
  /// the page with the default state, a banner naming the parameter, and 400.
  HttpResponse HandleRecipe(std::string_view org, std::string_view repo, std::string_view raw_query) const;

  /// The page for a recipe already routed to (canonical path).
  HttpResponse Page(const RecipeSummary& recipe, std::string_view raw_query) const;

  /// `/api/resolve?recipe={org}/{repo}&<builder query>`: the BuilderView as
  /// JSON (200), or {"error":{param,message,valid}} (400 / 404).
  /// With `gzip`, the body is gzip-encoded (HttpResponse::gzipped).
  HttpResponse HandleResolve(std::string_view raw_query, bool gzip = false) const;
  /// GET /api/plan?recipe=ORG/REPO&<builder query>: the memory plan of the
  /// settled selection, in `recipes plan --format json`'s shape; 404 for an
  /// unknown recipe, 422 when the recipe has no architecture facts.
  HttpResponse HandlePlan(std::string_view raw_query) const;
  /// GET /api/check?recipe=ORG/REPO&<builder query>[&vllm=VERSION|all]: the
  /// settled selection's argv checked against vLLM's flag tables, in
  /// `recipes check --format json`'s shape ({"vllm", "renderings",
  /// "findings", "recipes"}); every version unless `vllm` names one. 404 for
  /// an unknown recipe, 400 for a bad selection or version.
  HttpResponse HandleCheck(std::string_view raw_query) const;
  /// GET /api/deploy?recipe=ORG/REPO&<builder query>: the deploy dialog for
  /// the settled selection — {"recipe", "selection", "state", "targets":
  /// [{"target", "command", "files": [{"path", "content"}], "error"?}],
  /// "html"} where html is the dialog's contents. With `target=T&file=NAME`:
  /// that file, as the attachment `recipes deploy --target T` would write.
  HttpResponse HandleDeploy(std::string_view raw_query) const;

 private:
  std::string RenderPageHtml(const RecipeSummary& r, const std::string& builder_html, const std::string& banner,
                             const BuilderView* view) const;
  /// The deploy dialog's tabs for a view: the deploy targets for its
  /// selection, then the recipe's platforms.
  std::vector<DeployTab> DeployTabs(const RecipeSummary& r, const BuilderView* view, const std::string& state) const;
  /// Parses an /api/* query into `*params` and finds the recipe it names
  /// (`recipe=ORG/REPO`); null with the 400/404 answer in `*error`.
  const RecipeSummary* QueryRecipe(std::string_view raw_query, std::optional<BuilderParams>* params,
                                   HttpResponse* error) const;

  const SiteConfig& config_;
  const SiteIndex& index_;
  std::unordered_map<std::string, std::string> guides_;  // hf_id → guide HTML

  // /api/resolve answers are a pure function of the builder's selection for
  // a loaded catalog: finished 200 bodies are kept in an LRU keyed on the
  // parsed selection (builder keys only, fixed order) and the encoding, so
  // junk parameters neither miss the cache nor grow it.
  mutable ByteLru<std::string> cache_;
};

}  // namespace recipes

#endif  // RECIPES_SITE_RECIPE_PAGE_H_
