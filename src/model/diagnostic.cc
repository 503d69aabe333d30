#include "model/diagnostic.h"

#include <algorithm>

namespace recipes {

namespace {

// Long source lines are cut around the column so the caret stays readable.
constexpr size_t kMaxShownLine = 160;

// Length of the valid UTF-8 sequence starting at s[i], or 0.
size_t Utf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// The source line made safe to print: control bytes (binary input) and bytes
// that are not UTF-8 become '?'. Tabs are kept so the caret lines up.
std::string Printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    size_t n = Utf8Length(line, i);
    if (n == 0 || (c < 0x20 && c != '\t') || c == 0x7f) {
      out += '?';
      ++i;
    } else {
      out.append(line.substr(i, n));
      i += n;
    }
  }
  return out;
}

// Columns count characters (as libyaml reports them); the caret is placed by bytes.
size_t ByteOffsetOfColumn(std::string_view line, uint32_t col) {
  size_t chars = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (++chars == col) return i;
  }
  return col > 0 ? line.size() + (col - 1 - chars) : 0;
}

// Caret padding: one space per character before the caret, tabs kept.
std::string CaretPad(std::string_view shown, size_t byte_col) {
  std::string pad;
  for (size_t i = 0; i < byte_col; ++i) {
    if (i < shown.size()) {
      unsigned char c = static_cast<unsigned char>(shown[i]);
      if ((c & 0xC0) == 0x80) continue;
      pad += c == '\t' ? '\t' : ' ';
    } else {
      pad += ' ';
    }
  }
  return pad;
}

}  // namespace

Diagnostic Diagnostic::Error(Pos pos, std::string message) {
  return Diagnostic{Severity::kError, pos, "", std::move(message)};
}

Diagnostic Diagnostic::Warning(Pos pos, std::string message) {
  return Diagnostic{Severity::kWarning, pos, "", std::move(message)};
}

Diagnostic Diagnostic::FileError(std::string path, std::string message) {
  return Diagnostic{Severity::kError, Pos{}, std::move(path), std::move(message)};
}

std::string Diagnostic::Render() const {
  std::string out = file();
  if (pos.known()) {
    out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col);
  }
  out += is_error() ? ": error: " : ": warning: ";
  out += message;
  out += '\n';
  if (!pos.known()) return out;
  std::string_view line = pos.source->Line(pos.line);
  size_t col = ByteOffsetOfColumn(line, pos.col);
  size_t start = 0;
  std::string prefix;
  if (line.size() > kMaxShownLine) {
    start = col > kMaxShownLine / 2 ? col - kMaxShownLine / 2 : 0;
    if (start > 0) prefix = "...";
    line = line.substr(start, kMaxShownLine);
  }
  col -= std::min(col, start);
  std::string shown = prefix + Printable(line);
  out += "  " + shown + "\n  ";
  col += prefix.size();
  out += CaretPad(shown, col) + "^\n";
  return out;
}

size_t CountErrors(const Diagnostics& diags) {
  return static_cast<size_t>(std::count_if(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.is_error(); }));
}

}  // namespace recipes
