#include "diff/diff_probes.h"

#include <algorithm>
#include <cstdio>

#include "check/argv_check.h"
#include "check/flag_table.h"
#include "plan/memory_plan.h"
#include "plan/recipe_plan.h"

namespace recipes {

namespace {

std::vector<std::string> Strings(const Value* argv) {
  std::vector<std::string> out;
  if (!argv || !argv->is_array()) return out;
  for (const Value& t : argv->items()) {
    if (t.is_string()) out.push_back(t.str());
  }
  return out;
}

// Every serve argv of a resolution, with the process it belongs to.
std::vector<std::pair<std::string, std::vector<std::string>>> ServeArgvs(const Value& out) {
  std::vector<std::pair<std::string, std::vector<std::string>>> argvs;
  auto add = [&](const std::string& who, const Value* argv) {
    std::vector<std::string> a = Strings(argv);
    if (!a.empty()) argvs.emplace_back(who, std::move(a));
  };
  add("", out.GetNonNull("argv"));
  add("head", out.GetNonNull("headArgv"));
  if (const Value* ws = out.GetNonNull("workerArgvs"); ws && ws->is_array()) {
    for (size_t i = 0; i < ws->size(); ++i) add("worker " + std::to_string(i + 1), ws->At(i));
  } else {
    add("worker", out.GetNonNull("workerArgv"));
  }
  for (const char* role : {"prefill", "decode", "vllm"}) {
    const Value* r = out.GetNonNull(role);
    if (r && r->is_object()) add(role, r->GetNonNull("argv"));
  }
  return argvs;
}

// `recipes check`'s argv checker against the newest vLLM table we carry.
class NewestVllmFindings : public FindingsProbe {
 public:
  NewestVllmFindings() : tables_(VllmTables::Builtin()) {}

  std::vector<std::string> Findings(const Catalog&, const Recipe&, const Selection&,
                                    const Resolution& resolution) const override {
    std::vector<std::string> out;
    if (!resolution.ok() || tables_.versions().empty()) return out;
    size_t newest = tables_.versions().size() - 1;
    for (const auto& [who, argv] : ServeArgvs(resolution.output)) {
      ArgvCheck check = CheckServeArgv(argv, tables_, newest);
      if (!check.in_scope) continue;
      for (const ArgFinding& f : check.findings) {
        std::string line = std::string(f.error() ? "error " : "warning ") + ProblemName(f.problem) + " " + f.flag +
                           ": " + f.message + " (vLLM " + tables_.newest().key + ")";
        // One line per problem: the process it showed up in does not make it another finding.
        if (std::find(out.begin(), out.end(), line) == out.end()) out.push_back(std::move(line));
      }
    }
    return out;
  }

 private:
  const VllmTables& tables_;
};

class MemoryPlanVerdict : public PlanProbe {
 public:
  std::optional<std::string> Verdict(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                     const Resolution& resolution) const override {
    if (!RecipeHasArchitecture(recipe) || !resolution.ok()) return std::nullopt;
    RecipePlanInput in = PlanInputForSelection(catalog, recipe, selection, resolution);
    if (!in.input) return std::nullopt;
    MemoryPlan plan = PlanMemory(*in.input);
    if (!plan.fits) return std::string("does not fit");
    return "fits, max context " + std::to_string(plan.kv.max_model_len_that_fits) + " tokens";
  }
};

}  // namespace

DiffProbes DefaultDiffProbes() {
  DiffProbes p;
  p.findings = std::make_unique<NewestVllmFindings>();
  p.plan = std::make_unique<MemoryPlanVerdict>();
  return p;
}

}  // namespace recipes
