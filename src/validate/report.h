// ValidationReport: the loader's and the validator's diagnostics for one
// catalog, sorted, with the counts `recipes validate` prints.
#ifndef RECIPES_VALIDATE_REPORT_H_
#define RECIPES_VALIDATE_REPORT_H_

#include <string>

#include "model/diagnostic.h"
#include "parse/catalog_loader.h"

namespace recipes {

enum class ReportFormat { kText, kJson };

struct ValidationReport {
  Diagnostics diagnostics;  // sorted by file, line, column
  size_t files = 0;         // files read (loaded or failed)
  size_t errors = 0;
  size_t warnings = 0;

  /// 0 when there are no errors (warnings allowed), 1 otherwise.
  int ExitCode() const { return errors > 0 ? 1 : 0; }
};

/// Validates what LoadCatalog returned: its diagnostics plus ValidateCatalog's.
ValidationReport ValidateLoaded(const LoadResult& loaded);

/// Text: every diagnostic rendered with its source line and caret, then
/// "N files checked: E errors, W warnings". JSON: an array of
/// {file, line, col, severity, message} (line and col 0 when unknown).
std::string FormatReport(const ValidationReport& report, ReportFormat format);

}  // namespace recipes

#endif  // RECIPES_VALIDATE_REPORT_H_
