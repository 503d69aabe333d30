#include "cli/cli_args.h"

#include <algorithm>

namespace recipes {

std::optional<int> ParseArgs(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  std::reverse(rest.begin(), rest.end());  // CLI11 consumes a vector from its back
  try {
    app.parse(rest);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace recipes
