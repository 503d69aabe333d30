// TreeWriter: puts a generated file tree into an output folder so that a
// reader sees the old tree or the new one, never a mix, and a killed build
// leaves the old tree exactly as it was.
//
// Three folders beside the output (same parent, so same file system):
//   .<name>.recipes-next   a fresh build's tree, renamed onto the output at Commit;
//   .<name>.recipes-tmp    changed files' bytes, written while rendering;
//   .<name>.recipes-spare  the previous tree, kept after a swap and updated
//                          into the next one (double buffering).
// Modes, chosen by Open:
//  * fresh (the output is missing or an empty folder): files are written into
//    ".recipes-next", which is renamed onto the output in one step at Commit;
//  * update: a file is written only when its bytes differ from the hash in the
//    output's manifest (".recipes-manifest"). At Commit the spare tree is
//    brought to the new state: changed files are moved in, unchanged ones are
//    hard links to the output's (same inode, so mtimes are kept and no bytes
//    copied), stale ones removed. Then the spare and the output are swapped
//    with renameat2(RENAME_EXCHANGE); where the file system lacks it, the
//    output is a symbolic link to ".recipes-tree-a" or "-b" and the link is
//    replaced instead. A build with nothing changed writes nothing at all.
// While the spare is being updated it holds a marker (".recipes-applying"); a
// build that finds one rebuilds the spare from the output. Leftover next and
// tmp folders are removed by the next build; `clean` also drops the spare.
//
// Two builds into one folder take turns (an flock on its parent folder).
//
// It is the ApiSink of `recipes build` (api/api_sink.h).
//
// Threading: Stage may be called from several threads at once; Record,
// RemoveDir, Commit and Abort from one thread, in build order.
#ifndef RECIPES_API_TREE_WRITER_H_
#define RECIPES_API_TREE_WRITER_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "api/api_sink.h"
#include "api/content_hash.h"

namespace recipes {

/// What Commit did.
struct TreeWriteStats {
  size_t files = 0;      // files in the new tree
  size_t written = 0;    // files whose bytes were (re)written
  size_t removed = 0;    // stale files removed
  size_t linked = 0;     // unchanged files hard-linked into the spare tree
  bool fresh = false;    // the whole tree was renamed in at once
  bool repaired = false; // a killed build's leftovers were detected and repaired
  bool symlink = false;  // swapped by replacing a symbolic link (no RENAME_EXCHANGE)
};

/// Fault injection for tests (never set in normal runs).
struct TreeWriterHooks {
  long kill_after_applied = -1;  // SIGKILL self after this many steps of Commit (the swap is one)
  long fail_write_after = -1;    // the write of file number N+1 fails as if the disk were full
  bool no_exchange = false;      // act as if the file system lacked RENAME_EXCHANGE
};

struct TreeWriterOptions {
  TreeWriterOptions() = default;
  TreeWriterOptions(TreeWriterHooks h) : hooks(h) {}  // NOLINT: implicit, for tests
  bool clean = false;  // ignore the previous tree (render and write everything), drop the spare after
  TreeWriterHooks hooks;
};

class TreeWriter : public ApiSink {
 public:
  static constexpr const char* kManifestName = ".recipes-manifest";
  static constexpr const char* kMarkerName = ".recipes-applying";
  static constexpr const char* kStagingName = ".recipes-staging";  // older versions' leftovers

  /// Prepares writing into `out_dir`: removes leftovers of a killed build and
  /// reads the manifest. Returns nullptr and sets *err on failure (e.g. the
  /// output is not writable); the output is unchanged then.
  static std::unique_ptr<TreeWriter> Open(const std::string& out_dir, TreeWriterOptions options, std::string* err);

  ~TreeWriter() override;  // Aborts unless committed.
  TreeWriter(const TreeWriter&) = delete;
  TreeWriter& operator=(const TreeWriter&) = delete;

