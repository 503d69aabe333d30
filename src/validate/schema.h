// Schema: every key of every catalog file, its accepted shapes and what it
// means, as one table (recipe-format.md is the source of truth).
//
// A Shape says what a value may be; a record Shape lists its Fields. Fields
// read by command synthesis or the JSON builder are `consumed`: a value of the
// wrong type there is an error. Fields only shown by the UI or passed through
// into the JSON get a warning instead, since the reference accepts anything
// there. Ids (strategies, hardware, features, …) are checked against their
// Vocab; an id that names nothing is a warning, because the reference ignores
// such entries rather than failing. The validator (validator.h) walks values
// against this table and adds the rules a table cannot say.
#ifndef RECIPES_VALIDATE_SCHEMA_H_
#define RECIPES_VALIDATE_SCHEMA_H_

#include <string>
#include <vector>

namespace recipes {

/// What an id names. For string shapes it applies to the text, for map
/// shapes to the keys.
enum class Vocab {
  kNone,
  kStrategy,              // serving strategy: `name` of a strategies/*.yaml
  kKvStore,               // Mooncake deployment: `name` of a kv_store/*.yaml
  kHardware,              // exact hardware profile id
  kHardwareOrDefault,     // exact hardware id or `default` (PD pool `nodes`)
  kHardwareKeyed,         // exact id, generation, lower-case brand or `default`
  kGenerationKeyed,       // generation or `nvidia`; exact ids are not consulted
  kGenerationOrHardware,  // generation, `nvidia`, or an exact id (its own layer)
  kModeHardware,          // generation or exact id (mode `hardware` gate)
  kMinGpusKey,            // strategy id, PD pool mode or exact hardware id
  kMinGpusInner,          // strategy id or PD pool mode
  kFeature,               // a feature of the same recipe
  kKvOffload,             // taxonomy.kv_offload option
  kKvOffloadGroup,        // taxonomy.kv_offload_groups key
  kTask,                  // taxonomy.tasks id
  kPlatform,              // platforms.yaml id
  kOmniTask,              // built-in omni task id (t2i, …)
  kBrand,                 // profile brand as written (`NVIDIA`)
  kGeneration,            // profile generation (`blackwell`)
  kPoolMode,              // PD pool parallelism mode: tp, tep, dep
};

enum class ShapeType {
  kAny,
  kString,
  kNumber,
  kBool,
  kDate,    // a date, or a string (a quoted date prints the same)
  kScalar,  // environment value: string, number or boolean
  kArg,     // command argument: a string; empty values are dropped
  kList,
  kRecord,  // map with known keys (`fields`)
  kMap,     // map with free keys (`vocab`) and `element` values
  kOneOf,   // the first alternative whose kind matches the value
  kDockerImage,  // string, brand map or CUDA map (recipe-format.md §5.1)
  kInstallTab,   // false, or {command?, note?} (recipe-format.md §5.2)
};

/// What to say about keys a record does not list.
enum class Extra {
  kWarn,         // unknown keys are ignored: warn, with a suggestion when close
  kWarnIfClose,  // unknown keys are legitimate (passed through): warn only on a likely typo
  kAllow,        // anything goes (overrides merged over a catalog entry, free-form configs)
};

struct Shape;

struct Field {
  std::string key;
  const Shape* shape;
  bool consumed;     // read by synthesis or the builder: wrong types are errors
  bool by_rule;      // its type is checked by a dedicated rule (validator.cc), so the walk stays silent on mismatch
  std::string meaning;
};

struct Shape {
  ShapeType type = ShapeType::kAny;
  Vocab vocab = Vocab::kNone;              // kString: what the text names; kMap: what keys name
  std::vector<std::string> values;          // kString: the expected values (others warn), empty = free
  bool positive = false;                    // kNumber: only values > 0 take effect
  const Shape* element = nullptr;           // kList element, kMap value
  std::vector<Field> fields;                // kRecord
  Extra extra = Extra::kWarn;               // kRecord
  std::vector<const Shape*> alternatives;   // kOneOf

  const Field* FindField(const std::string& key) const;
  /// "a string", "a list", "a number or a map", …
  std::string Describe() const;
};

/// Roots of the catalog's documents.
struct CatalogSchema {
  const Shape* recipe;
  const Shape* strategy;
  const Shape* kv_store;
  const Shape* taxonomy;
  const Shape* platforms;
};

/// The schema, built once and immutable.
const CatalogSchema& GetCatalogSchema();

/// The whole table as text, one key per line: its path (`<…>` for free
/// keys, `[]` for list elements), accepted shape, whether command synthesis
/// or the builder reads it ("read") or it is only shown / passed through
/// ("shown"), and its meaning. Printed by `recipes validate --list-keys`.
std::string DescribeCatalogSchema();

}  // namespace recipes

#endif  // RECIPES_VALIDATE_SCHEMA_H_
