#include "model/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace recipes {

namespace {

const ArrayItems kEmptyArray;
const ObjectItems kEmptyObject;

uint32_t IndexKeyValue(std::string_view key) {
  uint32_t v = 0;
  std::from_chars(key.data(), key.data() + key.size(), v);
  return v;
}

}  // namespace

bool ObjectItems::IsIndexKey(std::string_view key) {
  if (key.empty() || key.size() > 10) return false;
  if (key.size() > 1 && key[0] == '0') return false;
  uint64_t v = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v < 4294967295ULL;  // array indices stop at 2^32 - 2
}

void ObjectItems::Set(std::string key, Value value, Pos key_pos) {
  if (Value* existing = Find(key)) {
    *existing = std::move(value);
    return;
  }
  size_t at = entries_.size();
  if (IsIndexKey(key)) {
    uint32_t k = IndexKeyValue(key);
    at = 0;
    while (at < index_keys_ && IndexKeyValue(entries_[at].first) < k) ++at;
    ++index_keys_;
  }
  entries_.insert(entries_.begin() + static_cast<ptrdiff_t>(at), Entry(std::move(key), std::move(value)));
  key_pos_.insert(key_pos_.begin() + static_cast<ptrdiff_t>(at), key_pos);
}

bool ObjectItems::Erase(std::string_view key) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].first == key) {
      if (i < index_keys_) --index_keys_;
      entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(i));
      key_pos_.erase(key_pos_.begin() + static_cast<ptrdiff_t>(i));
      return true;
    }
  }
  return false;
}

Pos ObjectItems::KeyPos(std::string_view key) const {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].first == key) return key_pos_[i];
  }
  return {};
}

const Value* ObjectItems::Find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.first == key) return &e.second;
  }
  return nullptr;
}

Value* ObjectItems::Find(std::string_view key) {
  for (Entry& e : entries_) {
    if (e.first == key) return &e.second;
  }
  return nullptr;
}

Value Value::Null(Pos pos) {
  Value v;
  v.pos_ = pos;
  return v;
}

Value Value::Bool(bool b, Pos pos) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  v.pos_ = pos;
  return v;
}

Value Value::Number(double n, Pos pos) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.number_ = n;
  v.pos_ = pos;
  return v;
}

Value Value::String(std::string s, Pos pos) {
  Value v;
  v.kind_ = Kind::kString;
  v.string_ = std::make_shared<const std::string>(std::move(s));
  v.pos_ = pos;
  return v;
}

Value Value::Date(double ms, Pos pos) {
  Value v;
  v.kind_ = Kind::kDate;
  v.number_ = ms;
  v.pos_ = pos;
  return v;
}

Value Value::Array(ArrayItems items, Pos pos) {
  Value v;
  v.kind_ = Kind::kArray;
  v.array_ = std::make_shared<const ArrayItems>(std::move(items));
  v.pos_ = pos;
  return v;
}

Value Value::Object(ObjectItems items, Pos pos) {
  Value v;
  v.kind_ = Kind::kObject;
  v.object_ = std::make_shared<const ObjectItems>(std::move(items));
  v.pos_ = pos;
  return v;
}

const ArrayItems& Value::items() const { return array_ ? *array_ : kEmptyArray; }

const ObjectItems& Value::members() const { return object_ ? *object_ : kEmptyObject; }

const Value* Value::Get(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  return object_->Find(key);
}

const Value* Value::GetNonNull(std::string_view key) const {
  const Value* v = Get(key);
  return (v && !v->is_null()) ? v : nullptr;
}

const Value* Value::At(size_t i) const {
  if (kind_ != Kind::kArray || i >= array_->size()) return nullptr;
  return &(*array_)[i];
}

size_t Value::size() const {
  if (kind_ == Kind::kArray) return array_->size();
  if (kind_ == Kind::kObject) return object_->size();
  return 0;
}

bool Value::Truthy() const {
  switch (kind_) {
    case Kind::kNull: return false;
    case Kind::kBool: return bool_;
    case Kind::kNumber: return number_ != 0 && !std::isnan(number_);
    case Kind::kString: return !string_->empty();
    default: return true;
  }
}

std::string Value::DateText() const {
  double days = std::floor(number_ / 86400000.0);
  time_t t = static_cast<time_t>(days * 86400.0);
  struct tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

std::string Value::ToDisplayString() const {
  switch (kind_) {
    case Kind::kNull: return "null";
    case Kind::kBool: return bool_ ? "true" : "false";
    case Kind::kNumber: return FormatJsNumber(number_);
    case Kind::kString: return *string_;
    case Kind::kDate: return DateText();
    case Kind::kArray: {
      // JavaScript's Array.prototype.toString: elements joined by ",", null as "".
      std::string out;
      for (size_t i = 0; i < array_->size(); ++i) {
        if (i) out += ',';
        if (!(*array_)[i].is_null()) out += (*array_)[i].ToDisplayString();
      }
      return out;
    }
    case Kind::kObject: return "[object Object]";
  }
  return "";
}

bool Value::Equals(const Value& other) const {
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::kNull: return true;
    case Kind::kBool: return bool_ == other.bool_;
    case Kind::kNumber:
    case Kind::kDate:
      return number_ == other.number_ || (std::isnan(number_) && std::isnan(other.number_));
    case Kind::kString: return *string_ == *other.string_;
    case Kind::kArray: {
      if (array_->size() != other.array_->size()) return false;
      for (size_t i = 0; i < array_->size(); ++i) {
        if (!(*array_)[i].Equals((*other.array_)[i])) return false;
      }
      return true;
    }
    case Kind::kObject: {
      if (object_->size() != other.object_->size()) return false;
      for (const auto& [k, v] : *object_) {
        const Value* o = other.object_->Find(k);
        if (!o || !v.Equals(*o)) return false;
      }
      return true;
    }
  }
  return false;
}

Value Value::WithPos(Pos pos) const {
  Value v = *this;
  v.pos_ = pos;
  return v;
}

const char* Value::KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "boolean";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kDate: return "date";
    case Kind::kArray: return "list";
    case Kind::kObject: return "map";
  }
  return "?";
}

std::string FormatJsNumber(double n) {
  if (std::isnan(n)) return "NaN";
  if (std::isinf(n)) return n > 0 ? "Infinity" : "-Infinity";
  if (n == 0) return "0";  // also -0
  // Shortest round-trip digits and exponent, then laid out by ECMA-262
  // Number::toString rules.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, n, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  size_t e_at = sci.find('e');
  std::string mantissa = sci.substr(0, e_at);
  int exp10 = std::stoi(sci.substr(e_at + 1));
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  int k = static_cast<int>(digits.size());
  int point = exp10 + 1;  // position of the decimal point relative to digits
  std::string out;
  if (k <= point && point <= 21) {
    out = digits + std::string(static_cast<size_t>(point - k), '0');
  } else if (0 < point && point <= 21) {
    out = digits.substr(0, static_cast<size_t>(point)) + "." + digits.substr(static_cast<size_t>(point));
  } else if (-6 < point && point <= 0) {
    out = "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else {
    int e = point - 1;
    std::string exp = (e >= 0 ? "+" : "-") + std::to_string(e >= 0 ? e : -e);
    out = digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += "e" + exp;
  }
  return negative ? "-" + out : out;
}

}  // namespace recipes
