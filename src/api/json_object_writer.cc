#include "api/json_object_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace recipes {

namespace {

// Nonzero when any byte of `x` is < 0x20, '"' or '\\' (SWAR byte tests).
inline uint64_t NeedsEscape(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  uint64_t below_space = (x - kOnes * 0x20) & ~x;
  uint64_t q = x ^ (kOnes * '"');
  uint64_t quote = (q - kOnes) & ~q;
  uint64_t b = x ^ (kOnes * '\\');
  uint64_t backslash = (b - kOnes) & ~b;
  return (below_space | quote | backslash) & kHigh;
}

// "\n" and up to 127 levels of indentation, appended in one call.
constexpr int kMaxIndent = 127;
const char* IndentText() {
  static const std::string* text = [] { return new std::string("\n" + std::string(2 * kMaxIndent, ' ')); }();
  return text->data();
}

void Indent(std::string* out, int depth) {
  if (depth <= kMaxIndent) {
    out->append(IndentText(), static_cast<size_t>(1 + 2 * depth));
    return;
  }
  out->push_back('\n');
  out->append(static_cast<size_t>(2 * depth), ' ');
}

void AppendNumber(std::string* out, double n) {
  if (!std::isfinite(n)) {
    out->append("null");
    return;
  }
  if (n == std::trunc(n) && std::fabs(n) < 1e15) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(n));
    out->append(buf, res.ptr);
    return;
  }
  out->append(FormatJsNumber(n));
}

}  // namespace

void AppendJsonStringFast(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  const char* p = s.data();
  const char* end = p + s.size();
  const char* run = p;
  while (p < end) {
    if (end - p >= 8) {
      uint64_t x;
      std::memcpy(&x, p, 8);
      if (!NeedsEscape(x)) {
        p += 8;
        continue;
      }
    }
    unsigned char c = static_cast<unsigned char>(*p);
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    out->append(run, p);
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
    run = ++p;
  }
  out->append(run, end);
  out->push_back('"');
}

void AppendJsonFast(std::string* out, const Value& value, int depth) {
  switch (value.kind()) {
    case Value::Kind::kNull: out->append("null"); return;
    case Value::Kind::kBool: out->append(value.boolean() ? "true" : "false"); return;
    case Value::Kind::kNumber: AppendNumber(out, value.number()); return;
    case Value::Kind::kString: AppendJsonStringFast(out, value.str()); return;
    case Value::Kind::kDate: AppendJsonStringFast(out, value.DateText()); return;
    case Value::Kind::kArray: {
      const ArrayItems& items = value.items();
      if (items.empty()) {
        out->append("[]");
        return;
      }
      out->push_back('[');
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out->push_back(',');
        Indent(out, depth + 1);
        AppendJsonFast(out, items[i], depth + 1);
      }
      Indent(out, depth);
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
        Indent(out, depth + 1);
        AppendJsonStringFast(out, key);
        out->append(": ");
        AppendJsonFast(out, member, depth + 1);
      }
      Indent(out, depth);
      out->push_back('}');
      return;
    }
  }
}

void JsonObjectWriter::Key(std::string_view key) {
  out_->append(any_ ? ",\n" : "{\n");
  any_ = true;
  out_->append(static_cast<size_t>(2 * (depth_ + 1)), ' ');
  AppendJsonStringFast(out_, key);
  out_->append(": ");
}

void JsonObjectWriter::Field(std::string_view key, const Value& value) {
  Key(key);
  AppendJsonFast(out_, value, depth_ + 1);
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
