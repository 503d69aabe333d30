// Shell rendering of a serve command (resolution.md §13): value quoting and
// the multi-line `vllm serve <model> \` layout.
#ifndef RECIPES_RENDER_SHELL_COMMAND_H_
#define RECIPES_RENDER_SHELL_COMMAND_H_

#include <string>
#include <string_view>
#include <vector>

namespace recipes {

/// Quotes a flag value for a POSIX shell: bare `$UPPER_VAR` and values made of
/// [A-Za-z0-9_./=:@,+%-] stay as they are; anything else is single-quoted
/// with embedded quotes written as '\''.
std::string QuoteShellValue(std::string_view value);

/// `<binary> <model_id>` followed by one ` \`-continued line per display unit
/// (a `-flag value` pair, or a lone token). Tokens are already de-duplicated.
std::string FormatServeCommand(std::string_view binary, std::string_view model_id,
                               const std::vector<std::string>& tokens);
std::string FormatServeCommandFromViews(std::string_view binary, std::string_view model_id,
                                        const std::vector<std::string_view>& tokens);
/// The same layout with every token (flags and lone tokens too) quoted by
/// QuoteShellValue, so a shell parses the text back to exactly these tokens.
std::string FormatServeCommandQuoted(std::string_view binary, std::string_view model_id,
                                     const std::vector<std::string_view>& tokens);

}  // namespace recipes

#endif  // RECIPES_RENDER_SHELL_COMMAND_H_