  /// Hashes `bytes` and writes them to staging unless the manifest says the
  /// file already has them. `exclusive` promises that no other Stage call of
  /// this build names the same path and no RemoveDir covers it, which lets a
  /// fresh build write the file at its final place directly; other files are
  /// held in memory until Commit (only the winner is ever written). Thread-safe.
  bool Stage(std::string_view path, std::string_view bytes, bool exclusive, StagedFile* staged,
             std::string* err) override;

  /// Makes a staged file part of the new tree; a later Record of the same path wins.
  void Record(StagedFile staged) override;
  /// True when the old tree already holds exactly these bytes at `path` (so a
  /// caller that knows a file's hash from a cache need not render it).
  bool IsUnchanged(const std::string& path, const ContentHash& hash, uint64_t size) const override;
  /// Record for a file known to be unchanged (IsUnchanged was true).
  void RecordUnchanged(const std::string& path, const ContentHash& hash, uint64_t size) override;

  /// A small side file kept beside the manifest (e.g. a build cache). ReadAux
  /// returns the last committed content, or "" after an interrupted build or in
  /// a fresh folder; SetAux replaces it in the same commit as the tree.
  std::string ReadAux(const std::string& name) override;
  void SetAux(const std::string& name, std::string bytes) override;
  bool incremental() const override { return true; }

  /// Drops every recorded file under `prefix` + "/" (the reference builder
  /// deletes a variant's folder before rendering it again).
  void RemoveDir(std::string_view prefix) override;

  /// Places the new tree in one step. On failure the old tree is intact.
  bool Commit(TreeWriteStats* stats, std::string* err);
  /// Removes everything staged; the output is left as it was.
  void Abort();

  bool fresh() const { return fresh_; }

 private:
  struct OldEntry {
    ContentHash hash;
    uint64_t size = 0;
  };

  TreeWriter() = default;
  bool OpenImpl(const std::string& out_dir, std::string* err);
  bool ResolveOutput(std::string* err);
  bool ReadManifestAt(const std::string& dir, std::unordered_map<std::string, OldEntry>* entries,
                      std::string* text);
  void Repair();
  bool EnsureTmpDir(std::string* err);
  bool EnsureParentDirs(const std::string& root, std::string_view rel, std::string* err);
  bool WriteFile(const std::string& full, std::string_view bytes, std::string* err);
  bool ReplaceFile(const std::string& full, std::string_view bytes, std::string* err);
  std::string ManifestText() const;
  void DropStaged(const StagedFile& f);
  bool CommitFresh(TreeWriteStats* stats, std::string* err);
  bool PrepareSpare(std::string* err);
  bool Swap(TreeWriteStats* stats, std::string* err);
  void Step();

  int lock_fd_ = -1;     // flock()ed folder, see OpenImpl
  std::string out_;      // output folder (the name readers use)
  std::string parent_;   // its folder
  std::string visible_;  // the tree readers see: out_, or the target of out_'s link
  std::string spare_;    // the tree the next state is assembled in
  std::string root_;     // fresh: the staging tree that becomes out_
  std::string tmp_dir_;  // where changed files' bytes wait for Commit
  bool fresh_ = false;
  bool clean_ = false;
  bool via_symlink_ = false;  // out_ is our link to ".recipes-tree-a|b"
  long steps_ = 0;
  bool repaired_ = false;
  bool done_ = false;
  TreeWriterHooks hooks_;

  std::unordered_map<std::string, OldEntry> old_;    // the visible tree's manifest
  std::unordered_map<std::string, OldEntry> spare_entries_;  // the spare's
  std::string old_manifest_text_;
  bool had_manifest_ = false;
  std::map<std::string, StagedFile> entries_;  // the new tree, by path
  std::map<std::string, std::string> old_aux_, new_aux_;

  std::once_flag tmp_dir_once_;
  int tmp_dir_errno_ = 0;
  std::atomic<uint64_t> temp_counter_{0};
  std::atomic<long> writes_{0};
  std::mutex dirs_mu_;
  std::unordered_set<std::string> dirs_made_;
};

}  // namespace recipes

#endif  // RECIPES_API_TREE_WRITER_H_
