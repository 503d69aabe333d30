// SelectionFlags: a settled selection as the `recipes` CLI's selection
// options (--hardware, --variant, --strategy, --nodes, --feature/--no-feature,
// PD pools, KV offload, --arg), so the site can print the command that
// reproduces what it shows, e.g. `recipes deploy ORG/REPO <flags> --target k8s`.
#ifndef RECIPES_SITE_SELECTION_FLAGS_H_
#define RECIPES_SITE_SELECTION_FLAGS_H_

#include <optional>
#include <string>
#include <vector>

#include "model/catalog.h"
#include "resolve/resolver.h"
#include "resolve/selection.h"

namespace recipes {

/// Every choice spelled out (features relative to the recipe's defaults for
/// the selection's hardware and variant): the request `recipes command`
/// builds from SelectionFlags.
SelectionRequest SelectionRequestFor(const Recipe& recipe, const Selection& selection);

/// SelectionRequestFor as CLI options, one argv item per token.
std::vector<std::string> SelectionFlags(const Recipe& recipe, const Selection& selection);

/// The selection the CLI settles on for those flags (DefaultSelection of the
/// request). It resolves to the same command as `selection`; it can differ
/// in bookkeeping the resolver ignores (e.g. the default mode of a feature
/// that is off), which a deploy artifact's header spells out. Nullopt when
/// the CLI would refuse the request.
std::optional<Selection> CliSelection(const Catalog& catalog, const Recipe& recipe, const Selection& selection);

/// The flags as shell text: tokens that need it are single-quoted.
std::string ShellJoin(const std::vector<std::string>& argv);

}  // namespace recipes

#endif  // RECIPES_SITE_SELECTION_FLAGS_H_
