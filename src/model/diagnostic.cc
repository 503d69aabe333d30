#include "model/diagnostic.h"

#include <algorithm>

namespace recipes {

namespace {

// Long source lines are cut around the column so the caret stays readable.
constexpr size_t kMaxShownLine = 160;

std::string Printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (unsigned char c : line) {
    // Control bytes (binary input) would garble the terminal; tabs are kept so
    // the caret lines up.
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      out += '?';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
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
  size_t col = pos.col > 0 ? pos.col - 1 : 0;
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
  for (size_t i = 0; i < col && i < shown.size(); ++i) out += shown[i] == '\t' ? '\t' : ' ';
  for (size_t i = shown.size(); i < col; ++i) out += ' ';
  out += "^\n";
  return out;
}

size_t CountErrors(const Diagnostics& diags) {
  return static_cast<size_t>(std::count_if(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.is_error(); }));
}

}  // namespace recipes
