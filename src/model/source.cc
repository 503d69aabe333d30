#include "model/source.h"

#include <string>

namespace recipes {

std::string_view Source::Line(uint32_t line) const {
  if (line == 0) return {};
  size_t start = 0;
  for (uint32_t i = 1; i < line; ++i) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) return {};
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  if (end == std::string::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return std::string_view(text).substr(start, end - start);
}

std::string Pos::ToString() const {
  if (!source) return "";
  if (line == 0) return source->path;
  return source->path + ":" + std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace recipes
