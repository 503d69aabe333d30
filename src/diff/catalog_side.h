// One side of `recipes diff`: a catalog folder or a git revision
// ("git:REV" or "git:REV:SUBDIR"), loaded through the file-system seam and
// checked the way the API builder checks it, so a broken side is reported as
// problems (an error), never a crash.
#ifndef RECIPES_DIFF_CATALOG_SIDE_H_
#define RECIPES_DIFF_CATALOG_SIDE_H_

#include <memory>
#include <optional>
#include <string>

#include "diff/git_file_system.h"
#include "model/diagnostic.h"
#include "parse/catalog_loader.h"
#include "parse/file_system.h"

namespace recipes {

struct SideSpec {
  std::string text;                // as given, e.g. "git:origin/main" or "../other/catalog"
  std::optional<GitLocation> git;  // set for git: sides
  std::string folder;              // otherwise: the catalog folder
};

/// Parses a side argument. A git side without SUBDIR reads `default_subdir`
/// (the working catalog's folder inside the repository). False with *err on
/// a malformed "git:" argument.
bool ParseSideSpec(const std::string& text, const std::string& default_subdir, SideSpec* out, std::string* err);

struct LoadedSide {
  std::string label;
  std::unique_ptr<FileSystem> fs;  // kept: nothing points into it, but git sides hold the repository
  LoadResult loaded;               // catalog never null
  Diagnostics errors;              // loader and builder errors
  size_t warnings = 0;
  std::string open_error;          // the side could not be opened at all
  bool ok() const { return open_error.empty() && errors.empty(); }
};

LoadedSide LoadSide(const SideSpec& spec);

/// The folder inside its git repository that `dir` is ("" at the top, or
/// when `dir` is not in a repository).
std::string SubdirInRepository(const std::string& dir);

}  // namespace recipes

#endif  // RECIPES_DIFF_CATALOG_SIDE_H_
