// The deploy dialog ("Self host vLLM", site.md §10): a modal with one tab per
// deploy target. Today's targets are the platforms a recipe lists in
// `meta.platforms`; other targets (a Kubernetes manifest, a SLURM script...)
// join by appending a DeployTab, so the dialog itself never changes.
#ifndef RECIPES_SITE_DEPLOY_DIALOG_H_
#define RECIPES_SITE_DEPLOY_DIALOG_H_

#include <string>
#include <vector>

#include "model/catalog.h"
#include "model/value.h"

namespace recipes {

/// One tab of the dialog.
struct DeployTab {
  std::string id;          // unique within the dialog, e.g. "modal"
  std::string label;       // tab text, e.g. "Modal"
  std::string mark;        // one or two letters drawn as the tab's logo
  std::string blurb;       // one line (plain text)
  std::string guide_url;   // "Open guide ↗" ("" = none)
  std::string script_url;  // "View script ↗" ("" = none)
  std::string code;        // snippet in a code block with a Copy button ("" = none)
  std::string code_label;  // accessible name of the code block, e.g. "Install"
  std::string hint;        // closing line under the code
};

/// The tabs for the platforms `recipe` lists in meta.platforms: bare ids or
/// objects overriding platforms.yaml fields; ids platforms.yaml lacks are
/// skipped. Empty when the recipe lists none.
std::vector<DeployTab> PlatformDeployTabs(const Catalog& catalog, const Value& recipe_doc);

/// The trigger button and the dialog, or "" when `tabs` is empty.
std::string RenderDeployDialog(const std::string& hf_id, const std::vector<DeployTab>& tabs);

}  // namespace recipes

#endif  // RECIPES_SITE_DEPLOY_DIALOG_H_
