// CheckCatalog: every reachable rendering of every recipe (resolve/
// renderings.h), the JSON API's renderings and the guide's `vllm serve`
// commands, checked against one or more vLLM versions. Findings are grouped
// by cause: the problem, the flag and the YAML position the resolver's
// provenance names, with how many renderings hit it and one example.
//
// Pure: (catalog, tables, options) → report. Formatting (text with source
// lines and carets, and the stable JSON shape) is here too so every surface
// prints the same thing.
#ifndef RECIPES_CHECK_CATALOG_CHECK_H_
#define RECIPES_CHECK_CATALOG_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "check/argv_check.h"
#include "check/flag_table.h"
#include "model/catalog.h"
#include "model/diagnostic.h"
#include "model/value.h"
#include "resolve/resolver.h"

namespace recipes {

struct CheckOptions {
  std::vector<std::string> recipes;  // ORG/REPO ids; empty = every recipe
  std::vector<size_t> versions;      // indexes into the tables; empty = the newest
  bool api = true;                   // also the JSON API's renderings
  bool guide = true;                 // also the guide's fenced `vllm serve` commands
  bool strict = false;               // warnings count as errors
  int threads = 1;
};

struct CheckFinding {
  std::string recipe;   // ORG/REPO of the recipe file
  std::string version;  // version key
  std::string flag;     // as written in the argv item, up to any '='
  Problem problem = Problem::kUnknownFlag;
  bool error = true;    // after --strict
  std::string message;
  Pos pos;              // the YAML node that put the flag (or value) there
  std::string file;     // pos's file, or the recipe's file when pos is unknown
  std::string layer;    // provenance layer ("features.tool_calling.args", "guide", …)
  size_t renderings = 0;
  Value example_selection;
  std::vector<std::string> example_argv;
  std::string example_process;  // "serve", "head", "worker 1", "prefill", "guide", …
};

struct RecipeVerdict {
  std::string recipe;
  std::string path;
  size_t renderings = 0;
  std::string scope_note;               // set when the recipe is not checked (omni)
  std::vector<std::string> parses_on;   // checked versions with no errors
  std::vector<std::string> fails_on;    // checked versions with errors
  std::optional<Diagnostic> min_version;  // min_vllm_version older than the oldest version that parses
};

struct CheckReport {
  std::vector<std::string> versions;  // keys, oldest first
  size_t renderings = 0;              // argv checked (every process of every selection, guide commands)
  std::vector<CheckFinding> findings;
  std::vector<RecipeVerdict> recipes;
  std::vector<std::string> unknown_recipes;  // requested ids not in the catalog

  size_t errors() const;
  size_t warnings() const;
  /// 0 clean, 1 errors (or unknown requested recipes).
  int ExitCode() const;
};

CheckReport CheckCatalog(const Catalog& catalog, const VllmTables& tables, const CheckOptions& options);

/// One selection's renderings (every process), e.g. for `recipes command` and
/// the site. The report has one RecipeVerdict.
CheckReport CheckSelection(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                           const VllmTables& tables, const std::vector<size_t>& versions, bool strict = false);

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

#endif  // RECIPES_CHECK_CATALOG_CHECK_H_
