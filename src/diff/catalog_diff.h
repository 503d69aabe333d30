// CatalogDiff: what a catalog change does to users. Two loaded catalogs in,
// per recipe: recipes added or removed; variants, hardware, strategies,
// features and modes added or removed; every reachable rendering compared
// flag by flag with the YAML line behind each change; check findings and plan
// verdicts that changed; the guide's text diff; and the JSON API files the
// builder's output adds, removes or changes (from the real builder, bytes
// compared).
//
// Pure apart from the threads it renders on: no I/O. Findings and plan
// verdicts come from probes (check/ and plan/ plug in through them).
#ifndef RECIPES_DIFF_CATALOG_DIFF_H_
#define RECIPES_DIFF_CATALOG_DIFF_H_

#include <optional>
#include <string>
#include <vector>

#include "model/catalog.h"
#include "resolve/resolver.h"

namespace recipes {

/// One flag, env entry or other property of a command that differs.
struct CommandChange {
  enum class Kind { kFlagAdded, kFlagRemoved, kFlagChanged, kEnvAdded, kEnvRemoved, kEnvChanged, kOther };
  Kind kind = Kind::kOther;
  std::string process;  // "" for a single serve process; else "head", "prefill", ...
  std::string name;     // "--attention-backend", "VLLM_USE_X", or a property ("model", "argv order")
  std::optional<std::string> before, after;  // the value ("" for a lone flag); absent on the side without it
  std::string base_at, head_at;              // "path:line:col" of the YAML that set it; "" when computed
  std::string base_line, head_line;          // that YAML line, trimmed

  /// Identity of the change without positions (groups equal changes).
  std::string Signature() const;
  static const char* KindName(Kind kind);  // "flag_added", ...
};

/// Renderings whose commands changed in exactly the same way.
struct ChangeGroup {
  std::vector<CommandChange> changes;
  std::vector<std::string> hardware;    // first-seen order
  std::vector<std::string> variants;
  std::vector<std::string> strategies;
  std::vector<std::string> choices;     // "" = landing features
  std::string example;                  // the first rendering key
  size_t renderings = 0;
};

struct AddedRemoved {
  std::vector<std::string> added, removed;
  bool empty() const { return added.empty() && removed.empty(); }
};

/// A check finding (newest vLLM) that appeared or went away.
struct FindingDelta {
  std::string finding;
  std::vector<std::string> hardware;
  size_t renderings = 0;
  std::string example;  // first rendering key
};

/// A plan verdict that changed, for one rendering key.
struct PlanDelta {
  std::string rendering;
  std::string before, after;  // "" when the rendering does not exist on that side
};

struct ApiFileChange {
  std::string path;                     // relative to the API root
  std::vector<std::string> json_paths;  // e.g. "recommended_command.argv[4]"; capped
  bool json_paths_truncated = false;
};

struct RecipeDiff {
  std::string recipe;
  std::string status;  // "added", "removed" or "changed"
  AddedRemoved variants, hardware, strategies, features, modes;
  size_t renderings_changed = 0, renderings_same = 0, renderings_added = 0, renderings_removed = 0;
  std::vector<ChangeGroup> groups;                    // changed renderings, grouped
  std::vector<std::string> added_keys, removed_keys;  // rendering keys
  std::vector<FindingDelta> findings_new, findings_fixed;
  std::vector<PlanDelta> plan_changed;
  std::string guide_diff;  // short unified diff; "" when the guide is unchanged
  std::vector<std::string> api_added, api_removed;
  std::vector<ApiFileChange> api_changed;
  std::vector<std::string> errors;  // renderings that failed to resolve on one side
};

struct CatalogDiff {
  std::string base, head;  // the sides as given
  std::vector<RecipeDiff> recipes;
  std::vector<std::string> api_files_added, api_files_removed;
  std::vector<ApiFileChange> api_files_changed;
  // The files above that no recipe publishes (models.json, taxonomy.json, strategies…).
  std::vector<std::string> shared_added, shared_removed;
  std::vector<ApiFileChange> shared_changed;
  bool findings_checked = false;  // a findings probe ran
  bool plan_checked = false;      // a plan probe ran
  std::vector<std::string> recipe_filter;  // ORG/REPO arguments (empty = all)
  double api_seconds = 0, recipes_seconds = 0;  // where the time went (RECIPES_DIFF_TIMING)
  std::string api_error;  // a side's API could not be built (the API lists are then empty)

  bool equal() const { return recipes.empty() && api_files_added.empty() && api_files_removed.empty() &&
                              api_files_changed.empty(); }
};

/// Check findings for one rendering (newest vLLM), each one stable line.
class FindingsProbe {
 public:
  virtual ~FindingsProbe() = default;
  virtual std::vector<std::string> Findings(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                            const Resolution& resolution) const = 0;
};

/// The plan verdict of one rendering ("fits, max context 131072 tokens",
/// "does not fit"); nullopt when there is no plan.
class PlanProbe {
 public:
  virtual ~PlanProbe() = default;
  virtual std::optional<std::string> Verdict(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                             const Resolution& resolution) const = 0;
};

struct DiffOptions {
  std::vector<std::string> recipes;  // only these ORG/REPO (empty = all)
  const FindingsProbe* findings = nullptr;
  const PlanProbe* plan = nullptr;
  int threads = 2;
  /// Build both API trees in full instead of only the recipes that can
  /// differ (BuildApiTreesForDiff); for tests of that shortcut.
  bool full_api_build = false;
  /// Resolve and compare the renderings (off: the lists of API files and
  /// the recipe shapes only, e.g. for scoring the API lists).
  bool compare_renderings = true;
};

/// Compares two catalogs that load and validate cleanly (CheckCatalogForApi
/// finds nothing). `base_label`/`head_label` are echoed into the result.
CatalogDiff DiffCatalogs(const Catalog& base, const Catalog& head, const std::string& base_label,
                         const std::string& head_label, const DiffOptions& options = {});

}  // namespace recipes

#endif  // RECIPES_DIFF_CATALOG_DIFF_H_
