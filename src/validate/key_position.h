// KeyPosition: where a mapping key was written.
//
// A message about a key (an unknown key, a key that names an unknown id) reads
// best pointing at the key, which the loader records beside each member.
#ifndef RECIPES_VALIDATE_KEY_POSITION_H_
#define RECIPES_VALIDATE_KEY_POSITION_H_

#include <string_view>

#include "model/source.h"
#include "model/value.h"

namespace recipes {

/// Position of `key` in `map` whose value is `value`. Falls back to the
/// value's position (or the map's) for maps built in code. A key merged in
/// through `<<` points into the anchored map.
Pos KeyPosition(const Value& map, std::string_view key, const Value& value);

}  // namespace recipes

#endif  // RECIPES_VALIDATE_KEY_POSITION_H_
