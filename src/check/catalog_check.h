// CheckCatalog: every reachable rendering of every recipe (resolve/
// renderings.h), the JSON API's renderings and the guide's `vllm serve`
// commands, checked against one or more vLLM versions. Findings are grouped
// by cause: the problem, the flag and the YAML position the resolver's
// provenance names, with how many renderings hit it and one example.
//
// Pure: (catalog, tables, options) → report (check/check_report.h), which
// check/check_report_format.h prints the same way for every surface.
#ifndef RECIPES_CHECK_CATALOG_CHECK_H_
#define RECIPES_CHECK_CATALOG_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "check/argv_check.h"
#include "check/check_report.h"
#include "check/check_report_format.h"
#include "check/flag_table.h"
#include "model/catalog.h"
#include "model/diagnostic.h"
#include "model/value.h"
#include "resolve/resolver.h"

namespace recipes {

struct CheckOptions {
  std::vector<std::string> recipes;  // ORG/REPO ids; empty = every recipe
  std::vector<size_t> versions;      // indexes into the tables; empty = the newest
  bool api = true;                   // also the JSON API's renderings
  bool guide = true;                 // also the guide's fenced `vllm serve` commands
  bool strict = false;               // warnings count as errors
  int threads = 1;
};

CheckReport CheckCatalog(const Catalog& catalog, const VllmTables& tables, const CheckOptions& options);

/// One selection's renderings (every process), e.g. for `recipes command` and
/// the site. The report has one RecipeVerdict.
CheckReport CheckSelection(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                           const VllmTables& tables, const std::vector<size_t>& versions, bool strict = false);
/// CheckSelection for a selection already resolved with provenance (the
/// site's builder resolves once for both its command card and its verdict).
CheckReport CheckResolution(const Recipe& recipe, const Selection& selection, const Resolution& resolution,
                            const VllmTables& tables, const std::vector<size_t>& versions, bool strict = false);

}  // namespace recipes

#endif  // RECIPES_CHECK_CATALOG_CHECK_H_
