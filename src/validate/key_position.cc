#include "validate/key_position.h"

#include <string>

namespace recipes {

namespace {

// Columns count characters (as libyaml's do), not bytes.
uint32_t ColumnOfByte(std::string_view line, size_t byte) {
  uint32_t col = 1;
  for (size_t i = 0; i < byte && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

size_t ByteOfColumn(std::string_view line, uint32_t col) {
  uint32_t c = 1;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (c == col) return i;
    ++c;
  }
  return line.size();
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Rightmost byte offset in line[from, to) where `key` is written as a mapping
// key (plain or quoted), or npos.
size_t FindKeyInLine(std::string_view line, std::string_view key, size_t from, size_t to) {
  size_t best = std::string_view::npos;
  to = std::min(to, line.size());
  for (size_t at = line.find(key, from); at != std::string_view::npos && at < to; at = line.find(key, at + 1)) {
    size_t start = at;
    size_t end = at + key.size();
    // Quotes around the key.
    if (start > 0 && (line[start - 1] == '"' || line[start - 1] == '\'')) {
      if (end >= line.size() || line[end] != line[start - 1]) continue;
      --start;
      ++end;
    }
    // Before: only blanks since the line start or since a flow/sequence indicator.
    size_t b = start;
    while (b > 0 && IsBlank(line[b - 1])) --b;
    if (b > 0 && line[b - 1] != '-' && line[b - 1] != '{' && line[b - 1] != ',' && line[b - 1] != '?') continue;
    // After: blanks, then a colon that ends the key.
    size_t e = end;
    while (e < line.size() && IsBlank(line[e])) ++e;
    if (e >= line.size() || line[e] != ':') continue;
    if (e + 1 < line.size() && !IsBlank(line[e + 1]) && line[e + 1] != ',' && line[e + 1] != '}' &&
        line[e + 1] != ']' && line[end - 1] != '"' && line[end - 1] != '\'') {
      continue;
    }
    best = start;
  }
  return best;
}

}  // namespace

Pos KeyPosition(const Value& map, std::string_view key, const Value& value) {
  Pos vp = value.pos();
  Pos mp = map.pos();
  Pos fallback = vp.known() ? vp : mp;
  if (!vp.known() || key.empty()) return fallback;
  const Source* src = vp.source;
  uint32_t first = (mp.known() && mp.source == src && mp.line <= vp.line) ? mp.line : (vp.line > 200 ? vp.line - 200 : 1);
  for (uint32_t l = vp.line; l >= first && l > 0; --l) {
    std::string_view line = src->Line(l);
    size_t from = (l == first && mp.known() && mp.line == l) ? ByteOfColumn(line, mp.col) : 0;
    size_t to = l == vp.line ? ByteOfColumn(line, vp.col) : line.size();
    size_t at = FindKeyInLine(line, key, from, to);
    if (at != std::string_view::npos) return Pos{src, l, ColumnOfByte(line, at)};
  }
  return fallback;
}

}  // namespace recipes
