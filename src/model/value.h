// Value: one node of a loaded document (YAML or JSON), with the position it
// came from.
//
// The reference system works on plain JavaScript objects loaded by js-yaml, so
// Value follows JavaScript's data model where it matters for exact output:
// numbers are doubles, objects keep insertion order except that integer-like
// keys ("0", "8", "10") come first in ascending order, and assigning to an
// existing key keeps its place. Dates are their own kind and print as
// "YYYY-MM-DD".
//
// Values are cheap to copy: arrays and objects share their (immutable) storage.
// Build them with Value::Array / Value::Object from an ArrayItems / ObjectItems
// that you fill first. Thread-compatible: a const Value may be read from many
// threads.
#ifndef RECIPES_MODEL_VALUE_H_
#define RECIPES_MODEL_VALUE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/source.h"

namespace recipes {

class Value;

using ArrayItems = std::vector<Value>;

/// Ordered map with JavaScript's own-key order (see header comment).
class ObjectItems {
 public:
  using Entry = std::pair<std::string, Value>;

  /// Inserts or replaces. A replaced key keeps its place in the order.
  /// `key_pos` is where the key itself was written (unknown for built values).
  void Set(std::string key, Value value, Pos key_pos = {});
  /// Removes `key` if present; returns whether it was.
  bool Erase(std::string_view key);
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);
  /// Where `key` was written in the source; unknown when absent or built.
  Pos KeyPos(std::string_view key) const;
  bool Contains(std::string_view key) const { return Find(key) != nullptr; }

  // Defined after Value (complete there; clang insists).
  size_t size() const;
  bool empty() const;
  std::vector<Entry>::const_iterator begin() const;
  std::vector<Entry>::const_iterator end() const;
  const std::vector<Entry>& entries() const { return entries_; }

  /// True when `key` is a canonical array index ("0", "17"; not "01", "-1").
  static bool IsIndexKey(std::string_view key);

 private:
  std::vector<Entry> entries_;
  std::vector<Pos> key_pos_;  // parallel to entries_
  size_t index_keys_ = 0;  // entries_[0, index_keys_) are the integer-like keys
};

class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kDate, kArray, kObject };

  /// A null value with no position.
  Value() = default;

  static Value Null(Pos pos = {});
  static Value Bool(bool b, Pos pos = {});
  static Value Number(double n, Pos pos = {});
  static Value String(std::string s, Pos pos = {});
  /// A calendar date (UTC). `iso` is written as "YYYY-MM-DD"; `ms` is the time
  /// in milliseconds since the epoch (a timestamp keeps its time of day).
  static Value Date(double ms, Pos pos = {});
  static Value Array(ArrayItems items, Pos pos = {});
  static Value Object(ObjectItems items, Pos pos = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_date() const { return kind_ == Kind::kDate; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  /// REQUIRES: the matching kind. (Date returns its milliseconds in number().)
  bool boolean() const { return bool_; }
  double number() const { return number_; }
  const std::string& str() const { return *string_; }
  const ArrayItems& items() const;
  const ObjectItems& members() const;

  /// Object member lookup; nullptr when absent or when this is not an object.
  const Value* Get(std::string_view key) const;
  /// Like Get, but a member whose value is null counts as absent.
  const Value* GetNonNull(std::string_view key) const;
  /// Array element; nullptr when out of range or not an array.
  const Value* At(size_t i) const;
  /// Number of elements or members (0 for scalars).
  size_t size() const;

  /// JavaScript truthiness: false for null, false, 0, NaN and "".
  /// Arrays, objects and dates are truthy, even when empty.
  bool Truthy() const;
  /// JavaScript String(v) for scalars: "null", "true", "8", "0.95", the text.
  /// Dates use Date's toString in the reference; here they print "YYYY-MM-DD".
  std::string ToDisplayString() const;
  /// "YYYY-MM-DD" of a date. REQUIRES: is_date().
  std::string DateText() const;

  /// Deep equality of content (positions ignored); 1 == 1.0, objects compare
  /// members regardless of order.
  bool Equals(const Value& other) const;

  const Pos& pos() const { return pos_; }
  Value WithPos(Pos pos) const;

  /// Short name of the kind for messages: "null", "boolean", "number",
  /// "string", "date", "list", "map".
  static const char* KindName(Kind kind);

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::shared_ptr<const std::string> string_;
  std::shared_ptr<const ArrayItems> array_;
  std::shared_ptr<const ObjectItems> object_;
  Pos pos_;
};

inline size_t ObjectItems::size() const { return entries_.size(); }
inline bool ObjectItems::empty() const { return entries_.empty(); }
inline std::vector<ObjectItems::Entry>::const_iterator ObjectItems::begin() const { return entries_.begin(); }
inline std::vector<ObjectItems::Entry>::const_iterator ObjectItems::end() const { return entries_.end(); }

/// Formats a double as JavaScript's Number.prototype.toString does
/// (shortest round-trip; "1e+21"; "NaN"/"Infinity" for the non-finite).
std::string FormatJsNumber(double n);

/// `v`'s text when it is a string, else "" (absent, null or another kind).
inline std::string StringOf(const Value* v) { return v && v->is_string() ? v->str() : std::string(); }

}  // namespace recipes

#endif  // RECIPES_MODEL_VALUE_H_
