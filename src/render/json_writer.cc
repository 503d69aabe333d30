#include "render/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace recipes {

namespace {

void Newline(std::string* out, int indent, int depth) {
  out->push_back('\n');
  out->append(static_cast<size_t>(indent * depth), ' ');
}

// Nonzero when any byte of `x` is < 0x20, '"' or '\\' (SWAR byte tests), so
// plain text is scanned eight bytes at a time.
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

void AppendNumber(std::string* out, double n) {
  if (!std::isfinite(n)) {
    out->append("null");
    return;
  }
  if (n == std::trunc(n) && std::fabs(n) < 1e15) {  // integers skip the general formatter
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(n));
    out->append(buf, res.ptr);
    return;
  }
  out->append(FormatJsNumber(n));
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  const char* p = s.data();
  const char* end = p + s.size();
  const char* run = p;  // start of the pending bytes that need no escape
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

void AppendJson(std::string* out, const Value& value, int indent, int depth) {
  switch (value.kind()) {
    case Value::Kind::kNull: out->append("null"); return;
    case Value::Kind::kBool: out->append(value.boolean() ? "true" : "false"); return;
    case Value::Kind::kNumber: AppendNumber(out, value.number()); return;
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
