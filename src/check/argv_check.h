// CheckServeArgv: one `vllm serve` argv against one vLLM version's flag table,
// parsed the way vLLM's FlexibleArgumentParser does it (underscore rewrite
// before the first '.'/'=', dotted JSON keys gathered into one JSON flag,
// `-O<n>`, '=' values, argparse's unique-prefix abbreviations, `--no-` forms,
// nargs, typed values, closed choices, JSON keys of config classes that
// forbid extra keys). `$VAR` values are run-time placeholders and accepted.
//
// Pure: (argv, tables, version) → findings. Each finding names the argv item
// that carries the flag and, for value problems, the item with the value, so
// callers can map them back to the YAML that produced them.
#ifndef RECIPES_CHECK_ARGV_CHECK_H_
#define RECIPES_CHECK_ARGV_CHECK_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "check/flag_table.h"

namespace recipes {

enum class Problem {
  // errors
  kUnknownFlag,
  kRemovedFlag,
  kNewerFlag,
  kFlagAndValueInOneItem,
  kBadValue,
  kBadChoice,
  kUnknownJsonKey,
  kMissingValue,
  // warnings
  kUnknownRegistryValue,
  kAbbreviation,
  kUnderscore,
  kDeprecated,
};

/// "unknown-flag", "removed-flag", … as the JSON output spells them.
const char* ProblemName(Problem problem);
/// Errors stop `vllm serve`; warnings do not (unless --strict).
bool IsErrorProblem(Problem problem);

struct ArgFinding {
  Problem problem = Problem::kUnknownFlag;
  std::string flag;     // as written in the argv item, up to any '='
  int item = -1;        // argv index of the item with the flag
  int value_item = -1;  // argv index of the offending value (-1: the flag itself)
  std::string message;
  bool error() const { return IsErrorProblem(problem); }
};

struct ArgvCheck {
  /// False for commands this checker does not judge (vllm-omni, other
  /// subcommands, other programs); `scope_note` says why.
  bool in_scope = true;
  std::string scope_note;
  std::vector<ArgFinding> findings;
  size_t errors() const;
};

/// `argv` is the whole command: "vllm", "serve", the model, then options.
/// `version` indexes tables.versions(); other versions are consulted only to
/// tell removed and newer flags from unknown ones.
ArgvCheck CheckServeArgv(const std::vector<std::string>& argv, const VllmTables& tables, size_t version);

/// CheckServeArgv, remembering the costly "did you mean" hints in *hints
/// across calls (one map per version; not thread-safe).
ArgvCheck CheckServeArgv(const std::vector<std::string>& argv, const VllmTables& tables, size_t version,
                         std::unordered_map<std::string, std::string>* hints);

}  // namespace recipes

#endif  // RECIPES_CHECK_ARGV_CHECK_H_
