// The deploy dialog ("Self host vLLM", site.md §10): a modal with one tab per
// deploy target. The targets of src/deploy/ (Kubernetes, SLURM, compose, SSH)
// show the artifact `recipes deploy` writes for the builder's selection; the
// platforms a recipe lists in `meta.platforms` follow. A new target joins by
// appending a DeployTab, so the dialog itself never changes.
#ifndef RECIPES_SITE_DEPLOY_DIALOG_H_
#define RECIPES_SITE_DEPLOY_DIALOG_H_

#include <string>
#include <vector>

#include "deploy/targets.h"
#include "model/catalog.h"
#include "model/value.h"
#include "resolve/resolver.h"

namespace recipes {

/// One file of a deploy target's artifact.
struct DeployFile {
  std::string name;          // "deployment.yaml", "job.sbatch", ...
  std::string content;
  std::string download_url;  // served as an attachment named `name`
};

/// One tab of the dialog.
struct DeployTab {
  std::string id;          // unique within the dialog, e.g. "modal", "k8s"
  std::string label;       // tab text, e.g. "Modal"
  std::string mark;        // one or two letters drawn as the tab's logo
  std::string blurb;       // one line (plain text; `code` spans allowed)
  std::string guide_url;   // "Open guide ↗" ("" = none)
  std::string script_url;  // "View script ↗" ("" = none)
  std::string code;        // snippet in a code block with a Copy button ("" = none)
  std::string code_label;  // accessible name of the code block, e.g. "Install"
  std::string hint;        // closing line under the code
  std::vector<DeployFile> files;  // a deploy target's artifact (Copy and Download each)
  std::string command;     // the `recipes deploy …` line that writes the same files ("" = none)
  std::string error;       // why the target does not cover this selection ("" = it does)
};

/// The tabs for the platforms `recipe` lists in meta.platforms: bare ids or
/// objects overriding platforms.yaml fields; ids platforms.yaml lacks are
/// skipped. Empty when the recipe lists none.
std::vector<DeployTab> PlatformDeployTabs(const Catalog& catalog, const Value& recipe_doc);

/// What `recipes deploy ORG/REPO <selection> --target TARGET` prints for
/// `selection` (SSH on several nodes: hosts node1..nodeN), and in *command
/// that CLI line. The error when the target refuses the selection.
DeployResult DeployTargetFiles(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                               const std::string& target, std::string* command);

/// One tab per deploy target (k8s, slurm, compose, ssh) for `selection`; a
/// file downloads from `download_base` + "&target=T&file=NAME". Empty when
/// deploy does not cover the recipe (vLLM-Omni) or the selection does not resolve.
std::vector<DeployTab> TargetDeployTabs(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                        const std::string& download_base);

/// The trigger button and the dialog, or "" when `tabs` is empty. With a
/// `state` (the builder query the tabs were made for, "recipe=…&…"), the
/// page fetches /api/deploy?<state> again when the builder has moved on.
std::string RenderDeployDialog(const std::string& hf_id, const std::vector<DeployTab>& tabs,
                               const std::string& state = "");

/// The dialog's contents (header, tabs, panels): what /api/deploy swaps in.
std::string RenderDeployDialogBody(const std::string& hf_id, const std::vector<DeployTab>& tabs);

}  // namespace recipes

#endif  // RECIPES_SITE_DEPLOY_DIALOG_H_
