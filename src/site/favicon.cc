#include "site/favicon.h"

#include <vector>

#include "site/raster.h"

namespace recipes {

std::string FaviconSvg() {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\">"
         "<rect x=\"2\" y=\"2\" width=\"60\" height=\"60\" rx=\"14\" fill=\"#0f172a\"/>"
         "<path d=\"M15 17L30 47\" stroke=\"#fdb517\" stroke-width=\"9\" stroke-linecap=\"round\" fill=\"none\"/>"
         "<path d=\"M30 47L49 17\" stroke=\"#30a2ff\" stroke-width=\"9\" stroke-linecap=\"round\" fill=\"none\"/>"
         "</svg>\n";
}

std::string FaviconIco() {
  // ICO with PNG payloads (supported by every current browser): a 6-byte
  // header, one 16-byte directory entry per image, then the images.
  const int sizes[] = {16, 32, 48};
  std::vector<std::string> pngs;
  std::string svg = FaviconSvg();
  for (int s : sizes) {
    std::string error;
    auto png = SvgToPng(svg, s, s, &error);
    if (!png) return "";
    pngs.push_back(std::move(*png));
  }
  std::string out;
  auto u16 = [&](unsigned v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
  };
  auto u32 = [&](size_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  u16(0);
  u16(1);  // icon
  u16(static_cast<unsigned>(pngs.size()));
  size_t offset = 6 + 16 * pngs.size();
  for (size_t i = 0; i < pngs.size(); ++i) {
    out.push_back(static_cast<char>(sizes[i]));
    out.push_back(static_cast<char>(sizes[i]));
    out.push_back(0);  // palette size
    out.push_back(0);
    u16(1);   // planes
    u16(32);  // bits per pixel
    u32(pngs[i].size());
    u32(offset);
    offset += pngs[i].size();
  }
  for (const auto& p : pngs) out += p;
  return out;
}

}  // namespace recipes
