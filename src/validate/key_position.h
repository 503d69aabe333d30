// KeyPosition: where a mapping key was written.
//
// Values remember their own position, but a message about a key (an unknown
// key, a key that names an unknown id) reads best pointing at the key. The
// key's position is recovered from the source text: it is the nearest
// `key:` written before the value, inside the mapping.
#ifndef RECIPES_VALIDATE_KEY_POSITION_H_
#define RECIPES_VALIDATE_KEY_POSITION_H_

#include <string_view>

#include "model/source.h"
#include "model/value.h"

namespace recipes {

/// Position of `key` in `map` whose value is `value`. Falls back to the
/// value's position (or the map's) when the key cannot be found in the text,
/// e.g. when it came in through a merge key (`<<`).
Pos KeyPosition(const Value& map, std::string_view key, const Value& value);

}  // namespace recipes

#endif  // RECIPES_VALIDATE_KEY_POSITION_H_
