#include "site/og_image.h"

#include <vector>

#include "site/html.h"

namespace recipes {
namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Greedy word wrap by an average glyph width; good enough for a banner.
std::vector<std::string> Wrap(const std::string& text, size_t max_chars, size_t max_lines) {
  std::vector<std::string> lines;
  std::string cur;
  size_t start = 0;
  while (start < text.size()) {
    size_t sp = text.find(' ', start);
    std::string word = text.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
    start = sp == std::string::npos ? text.size() : sp + 1;
    if (word.empty()) continue;
    std::string next = cur.empty() ? word : cur + " " + word;
    if (!cur.empty() && CodePoints(next) > max_chars) {
      lines.push_back(cur);
      cur = word;
    } else {
      cur = next;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  if (lines.size() > max_lines) {
    lines.resize(max_lines);
    lines.back() += "\xE2\x80\xA6";
  }
  return lines;
}

}  // namespace

std::string RenderOgImage(const OgImageText& t) {
  size_t len = CodePoints(t.title);
  int size = len > 48 ? 44 : len > 32 ? 56 : 68;
  size_t per_line = static_cast<size_t>(980 / (size * 0.56));
  std::vector<std::string> title = Wrap(t.title, per_line, 3);
  const char* sans = "Inter, 'Helvetica Neue', Arial, sans-serif";
  const char* mono = "'JetBrains Mono', 'DejaVu Sans Mono', monospace";
  std::string o =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\">"
      "<defs><linearGradient id=\"bar\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\"><stop offset=\"0\" stop-color=\"#fdb517\"/>"
      "<stop offset=\"0.35\" stop-color=\"#f59e0b\"/><stop offset=\"1\" stop-color=\"#30a2ff\"/></linearGradient>"
      "<clipPath id=\"c\"><rect width=\"1200\" height=\"630\"/></clipPath></defs>"
      "<g clip-path=\"url(#c)\"><rect width=\"1200\" height=\"630\" fill=\"#ffffff\"/>";
  // Rings bleeding off the bottom-right corner (centre = corner + offset + radius).
  struct Ring { int d, border, off; const char* color; };
  const Ring rings[] = {{480, 48, -180, "rgba(253,181,23,0.10)"},
                        {640, 40, -260, "rgba(253,181,23,0.06)"},
                        {800, 32, -330, "rgba(48,162,255,0.05)"}};
  for (const Ring& r : rings) {
    int cx = 1200 - r.off - r.d / 2, cy = 630 - r.off - r.d / 2;
    o += "<circle cx=\"" + std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\" r=\"" +
         std::to_string(r.d / 2 - r.border / 2) + "\" fill=\"none\" stroke=\"" + r.color + "\" stroke-width=\"" +
         std::to_string(r.border) + "\"/>";
  }
  o += "<rect width=\"1200\" height=\"6\" fill=\"url(#bar)\"/>";
  // Wordmark.
  o += "<text x=\"80\" y=\"98\" font-family=\"" + std::string(sans) +
       "\" font-size=\"44\" font-weight=\"800\" letter-spacing=\"-1\"><tspan fill=\"#fdb517\">v</tspan>"
       "<tspan fill=\"#30a2ff\">LLM</tspan></text>";
  o += "<text x=\"214\" y=\"96\" font-family=\"" + std::string(sans) + "\" font-size=\"30\" fill=\"#cbd5e1\">/</text>";
  o += "<text x=\"240\" y=\"95\" font-family=\"" + std::string(sans) +
       "\" font-size=\"26\" font-weight=\"600\" fill=\"#111827\">Recipes</text>";
  // Title block, vertically centred in the middle band.
  int line_h = static_cast<int>(size * 1.2);
  int block = static_cast<int>(title.size()) * line_h + (t.subtitle.empty() ? 0 : 18 + 32) + (t.meta.empty() ? 0 : 12 + 26);
  int y = 315 - block / 2 + size;
  for (const std::string& line : title) {
    o += "<text x=\"80\" y=\"" + std::to_string(y) + "\" font-family=\"" + sans + "\" font-size=\"" + std::to_string(size) +
         "\" font-weight=\"700\" letter-spacing=\"-1.5\" fill=\"#111827\">" + HtmlEscape(line) + "</text>";
    y += line_h;
  }
  y -= line_h - 8;
  if (!t.subtitle.empty()) {
    y += 18 + 26;
    o += "<text x=\"80\" y=\"" + std::to_string(y) + "\" font-family=\"" + sans +
         "\" font-size=\"26\" font-weight=\"600\" fill=\"#30a2ff\">" + HtmlEscape(t.subtitle) + "</text>";
  }
  if (!t.meta.empty()) {
    y += 12 + 24;
    o += "<text x=\"80\" y=\"" + std::to_string(y) + "\" font-family=\"" + mono +
         "\" font-size=\"20\" font-weight=\"500\" fill=\"#4b5563\">" + HtmlEscape(t.meta) + "</text>";
  }
  // Footer row.
  if (!t.version.empty()) {
    int w = static_cast<int>(CodePoints(t.version) * 9.8) + 28;
    o += "<rect x=\"80\" y=\"542\" width=\"" + std::to_string(w) +
         "\" height=\"34\" rx=\"17\" fill=\"none\" stroke=\"rgba(48,162,255,0.35)\"/>";
    o += "<text x=\"94\" y=\"565\" font-family=\"" + std::string(mono) +
         "\" font-size=\"16\" font-weight=\"600\" fill=\"#30a2ff\">" + HtmlEscape(t.version) + "</text>";
  } else if (!t.cta.empty()) {
    o += "<text x=\"80\" y=\"566\" font-family=\"" + std::string(sans) +
         "\" font-size=\"20\" font-weight=\"600\" fill=\"#30a2ff\">" + HtmlEscape(t.cta) + "</text>";
  }
  o += "<text x=\"1120\" y=\"566\" text-anchor=\"end\" font-family=\"" + std::string(mono) +
       "\" font-size=\"16\" fill=\"#9ca3af\">recipes.vllm.ai" + HtmlEscape(t.path) + "</text>";
  o += "</g></svg>\n";
  return o;
}

}  // namespace recipes
