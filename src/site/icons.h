// Inline SVG icons (24×24 grid, stroked with currentColor), drawn for this
// site. Unknown names give an empty string.
#ifndef RECIPES_SITE_ICONS_H_
#define RECIPES_SITE_ICONS_H_

#include <string>
#include <string_view>

namespace recipes {

/// <svg> markup for icon `name` at `size` px, aria-hidden, with CSS class
/// "icon" plus `extra_class`.
std::string Icon(std::string_view name, int size = 16, std::string_view extra_class = "");

/// Icon name for a task id: text → "type", multimodal → "eye", omni →
/// "sparkles", embedding → "hash", anything else → "chip".
std::string_view TaskIconName(std::string_view task);

}  // namespace recipes

#endif  // RECIPES_SITE_ICONS_H_
