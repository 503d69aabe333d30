// CheckReport as text and JSON: diagnostics like `validate` with source
// lines and carets, the stable JSON shape that tests and outside tools read,
// and the one-line verdicts that `command`, `explain` and the site show.
// Pure: report → string or Value.
#ifndef RECIPES_CHECK_CHECK_REPORT_FORMAT_H_
#define RECIPES_CHECK_CHECK_REPORT_FORMAT_H_

#include <string>

#include "check/check_report.h"
#include "model/diagnostic.h"
#include "model/value.h"

namespace recipes {

/// Diagnostics like `validate` (path:line:col: severity: message, the source
/// line and a caret), each with its problem, renderings count, example
/// selection and argv; then per-recipe version ranges (several versions) and
/// a summary line.
std::string FormatCheckText(const CheckReport& report);
/// One finding as FormatCheckText prints it (for its one version).
std::string FormatCheckFinding(const CheckFinding& finding);
/// {"vllm": [...], "renderings": N, "findings": [{recipe, vllm, flag, problem,
/// severity, message, file, line, col, renderings, example_selection,
/// example_argv}], "recipes": [{recipe, renderings, parses_on, fails_on,
/// out_of_scope?, min_vllm_version_too_old?}]}.
Value CheckReportToJson(const CheckReport& report);
/// One line: "✓ parses on vLLM <versions>" or "✗ does not parse on vLLM <v>:
/// N errors (first …)"; warnings are counted after a "·".
std::string VerdictLine(const CheckReport& report);

/// VerdictLine, then one "path:line:col: severity: message [problem]" line
/// per finding; every line starts with `prefix` (e.g. "# " under a command).
std::string VerdictText(const CheckReport& report, const std::string& prefix);

/// The findings as validate diagnostics ("[check vX] message").
Diagnostics CheckDiagnostics(const CheckReport& report);

}  // namespace recipes

#endif  // RECIPES_CHECK_CHECK_REPORT_FORMAT_H_
