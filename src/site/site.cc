#include "site/site.h"

#include <malloc.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "api/api_builder.h"
#include "api/build_cache.h"
#include "api/memory_api_sink.h"
#include "site/assets.h"
#include "site/browse.h"
#include "site/embedded_assets.h"
#include "site/error_pages.h"
#include "site/favicon.h"
#include "site/home_page.h"
#include "site/html.h"
#include "site/og_image.h"
#include "site/provider_page.h"
#include "site/raster.h"
#include "site/sitemap.h"
#include "site/widgets.h"

namespace recipes {
namespace {

constexpr char kPageCache[] = "public, max-age=300";
constexpr char kImmutable[] = "public, max-age=31536000, immutable";
constexpr char kJsonType[] = "application/json";

std::string LowerAscii(std::string_view s) { return AsciiLower(s); }

// A plain recipe page used until the command builder's page is plugged in.
HttpResponse BasicRecipePage(const Site& site, const RecipeSummary& r) {
  std::string c = "<div class=\"recipe-basic\"><h1 class=\"mono recipe-title\"><span class=\"muted\">" + HtmlEscape(r.org) +
                  "/</span><b>" + HtmlEscape(r.repo) + "</b></h1>";
  if (!r.description.empty()) c += "<p class=\"muted\">" + HtmlEscape(r.description) + "</p>";
  c += "<p><a class=\"brand-link\" href=\"/" + HtmlEscape(r.hf_id) + ".json\">Recipe JSON</a> \xC2\xB7 "
       "<a class=\"brand-link\" href=\"https://huggingface.co/" + HtmlEscape(r.hf_id) +
       "\" target=\"_blank\" rel=\"noopener\">View on HuggingFace</a></p></div>";
  PageMeta meta;
  meta.title = PageTitle(r.hf_id);
  meta.description = r.description.empty() ? r.title : r.description;
  meta.canonical_path = "/" + r.hf_id;
  meta.og_type = "article";
  return HttpResponse::Html(
      200, RenderPage(site.config(), meta, WithSidebar(RenderProviderSidebar(site.index(), r.org, r.hf_id), c)));
}

bool ParseQuery(std::string_view raw, QueryParams* params, HttpResponse* error) {
  QueryError e;
  if (QueryParams::Parse(raw, params, &e)) return true;
  *error = Site::BadRequest(e);
  return false;
}

}  // namespace

bool SplitSafePath(std::string_view raw, std::vector<std::string>* segments) {
  segments->clear();
  if (raw.empty() || raw[0] != '/') return false;
  if (raw == "/") return true;
  std::string_view rest = raw.substr(1);
  size_t start = 0;
  while (start <= rest.size()) {
    size_t slash = rest.find('/', start);
    if (slash == std::string_view::npos) slash = rest.size();
    std::string_view seg = rest.substr(start, slash - start);
    start = slash + 1;
    if (seg.empty()) {
      // Only a single trailing slash is tolerated ("/Qwen/"); "//" is not.
      if (slash == rest.size() && !segments->empty()) break;
      return false;
    }
    std::string lower = LowerAscii(seg);
    if (lower.find("%2f") != std::string::npos || lower.find("%5c") != std::string::npos) return false;
    auto decoded = UrlDecode(seg, false);
    if (!decoded || !IsValidUtf8(*decoded)) return false;
    if (*decoded == "." || *decoded == "..") return false;
    if (decoded->find('\\') != std::string::npos || decoded->find('/') != std::string::npos) return false;
    for (unsigned char c : *decoded) {
      if (c < 0x20 || c == 0x7f) return false;
    }
    segments->push_back(std::move(*decoded));
    if (slash == rest.size()) break;
  }
  return true;
}

Site::Site(const Catalog& catalog, SiteOptions options) : catalog_(catalog), options_(std::move(options)) {
  index_ = std::make_unique<SiteIndex>(catalog_);
  search_ = std::make_unique<Search>(*index_);
  Prerender();
  PrerenderRecipePages();
  if (options_.build_api) BuildApi();
  stats_.pages = pages_.size() + recipe_pages_.size();
  stats_.api_files = api_.size();
  stats_.stored_bytes = pages_.compressed_bytes() + recipe_pages_.compressed_bytes() + api_.compressed_bytes();
  // Building the API churns through ~70 MB of temporary strings; hand the
  // freed heap back so the resident size reflects what is kept.
  malloc_trim(0);
}

Site::~Site() = default;

void Site::Prerender() {
  const SiteConfig& config = options_.config;
  crawl_index_ = RenderCrawlIndex(*index_);
  pages_.Put("/", RenderHomePage(config, *index_), "text/html; charset=utf-8", kPageCache, true);
  pages_.Put("/browse", RenderBrowsePage(config, *index_, *search_, BrowseState()), "text/html; charset=utf-8",
             kPageCache, true);
  // Provider pages are rendered on first request (ProviderPage), like recipe pages.
  pages_.Put("/sitemap.xml", RenderSitemap(config, *index_), "application/xml; charset=utf-8", kPageCache, true);
  pages_.Put("/robots.txt", RenderRobots(config), "text/plain; charset=utf-8", kPageCache, true);
  pages_.Put("/search-index.json", search_->IndexJson(), kJsonType, kPageCache, true);
  // Our own favicon, rasterised once (issue 12 item 15).
  pages_.Put("/favicon.svg", FaviconSvg(), "image/svg+xml", kPageCache, true);
  if (std::string ico = FaviconIco(); !ico.empty()) {
    pages_.Put("/favicon.ico", ico, "image/x-icon", kPageCache, true);
  }
  for (const EmbeddedAsset& a : EmbeddedSiteAssets()) {
    std::string_view name(a.name), body(a.data, a.size);
    bool css = name.size() > 4 && name.substr(name.size() - 4) == ".css";
    std::string content = css ? MinifyCss(body) : std::string(body);
    pages_.Put("/assets/" + std::string(name), content, MimeTypeFor(name), kImmutable, true);
  }
}

void Site::PrerenderRecipePages() {
  // The default state of a recipe page is its most requested URL: it is
  // rendered on its first request and kept (gzip'd, in an LRU), so start-up
  // does not grow with the catalog. Pages with a query are rendered per request.
  recipe_page_cache_ = std::make_unique<ByteLru<StaticStore::Entry>>(kRecipePageCacheBytes);
}

namespace {

// What a cached entry holds on the heap (its strings, itself and the
// shared_ptr's control block), so the caches' budgets bound the RSS.
size_t CacheCharge(const StaticStore::Entry& e) {
  return sizeof(e) + 32 + e.gz.capacity() + e.raw.capacity() + e.etag.capacity() + e.content_type.capacity() +
         e.cache_control.capacity();
}

std::string QuotedTag(const ContentHash& h) { return "\"" + h.Hex().substr(0, 20) + "\""; }

}  // namespace

void Site::BuildApi() {
  api_demand_ = std::make_unique<ApiOnDemand>(catalog_);
  if (!api_demand_->errors().empty()) {
    stats_.api_error = "the catalog has errors that stop the JSON API build";
    api_demand_.reset();
    return;
  }
  api_cache_ = std::make_unique<ByteLru<StaticStore::Entry>>(options_.api_cache_bytes);
  std::string key = BuildCache::GlobalKey(catalog_).Hex();
  for (const Recipe& r : catalog_.recipes) key += BuildCache::RecipeKey(r).Hex();
  catalog_hash_ = ContentHash::Of(key);
  for (auto& [path, bytes] : api_demand_->Vocabulary()) {
    api_.Insert("/" + path, StaticStore::MakeEntry(bytes, kJsonType, kPageCache, false, 9));
  }
  // models.json needs every recipe's promotions settled: one resolution per
  // promoted variant (not the whole API), off the request path so that
  // readiness does not wait for it.
  const ApiOnDemand* api = api_demand_.get();
  models_json_ = std::async(std::launch::async, [api]() -> std::shared_ptr<const StaticStore::Entry> {
                   std::string models = api->ModelsJson();
                   if (models.empty()) return nullptr;
                   return std::make_shared<StaticStore::Entry>(
                       StaticStore::MakeEntry(models, kJsonType, kPageCache, false, 9));
                 }).share();
}

HttpResponse Site::ApiFile(const std::string& path, const HttpRequest& request) const {
  ContentHash tag = ContentHash::Of(catalog_hash_.Hex() + path);
  std::string etag = QuotedTag(tag);
  if (!request.if_none_match.empty() && request.if_none_match.find(etag) != std::string::npos) {
    HttpResponse r;  // no rendering for a revalidation
    r.status = 304;
    r.content_type = kJsonType;
    r.SetHeader("ETag", etag);
    r.SetHeader("Cache-Control", kPageCache);
    r.SetHeader("Vary", "Accept-Encoding");
    return r;
  }
  if (std::shared_ptr<const StaticStore::Entry> hit = api_cache_->Get(path)) {
    return StaticStore::Respond(*hit, request);
  }
  MemoryApiSink::Files files;
  if (!api_demand_->Render(std::string_view(path).substr(1), &files)) {
    return HttpResponse::Json(404, "{\n  \"error\": \"not found\",\n  \"path\": " + JsonQuote(path) + "\n}\n");
  }
  std::shared_ptr<const StaticStore::Entry> wanted;
  for (auto& [file, bytes] : files) {
    std::string key = "/" + file;
    auto entry = std::make_shared<StaticStore::Entry>(StaticStore::MakeEntry(bytes, kJsonType, kPageCache, false, 1));
    entry->etag = QuotedTag(ContentHash::Of(catalog_hash_.Hex() + key));
    std::string().swap(bytes);
    if (key == path) wanted = entry;
    size_t charge = CacheCharge(*entry);
    api_cache_->Put(std::move(key), std::move(entry), charge);
  }
  if (!wanted) {
    return HttpResponse::Json(404, "{\n  \"error\": \"not found\",\n  \"path\": " + JsonQuote(path) + "\n}\n");
  }
  return StaticStore::Respond(*wanted, request);
}

HttpResponse Site::BadRequest(const QueryError& error) { return HttpResponse::Json(400, error.ToJson()); }

HttpResponse Site::NotFound(std::string_view path) const {
  std::vector<std::string> ids;
  for (const auto& r : index_->recipes()) ids.push_back(r.hf_id);
  HttpResponse r = HttpResponse::Html(404, RenderNotFoundPage(options_.config, path, ids));
  r.SetHeader("X-Robots-Tag", "noindex");
  return r;
}

HttpResponse Site::Handle(const HttpRequest& request) const {
  try {
    HttpResponse r = Route(request);
    if (r.Header("Cache-Control") == nullptr) r.SetHeader("Cache-Control", r.status == 200 ? "public, max-age=60" : "no-store");
    r.SetHeader("X-Content-Type-Options", "nosniff");
    return r;
  } catch (const std::exception&) {
    HttpResponse r = HttpResponse::Html(500, RenderErrorPage(options_.config, ""));
    r.SetHeader("Cache-Control", "no-store");
    return r;
  }
}

HttpResponse Site::Route(const HttpRequest& request) const {
  if (options_.extra_routes) {
    HttpResponse extra;
    if (options_.extra_routes(*this, request, &extra)) return extra;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse r = HttpResponse::Json(405, "{\n  \"error\": \"method not allowed\"\n}\n");
    r.SetHeader("Allow", "GET, HEAD");
    return r;
  }
  std::string_view target = request.target;
  size_t qpos = target.find('?');
  std::string_view raw_path = target.substr(0, qpos);
  std::string_view raw_query = qpos == std::string_view::npos ? std::string_view() : target.substr(qpos + 1);
  size_t hash = raw_query.find('#');
  if (hash != std::string_view::npos) raw_query = raw_query.substr(0, hash);

  if (raw_path == "/healthz") {
    // Readiness: a Site exists only once the catalog is loaded and validated.
    HttpResponse r = HttpResponse::Json(
        200, "{\n  \"status\": \"ready\",\n  \"recipes\": " + std::to_string(index_->recipes().size()) + "\n}\n");
    r.SetHeader("Cache-Control", "no-store");
    return r;
  }
  std::vector<std::string> seg;
  if (!SplitSafePath(raw_path, &seg)) return NotFound(raw_path.size() > 200 ? raw_path.substr(0, 200) : raw_path);
  std::string path = "/";
  for (size_t i = 0; i < seg.size(); ++i) path += (i ? "/" : "") + seg[i];

  // Static files win over page routes: the JSON API, then assets.
  if (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) {
    if (const StaticStore::Entry* e = api_.Find(path)) return StaticStore::Respond(*e, request);
    if (api_demand_ && path == "/models.json") {
      if (std::shared_ptr<const StaticStore::Entry> e = models_json_.get()) return StaticStore::Respond(*e, request);
    }
    if (api_demand_ && path != "/search-index.json") return ApiFile(path, request);
    if (path == "/search-index.json") return StaticStore::Respond(*pages_.Find(path), request);
    return HttpResponse::Json(404, "{\n  \"error\": \"not found\",\n  \"path\": " + JsonQuote(path) + "\n}\n");
  }
  QueryParams params;
  HttpResponse bad;
  if (!ParseQuery(raw_query, &params, &bad)) return bad;

  if (seg.empty()) return StaticStore::Respond(*pages_.Find("/"), request);
  if (seg.size() == 2 && seg[0] == "assets") {
    // Versioned asset URLs carry ?v=; any other query is ignored.
    if (const StaticStore::Entry* e = pages_.Find(path)) return StaticStore::Respond(*e, request);
    return NotFound(path);
  }
  if (seg.size() == 1) {
    const std::string& name = seg[0];
    if (name == "browse") {
      BrowseState state;
      QueryError e;
      if (!ParseBrowseState(params, *index_, &state, &e)) return BadRequest(e);
      if (raw_query.empty()) return StaticStore::Respond(*pages_.Find("/browse"), request);
      if (params.Joined("fragment") == "app") {
        // site.js swaps only the interactive part on navigation.
        return HttpResponse::Html(200, RenderBrowseApp(*index_, state, RunBrowse(*index_, *search_, state)));
      }
      return HttpResponse::Html(200, RenderBrowsePage(options_.config, *index_, *search_, state, crawl_index_));
    }
    if (name == "sitemap.xml" || name == "robots.txt" || name == "favicon.svg") {
      return StaticStore::Respond(*pages_.Find(path), request);
    }
    if (name == "favicon.ico") {
      const StaticStore::Entry* e = pages_.Find(path);
      return e ? StaticStore::Respond(*e, request) : HttpResponse::Redirect("/favicon.svg");
    }
    if (name == "og" || name == "og.svg") {
      OgImageText t;
      auto get = [&](const char* key, std::string* out) -> bool {
        if (!params.Has(key)) return true;
        std::string v = params.Joined(key);
        if (v.size() > 300) {
          bad = BadRequest({key, std::string("parameter '") + key + "' is too long (max 300 bytes)", {}});
          return false;
        }
        *out = v;
        return true;
      };
      if (!get("title", &t.title) || !get("subtitle", &t.subtitle) || !get("meta", &t.meta) ||
          !get("version", &t.version) || !get("cta", &t.cta) || !get("path", &t.path)) {
        return bad;
      }
      if (t.title.empty()) t.title = "vLLM Recipes";
      if (!t.path.empty() && t.path[0] != '/') {
        return BadRequest({"path", "parameter 'path' must start with '/'", {}});
      }
      HttpResponse r;
      r.content_type = "image/svg+xml";
      r.body = RenderOgImage(t);
      if (name == "og") {
        // The social image proper is a 1200×630 PNG (crawlers rarely take SVG).
        std::string error;
        auto png = SvgToPng(r.body, 1200, 630, &error);
        if (!png) return HttpResponse::Html(500, RenderErrorPage(options_.config, "could not draw the image: " + error));
        r.content_type = "image/png";
        r.body = std::move(*png);
      }
      r.SetHeader("Cache-Control", "public, max-age=86400");
      r.SetHeader("X-Robots-Tag", "noindex");
      return r;
    }
    const ProviderInfo* p = index_->FindProvider(name);
    if (p == nullptr) return NotFound(path);
    if (p->org != name) return HttpResponse::Redirect("/" + p->org);
    std::string key = "/" + p->org;
    std::shared_ptr<const StaticStore::Entry> e = recipe_page_cache_->Get(key);
    if (!e) {
      auto entry = std::make_shared<StaticStore::Entry>(StaticStore::MakeEntry(
          RenderProviderPage(options_.config, *index_, *p), "text/html; charset=utf-8", kPageCache, false, 6));
      size_t charge = CacheCharge(*entry);
      recipe_page_cache_->Put(std::move(key), entry, charge);
      e = entry;
    }
    return StaticStore::Respond(*e, request);
  }
  if (seg.size() == 2) return RecipeRoute(request, seg[0], seg[1], raw_query, params);
  return NotFound(path);
}

HttpResponse Site::RecipeRoute(const HttpRequest& request, const std::string& org, const std::string& repo,
                               std::string_view raw_query,
                               const QueryParams& params) const {
  const RecipeSummary* r = index_->FindRecipe(org, repo);
  if (r == nullptr) {
    auto [parent, variant] = index_->FindVariantCheckpoint(org + "/" + repo);
    if (parent == nullptr) return NotFound("/" + org + "/" + repo);
    std::string to = "/" + parent->hf_id;
    if (variant != "default") to += "?variant=" + UrlEncode(variant);
    return HttpResponse::Redirect(to);
  }
  if (r->org != org || r->repo != repo) {
    std::string to = "/" + r->hf_id;
    if (!raw_query.empty()) to += "?" + std::string(raw_query);
    return HttpResponse::Redirect(to);
  }
  if (raw_query.empty() && options_.recipe_page) {
    std::string key = "/" + r->hf_id;
    if (std::shared_ptr<const StaticStore::Entry> e = recipe_page_cache_->Get(key)) {
      return StaticStore::Respond(*e, request);
    }
    HttpResponse page = options_.recipe_page(*this, *r, "", params);
    if (page.status != 200 || page.gzipped || page.Header("Location") != nullptr) return page;
    auto entry =
        std::make_shared<StaticStore::Entry>(StaticStore::MakeEntry(page.body, page.content_type, kPageCache, false, 6));
    size_t charge = CacheCharge(*entry);
    recipe_page_cache_->Put(std::move(key), entry, charge);
    return StaticStore::Respond(*entry, request);
  }
  if (options_.recipe_page) return options_.recipe_page(*this, *r, raw_query, params);
  return BasicRecipePage(*this, *r);
}

}  // namespace recipes
