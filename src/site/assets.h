// Lookup of the embedded site assets (src/site/assets/) and their
// cache-busting URLs.
#ifndef RECIPES_SITE_ASSETS_H_
#define RECIPES_SITE_ASSETS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace recipes {

/// Content of asset `name` ("site.css"), or nullptr-data view when absent.
/// Returns false when there is no such asset.
bool FindAsset(std::string_view name, std::string_view* content);

/// "/assets/{name}?v={content hash}", so pages can cache assets forever.
std::string AssetUrl(std::string_view name);

/// MIME type by file extension ("text/css; charset=utf-8", ...).
std::string MimeTypeFor(std::string_view name);

/// Conservative CSS minification: drops comments and collapses whitespace,
/// removing it only next to '{', '}', ';' and ',' (never inside strings, and
/// never around operators, so calc() keeps its meaning).
std::string MinifyCss(std::string_view css);

/// 64-bit FNV-1a, used for asset versions and ETags.
uint64_t Fnv1a(std::string_view data);

/// Quoted strong ETag for a body: "\"<16 hex>\"".
std::string ETagFor(std::string_view body);

}  // namespace recipes

#endif  // RECIPES_SITE_ASSETS_H_
