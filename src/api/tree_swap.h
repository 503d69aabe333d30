// Tree swapping: replacing one directory tree by another in a single step, so
// that a reader resolving a path sees the old tree or the new one, never a mix.
//
// The preferred way is renameat2(RENAME_EXCHANGE) on two directories of one
// file system. Where the file system lacks it, the visible name is a symbolic
// link to one of two sibling trees and the swap replaces the link with
// rename(2), which is atomic too.
#ifndef RECIPES_API_TREE_SWAP_H_
#define RECIPES_API_TREE_SWAP_H_

#include <string>

namespace recipes {

/// Exchanges the directories `a` and `b` (same file system). Returns 0, or
/// the errno of the failure; EINVAL/ENOSYS/ENOTSUP mean "unsupported here".
int ExchangeDirs(const std::string& a, const std::string& b);

/// True when `err` (from ExchangeDirs) says the file system cannot exchange.
bool ExchangeUnsupported(int err);

/// Makes `link_path` a symbolic link to `target` (a name relative to the
/// link's folder) in one step: a temporary link renamed over it. The old
/// `link_path` must be a link or missing. False with *err on failure.
bool PointSymlink(const std::string& link_path, const std::string& target, std::string* err);

}  // namespace recipes

#endif  // RECIPES_API_TREE_SWAP_H_
