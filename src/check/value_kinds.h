// Value kinds as vLLM's parser reads argv values: Python's int() and
// float(), vLLM's human-readable ints (4k, 1M), argparse's negative-number
// rule, and run-time placeholders ($VAR, <name>). Pure string predicates.
#ifndef RECIPES_CHECK_VALUE_KINDS_H_
#define RECIPES_CHECK_VALUE_KINDS_H_

#include <string>
#include <string_view>

namespace recipes {

/// Python's str.strip() (ASCII whitespace).
std::string Trim(std::string_view s);
/// ASCII lower case.
std::string Lower(std::string_view s);
/// Python's int(): optional sign, decimal digits with single '_' between digits.
bool PyInt(std::string_view raw);
/// Python's float().
bool PyFloat(std::string_view raw);
/// vLLM's human-readable int: 25.6k, 4K, 1M (binary suffixes need integers), else int().
bool HumanInt(std::string_view raw);
/// argparse's ^-\d+$|^-\d*\.\d+$: a negative number, not an option.
bool IsNegativeNumber(std::string_view s);
/// `$VAR` (filled in by the shell at run time) or a `<placeholder>` written
/// for the reader to replace.
bool IsPlaceholder(std::string_view v);

}  // namespace recipes

#endif  // RECIPES_CHECK_VALUE_KINDS_H_
