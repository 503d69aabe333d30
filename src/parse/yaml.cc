#include "parse/yaml.h"

#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>

namespace recipes {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s, size_t from, size_t to) {
  if (from >= to) return false;
  for (size_t i = from; i < to; ++i) {
    if (!IsDigit(s[i])) return false;
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date; month and day may be
// out of range and roll over, as JavaScript's Date.UTC does.
double DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y += (m - 1) >= 0 ? (m - 1) / 12 : -((12 - m) / 12);
  m = ((m - 1) % 12 + 12) % 12 + 1;
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<double>(era * 146097 + doe - 719468 + (d - 1));
}

int ToInt(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// YYYY-MM-DD, or YYYY-M-D followed by a time (js-yaml's timestamp type).
std::optional<double> ParseTimestamp(std::string_view s) {
  if (s.size() < 8 || !AllDigits(s, 0, 4) || s[4] != '-') return std::nullopt;
  size_t i = 5;
  auto digits12 = [&](size_t* at, std::string_view* out) {
    size_t start = *at;
    while (*at < s.size() && IsDigit(s[*at]) && *at - start < 2) ++*at;
    if (*at == start) return false;
    *out = s.substr(start, *at - start);
    return true;
  };
  std::string_view mon, day;
  if (!digits12(&i, &mon) || i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  if (!digits12(&i, &day)) return std::nullopt;
  int year = ToInt(s.substr(0, 4));
  if (i == s.size()) {
    if (mon.size() != 2 || day.size() != 2) return std::nullopt;  // "2026-4-2" stays a string
    return DaysFromCivil(year, ToInt(mon), ToInt(day)) * 86400000.0;
  }
  // Time part: [Tt] or spaces/tabs, H?H:MM:SS(.fraction)?, then optional zone.
  if (s[i] == 'T' || s[i] == 't') {
    ++i;
  } else if (s[i] == ' ' || s[i] == '\t') {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  } else {
    return std::nullopt;
  }
  std::string_view hh;
  if (!digits12(&i, &hh) || i + 6 > s.size() || s[i] != ':' || !AllDigits(s, i + 1, i + 3) || s[i + 3] != ':' ||
      !AllDigits(s, i + 4, i + 6)) {
    return std::nullopt;
  }
  int minute = ToInt(s.substr(i + 1, 2));
  int second = ToInt(s.substr(i + 4, 2));
  i += 6;
  double ms = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    std::string frac(s.substr(start, i - start));
    frac = (frac + "000").substr(0, 3);
    ms = ToInt(frac);
  }
  double offset_min = 0;
  size_t zone = i;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
      ++i;
    } else if (s[i] == '+' || s[i] == '-') {
      int sign = s[i] == '-' ? -1 : 1;
      ++i;
      std::string_view th;
      if (!digits12(&i, &th)) return std::nullopt;
      int tm = 0;
      if (i < s.size() && s[i] == ':') {
        if (!AllDigits(s, i + 1, i + 3)) return std::nullopt;
        tm = ToInt(s.substr(i + 1, 2));
        i += 3;
      }
      offset_min = sign * (ToInt(th) * 60 + tm);
    } else {
      return std::nullopt;
    }
  } else if (zone != i) {
    return std::nullopt;  // trailing blanks without a zone
  }
  if (i != s.size()) return std::nullopt;
  double days = DaysFromCivil(year, ToInt(mon), ToInt(day));
  return ((days * 24 + ToInt(hh)) * 60 + minute - offset_min) * 60000.0 + second * 1000.0 + ms;
}

std::optional<double> ParseInteger(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    neg = s[i] == '-';
    ++i;
  }
  if (i >= s.size()) return std::nullopt;
  int base = 10;
  if (s.size() - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o' || s[i + 1] == 'b')) {
    base = s[i + 1] == 'x' ? 16 : s[i + 1] == 'o' ? 8 : 2;
    i += 2;
  }
  double v = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    int d;
    if (IsDigit(c)) d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return std::nullopt;
    if (d >= base) return std::nullopt;
    v = v * base + d;
  }
  return neg ? -v : v;
}

