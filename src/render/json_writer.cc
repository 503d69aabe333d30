#include "render/json_writer.h"

#include <cmath>

namespace recipes {

namespace {

void Newline(std::string* out, int indent, int depth) {
  out->push_back('\n');
  out->append(static_cast<size_t>(indent * depth), ' ');
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // start of the pending run of bytes that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void AppendJson(std::string* out, const Value& value, int indent, int depth) {
  switch (value.kind()) {
    case Value::Kind::kNull: out->append("null"); return;
    case Value::Kind::kBool: out->append(value.boolean() ? "true" : "false"); return;
    case Value::Kind::kNumber:
      if (!std::isfinite(value.number())) {
        out->append("null");
      } else {
        out->append(FormatJsNumber(value.number()));
      }
      return;
    case Value::Kind::kString: AppendJsonString(out, value.str()); return;
    case Value::Kind::kDate: AppendJsonString(out, value.DateText()); return;
    case Value::Kind::kArray: {
      const ArrayItems& items = value.items();
      if (items.empty()) {
        out->append("[]");
        return;
      }
      out->push_back('[');
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out->push_back(',');
        if (indent) Newline(out, indent, depth + 1);
        AppendJson(out, items[i], indent, depth + 1);
      }
      if (indent) Newline(out, indent, depth);
      out->push_back(']');
      return;
    }
    case Value::Kind::kObject: {
      const ObjectItems& members = value.members();
      if (members.empty()) {
        out->append("{}");
        return;
      }
      out->push_back('{');
      bool first = true;
      for (const auto& [key, member] : members) {
        if (!first) out->push_back(',');
        first = false;
        if (indent) Newline(out, indent, depth + 1);
        AppendJsonString(out, key);
        out->append(indent ? ": " : ":");
        AppendJson(out, member, indent, depth + 1);
      }
      if (indent) Newline(out, indent, depth);
      out->push_back('}');
      return;
    }
  }
}

std::string ToJson(const Value& value, int indent) {
  std::string out;
  AppendJson(&out, value, indent, 0);
  return out;
}

}  // namespace recipes
