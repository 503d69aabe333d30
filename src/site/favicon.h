// The site's own favicon (issue 12 item 15): a small SVG mark, and the
// /favicon.ico built from it (PNG images at 16, 32 and 48 px in an ICO file).
#ifndef RECIPES_SITE_FAVICON_H_
#define RECIPES_SITE_FAVICON_H_

#include <string>

namespace recipes {

/// A yellow-and-blue "v" on a dark rounded square, 64×64 units.
std::string FaviconSvg();
/// The ICO file; "" when rasterising failed (the caller serves the SVG).
std::string FaviconIco();

}  // namespace recipes

#endif  // RECIPES_SITE_FAVICON_H_
