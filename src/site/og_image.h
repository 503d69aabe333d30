// The social image `/og` (site.md §7.6), drawn as a 1200×630 SVG so that it
// needs no font rasteriser or image library.
#ifndef RECIPES_SITE_OG_IMAGE_H_
#define RECIPES_SITE_OG_IMAGE_H_

#include <string>

namespace recipes {

struct OgImageText {
  std::string title = "vLLM Recipes";
  std::string subtitle, meta, version, cta, path;
};

std::string RenderOgImage(const OgImageText& text);

}  // namespace recipes

#endif  // RECIPES_SITE_OG_IMAGE_H_
