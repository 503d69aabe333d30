#include "validate/key_position.h"

namespace recipes {

Pos KeyPosition(const Value& map, std::string_view key, const Value& value) {
  Pos kp = map.members().KeyPos(key);
  if (kp.known()) return kp;
  return value.pos().known() ? value.pos() : map.pos();
}

}  // namespace recipes
