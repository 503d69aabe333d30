// ValidateCatalog: every semantic check of a loaded catalog.
//
// The loader reports what stops a file from loading (I/O, YAML syntax, a top
// level that is not a map); this adds everything about meaning: value types
// per recipe-format.md (schema.h), the feature-mode rules the reference
// builder enforces (json-api.md §9.1), and cross-references between recipes,
// strategies, kv-store deployments, taxonomy and platforms.
//
// Severity policy: an error is something the reference builder rejects, or a
// value of the wrong type for a key that command synthesis or the builder
// reads. Everything the reference tolerates (unknown keys, ids that name
// nothing, map entries that can never match, values it ignores) is a warning,
// so a catalog the reference builds validates with zero errors.
#ifndef RECIPES_VALIDATE_VALIDATOR_H_
#define RECIPES_VALIDATE_VALIDATOR_H_

#include "model/catalog.h"
#include "model/diagnostic.h"

namespace recipes {

/// Checks every document in `catalog`. Pure: reads only the catalog.
Diagnostics ValidateCatalog(const Catalog& catalog);

/// Orders diagnostics by file, then line, then column (stable otherwise);
/// diagnostics without a position come first in their file.
void SortDiagnostics(Diagnostics* diags);

}  // namespace recipes

#endif  // RECIPES_VALIDATE_VALIDATOR_H_
