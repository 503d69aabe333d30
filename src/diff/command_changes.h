// CompareResolutions: the flag-level difference between two resolutions of
// the same choice (before and after a catalog change): flags and env entries
// added, removed or changed per process, each with the YAML line that set it
// on each side (from provenance), and other differences (served model,
// argv order, deployment shape) as properties.
#ifndef RECIPES_DIFF_COMMAND_CHANGES_H_
#define RECIPES_DIFF_COMMAND_CHANGES_H_

#include <vector>

#include "diff/catalog_diff.h"
#include "resolve/resolver.h"

namespace recipes {

/// Both resolutions must carry provenance. Empty when the outputs are equal.
std::vector<CommandChange> CompareResolutions(const Resolution& base, const Resolution& head);

/// "`--x` A → B", "+ `--x` B", "- `--x` A", "env `K` A → B"... (markdown-ish
/// code ticks; the text report strips them).
std::string DescribeChange(const CommandChange& change);

}  // namespace recipes

#endif  // RECIPES_DIFF_COMMAND_CHANGES_H_
