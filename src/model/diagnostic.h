// Diagnostic: a problem found in the input, as a value that carries its position.
//
// Rendered as
//   path:line:col: error: message
//     <the source line>
//     <spaces>^
// (the caret sits under the column; tabs in the source line are kept so the
// caret lines up). Without a known line only "path: error: message" is printed.
#ifndef RECIPES_MODEL_DIAGNOSTIC_H_
#define RECIPES_MODEL_DIAGNOSTIC_H_

#include <string>
#include <vector>

#include "model/source.h"

namespace recipes {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  Pos pos;
  std::string path;  // used when pos.source is null (e.g. a file that failed to read)
  std::string message;

  static Diagnostic Error(Pos pos, std::string message);
  static Diagnostic Warning(Pos pos, std::string message);
  /// An error about a file that has no loaded source (unreadable, missing).
  static Diagnostic FileError(std::string path, std::string message);

  bool is_error() const { return severity == Severity::kError; }
  const std::string& file() const { return pos.source ? pos.source->path : path; }
  /// Full rendering: header line, source line and caret, each ending in '\n'.
  std::string Render() const;
};

using Diagnostics = std::vector<Diagnostic>;

/// Number of errors (not warnings) in `diags`.
size_t CountErrors(const Diagnostics& diags);

}  // namespace recipes

#endif  // RECIPES_MODEL_DIAGNOSTIC_H_
