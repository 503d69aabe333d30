// The three faces of a CatalogDiff: text for a terminal (optionally coloured),
// markdown for a pull-request comment (size-capped, says what it left out),
// and JSON for tools (a stable shape; see FormatDiffJson).
#ifndef RECIPES_DIFF_DIFF_REPORT_H_
#define RECIPES_DIFF_DIFF_REPORT_H_

#include <string>

#include "diff/catalog_diff.h"
#include "model/value.h"

namespace recipes {

std::string FormatDiffText(const CatalogDiff& diff, bool color);

/// GitHub's comment limit is 65,536 characters; the default keeps a margin.
inline constexpr size_t kMarkdownLimit = 65000;
/// A summary table, then one <details> block per recipe. Never longer than
/// `limit` bytes; what did not fit is named at the end.
std::string FormatDiffMarkdown(const CatalogDiff& diff, size_t limit = kMarkdownLimit);

/// {"base", "head", "equal", "recipes": [{"recipe", "status", "variants":
/// {"added", "removed"}, "hardware", "strategies", "features", "modes" (same
/// shape), "renderings": {"changed", "same", "added", "removed", "examples":
/// [{"hardware", "variants", "strategies", "choices", "renderings",
/// "example", "changes": [{"kind", "process", "name", "before", "after",
/// "base_at", "base_line", "head_at", "head_line"}]}], "added_examples",
/// "removed_examples"}, "findings": {"checked", "new", "fixed"}, "plan":
/// {"checked", "changed"}, "guide", "api_files": {"added", "removed",
/// "changed"}, "errors"}], "api_files_added", "api_files_removed",
/// "api_files_changed" (paths relative to the API root), "api_json_paths":
/// {path: [json paths]}}.
Value DiffToJson(const CatalogDiff& diff);
std::string FormatDiffJson(const CatalogDiff& diff);

}  // namespace recipes

#endif  // RECIPES_DIFF_DIFF_REPORT_H_
