// InputStamp: everything a build read, recorded so that the next build can
// tell at the cost of a stat per file that nothing changed (ninja's no-op
// build is the model): the `recipes` binary's identity, the catalog folder,
// every file read (size, mtime, inode, content hash), every folder listed
// (a hash of its entries) and every path whose type was asked. It also keeps
// what the build printed, so a skipped build prints the same.
//
// InputRecorder is the FileSystem the loader reads through during a build; it
// passes every call on and records it. Stored as a side file of the output
// tree (TreeWriter::SetAux), so it always describes the tree beside it.
#ifndef RECIPES_API_INPUT_STAMP_H_
#define RECIPES_API_INPUT_STAMP_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "parse/file_system.h"

namespace recipes {

class InputRecorder : public FileSystem {
 public:
  /// `root`: the folder `inner` reads (for stat); "" for a file system that
  /// is not on disk (the embedded catalog: the binary's identity covers it).
  InputRecorder(const FileSystem& inner, std::string root) : inner_(inner), root_(std::move(root)) {}

  Type Stat(const std::string& path) const override;
  bool List(const std::string& path, std::vector<Entry>* entries, std::string* err) const override;
  bool Read(const std::string& path, std::string* contents, std::string* err) const override;
  std::string Identity(const std::string& path) const override { return inner_.Identity(path); }

  /// The stamp text for a build that printed `out` and `err`.
  std::string Stamp(const std::string& out, const std::string& err) const;

 private:
  const FileSystem& inner_;
  std::string root_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::string> lines_;  // "<kind> <path>" → the stamp line
};

struct StampCheck {
  bool unchanged = false;
  size_t checked = 0;   // entries checked
  size_t rehashed = 0;  // files whose stat differed but whose bytes did not
  std::string why;      // when changed: the first difference found
  std::string out, err; // what the stamped build printed
};

/// Checks a stamp against the catalog folder `root` ("" = embedded).
StampCheck CheckStamp(const std::string& stamp, const std::string& root);

/// The name of the side file, and the identity of the running binary.
constexpr const char* kInputStampName = ".recipes-inputs";
std::string BinaryIdentity();

}  // namespace recipes

#endif  // RECIPES_API_INPUT_STAMP_H_
