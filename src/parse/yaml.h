// ParseYaml: YAML text → Value, typed the way the reference loader (js-yaml 4,
// default schema) types it (recipe-format.md §2), every node with its position.
//
// Built on libyaml's event parser. Handles anchors, aliases and merge keys
// (`<<`), rejects duplicate keys, and refuses input that would blow up:
// alias expansion beyond a node budget ("billion laughs") and nesting deeper
// than kMaxDepth. Never throws; every problem becomes a Diagnostic.
#ifndef RECIPES_PARSE_YAML_H_
#define RECIPES_PARSE_YAML_H_

#include "model/diagnostic.h"
#include "model/source.h"
#include "model/value.h"

namespace recipes {

struct YamlOptions {
  size_t max_depth = 512;            // nesting limit (maps and lists)
  size_t max_alias_nodes = 1000000;  // total nodes produced by alias expansion
};

/// Parses the single document in `source` (an empty document gives null).
/// On error returns false, appends diagnostics, and leaves *out null.
/// `source` must outlive *out (positions point into it).
bool ParseYaml(const Source& source, Value* out, Diagnostics* diags, const YamlOptions& options = {});

/// Resolves a plain (unquoted) scalar as js-yaml's default schema would.
Value ResolvePlainScalar(const std::string& text, Pos pos);

}  // namespace recipes

#endif  // RECIPES_PARSE_YAML_H_
