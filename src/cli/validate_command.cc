#include <cstdio>

#include "cli/commands.h"

namespace recipes {

// Placeholder until the subcommand lands; exits with a usage error.
int RunValidate(const std::vector<std::string>&) {
  std::fprintf(stderr, "recipes validate: not available yet\n");
  return 2;
}

}  // namespace recipes
