// gzip (RFC 1952) compression of response bodies, so pre-rendered pages and
// the JSON API can be kept compressed in memory.
#ifndef RECIPES_SITE_GZIP_H_
#define RECIPES_SITE_GZIP_H_

#include <optional>
#include <string>
#include <string_view>

namespace recipes {

std::string GzipCompress(std::string_view data, int level = 9);
/// nullopt when `data` is not a valid gzip stream.
std::optional<std::string> GzipDecompress(std::string_view data);

}  // namespace recipes

#endif  // RECIPES_SITE_GZIP_H_
