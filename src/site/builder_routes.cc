#include "site/builder_routes.h"

#include <memory>
#include <mutex>

#include "site/recipe_page.h"

namespace recipes {

namespace {

// One RecipePages per Site, built on first use (it needs the Site's index)
// and immutable afterwards.
struct Pages {
  std::once_flag once;
  std::unique_ptr<RecipePages> pages;
  size_t resolve_cache_bytes = 32u << 20;
  const RecipePages& Get(const Site& site) {
    std::call_once(once, [&] {
      pages = std::make_unique<RecipePages>(site.config(), site.index(), resolve_cache_bytes);
    });
    return *pages;
  }
};

}  // namespace

void UseCommandBuilder(SiteOptions* options) {
  auto pages = std::make_shared<Pages>();
  pages->resolve_cache_bytes = options->resolve_cache_bytes;
  options->recipe_page = [pages](const Site& site, const RecipeSummary& recipe, std::string_view raw_query,
                                 const QueryParams&) { return pages->Get(site).Page(recipe, raw_query); };
  ExtraRouteHandler next = options->extra_routes;
  options->extra_routes = [pages, next](const Site& site, const HttpRequest& request, HttpResponse* response) {
    std::string_view target = request.target;
    std::string_view path = target.substr(0, target.find('?'));
    if (path != "/api/resolve" && path != "/api/plan" && path != "/api/check" && path != "/api/deploy") {
      return next ? next(site, request, response) : false;
    }
    std::string_view query = path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view();
    if (request.method != "GET" && request.method != "HEAD") {
      *response = HttpResponse::Json(405, "{\"error\":{\"param\":\"method\",\"message\":\"use GET\",\"valid\":[\"GET\"]}}");
      return true;
    }
    const RecipePages& p = pages->Get(site);
    if (path == "/api/resolve") *response = p.HandleResolve(query, request.accepts_gzip);
    else if (path == "/api/plan") *response = p.HandlePlan(query);
    else if (path == "/api/check") *response = p.HandleCheck(query);
    else *response = p.HandleDeploy(query);
    return true;
  };
}

}  // namespace recipes
