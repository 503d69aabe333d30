#include "site/site.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "site/gzip.h"
#include "site/html.h"
#include "site/http_server.h"
#include "site/test_catalog.h"

namespace recipes {
namespace {

// One Site (without the JSON API, which is slower to build) for all routing tests.
const Site* TestSite() {
  static std::unique_ptr<Site> site = []() -> std::unique_ptr<Site> {
    const Catalog* catalog = testing::TestCatalog();
    SiteOptions options;
    options.build_api = false;
    return std::make_unique<Site>(*catalog, options);
  }();
  return site.get();
}

#define REQUIRE_SITE(var) const Site* var = TestSite()

HttpResponse Get(const Site& site, const std::string& target) {
  HttpRequest r;
  r.target = target;
  return site.Handle(r);
}

std::string Body(const HttpResponse& r) {
  if (!r.gzipped) return r.body;
  auto d = GzipDecompress(r.body);
  return d ? *d : "";
}

TEST(SafePathTest, RejectsTraversalAndEncodedSlashes) {
  std::vector<std::string> seg;
  EXPECT_TRUE(SplitSafePath("/", &seg));
  EXPECT_TRUE(seg.empty());
  EXPECT_TRUE(SplitSafePath("/Qwen/Qwen3-4B", &seg));
  EXPECT_EQ(seg, (std::vector<std::string>{"Qwen", "Qwen3-4B"}));
  EXPECT_TRUE(SplitSafePath("/Qwen/", &seg));
  EXPECT_EQ(seg, (std::vector<std::string>{"Qwen"}));
  EXPECT_TRUE(SplitSafePath("/a%20b", &seg));
  EXPECT_EQ(seg[0], "a b");
  for (const char* bad : {"", "x", "//evil.com", "/../etc/passwd", "/a/../b", "/%2e%2e/x", "/%2E%2E", "/.",
                          "/a%2fb", "/a%2Fb", "/a%5cb", "/a\\b", "/a%00b", "/a%zzb", "/a%", "/a%c3", "/a//b",
                          "/a%0ab"}) {
    EXPECT_FALSE(SplitSafePath(bad, &seg)) << bad;
  }
}

TEST(SiteRoutingTest, PagesAndStatusCodes) {
  REQUIRE_SITE(site);
  struct Case {
    const char* target;
    int status;
    const char* needle;
  };
  const Case cases[] = {
      {"/", 200, "Latest recipes"},
      {"/browse", 200, "Browse all recipes"},
      {"/browse?arch=moe&sort=size_desc", 200, "Remove MoE filter"},
      {"/Qwen", 200, "Qwen on vLLM"},
      {"/sitemap.xml", 200, "<urlset"},
      {"/robots.txt", 200, "Disallow: /og"},
      {"/og.svg?title=Hello&subtitle=World&path=/x", 200, "<svg"},
      {"/og?title=Hello&subtitle=World&path=/x", 200, "\x89PNG"},
      {"/favicon.svg", 200, "<svg"},
      {"/search-index.json", 200, "\"recipes\":["},
      {"/assets/site.css", 200, "--brand-blue"},
      {"/assets/site.js", 200, "use strict"},
      {"/nope-org", 404, "Page not found"},
      {"/nope-org/nope-repo", 404, "No recipe yet for this model"},
      {"/a/b/c", 404, "Page not found"},
      {"/assets/missing.css", 404, "Page not found"},
      {"/../etc/passwd", 404, "Page not found"},
      {"/%2e%2e/%2e%2e/etc/passwd", 404, "Page not found"},
      {"/Qwen%2fQwen3-4B", 404, "Page not found"},
      {"/browse?task=bogus", 400, "\"parameter\": \"task\""},
      {"/browse?q=%zz", 400, "\"parameter\": \"q\""},
      {"/browse?sort=sideways", 400, "\"valid\": [\"released\""},
      {"/?x=%ff", 400, "\"parameter\": \"x\""},
      {"/og?path=nowhere", 400, "\"parameter\": \"path\""},
      {"/nope.json", 404, "\"error\": \"not found\""},
  };
  for (const Case& c : cases) {
    HttpResponse r = Get(*site, c.target);
    EXPECT_EQ(r.status, c.status) << c.target;
    EXPECT_NE(Body(r).find(c.needle), std::string::npos) << c.target;
    if (c.status == 400) EXPECT_EQ(r.content_type, "application/json") << c.target;
  }
  EXPECT_EQ(Get(*site, "/nope-org").Header("X-Robots-Tag") != nullptr, true);
  EXPECT_NE(Body(Get(*site, "/nope-org/x")).find("noindex"), std::string::npos);
}

TEST(SiteRoutingTest, ServesOurFaviconAndAPngSocialImage) {
  REQUIRE_SITE(site);
  HttpResponse ico = Get(*site, "/favicon.ico");
  EXPECT_EQ(ico.status, 200);
  EXPECT_EQ(ico.content_type, "image/x-icon");
  EXPECT_EQ(Body(ico).substr(0, 4), std::string("\0\0\1\0", 4));
  HttpResponse og = Get(*site, "/og?title=vLLM%20Recipes");
  EXPECT_EQ(og.content_type, "image/png");
  EXPECT_EQ(Get(*site, "/og.svg").content_type, "image/svg+xml");
  EXPECT_NE(Body(Get(*site, "/")).find("href=\"/favicon.ico\""), std::string::npos);
}

TEST(SiteRoutingTest, RedirectsToCanonicalCaseAndParentRecipes) {
  REQUIRE_SITE(site);
  HttpResponse r = Get(*site, "/qwen");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(*r.Header("Location"), "/Qwen");
  const RecipeSummary& any = site->index().recipes().front();
  r = Get(*site, "/" + AsciiLower(any.hf_id) + "?hardware=h200");
  if (AsciiLower(any.hf_id) != any.hf_id) {
    EXPECT_EQ(r.status, 302);
    EXPECT_EQ(*r.Header("Location"), "/" + any.hf_id + "?hardware=h200");
  }
  // Every variant checkpoint id redirects to its parent (variant kept unless default).
  size_t checked = 0;
  for (const RecipeSummary& rs : site->index().recipes()) {
    for (const VariantSummary& v : rs.variants) {
      if (v.model_id.empty() || AsciiLower(v.model_id) == AsciiLower(rs.hf_id)) continue;
      if (site->index().FindRecipe(v.model_id.substr(0, v.model_id.find('/')),
                                   v.model_id.substr(v.model_id.find('/') + 1)) != nullptr) {
        continue;  // a standalone recipe wins
      }
      HttpResponse rr = Get(*site, "/" + v.model_id + "?dropped=1");
      ASSERT_EQ(rr.status, 302) << v.model_id;
      const std::string& loc = *rr.Header("Location");
      EXPECT_EQ(loc.rfind("/", 0), 0u);
      EXPECT_EQ(loc.find("dropped"), std::string::npos);
      auto [parent, key] = site->index().FindVariantCheckpoint(v.model_id);
      EXPECT_EQ(loc, "/" + parent->hf_id + (key == "default" ? "" : "?variant=" + key)) << v.model_id;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u);
}

TEST(SiteRoutingTest, EtagsAndMethods) {
  REQUIRE_SITE(site);
  HttpResponse r = Get(*site, "/");
  ASSERT_NE(r.Header("ETag"), nullptr);
  HttpRequest again;
  again.target = "/";
  again.if_none_match = *r.Header("ETag");
  EXPECT_EQ(site->Handle(again).status, 304);
  HttpRequest post;
  post.method = "POST";
  post.target = "/";
  EXPECT_EQ(site->Handle(post).status, 405);
  HttpRequest gz;
  gz.target = "/browse";
  gz.accepts_gzip = true;
  HttpResponse g = site->Handle(gz);
  EXPECT_TRUE(g.gzipped);
  EXPECT_EQ(Body(g), Get(*site, "/browse").body);
}

TEST(SiteRoutingTest, HomeAndProviderPagesFollowSpec) {
  REQUIRE_SITE(site);
  std::string home = Body(Get(*site, "/"));
  EXPECT_NE(home.find("<title>vLLM Recipes \xE2\x80\x94 Deploy any model on any hardware with vLLM</title>"),
            std::string::npos);
  EXPECT_NE(home.find("View all " + std::to_string(site->index().recipes().size())), std::string::npos);
  // Theme class is set before first paint.
  EXPECT_LT(home.find("localStorage.getItem('theme')"), home.find("<body"));
  for (const ProviderInfo& p : site->index().providers()) {
    std::string page = Body(Get(*site, "/" + p.org));
    EXPECT_NE(page.find("<h1>"), std::string::npos) << p.org;
    for (size_t i : p.recipes) {
      EXPECT_NE(page.find("href=\"/" + site->index().recipes()[i].hf_id + "\""), std::string::npos);
    }
  }
}

// Throws random and garbled query strings and paths at the router: it must
// always answer with a known status and never crash or throw.
TEST(SiteFuzzTest, GarbledQueriesAndPaths) {
  REQUIRE_SITE(site);
  std::mt19937 rng(12345);
  const std::string alphabet = "abcxyzQ019%&=+,;/?#.-_~ \t\"'<>\\\x01\x7f\xc3\xa9\xff";
  const char* keys[] = {"q", "task", "arch", "size", "precision", "hw", "provider", "sort", "panel", "fragment",
                        "title", "path", "variant", "hardware", ""};
  const char* paths[] = {"/browse", "/og", "/", "/Qwen", "/Qwen/Qwen3-4B", "/x/y", "/models.json"};
  for (int i = 0; i < 3000; ++i) {
    std::string target = paths[rng() % (sizeof paths / sizeof *paths)];
    target += '?';
    int pairs = rng() % 6;
    for (int p = 0; p < pairs; ++p) {
      if (p) target += '&';
      target += keys[rng() % (sizeof keys / sizeof *keys)];
      if (rng() % 4) target += '=';
      int len = rng() % 24;
      for (int k = 0; k < len; ++k) target += alphabet[rng() % alphabet.size()];
    }
    if (rng() % 10 == 0) {  // garble the path too
      target.insert(std::min<size_t>(1 + rng() % 3, target.size()), std::string(1, alphabet[rng() % alphabet.size()]));
    }
    HttpResponse r = Get(*site, target);
    EXPECT_TRUE(r.status == 200 || r.status == 302 || r.status == 400 || r.status == 404) << target << " -> " << r.status;
  }
  // Oversized values are refused by name.
  HttpResponse big = Get(*site, "/browse?q=" + std::string(5000, 'a'));
  EXPECT_EQ(big.status, 400);
  std::string many = "/browse?";
  for (int i = 0; i < 200; ++i) many += "a=1&";
  EXPECT_EQ(Get(*site, many).status, 400);
}

// The JSON API is served from memory with the same bytes as `recipes build`.
TEST(SiteApiTest, ServesBuildOutputByteForByte) {
  // Against the reference's recorded API when ../shared is there, else
  // against `recipes build` of the embedded catalog.
  const Catalog* catalog = testing::TestCatalog();
  std::string tar = testing::ReferenceDir() + "/api.tar.zst";
  bool reference = testing::HaveReferenceCatalog() && std::filesystem::exists(tar);
  std::string dir = ::testing::TempDir() + (reference ? "/site_api_ref" : "/site_api_embedded");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const char* files[] = {"models.json", "taxonomy.json", "strategies.json", "kv_store.json",
                         "MiniMaxAI/MiniMax-M3.json", "MiniMaxAI/MiniMax-M3/strategies/single_node_tep.json"};
  std::string cmd = reference ? "zstd -dc '" + tar + "' | tar -x -C '" + dir + "'"
                              : std::string(RECIPES_BINARY) + " build --out '" + dir + "' >/dev/null";
  if (reference) {
    for (const char* f : files) cmd += std::string(" '") + f + "'";
  }
  ASSERT_EQ(std::system((cmd + " 2>/dev/null").c_str()), 0) << cmd;
  SiteOptions options;
  Site site(*catalog, options);
  ASSERT_EQ(site.stats().api_error, "");
  for (const char* f : files) {
    std::ifstream in(dir + "/" + f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    HttpResponse r = Get(site, std::string("/") + f);
    EXPECT_EQ(r.status, 200) << f;
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_NE(r.Header("ETag"), nullptr);
    EXPECT_TRUE(r.body == ss.str()) << f;
    HttpRequest gz;
    gz.target = std::string("/") + f;
    gz.accepts_gzip = true;
    EXPECT_TRUE(Body(site.Handle(gz)) == ss.str()) << f;
  }
}

}  // namespace
}  // namespace recipes

namespace recipes {
namespace {

TEST(SiteRecipeRouteTest, BareRecipePagesAreRenderedOnFirstRequestAndQueriesPerRequest) {
  const Catalog* catalog = testing::TestCatalog();
  auto calls = std::make_shared<std::atomic<int>>(0);
  SiteOptions options;
  options.build_api = false;
  options.recipe_page = [calls](const Site&, const RecipeSummary& r, std::string_view raw_query, const QueryParams&) {
    ++*calls;
    return HttpResponse::Html(200, "<p>" + r.hf_id + "|" + std::string(raw_query) + "</p>");
  };
  Site site(*catalog, options);
  int after_start = *calls;
  EXPECT_EQ(after_start, 0);  // nothing rendered before it is asked for
  const RecipeSummary& r = site.index().recipes().front();
  HttpResponse bare = Get(site, "/" + r.hf_id);
  EXPECT_EQ(bare.status, 200);
  EXPECT_EQ(bare.body, "<p>" + r.hf_id + "|</p>");
  EXPECT_NE(bare.Header("ETag"), nullptr);
  EXPECT_EQ(*calls, after_start + 1);
  bare = Get(site, "/" + r.hf_id);
  EXPECT_EQ(bare.body, "<p>" + r.hf_id + "|</p>");
  EXPECT_EQ(*calls, after_start + 1);  // kept after the first time
  after_start = *calls;
  HttpResponse q = Get(site, "/" + r.hf_id + "?hardware=h200");
  EXPECT_EQ(q.body, "<p>" + r.hf_id + "|hardware=h200</p>");
  EXPECT_EQ(*calls, after_start + 1);
}

}  // namespace
}  // namespace recipes

