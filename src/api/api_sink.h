// ApiSink: where BuildApi puts the files it renders. TreeWriter (a folder on
// disk, atomic and incremental: `recipes build`) and MemoryApiSink (a map in
// memory: `recipes serve`) are the two kinds; one builder feeds both, so they
// receive the same bytes.
//
// The builder renders on several threads but settles which file wins a path
// only afterwards, in walk order (the reference builder's "later wins"):
// Stage takes one file's bytes (thread-safe); Record, from one thread in build
// order, makes a staged file part of the tree, a later Record of the same path
// replacing an earlier one; RemoveDir drops what was recorded under a folder.
#ifndef RECIPES_API_API_SINK_H_
#define RECIPES_API_API_SINK_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "api/content_hash.h"

namespace recipes {

/// One file handed to a sink, before it is placed. The fields after `size`
/// are the sink's own business.
struct StagedFile {
  std::string path;  // relative, '/'-separated
  ContentHash hash;  // zero when the sink does not hash (it is not incremental)
  uint64_t size = 0;
  std::string temp;       // TreeWriter: where the bytes were written; "" when unchanged or held
  bool in_place = false;  // TreeWriter, fresh mode: written at its final place in the staging tree
  bool held = false;      // the bytes are kept in memory (below) until the tree is complete
  std::string bytes;      // when held
};

class ApiSink {
 public:
  virtual ~ApiSink() = default;

  /// Takes the bytes of the file at `path`. `exclusive` promises that no other
  /// Stage call of this build names the same path and no RemoveDir covers it.
  /// False with *err set when the bytes cannot be kept (e.g. disk full).
  /// Thread-safe.
  virtual bool Stage(std::string_view path, std::string_view bytes, bool exclusive, StagedFile* staged,
                     std::string* err) = 0;
  /// Makes a staged file part of the tree; a later Record of the same path wins.
  virtual void Record(StagedFile staged) = 0;
  /// Drops every recorded file under `prefix` + "/".
  virtual void RemoveDir(std::string_view prefix) = 0;

  // Incremental builds. A sink that still holds the previous build's output
  // lets BuildApi skip recipes whose input did not change; the others keep
  // these defaults and BuildApi then renders everything and hashes nothing.

  /// True when the calls below mean something.
  virtual bool incremental() const { return false; }
  /// The last committed content of a small side file (the build cache), or "".
  virtual std::string ReadAux(const std::string& /*name*/) { return ""; }
  /// Replaces a side file along with the tree.
  virtual void SetAux(const std::string& /*name*/, std::string /*bytes*/) {}
  /// True when the old tree already holds exactly these bytes at `path`.
  virtual bool IsUnchanged(const std::string& /*path*/, const ContentHash& /*hash*/, uint64_t /*size*/) const {
    return false;
  }
  /// Record for a file known to be unchanged (IsUnchanged was true).
  virtual void RecordUnchanged(const std::string& /*path*/, const ContentHash& /*hash*/, uint64_t /*size*/) {}
};

}  // namespace recipes

#endif  // RECIPES_API_API_SINK_H_
