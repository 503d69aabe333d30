#include "site/raster.h"

#include <gtest/gtest.h>

#include "site/favicon.h"
#include "site/og_image.h"

namespace recipes {
namespace {

// Issue 12 item 15: /og is a 1200×630 PNG drawn by librsvg/cairo from our SVG.
TEST(Raster, OgSvgBecomesA1200x630Png) {
  OgImageText t;
  t.title = "MiniMaxAI/MiniMax-M3";
  t.meta = "456B / 45B active · MOE";
  t.version = "vLLM 0.24.0+";
  t.path = "/MiniMaxAI/MiniMax-M3";
  std::string error;
  auto png = SvgToPng(RenderOgImage(t), 1200, 630, &error);
  ASSERT_TRUE(png) << error;
  int w = 0, h = 0;
  ASSERT_TRUE(PngSize(*png, &w, &h));
  EXPECT_EQ(w, 1200);
  EXPECT_EQ(h, 630);
  EXPECT_GT(png->size(), 5000u) << "an almost empty image: the SVG did not render";
}

TEST(Raster, BadSvgIsAnError) {
  std::string error;
  EXPECT_FALSE(SvgToPng("<svg", 10, 10, &error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(SvgToPng("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 0, 10, &error));
}

TEST(Favicon, IcoHoldsThreePngSizes) {
  std::string ico = FaviconIco();
  ASSERT_GE(ico.size(), 6u + 3 * 16);
  EXPECT_EQ(ico.substr(0, 6), std::string("\0\0\1\0\3\0", 6));
  const int want[] = {16, 32, 48};
  for (int i = 0; i < 3; ++i) {
    const unsigned char* e = reinterpret_cast<const unsigned char*>(ico.data()) + 6 + 16 * i;
    EXPECT_EQ(e[0], want[i]);
    size_t len = e[8] | e[9] << 8 | e[10] << 16 | static_cast<size_t>(e[11]) << 24;
    size_t off = e[12] | e[13] << 8 | e[14] << 16 | static_cast<size_t>(e[15]) << 24;
    ASSERT_LE(off + len, ico.size());
    int w = 0, h = 0;
    ASSERT_TRUE(PngSize(std::string_view(ico).substr(off, len), &w, &h));
    EXPECT_EQ(w, want[i]);
    EXPECT_EQ(h, want[i]);
  }
}

}  // namespace
}  // namespace recipes
