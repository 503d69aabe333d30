// Source and Pos: where a value came from.
//
// A Source is one loaded file: its path (relative to the catalog root, e.g.
// "models/MiniMaxAI/MiniMax-M3.yaml") and its full text. A Pos points into a
// Source by line and column (1-based, columns count bytes). Sources are owned
// by whoever loaded them (the Catalog) and outlive every Pos that points at
// them.
#ifndef RECIPES_MODEL_SOURCE_H_
#define RECIPES_MODEL_SOURCE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace recipes {

struct Source {
  std::string path;
  std::string text;

  /// The text of 1-based line `line`, without its line break ("" when out of range).
  std::string_view Line(uint32_t line) const;
};

struct Pos {
  const Source* source = nullptr;
  uint32_t line = 0;  // 1-based; 0 = unknown
  uint32_t col = 0;   // 1-based; 0 = unknown

  bool known() const { return source != nullptr && line > 0; }
  /// "path:line:col", or "path" / "" when parts are unknown.
  std::string ToString() const;
};

}  // namespace recipes

#endif  // RECIPES_MODEL_SOURCE_H_
