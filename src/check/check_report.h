// CheckReport: what `recipes check` found. Findings grouped by cause (the
// problem, the flag and the YAML position behind it) with how many
// renderings hit each and one example, and each recipe's verdict per vLLM
// version. Produced by check/catalog_check.h, printed by
// check/check_report_format.h.
#ifndef RECIPES_CHECK_CHECK_REPORT_H_
#define RECIPES_CHECK_CHECK_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "check/argv_check.h"
#include "model/diagnostic.h"
#include "model/source.h"
#include "model/value.h"

namespace recipes {

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
  /// min_vllm_version older than the oldest version that parses: the
  /// model's, and each variant's own (when higher than the model's).
  std::vector<Diagnostic> min_versions;
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

}  // namespace recipes

#endif  // RECIPES_CHECK_CHECK_REPORT_H_
