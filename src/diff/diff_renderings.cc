#include "diff/diff_renderings.h"

#include <unordered_set>

#include "resolve/omni.h"
#include "resolve/renderings.h"
#include "resolve/selection.h"

namespace recipes {

std::vector<DiffRendering> EnumerateDiffRenderings(const Catalog& catalog, const Recipe& recipe) {
  // The same walk as `recipes check` (resolve/renderings.h); the key names
  // the user's choice rather than the resulting selection, so a changed
  // default compares as a changed rendering, not as one removed and one added.
  std::vector<DiffRendering> out;
  std::unordered_set<std::string> keys;
  if (IsOmniServed(recipe)) {
    for (const std::string& variant : VariantKeys(recipe)) {
      for (const std::string& hw : OfferedHardware(catalog, recipe)) {
        std::vector<OmniTask> tasks = OmniTasks(recipe.doc, hw);
        std::vector<std::string> task_keys;
        for (const OmniTask& t : tasks) task_keys.push_back(t.key);
        if (task_keys.empty()) task_keys.push_back("");
        for (const std::string& task : task_keys) {
          DiffRendering d;
          d.variant = variant;
          d.hardware = hw;
          d.strategy = "omni";
          d.choice = task.empty() ? "" : "task=" + task;
          d.key = variant + "/" + hw + "/omni";
          if (!d.choice.empty()) d.key += " " + d.choice;
          if (!keys.insert(d.key).second) continue;
          d.selection.variant = variant;
          d.selection.hardware = hw;
          d.omni = true;
          d.omni_task = task;
          out.push_back(std::move(d));
        }
      }
    }
    return out;
  }
  for (ReachableSelection& r : ReachableSelections(catalog, recipe)) {
    DiffRendering d;
    d.variant = r.selection.variant;
    d.hardware = r.selection.hardware;
    d.strategy = r.selection.strategy;
    d.choice = r.change == "defaults" ? "" : r.change;
    d.key = d.variant + "/" + d.hardware + "/" + d.strategy;
    if (!d.choice.empty()) d.key += " " + d.choice;
    if (!keys.insert(d.key).second) continue;
    d.selection = std::move(r.selection);
    out.push_back(std::move(d));
  }
  return out;
}

Resolution ResolveDiffRendering(const Catalog& catalog, const Recipe& recipe, const DiffRendering& rendering,
                                const ResolveOptions& options) {
  if (!rendering.omni) return ResolveCommand(catalog, recipe, rendering.selection, options);
  std::vector<OmniTask> tasks = OmniTasks(recipe.doc, rendering.hardware);
  const OmniTask* task = nullptr;
  for (const OmniTask& t : tasks) {
    if (t.key == rendering.omni_task) task = &t;
  }
  Resolution out;
  if (!rendering.omni_task.empty() && !task) {
    out.error = ResolveError{recipe.doc.pos(), "no omni task '" + rendering.omni_task + "'"};
    return out;
  }
  OmniResolution r = ResolveOmniCommand(catalog, recipe, rendering.variant, task, rendering.hardware);
  if (!r.ok()) {
    out.error = r.error;
    return out;
  }
  Value v = r.ToValue();
  ObjectItems o = v.is_object() ? v.members() : ObjectItems();
  o.Set("argv", r.argv);
  out.output = Value::Object(std::move(o));
  out.model_id = r.model_id;
  if (options.provenance) out.processes.push_back(std::move(r.provenance));
  return out;
}

}  // namespace recipes
