// JsonObjectWriter: writes one JSON object member by member with
// JSON.stringify(v, null, 2) layout, so that sub-documents rendered once
// (strategy documents, hardware profiles) can be spliced in as raw text.
// Values are emitted by render/json_writer's AppendJson.
#ifndef RECIPES_API_JSON_OBJECT_WRITER_H_
#define RECIPES_API_JSON_OBJECT_WRITER_H_

#include <string>
#include <string_view>

#include "model/value.h"

namespace recipes {

class JsonObjectWriter {
 public:
  /// Starts an object that sits at nesting `depth` (0 = the file's top level).
  JsonObjectWriter(std::string* out, int depth) : out_(out), depth_(depth) {}

  void Field(std::string_view key, const Value& value);
  /// `json` must already be laid out for nesting depth + 1.
  void Raw(std::string_view key, std::string_view json);
  /// Writes every member of `members`.
  void Fields(const ObjectItems& members);
  /// Closes the object ("{}" when no member was written).
  void Close();

 private:
  void Key(std::string_view key);

  std::string* out_;
  int depth_;
  bool any_ = false;
};

}  // namespace recipes

#endif  // RECIPES_API_JSON_OBJECT_WRITER_H_
