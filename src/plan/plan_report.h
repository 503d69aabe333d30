// Plan reports: the stable JSON shape outside tools read, the short text
// table, and the one-sentence advice (what to change when it does not fit).
#ifndef RECIPES_PLAN_PLAN_REPORT_H_
#define RECIPES_PLAN_PLAN_REPORT_H_

#include <string>

#include "model/value.h"
#include "plan/memory_plan.h"

namespace recipes {

/// {"model", "gpus", "tp", "pp", "dp", "per_gpu": {...}, "kv": {...}, "fits",
/// "verdict", "assumptions"}; GiB figures rounded to 0.01 as vLLM logs them.
Value PlanToJson(const MemoryPlan& plan);

/// One sentence: fits, or the smallest change that makes it fit (a lower
/// --max-model-len, an fp8 KV cache, the next TP size or GPU count).
/// `gpus_per_node` bounds the TP suggestion (0 = no bound).
std::string PlanAdvice(const PlanInput& input, const MemoryPlan& plan, int gpus_per_node);

/// The text table followed by the advice sentence.
std::string PlanToText(const MemoryPlan& plan, const std::string& advice);

}  // namespace recipes

#endif  // RECIPES_PLAN_PLAN_REPORT_H_
