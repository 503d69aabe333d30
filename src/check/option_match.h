// How argparse reads an option-looking token against one version's flag
// table: an exact option, `--flag=value`, a unique prefix (allow_abbrev), a
// short option with its value attached, an ambiguous prefix, or unknown.
#ifndef RECIPES_CHECK_OPTION_MATCH_H_
#define RECIPES_CHECK_OPTION_MATCH_H_

#include <optional>
#include <string>
#include <vector>

#include "check/flag_table.h"

namespace recipes {

struct OptMatch {
  enum Kind { kPositional, kExact, kPrefix, kAmbiguous, kUnknown } kind = kPositional;
  const FlagSpec* spec = nullptr;
  std::string option;  // the option string it resolved to
  std::optional<std::string> explicit_arg;
  std::vector<std::string> candidates;  // ambiguous prefix
};

OptMatch MatchOption(const FlagTable& table, const std::string& token);

}  // namespace recipes

#endif  // RECIPES_CHECK_OPTION_MATCH_H_
