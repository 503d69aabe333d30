#include "parse/json_reader.h"

#include <charconv>

namespace recipes {

namespace {

constexpr int kMaxDepth = 1000;

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : s_(text) {}

  bool Parse(Value* out, std::string* err) {
    SkipSpace();
    if (!ParseValue(out, 0)) {
      *err = error_ + " at byte " + std::to_string(i_);
      return false;
    }
    SkipSpace();
    if (i_ != s_.size()) {
      *err = "unexpected trailing characters at byte " + std::to_string(i_);
      return false;
    }
    return true;
  }

 private:
  bool Fail(const char* msg) {
    error_ = msg;
    return false;
  }

  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return Fail("invalid literal");
    i_ += word.size();
    return true;
  }

  bool ParseValue(Value* out, int depth) {
    if (depth > kMaxDepth) return Fail("nesting too deep");
    if (i_ >= s_.size()) return Fail("unexpected end of input");
    char c = s_[i_];
    switch (c) {
      case '{': return ParseObject(out, depth);
      case '[': return ParseArray(out, depth);
      case '"': {
        std::string str;
        if (!ParseString(&str)) return false;
        *out = Value::String(std::move(str));
        return true;
      }
      case 't': *out = Value::Bool(true); return Literal("true");
      case 'f': *out = Value::Bool(false); return Literal("false");
      case 'n': *out = Value::Null(); return Literal("null");
      default: return ParseNumber(out);
    }
  }

  bool ParseNumber(Value* out) {
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ >= s_.size() || s_[i_] < '0' || s_[i_] > '9') return Fail("invalid value");
    while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '.' || s_[i_] == 'e' ||
                              s_[i_] == 'E' || s_[i_] == '+' || s_[i_] == '-')) {
      ++i_;
    }
    double d = 0;
    auto res = std::from_chars(s_.data() + start, s_.data() + i_, d);
    if (res.ec != std::errc() || res.ptr != s_.data() + i_) return Fail("invalid number");
    *out = Value::Number(d);
    return true;
  }

  bool Hex4(uint32_t* cp) {
    if (i_ + 4 > s_.size()) return Fail("bad \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char h = s_[i_++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') v |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= static_cast<uint32_t>(h - 'A' + 10);
      else return Fail("bad \\u escape");
    }
    *cp = v;
    return true;
  }

  static void AppendUtf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool ParseString(std::string* out) {
    ++i_;  // opening quote
    size_t run = i_;
    while (true) {
      if (i_ >= s_.size()) return Fail("unterminated string");
      char c = s_[i_];
      if (c == '"') {
        out->append(s_.data() + run, i_ - run);
        ++i_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in string");
      if (c != '\\') {
        ++i_;
        continue;
      }
      out->append(s_.data() + run, i_ - run);
      ++i_;
      if (i_ >= s_.size()) return Fail("unterminated string");
      char e = s_[i_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && i_ + 6 <= s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            size_t save = i_;
            i_ += 2;
            uint32_t lo = 0;
            if (Hex4(&lo) && lo >= 0xDC00 && lo < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              i_ = save;
            }
          }
          AppendUtf8(out, cp);
          break;
        }
        default: return Fail("bad escape");
      }
      run = i_;
    }
  }

  bool ParseArray(Value* out, int depth) {
    ++i_;
    ArrayItems items;
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      *out = Value::Array(std::move(items));
      return true;
    }
    while (true) {
      SkipSpace();
      Value v;
      if (!ParseValue(&v, depth + 1)) return false;
      items.push_back(std::move(v));
      SkipSpace();
      if (i_ >= s_.size()) return Fail("unterminated array");
      if (s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (s_[i_] == ']') {
        ++i_;
        *out = Value::Array(std::move(items));
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }

  bool ParseObject(Value* out, int depth) {
    ++i_;
    ObjectItems members;
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      *out = Value::Object(std::move(members));
      return true;
    }
    while (true) {
      SkipSpace();
      if (i_ >= s_.size() || s_[i_] != '"') return Fail("expected a key string");
      std::string key;
      if (!ParseString(&key)) return false;
      SkipSpace();
      if (i_ >= s_.size() || s_[i_] != ':') return Fail("expected ':'");
      ++i_;
      SkipSpace();
      Value v;
      if (!ParseValue(&v, depth + 1)) return false;
      members.Set(std::move(key), std::move(v));
      SkipSpace();
      if (i_ >= s_.size()) return Fail("unterminated object");
      if (s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (s_[i_] == '}') {
        ++i_;
        *out = Value::Object(std::move(members));
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

}  // namespace

bool ParseJson(std::string_view text, Value* out, std::string* err) {
  JsonParser parser(text);
  Value v;
  if (!parser.Parse(&v, err)) return false;
  *out = std::move(v);
  return true;
}

}  // namespace recipes