// js-yaml's float pattern (without underscores, which keep the scalar a string).
std::optional<double> ParseFloat(std::string_view s) {
  std::string_view body = s;
  bool signed_ = !body.empty() && (body[0] == '-' || body[0] == '+');
  bool neg = signed_ && body[0] == '-';
  if (signed_) body.remove_prefix(1);
  if (body == ".inf" || body == ".Inf" || body == ".INF") return neg ? -INFINITY : INFINITY;
  if (!signed_ && (s == ".nan" || s == ".NaN" || s == ".NAN")) return NAN;
  size_t i = 0;
  if (i < body.size() && IsDigit(body[i])) {
    while (i < body.size() && IsDigit(body[i])) ++i;
    if (i < body.size() && body[i] == '.') {
      ++i;
      while (i < body.size() && IsDigit(body[i])) ++i;
    }
  } else if (!signed_ && i < body.size() && body[i] == '.') {
    ++i;
    if (i >= body.size() || !IsDigit(body[i])) return std::nullopt;
    while (i < body.size() && IsDigit(body[i])) ++i;
  } else {
    return std::nullopt;
  }
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    if (!AllDigits(body, i, body.size())) return std::nullopt;
    i = body.size();
  }
  if (i != body.size()) return std::nullopt;
  std::string text(body);
  if (text.back() == '.') text.pop_back();
  if (text[0] == '.') text.insert(text.begin(), '0');
  double v = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc()) return std::nullopt;  // overflow: stays a string
  return neg ? -v : v;
}

}  // namespace

Value ResolvePlainScalar(const std::string& t, Pos pos) {
  if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") return Value::Null(pos);
  if (t == "true" || t == "True" || t == "TRUE") return Value::Bool(true, pos);
  if (t == "false" || t == "False" || t == "FALSE") return Value::Bool(false, pos);
  char c = t[0];
  if (IsDigit(c) || c == '-' || c == '+' || c == '.') {
    if (t.find('_') == std::string::npos) {
      if (auto i = ParseInteger(t)) return Value::Number(*i == 0 ? 0.0 : *i, pos);
      if (auto f = ParseFloat(t)) return Value::Number(*f, pos);
    }
    if (auto ts = ParseTimestamp(t)) return Value::Date(*ts, pos);
  }
  return Value::String(t, pos);
}

namespace {

// Builds Values from libyaml events with an explicit stack, so nesting depth
// costs heap, not C++ stack.
class Builder {
 public:
  Builder(const Source& source, Diagnostics* diags, const YamlOptions& options)
      : source_(source), diags_(diags), options_(options) {}

