// SVG to PNG with librsvg and cairo: the site's raster images (/og, the
// favicon) are drawn once, as SVG, and rasterised here.
#ifndef RECIPES_SITE_RASTER_H_
#define RECIPES_SITE_RASTER_H_

#include <optional>
#include <string>
#include <string_view>

namespace recipes {

/// The SVG document scaled to fit `width`×`height` pixels, as PNG bytes; on
/// failure nullopt with librsvg's or cairo's message in `*error`.
std::optional<std::string> SvgToPng(std::string_view svg, int width, int height, std::string* error);

/// Size of a PNG from its IHDR chunk; false when `png` is not a PNG.
bool PngSize(std::string_view png, int* width, int* height);

}  // namespace recipes

#endif  // RECIPES_SITE_RASTER_H_
