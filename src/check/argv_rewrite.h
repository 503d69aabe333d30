// vLLM's FlexibleArgumentParser pre-pass: what `vllm serve` does to its argv
// before argparse sees it. Long flags get '_' → '-' up to the first '.',
// `-O<n>` becomes `--optimization-level <n>`, and dotted keys
// (`--attention-config.backend X`) are gathered into one JSON flag per base
// name, appended at the end. Each token remembers the argv item behind it.
#ifndef RECIPES_CHECK_ARGV_REWRITE_H_
#define RECIPES_CHECK_ARGV_REWRITE_H_

#include <string>
#include <utility>
#include <vector>

#include "check/argv_check.h"

namespace recipes {

struct ArgvToken {
  ArgvToken(std::string t, int i, bool d = false) : text(std::move(t)), item(i), dotted(d) {}
  std::string text;
  int item;             // argv index of the source item
  bool dotted = false;  // a JSON flag assembled from dotted keys
  std::vector<std::pair<std::vector<std::string>, int>> dotted_keys;  // key path → argv index of the dotted item
  std::vector<int> dotted_value_items;                                 // parallel: argv index of each value
};

/// Rewrites argv[3..] (after `vllm serve MODEL`) as vLLM does. Underscored
/// flags and a dotted key without its value are reported in `*findings`.
std::vector<ArgvToken> RewriteServeArgv(const std::vector<std::string>& argv, std::vector<ArgFinding>* findings);

}  // namespace recipes

#endif  // RECIPES_CHECK_ARGV_REWRITE_H_
