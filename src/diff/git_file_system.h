// Git revisions as a FileSystem: a catalog read straight from a repository's
// object store (libgit2), with no checkout written, so `recipes diff` can
// load `git:origin/main` beside the working catalog.
#ifndef RECIPES_DIFF_GIT_FILE_SYSTEM_H_
#define RECIPES_DIFF_GIT_FILE_SYSTEM_H_

#include <memory>
#include <string>

#include "parse/file_system.h"

namespace recipes {

/// Where a git side lives: the repository found from `start_dir` (searching
/// upwards, like git itself), the revision and the folder inside the tree.
struct GitLocation {
  std::string start_dir = ".";
  std::string rev;     // anything `git rev-parse` takes: a branch, a tag, HEAD~2, a hash
  std::string subdir;  // "" = the tree's root
};

/// The tree of `location.rev` (at `location.subdir`) as a read-only file
/// system. nullptr with *err set when the repository, the revision or the
/// folder cannot be found. The returned object keeps the repository open.
std::unique_ptr<FileSystem> NewGitFileSystem(const GitLocation& location, std::string* err);

/// The repository's working directory that contains `dir` ("" when `dir`
/// is not inside a non-bare repository), absolute, ending without '/'.
std::string GitWorkdirOf(const std::string& dir);

}  // namespace recipes

#endif  // RECIPES_DIFF_GIT_FILE_SYSTEM_H_
