// The files of src/site/assets/ (CSS, JS, SVG), compiled into the binary by
// scripts/embed_files.cmake. Served under /assets/<name>.
#ifndef RECIPES_SITE_EMBEDDED_ASSETS_H_
#define RECIPES_SITE_EMBEDDED_ASSETS_H_

#include <cstddef>
#include <span>

namespace recipes {

struct EmbeddedAsset {
  const char* name;  // file name, e.g. "site.css"
  const char* data;
  size_t size;
};

/// Every embedded asset, sorted by name in byte order.
std::span<const EmbeddedAsset> EmbeddedSiteAssets();

}  // namespace recipes

#endif  // RECIPES_SITE_EMBEDDED_ASSETS_H_
