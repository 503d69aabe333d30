// FileSystem: the least the catalog loader needs from a disk, so loading can run
// on the real disk, on the catalog embedded in the binary, or on files a test
// holds in memory.
#ifndef RECIPES_PARSE_FILE_SYSTEM_H_
#define RECIPES_PARSE_FILE_SYSTEM_H_

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace recipes {

class FileSystem {
 public:
  enum class Type { kMissing, kFile, kDirectory, kOther };
  struct Entry {
    std::string name;
    Type type;
  };

  virtual ~FileSystem() = default;

  /// Files above this size are refused by the disk file system ("file too
  /// large"), never read whole.
  static constexpr size_t kMaxFileBytes = 16 * 1024 * 1024;

  /// Type of `path` (symlinks followed; a dangling or looping link is kMissing).
  virtual Type Stat(const std::string& path) const = 0;
  /// Entries of directory `path`, sorted by name in byte order ("." and ".."
  /// left out). Returns false and sets *err on failure.
  virtual bool List(const std::string& path, std::vector<Entry>* entries, std::string* err) const = 0;
  /// Whole contents of file `path`. Returns false and sets *err on failure.
  virtual bool Read(const std::string& path, std::string* contents, std::string* err) const = 0;
  /// An identity for a directory that is equal for two paths naming the same
  /// directory (used to stop at symlink loops); "" when unknown.
  virtual std::string Identity(const std::string& path) const { return path; }
};

/// The real disk, with paths taken relative to `root` (or absolute).
std::unique_ptr<FileSystem> NewDiskFileSystem(std::string root);

/// Files held in memory: path ("models/a/b.yaml") → contents. Directories are
/// implied by the paths.
std::unique_ptr<FileSystem> NewMemoryFileSystem(std::map<std::string, std::string> files);

/// The catalog compiled into the binary (catalog/ in the source tree).
std::unique_ptr<FileSystem> NewEmbeddedCatalogFileSystem();

}  // namespace recipes

#endif  // RECIPES_PARSE_FILE_SYSTEM_H_
