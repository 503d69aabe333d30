// FlagTable: what `vllm serve` accepts in one vLLM version (its long flags,
// aliases, `--no-` forms, value kinds and choices, the key sets of the config
// classes that JSON flags are validated against, the registries checked after
// parsing, and what is deprecated). VllmTables: every version we have, oldest
// first, read once from the generated data (scripts/gen_vllm_tables.py).
#ifndef RECIPES_CHECK_FLAG_TABLE_H_
#define RECIPES_CHECK_FLAG_TABLE_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace recipes {

enum class FlagKind {
  kBool,             // no value (BooleanOptionalAction or store_true)
  kBoolOrStr,        // bare, or one value
  kInt,
  kIntHuman,         // 4k, 1.5M, 2G …
  kIntHumanOrAuto,   // kIntHuman, or auto / -1
  kFloat,
  kChoice,           // one of `choices`
  kStr,
  kList,             // nargs='+'
  kJson,             // JSON (an object validated against `json_class` when set)
  kJsonOrStr,        // JSON when it looks like {…}, else a string
};

struct FlagSpec {
  std::string name;  // "--tensor-parallel-size"
  FlagKind kind = FlagKind::kStr;
  std::vector<std::string> aliases;  // "-tp"
  std::string negation;              // "--no-x" or ""
  std::vector<std::string> choices;
  bool nullable = false;
  bool append = false;           // action=append (repeatable)
  bool lower_normalised = false;  // value lower-cased, '-' → '_' before the choice check
  bool deprecated = false;
  bool optional_value = false;   // nargs='?'
  bool int_items = false;        // list of ints
  std::string json_class;        // config class for kJson ("" = free JSON)
};

/// A value of a flag (or a JSON key) that is accepted with a deprecation
/// warning; with `error_unless` set, an error unless that flag is also given.
struct DeprecatedValues {
  std::string flag;
  std::string json_key;  // "--speculative-config.method" or ""
  std::set<std::string> values;
  std::string error_unless;
};

struct FlagTable {
  std::string key;     // "v0.16.0", "main-2026-08-21"
  std::string date;    // "2026-02-12"
  std::string commit;
  std::map<std::string, FlagSpec, std::less<>> flags;  // by long name
  std::map<std::string, std::string, std::less<>> options;  // every option string (long, alias, --no-) → long name
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> classes;  // class → field names
  std::map<std::string, std::string, std::less<>> nested;  // "Class.field" → class
  std::map<std::string, std::vector<std::string>, std::less<>> registries;  // flag → known values
  std::vector<DeprecatedValues> deprecated_values;
  std::set<std::string, std::less<>> deprecated_json_keys;  // "--attention-config.use_fp4_indexer_cache"

  const FlagSpec* Find(std::string_view long_name) const;
  /// The long flag an option string (long name, alias or `--no-` form) belongs to.
  const FlagSpec* FindOption(std::string_view option) const;
};

class VllmTables {
 public:
  /// The tables compiled into the binary (parsed on first use, then shared).
  static const VllmTables& Builtin();
  /// Parses the generated JSON shape; false with *err on a malformed table.
  static bool Parse(std::string_view json, VllmTables* out, std::string* err);

  const std::vector<FlagTable>& versions() const { return versions_; }  // oldest first
  const FlagTable& newest() const { return versions_.back(); }
  const FlagTable* Find(std::string_view key) const;
  /// Version keys, oldest first.
  std::vector<std::string> Keys() const;
  /// Index of a version in versions() (-1 when unknown).
  int IndexOf(std::string_view key) const;

 private:
  std::vector<FlagTable> versions_;
};

}  // namespace recipes

#endif  // RECIPES_CHECK_FLAG_TABLE_H_
