// ParseArgs: run a subcommand's CLI11 parser over its arguments, the same way
// for every subcommand.
#ifndef RECIPES_CLI_CLI_ARGS_H_
#define RECIPES_CLI_CLI_ARGS_H_

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace recipes {

/// Parses `args` (args[0] is the subcommand's name). Returns nullopt when the
/// subcommand should go on, or the exit code to return right away: 0 after
/// --help, 2 for a usage error (CLI11 has printed the message).
std::optional<int> ParseArgs(CLI::App& app, const std::vector<std::string>& args);

}  // namespace recipes

#endif  // RECIPES_CLI_CLI_ARGS_H_
