// GuideServeCommands: the `vllm serve` commands written in a recipe's guide
// (Markdown fenced code blocks), as argv with the YAML position of every
// item. Shell rules applied: backslash line continuations, single and double
// quotes, backslash escapes, `#` comments, and a command ends at |, ;, &, &&,
// || or a redirection. Leading `VAR=value` assignments are dropped.
#ifndef RECIPES_CHECK_GUIDE_COMMANDS_H_
#define RECIPES_CHECK_GUIDE_COMMANDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/catalog.h"
#include "model/source.h"

namespace recipes {

struct GuideCommand {
  std::vector<std::string> argv;  // "vllm", "serve", …
  std::vector<Pos> pos;           // parallel to argv
  std::string text;               // the command as written (continuations joined)
};

/// Commands of `guide` (a Markdown string); `guide_pos` is the guide's YAML
/// node (a `|` block scalar maps each line exactly; other styles point every
/// item at the node).
std::vector<GuideCommand> GuideServeCommands(std::string_view guide, const Pos& guide_pos);

/// The commands of `recipe.doc.guide` (none when it has no guide).
std::vector<GuideCommand> RecipeGuideCommands(const Recipe& recipe);

}  // namespace recipes

#endif  // RECIPES_CHECK_GUIDE_COMMANDS_H_
