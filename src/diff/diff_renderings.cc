#include "diff/diff_renderings.h"

#include <unordered_set>

#include "resolve/renderings.h"

namespace recipes {

std::vector<DiffRendering> EnumerateDiffRenderings(const Catalog& catalog, const Recipe& recipe) {
  // The same walk as `recipes check` (resolve/renderings.h); the key names
  // the user's choice rather than the resulting selection, so a changed
  // default compares as a changed rendering, not as one removed and one added.
  std::vector<DiffRendering> out;
  std::unordered_set<std::string> keys;
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

}  // namespace recipes
