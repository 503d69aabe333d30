#include "diff/git_file_system.h"

#include <git2.h>

#include <algorithm>
#include <filesystem>

namespace recipes {

namespace {

// libgit2 keeps a reference count of its own initialisation; each object
// that uses the library holds one.
struct LibGit2 {
  LibGit2() { git_libgit2_init(); }
  ~LibGit2() { git_libgit2_shutdown(); }
  LibGit2(const LibGit2&) = delete;
  LibGit2& operator=(const LibGit2&) = delete;
};

std::string LastGitError(const std::string& what) {
  const git_error* e = git_error_last();
  return what + (e && e->message ? ": " + std::string(e->message) : std::string());
}

std::string TrimSlashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  size_t i = 0;
  while (i < s.size() && s[i] == '/') ++i;
  s.erase(0, i);
  if (s == ".") s.clear();
  return s;
}

FileSystem::Type TypeOfMode(git_filemode_t mode) {
  switch (mode) {
    case GIT_FILEMODE_TREE:
      return FileSystem::Type::kDirectory;
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE:
      return FileSystem::Type::kFile;
    default:
      return FileSystem::Type::kOther;  // symbolic links and submodules are not followed
  }
}

class GitFileSystem : public FileSystem {
 public:
  GitFileSystem() = default;
  ~GitFileSystem() override {
    if (root_) git_tree_free(root_);
    if (repo_) git_repository_free(repo_);
  }

  bool Open(const GitLocation& loc, std::string* err) {
    if (git_repository_open_ext(&repo_, loc.start_dir.c_str(), 0, nullptr) != 0) {
      *err = LastGitError("no git repository at or above '" + loc.start_dir + "'");
      return false;
    }
    git_object* obj = nullptr;
    if (git_revparse_single(&obj, repo_, loc.rev.c_str()) != 0) {
      *err = LastGitError("unknown revision '" + loc.rev + "'");
      return false;
    }
    git_object* peeled = nullptr;
    int rc = git_object_peel(&peeled, obj, GIT_OBJECT_TREE);
    git_object_free(obj);
    if (rc != 0) {
      *err = LastGitError("revision '" + loc.rev + "' names no tree");
      return false;
    }
    git_tree* tree = reinterpret_cast<git_tree*>(peeled);
    std::string sub = TrimSlashes(loc.subdir);
    if (sub.empty()) {
      root_ = tree;
      return true;
    }
    git_tree_entry* entry = nullptr;
    rc = git_tree_entry_bypath(&entry, tree, sub.c_str());
    if (rc != 0 || git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
      if (entry) git_tree_entry_free(entry);
      git_tree_free(tree);
      *err = "revision '" + loc.rev + "' has no folder '" + sub + "'";
      return false;
    }
    rc = git_tree_lookup(&root_, repo_, git_tree_entry_id(entry));
    git_tree_entry_free(entry);
    git_tree_free(tree);
    if (rc != 0) {
      *err = LastGitError("cannot read folder '" + sub + "' of '" + loc.rev + "'");
      return false;
    }
    return true;
  }

  Type Stat(const std::string& path) const override {
    std::string p = TrimSlashes(path);
    if (p.empty()) return Type::kDirectory;
    git_tree_entry* entry = nullptr;
    if (git_tree_entry_bypath(&entry, root_, p.c_str()) != 0) return Type::kMissing;
    Type t = TypeOfMode(git_tree_entry_filemode(entry));
    git_tree_entry_free(entry);
    return t;
  }

  bool List(const std::string& path, std::vector<Entry>* entries, std::string* err) const override {
    entries->clear();
    git_tree* tree = nullptr;
    if (!LookupTree(path, &tree, err)) return false;
    size_t n = git_tree_entrycount(tree);
    entries->reserve(n);
    for (size_t i = 0; i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree, i);
      entries->push_back({git_tree_entry_name(e), TypeOfMode(git_tree_entry_filemode(e))});
    }
    if (tree != root_) git_tree_free(tree);
    // Git sorts folders as if their names ended in '/'; the seam promises byte order.
    std::sort(entries->begin(), entries->end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return true;
  }

  bool Read(const std::string& path, std::string* contents, std::string* err) const override {
    std::string p = TrimSlashes(path);
    git_tree_entry* entry = nullptr;
    if (p.empty() || git_tree_entry_bypath(&entry, root_, p.c_str()) != 0) {
      *err = "No such file or directory";
      return false;
    }
    bool is_blob = git_tree_entry_type(entry) == GIT_OBJECT_BLOB &&
                   TypeOfMode(git_tree_entry_filemode(entry)) == Type::kFile;
    git_blob* blob = nullptr;
    int rc = is_blob ? git_blob_lookup(&blob, repo_, git_tree_entry_id(entry)) : -1;
    git_tree_entry_free(entry);
    if (!is_blob) {
      *err = "not a regular file";
      return false;
    }
    if (rc != 0) {
      *err = LastGitError("cannot read blob");
      return false;
    }
    contents->assign(static_cast<const char*>(git_blob_rawcontent(blob)),
                     static_cast<size_t>(git_blob_rawsize(blob)));
    git_blob_free(blob);
    return true;
  }

 private:
  bool LookupTree(const std::string& path, git_tree** tree, std::string* err) const {
    std::string p = TrimSlashes(path);
    if (p.empty()) {
      *tree = root_;
      return true;
    }
    git_tree_entry* entry = nullptr;
    if (git_tree_entry_bypath(&entry, root_, p.c_str()) != 0) {
      *err = "No such file or directory";
      return false;
    }
    bool dir = git_tree_entry_type(entry) == GIT_OBJECT_TREE;
    int rc = dir ? git_tree_lookup(tree, repo_, git_tree_entry_id(entry)) : -1;
    git_tree_entry_free(entry);
    if (!dir) {
      *err = "Not a directory";
      return false;
    }
    if (rc != 0) {
      *err = LastGitError("cannot read tree");
      return false;
    }
    return true;
  }

  LibGit2 lib_;
  git_repository* repo_ = nullptr;
  git_tree* root_ = nullptr;
};

}  // namespace

std::unique_ptr<FileSystem> NewGitFileSystem(const GitLocation& location, std::string* err) {
  auto fs = std::make_unique<GitFileSystem>();
  if (!fs->Open(location, err)) return nullptr;
  return fs;
}

std::string GitWorkdirOf(const std::string& dir) {
  LibGit2 lib;
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, dir.c_str(), 0, nullptr) != 0) return "";
  const char* wd = git_repository_workdir(repo);
  std::string out = wd ? wd : "";
  git_repository_free(repo);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (!out.empty()) {
    std::error_code ec;
    auto canon = std::filesystem::weakly_canonical(out, ec);
    if (!ec) out = canon.string();
  }
  return out;
}

}  // namespace recipes
