// Fuzz target for the website's request handling: every input is a raw
// request target ("/path?query") handed to Site::Handle, which must answer
// with a known status and never crash. Built with g++ and driven by clang's
// libFuzzer through fuzz_shim.c; see run_site_request_fuzz.sh. The GoogleTest
// SiteFuzzTest covers the same ground with a fixed seed in every test run.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "parse/catalog_loader.h"
#include "site/site.h"

namespace {

const recipes::Site& TheSite() {
  static recipes::LoadResult loaded = recipes::LoadCatalogFrom(std::getenv("RECIPES_FUZZ_CATALOG") ? std::getenv("RECIPES_FUZZ_CATALOG") : "");
  static recipes::Site site = [] {
    recipes::SiteOptions options;
    options.build_api = false;
    return recipes::Site(*loaded.catalog, options);
  }();
  return site;
}

}  // namespace

// Called by fuzz_shim.c (the libFuzzer entry, compiled by clang); reports
// the status and body size so the shim can turn them into coverage signal.
extern "C" int RecipesFuzzRequest(const uint8_t* data, size_t size, int* status, size_t* body_size) {
  const recipes::Site& site = TheSite();
  recipes::HttpRequest request;
  request.target.assign(reinterpret_cast<const char*>(data), size);
  if (request.target.empty() || request.target[0] != '/') request.target.insert(0, "/browse?");
  request.accepts_gzip = size % 2 == 1;
  recipes::HttpResponse r = site.Handle(request);
  if (r.status != 200 && r.status != 302 && r.status != 304 && r.status != 400 && r.status != 404) {
    std::fprintf(stderr, "unexpected status %d for %s\n", r.status, request.target.c_str());
    std::abort();
  }
  *status = r.status;
  *body_size = r.body.size();
  return 0;
}
