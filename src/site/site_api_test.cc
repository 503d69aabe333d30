// The JSON API rendered on demand equals `recipes build`'s output file for
// file (every kind of file), and its cache stays within its byte budget.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "api/api_builder.h"
#include "api/memory_api_sink.h"
#include "site/gzip.h"
#include "site/site.h"
#include "site/test_catalog.h"

namespace recipes {
namespace {

std::string Kind(const std::string& path) {
  if (path.find("/hw/") != std::string::npos && path.find("/strategies/") != std::string::npos) return "hw strategy";
  if (path.find("/hw/") != std::string::npos) return "hw";
  if (path.find("/strategies/") != std::string::npos && std::count(path.begin(), path.end(), '/') > 1) {
    return "recipe strategy";
  }
  if (std::count(path.begin(), path.end(), '/') == 0) return "top: " + path;
  if (path.rfind("strategies/", 0) == 0 || path.rfind("kv_store/", 0) == 0) return "vocabulary item";
  return "recipe";
}

HttpResponse Fetch(const Site& site, const std::string& path, bool gzip) {
  HttpRequest r;
  r.target = "/" + path;
  r.accepts_gzip = gzip;
  return site.Handle(r);
}

std::string Plain(const HttpResponse& r) {
  if (!r.gzipped) return r.body;
  auto d = GzipDecompress(r.body);
  return d ? *d : "<bad gzip>";
}

TEST(SiteApiOnDemandTest, EqualsTheBuiltTreeForEveryKindOfFile) {
  RECIPES_TEST_CATALOG(catalog);
  MemoryApiSink sink;
  ASSERT_TRUE(BuildApi(*catalog, &sink).ok());
  const MemoryApiSink::Files& built = sink.files();
  SiteOptions options;
  Site site(*catalog, options);
  ASSERT_EQ(site.stats().api_error, "");
  // A sample covering every kind, in random order (the first request of a
  // recipe's folder renders it), plus every promoted variant's recipe file.
  std::vector<const std::pair<const std::string, std::string>*> all;
  for (const auto& f : built) all.push_back(&f);
  std::mt19937 rng(13);
  std::shuffle(all.begin(), all.end(), rng);
  std::map<std::string, int> kinds;
  size_t checked = 0, equal = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& [path, bytes] = *all[i];
    std::string kind = Kind(path);
    if (i % 7 != 0 && kinds[kind] >= 3) continue;
    ++kinds[kind];
    HttpResponse r = Fetch(site, path, i % 2 == 0);
    ++checked;
    if (r.status == 200 && Plain(r) == bytes) {
      ++equal;
    } else {
      ADD_FAILURE() << path << ": status " << r.status;
    }
  }
  std::printf("api on demand parity: %zu/%zu equal (%zu kinds, %zu files built)\n", equal, checked, kinds.size(),
              built.size());
  for (const char* k : {"hw strategy", "hw", "recipe strategy", "recipe", "vocabulary item", "top: models.json",
                        "top: taxonomy.json", "top: strategies.json", "top: kv_store.json"}) {
    EXPECT_GT(kinds[k], 0) << "no file of kind " << k;
  }
  EXPECT_EQ(Fetch(site, "Nope/Nothing.json", false).status, 404);
  EXPECT_EQ(Fetch(site, "Nope/Nothing/hw/h200.json", true).status, 404);
}

TEST(SiteApiOnDemandTest, ARevalidationNeedsNoRenderingAndTheCacheKeepsItsBudget) {
  RECIPES_TEST_CATALOG(catalog);
  MemoryApiSink sink;
  ASSERT_TRUE(BuildApi(*catalog, &sink).ok());
  SiteOptions options;
  options.api_cache_bytes = 1u << 20;  // far less than the API
  Site site(*catalog, options);
  size_t n = 0;
  for (const auto& [path, bytes] : sink.files()) {
    if (n++ % 5 != 0) continue;
    HttpResponse r = Fetch(site, path, true);
    ASSERT_EQ(Plain(r), bytes) << path;
    ASSERT_LE(site.api_cache_bytes(), site.api_cache_budget()) << path;
  }
  EXPECT_GT(site.api_cache_bytes(), 0u);
  // The ETag depends on the catalog and the path only.
  const std::string path = sink.files().rbegin()->first;
  HttpResponse first = Fetch(site, path, false);
  ASSERT_NE(first.Header("ETag"), nullptr);
  Site other(*catalog, options);
  HttpRequest again;
  again.target = "/" + path;
  again.if_none_match = *first.Header("ETag");
  size_t before = other.api_cache_bytes();
  HttpResponse r = other.Handle(again);
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(other.api_cache_bytes(), before);  // nothing was rendered
}

}  // namespace
}  // namespace recipes
