// UnifiedDiff: a short line diff of two texts (guide changes in `recipes
// diff`), in the familiar unified form: "@@ -a,b +c,d @@" hunks with a few
// lines of context, cut after a number of lines with a note saying so.
#ifndef RECIPES_DIFF_TEXT_DIFF_H_
#define RECIPES_DIFF_TEXT_DIFF_H_

#include <string>

namespace recipes {

/// "" when the texts are equal. Each line of the result ends in '\n'.
std::string UnifiedDiff(const std::string& before, const std::string& after, int context = 2,
                        size_t max_lines = 40);

}  // namespace recipes

#endif  // RECIPES_DIFF_TEXT_DIFF_H_
