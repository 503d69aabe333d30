#include "api/json_object_writer.h"

#include "render/json_writer.h"


namespace recipes {

void JsonObjectWriter::Key(std::string_view key) {
  out_->append(any_ ? ",\n" : "{\n");
  any_ = true;
  out_->append(static_cast<size_t>(2 * (depth_ + 1)), ' ');
  AppendJsonString(out_, key);
  out_->append(": ");
}

void JsonObjectWriter::Field(std::string_view key, const Value& value) {
  Key(key);
  AppendJson(out_, value, 2, depth_ + 1);
}

void JsonObjectWriter::Raw(std::string_view key, std::string_view json) {
  Key(key);
  out_->append(json);
}

void JsonObjectWriter::Fields(const ObjectItems& members) {
  for (const auto& [key, value] : members) Field(key, value);
}

void JsonObjectWriter::Close() {
  if (!any_) {
    out_->append("{}");
    return;
  }
  out_->push_back('\n');
  out_->append(static_cast<size_t>(2 * depth_), ' ');
  out_->push_back('}');
}

}  // namespace recipes
