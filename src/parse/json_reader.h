// ParseJson: JSON text → Value (for batch input and tests). Numbers become
// doubles, key order follows JavaScript (JSON.parse) rules.
#ifndef RECIPES_PARSE_JSON_READER_H_
#define RECIPES_PARSE_JSON_READER_H_

#include <string>
#include <string_view>

#include "model/value.h"

namespace recipes {

/// Returns false and sets *err (with the byte offset) on malformed input.
bool ParseJson(std::string_view text, Value* out, std::string* err);

}  // namespace recipes

#endif  // RECIPES_PARSE_JSON_READER_H_