  bool Run(Value* out) {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
      diags_->push_back(Diagnostic::FileError(source_.path, "out of memory starting the YAML parser"));
      return false;
    }
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(source_.text.data()),
                                 source_.text.size());
    bool ok = Loop(&parser);
    if (!ok && parser.error != YAML_NO_ERROR) {
      std::string msg = parser.problem ? parser.problem : "invalid YAML";
      if (parser.error == YAML_READER_ERROR) {
        // Encoding errors carry a byte offset instead of a mark.
        if (parser.problem_value != -1) msg += " (byte 0x" + Hex(parser.problem_value) + ")";
        diags_->push_back(Diagnostic::Error(PosOfOffset(parser.problem_offset), "not valid UTF-8 text: " + msg));
      } else {
        if (parser.context) msg = std::string(parser.context) + ": " + msg;
        diags_->push_back(Diagnostic::Error(MakePos(parser.problem_mark), "YAML syntax error: " + msg));
      }
    }
    yaml_parser_delete(&parser);
    if (ok) *out = std::move(root_);
    return ok;
  }

 private:
  struct Frame {
    bool is_map = false;
    Pos pos;
    std::string anchor;
    size_t expanded = 1;  // nodes in the fully expanded subtree
    ArrayItems items;
    ObjectItems members;
    std::optional<Value> key;                  // pending key of a map
    std::map<std::string, Pos> explicit_keys;  // for duplicate detection
  };

  Pos MakePos(const yaml_mark_t& mark) const {
    return Pos{&source_, static_cast<uint32_t>(mark.line + 1), static_cast<uint32_t>(mark.column + 1)};
  }

  // Line and column (in characters) of a byte offset into the source.
  Pos PosOfOffset(size_t offset) const {
    const std::string& t = source_.text;
    offset = std::min(offset, t.size());
    uint32_t line = 1, col = 1;
    for (size_t i = 0; i < offset; ++i) {
      if (t[i] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    return Pos{&source_, line, col};
  }

  static std::string Hex(int byte) {
    static const char kHex[] = "0123456789abcdef";
    return {kHex[(byte >> 4) & 15], kHex[byte & 15]};
  }

  bool Error(Pos pos, std::string msg) {
    diags_->push_back(Diagnostic::Error(pos, std::move(msg)));
    return false;
  }

  bool Loop(yaml_parser_t* parser) {
    int documents = 0;
    while (true) {
      yaml_event_t event;
      if (!yaml_parser_parse(parser, &event)) return false;
      bool ok = true;
      bool done = false;
      Pos pos = MakePos(event.start_mark);
      switch (event.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1) ok = Error(pos, "expected a single YAML document, found another one");
          break;
        case YAML_SCALAR_EVENT: ok = OnScalar(event, pos); break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
          if (stack_.size() >= options_.max_depth) {
            ok = Error(pos, "nesting deeper than " + std::to_string(options_.max_depth) + " levels");
            break;
          }
          Frame f;
          f.is_map = event.type == YAML_MAPPING_START_EVENT;
          f.pos = pos;
          const char* anchor = reinterpret_cast<const char*>(
              f.is_map ? event.data.mapping_start.anchor : event.data.sequence_start.anchor);
          if (anchor) f.anchor = anchor;
          const char* tag =
              reinterpret_cast<const char*>(f.is_map ? event.data.mapping_start.tag : event.data.sequence_start.tag);
          if (tag && std::strcmp(tag, f.is_map ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq") != 0 &&
              std::strcmp(tag, "tag:yaml.org,2002:omap") != 0 && std::strcmp(tag, "tag:yaml.org,2002:set") != 0 &&
              std::strcmp(tag, "tag:yaml.org,2002:pairs") != 0) {
            ok = Error(pos, std::string("unknown tag '") + tag + "'");
            break;
          }
          stack_.push_back(std::move(f));
          break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
          Frame f = std::move(stack_.back());
          stack_.pop_back();
          if (f.is_map && f.key) {
            ok = Error(f.pos, "mapping key without a value");
            break;
          }
          Value v = f.is_map ? Value::Object(std::move(f.members), f.pos) : Value::Array(std::move(f.items), f.pos);
          ok = Complete(std::move(v), f.expanded, f.anchor, false);
          break;
        }
        case YAML_ALIAS_EVENT: {
          std::string name = reinterpret_cast<const char*>(event.data.alias.anchor);
          auto it = anchors_.find(name);
          if (it == anchors_.end()) {
            ok = Error(pos, "unknown alias '*" + name + "'");
            break;
          }
          expanded_by_aliases_ += it->second.second;
          if (expanded_by_aliases_ > options_.max_alias_nodes) {
            ok = Error(pos, "aliases expand to more than " + std::to_string(options_.max_alias_nodes) +
                                " nodes (alias bomb?)");
            break;
          }
          ok = Complete(it->second.first.WithPos(pos), it->second.second, "", false);
          break;
        }
        default: break;
      }
      yaml_event_delete(&event);
      if (!ok) return false;
      if (done) return true;
    }
  }

  bool OnScalar(const yaml_event_t& event, Pos pos) {
    std::string text(reinterpret_cast<const char*>(event.data.scalar.value), event.data.scalar.length);
    const char* tag = reinterpret_cast<const char*>(event.data.scalar.tag);
    std::string anchor = event.data.scalar.anchor ? reinterpret_cast<const char*>(event.data.scalar.anchor) : "";
    bool plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    Value v;
    bool is_merge = false;
    if (tag && std::strcmp(tag, "!") != 0) {
      std::string t = tag;
      if (t == "tag:yaml.org,2002:str") {
        v = Value::String(text, pos);
      } else if (t == "tag:yaml.org,2002:null" || t == "tag:yaml.org,2002:bool" || t == "tag:yaml.org,2002:int" ||
                 t == "tag:yaml.org,2002:float" || t == "tag:yaml.org,2002:timestamp") {
        v = ResolvePlainScalar(text, pos);
        const char* want = t == "tag:yaml.org,2002:null"    ? "null"
                           : t == "tag:yaml.org,2002:bool"  ? "boolean"
                           : t == "tag:yaml.org,2002:timestamp" ? "date"
                                                                : "number";
        if (std::strcmp(Value::KindName(v.kind()), want) != 0) {
          return Error(pos, "cannot resolve '" + text + "' as " + t.substr(t.rfind(':') + 1));
        }
      } else if (t == "tag:yaml.org,2002:binary") {
        v = Value::String(text, pos);
      } else {
        return Error(pos, "unknown tag '" + t + "'");
      }
    } else if (plain && !tag) {
      v = ResolvePlainScalar(text, pos);
      is_merge = text == "<<";
    } else {
      v = Value::String(std::move(text), pos);
    }
    return Complete(std::move(v), 1, anchor, is_merge);
  }

  // A node is finished: attach it to its parent (or make it the root).
  bool Complete(Value v, size_t expanded, const std::string& anchor, bool is_merge_key) {
    if (!anchor.empty()) anchors_[anchor] = {v, expanded};
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    Frame& parent = stack_.back();
    parent.expanded += expanded;
    if (!parent.is_map) {
      parent.items.push_back(std::move(v));
      return true;
    }
    if (!parent.key) {
      if (v.is_array() || v.is_object()) return Error(v.pos(), "a mapping key must be a scalar");
      if (is_merge_key) {
        parent.key = Value::String("<<", v.pos()).WithPos(v.pos());
        merge_pending_.push_back(stack_.size());
        return true;
      }
      parent.key = std::move(v);
      return true;
    }
    Value key = std::move(*parent.key);
    parent.key.reset();
    if (!merge_pending_.empty() && merge_pending_.back() == stack_.size()) {
      merge_pending_.pop_back();
      return Merge(&parent, v);
    }
    std::string name = key.ToDisplayString();
    auto [it, inserted] = parent.explicit_keys.emplace(name, key.pos());
    if (!inserted) {
      return Error(key.pos(), "duplicate key '" + name + "' (first at line " + std::to_string(it->second.line) + ")");
    }
    parent.members.Set(std::move(name), std::move(v), key.pos());
    return true;
  }

  // `<<: *map` or `<<: [*a, *b]`: copy keys that the mapping does not set itself.
  bool Merge(Frame* into, const Value& source) {
    auto merge_one = [&](const Value& m) {
      if (!m.is_object()) return Error(m.pos(), "a merge key (<<) needs a mapping or a list of mappings");
      for (const auto& [k, val] : m.members()) {
        if (!into->members.Contains(k)) into->members.Set(k, val, m.members().KeyPos(k));
      }
      return true;
    };
    if (source.is_array()) {
      for (const Value& m : source.items()) {
        if (!merge_one(m)) return false;
      }
      return true;
    }
    return merge_one(source);
  }

  const Source& source_;
  Diagnostics* diags_;
  const YamlOptions& options_;
  std::vector<Frame> stack_;
  std::vector<size_t> merge_pending_;  // stack depths whose pending key is "<<"
  std::map<std::string, std::pair<Value, size_t>> anchors_;
  size_t expanded_by_aliases_ = 0;
  Value root_;
};

}  // namespace

bool ParseYaml(const Source& source, Value* out, Diagnostics* diags, const YamlOptions& options) {
  *out = Value();
  Builder builder(source, diags, options);
  return builder.Run(out);
}

}  // namespace recipes
