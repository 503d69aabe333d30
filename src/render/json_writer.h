// JSON output of Values, byte-identical to JavaScript's JSON.stringify.
#ifndef RECIPES_RENDER_JSON_WRITER_H_
#define RECIPES_RENDER_JSON_WRITER_H_

#include <string>
#include <string_view>

#include "model/value.h"

namespace recipes {

/// JSON.stringify(value, null, indent): `indent` spaces per level (0 = compact),
/// no trailing newline, raw UTF-8, dates as "YYYY-MM-DD", NaN/Infinity as null.
std::string ToJson(const Value& value, int indent = 2);
/// Appends ToJson(value, indent) as if it started at nesting depth `depth`
/// (so a pre-rendered sub-document can be spliced into a larger one).
void AppendJson(std::string* out, const Value& value, int indent = 2, int depth = 0);
/// Appends a JSON string literal with JSON.stringify's escaping.
void AppendJsonString(std::string* out, std::string_view s);

}  // namespace recipes

#endif  // RECIPES_RENDER_JSON_WRITER_H_
