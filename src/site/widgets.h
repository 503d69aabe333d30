// Small HTML pieces shared by several pages (cards, tiles, labels).
#ifndef RECIPES_SITE_WIDGETS_H_
#define RECIPES_SITE_WIDGETS_H_

#include <string>
#include <string_view>

#include "site/site_index.h"

namespace recipes {

/// Letter tile standing in for a provider logo (first character of `name`),
/// with an extra size class such as "tile-28".
std::string LetterTile(std::string_view name, std::string_view size_class);

/// "MoE" / "Dense" / the raw value.
std::string ArchLabel(std::string_view arch);

/// First letter upper-cased.
std::string Capitalize(std::string_view text);

/// Display label of a task id: "Text", "Multimodal", "Omni", "Embedding", else the id.
std::string TaskLabel(std::string_view task);

/// A recipe card (home "Latest recipes", §4.1).
std::string RecipeCard(const RecipeSummary& r);

/// A provider tile (home "Browse by provider", §4.2).
std::string ProviderTile(const ProviderInfo& p);

}  // namespace recipes

#endif  // RECIPES_SITE_WIDGETS_H_
