// Byte ranges (RFC 9110 §14): one range of a 200 answer is served as 206
// with Content-Range; a range past the end is 416; several ranges, a Range
// that does not parse, or an If-Range that does not match the ETag get the
// whole body with 200. Only identity-coded bodies with an ETag are ranged,
// so a partial body can never be stored under the gzip representation.
#ifndef RECIPES_SITE_HTTP_RANGE_H_
#define RECIPES_SITE_HTTP_RANGE_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "site/http_types.h"

namespace recipes {

struct ByteRange {
  size_t first = 0;
  size_t last = 0;  // inclusive
};

enum class RangeKind { kNone, kSingle, kUnsatisfiable };

/// Parses a Range header against a body of `size` bytes. kNone: ignore the
/// header (absent, malformed, several ranges, another unit).
RangeKind ParseSingleRange(std::string_view header, size_t size, ByteRange* range);

/// Applies request.range / request.if_range to a finished response: adds
/// Accept-Ranges to rangeable answers and turns a 200 into 206 or 416.
void ApplyRange(const HttpRequest& request, HttpResponse* response);

}  // namespace recipes

#endif  // RECIPES_SITE_HTTP_RANGE_H_
