// DiffProbes: the findings and plan probes `recipes diff` runs on every
// rendering it compares. This is the one place where check/ (findings for the
// newest vLLM) and plan/ (fit verdicts) plug into the diff; a probe that is
// not available stays null and the report says it was not compared.
#ifndef RECIPES_DIFF_DIFF_PROBES_H_
#define RECIPES_DIFF_DIFF_PROBES_H_

#include <memory>

#include "diff/catalog_diff.h"

namespace recipes {

struct DiffProbes {
  std::unique_ptr<FindingsProbe> findings;
  std::unique_ptr<PlanProbe> plan;
};

DiffProbes DefaultDiffProbes();

}  // namespace recipes

#endif  // RECIPES_DIFF_DIFF_PROBES_H_
