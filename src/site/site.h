// Site: the whole website and JSON API as one pure request handler.
//
// Built once from a loaded catalog: it indexes the recipes, pre-renders every
// page that does not depend on the query (home, default browse, provider
// pages, sitemap, robots, search index, assets) and, unless disabled, the
// whole JSON API of `recipes build` into a gzip'd in-memory store. Handle()
// then routes one request (site.md §2) without touching shared mutable
// state, so the HTTP server may call it from many threads.
//
// The recipe page `/{org}/{repo}` and extra endpoints (e.g. /api/resolve)
// belong to the command builder; they plug in through SiteOptions. Routing
// to them (case-insensitive lookup, checkpoint and case redirects, §7.3)
// happens here.
#ifndef RECIPES_SITE_SITE_H_
#define RECIPES_SITE_SITE_H_

#include <functional>
#include <future>
#include <memory>
#include <string>

#include "api/api_on_demand.h"
#include "api/content_hash.h"
#include "model/catalog.h"
#include "site/byte_lru.h"
#include "site/http_types.h"
#include "site/layout.h"
#include "site/query.h"
#include "site/search.h"
#include "site/site_index.h"
#include "site/static_store.h"

namespace recipes {

class Site;

/// Renders the recipe page for a canonical recipe path. `raw_query` is the
/// undecoded query string (no '?'); `params` is it parsed (already checked
/// for malformed encoding).
using RecipePageHandler = std::function<HttpResponse(const Site& site, const RecipeSummary& recipe,
                                                     std::string_view raw_query, const QueryParams& params)>;

/// Extra routes tried before the site's own; return true when handled.
using ExtraRouteHandler = std::function<bool(const Site& site, const HttpRequest& request, HttpResponse* response)>;

struct SiteOptions {
  SiteConfig config;
  bool build_api = true;             // pre-render the JSON API (off in fast tests)
  size_t resolve_cache_bytes = 32u << 20;  // /api/resolve answer cache budget
  size_t api_cache_bytes = 64u << 20;      // on-demand JSON API cache budget
  RecipePageHandler recipe_page;     // null = a plain summary page
  ExtraRouteHandler extra_routes;    // null = none
};

struct SiteStats {
  size_t pages = 0;       // pre-rendered pages and files
  size_t api_files = 0;   // JSON API files held whole (the rest render on demand)
  size_t stored_bytes = 0;
  std::string api_error;  // why the API could not be built ("" = fine)
};

class Site {
 public:
  Site(const Catalog& catalog, SiteOptions options);
  ~Site();

  HttpResponse Handle(const HttpRequest& request) const;

  const SiteIndex& index() const { return *index_; }
  const Search& search() const { return *search_; }
  const SiteConfig& config() const { return options_.config; }
  const Catalog& catalog() const { return catalog_; }
  const SiteStats& stats() const { return stats_; }

  /// The 404 page for a decoded path, as a response.
  HttpResponse NotFound(std::string_view path) const;
  /// A 400 JSON answer naming the parameter.
  static HttpResponse BadRequest(const QueryError& error);

 private:
  HttpResponse Route(const HttpRequest& request) const;
  HttpResponse RecipeRoute(const HttpRequest& request, const std::string& org, const std::string& repo,
                           std::string_view raw_query,
                           const QueryParams& params) const;
  void Prerender();
  void PrerenderRecipePages();
  void BuildApi();
  HttpResponse ApiFile(const std::string& path, const HttpRequest& request) const;

 public:
  /// Bytes held by the on-demand API cache now (and its budget).
  size_t api_cache_bytes() const { return api_cache_ ? api_cache_->bytes() : 0; }
  size_t api_cache_budget() const { return api_cache_ ? api_cache_->budget() : 0; }

 private:

  const Catalog& catalog_;
  SiteOptions options_;
  std::unique_ptr<SiteIndex> index_;
  std::unique_ptr<Search> search_;
  StaticStore pages_;  // pre-rendered pages, assets and vocabulary
  StaticStore api_;    // JSON API files kept whole: the vocabulary
  // The rest of the JSON API, rendered on first request (a recipe's files at
  // a time) into an LRU of gzip'd entries; models.json is derived once in
  // the background (one resolution per promotion), and waited for only when asked for first.
  std::unique_ptr<ApiOnDemand> api_demand_;
  std::unique_ptr<ByteLru<StaticStore::Entry>> api_cache_;
  std::shared_future<std::shared_ptr<const StaticStore::Entry>> models_json_;
  ContentHash catalog_hash_;  // ETags of on-demand files: hash(catalog, path)
  StaticStore recipe_pages_;
  static constexpr size_t kRecipePageCacheBytes = 16u << 20;
  std::unique_ptr<ByteLru<StaticStore::Entry>> recipe_page_cache_;  // bare recipe pages, on first request
  std::string crawl_index_;   // the browse page's static list of every recipe  // recipe pages without a query, rendered once (gzip only)
  SiteStats stats_;
};

/// Path safety (§ robustness): splits a raw, still-encoded path into decoded
/// segments. Returns false for anything that must be a 404: encoded slashes
/// or backslashes, "." or ".." segments (also when encoded), empty segments,
/// NUL bytes, malformed escapes or invalid UTF-8. "/" gives no segments.
bool SplitSafePath(std::string_view raw_path, std::vector<std::string>* segments);

}  // namespace recipes

#endif  // RECIPES_SITE_SITE_H_
