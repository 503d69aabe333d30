#include "api/tree_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace recipes {

namespace fs = std::filesystem;

namespace {

std::string ErrnoText(int e) { return std::strerror(e); }

bool IsDir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

bool IsEmptyDir(const std::string& path) {
  std::error_code ec;
  return fs::is_empty(path, ec) && !ec;
}

bool ReadWhole(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return !in.bad();
}

void RemoveAll(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

// Removes empty folders from `dir` up to (not including) `root`.
void PruneEmptyParents(const std::string& root, std::string dir) {
  while (dir.size() > root.size()) {
    if (::rmdir(dir.c_str()) != 0) return;
    size_t slash = dir.rfind('/');
    if (slash == std::string::npos) return;
    dir.resize(slash);
  }
}

std::string ParentOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "a/b/" → "a/b"; "" → "."
std::string Normalize(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir.empty() ? "." : dir;
}

}  // namespace

std::unique_ptr<TreeWriter> TreeWriter::Open(const std::string& out_dir, TreeWriterHooks hooks, std::string* err) {
  std::unique_ptr<TreeWriter> w(new TreeWriter());
  w->hooks_ = hooks;
  if (!w->OpenImpl(Normalize(out_dir), err)) {
    w->done_ = true;
    return nullptr;
  }
  return w;
}

bool TreeWriter::OpenImpl(const std::string& out_dir, std::string* err) {
  out_ = out_dir;
  // Builds into one folder take turns: its parent folder is flock()ed for the
  // writer's lifetime (the parent, because the folder itself may not exist
  // yet or may be replaced by a rename).
  lock_fd_ = ::open(ParentOf(out_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_fd_ >= 0) ::flock(lock_fd_, LOCK_EX);
  struct stat st;
  bool exists = ::stat(out_.c_str(), &st) == 0;
  if (exists && !S_ISDIR(st.st_mode)) {
    *err = out_ + ": exists and is not a folder";
    return false;
  }
  std::string parent = ParentOf(out_);
  // A staging tree left by a killed fresh build is never visible; drop it.
  std::string sibling = parent + "/." + BaseName(out_) + kStagingName;
  if (Exists(sibling)) RemoveAll(sibling);

  // An empty folder is replaced by rename(2) only when it is an ordinary
  // folder on its parent's file system (not a mount point, not "." or "/").
  bool replaceable_empty = false;
  if (exists && out_ != "." && out_ != "/" && BaseName(out_) != ".." && IsEmptyDir(out_)) {
    struct stat parent_st;
    replaceable_empty = ::stat(parent.c_str(), &parent_st) == 0 && parent_st.st_dev == st.st_dev;
  }
  if (!exists || replaceable_empty) {
    fresh_ = true;
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) {
      *err = "cannot create " + parent + ": " + ec.message();
      return false;
    }
    if (::mkdir(sibling.c_str(), 0755) != 0) {
      *err = "cannot write into " + parent + ": " + ErrnoText(errno);
      return false;
    }
    root_ = sibling;
    tmp_dir_ = root_ + "/" + kStagingName;
    if (::mkdir(tmp_dir_.c_str(), 0755) != 0) {
      *err = "cannot write into " + root_ + ": " + ErrnoText(errno);
      RemoveAll(root_);
      return false;
    }
    return true;
  }

  root_ = out_;
  tmp_dir_ = out_ + "/" + kStagingName;
  if (Exists(tmp_dir_)) RemoveAll(tmp_dir_);
  if (!ReadManifest(err)) return false;
  if (Exists(out_ + "/" + kMarkerName)) Repair();
  // The staging folder is made when the first changed file needs it, so a
  // build with nothing to do leaves even the folder's mtime alone; writability
  // is checked now all the same.
  if (::access(out_.c_str(), W_OK) != 0) {
    *err = "cannot write into " + out_ + ": " + ErrnoText(errno);
    return false;
  }
  return true;
}

bool TreeWriter::EnsureTmpDir(std::string* err) {
  std::call_once(tmp_dir_once_, [this] {
    if (::mkdir(tmp_dir_.c_str(), 0755) != 0 && errno != EEXIST) tmp_dir_errno_ = errno;
  });
  if (tmp_dir_errno_ != 0) {
    *err = "cannot write into " + out_ + ": " + ErrnoText(tmp_dir_errno_);
    return false;
  }
  return true;
}

bool TreeWriter::ReadManifest(std::string* err) {
  std::string path = out_ + "/" + kManifestName;
  if (!Exists(path)) return true;
  if (!ReadWhole(path, &old_manifest_text_)) {
    *err = "cannot read " + path;
    return false;
  }
  had_manifest_ = true;
  std::string_view rest(old_manifest_text_);
  bool header = true;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (header) {
      header = false;
      if (line.substr(0, 17) == "recipes-manifest ") continue;
    }
    // "<hash> <size> <path>"
    size_t a = line.find(' ');
    size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
    OldEntry e;
    if (b == std::string_view::npos || !ContentHash::FromHex(line.substr(0, a), &e.hash)) {
      // A damaged manifest is no worse than none: every file is rewritten.
      old_.clear();
      return true;
    }
    e.size = std::strtoull(std::string(line.substr(a + 1, b - a - 1)).c_str(), nullptr, 10);
    old_.emplace(std::string(line.substr(b + 1)), e);
  }
  return true;
}

void TreeWriter::Repair() {
  repaired_ = true;
  // Files this tool may have put there: the old manifest's, plus the ones the
  // dead build was adding (listed in the marker).
  std::vector<std::string> owned;
  for (const auto& [path, e] : old_) owned.push_back(path);
  std::string marker;
  if (ReadWhole(out_ + "/" + kMarkerName, &marker)) {
    std::istringstream in(marker);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && !old_.count(line)) owned.push_back(line);
    }
  }
  old_.clear();
  for (const std::string& path : owned) {
    std::string bytes;
    std::string full = out_ + "/" + path;
    if (!Exists(full) || !ReadWhole(full, &bytes)) continue;
    old_[path] = OldEntry{ContentHash::Of(bytes), bytes.size()};
  }
}

bool TreeWriter::EnsureParentDirs(const std::string& root, std::string_view rel, std::string* err) {
  size_t slash = rel.rfind('/');
  if (slash == std::string_view::npos) return true;
  std::string dir = root + "/" + std::string(rel.substr(0, slash));
  {
    std::lock_guard<std::mutex> lock(dirs_mu_);
    if (dirs_made_.count(dir)) return true;
  }
  // One mkdir per new folder in the common case; parents on demand.
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec && !IsDir(dir)) {
      *err = "cannot create " + dir + ": " + ec.message();
      return false;
    }
  }
  std::lock_guard<std::mutex> lock(dirs_mu_);
  dirs_made_.insert(dir);
  return true;
}

bool TreeWriter::WriteFile(const std::string& full, std::string_view bytes, std::string* err) {
  long n = writes_.fetch_add(1);
  if (hooks_.fail_write_after >= 0 && n >= hooks_.fail_write_after) {
    *err = "cannot write " + full + ": " + ErrnoText(ENOSPC);
    return false;
  }
  int fd = ::open(full.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *err = "cannot write " + full + ": " + ErrnoText(errno);
    return false;
  }
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      *err = "cannot write " + full + ": " + ErrnoText(errno);
      ::close(fd);
      return false;
    }
    p += w;
    left -= static_cast<size_t>(w);
  }
  if (::close(fd) != 0) {
    *err = "cannot write " + full + ": " + ErrnoText(errno);
    return false;
  }
  return true;
}

bool TreeWriter::Stage(std::string_view path, std::string_view bytes, bool exclusive, StagedFile* staged,
                       std::string* err) {
  staged->path.assign(path);
  staged->hash = ContentHash::Of(bytes);
  staged->size = bytes.size();
  staged->temp.clear();
  staged->in_place = false;
  staged->held = false;
  staged->bytes.clear();
  if (!exclusive) {
    staged->held = true;
    staged->bytes.assign(bytes);
    return true;
  }
  if (!fresh_) {
    auto it = old_.find(staged->path);
    if (it != old_.end() && it->second.hash == staged->hash && it->second.size == staged->size) return true;
  }
  if (fresh_) {
    if (!EnsureParentDirs(root_, path, err)) return false;
    staged->temp = root_ + "/" + staged->path;
    staged->in_place = true;
  } else {
    if (!EnsureTmpDir(err)) return false;
    staged->temp = tmp_dir_ + "/" + std::to_string(temp_counter_.fetch_add(1));
  }
  return WriteFile(staged->temp, bytes, err);
}

void TreeWriter::DropStaged(const StagedFile& f) {
  if (!f.temp.empty()) ::unlink(f.temp.c_str());
}

void TreeWriter::Record(StagedFile staged) {
  auto it = entries_.find(staged.path);
  if (it == entries_.end()) {
    std::string key = staged.path;
    entries_.emplace(std::move(key), std::move(staged));
    return;
  }
  // An in-place file sits at the final path: the winner's rename replaces it.
  if (!it->second.in_place) DropStaged(it->second);
  it->second = std::move(staged);
}

bool TreeWriter::IsUnchanged(const std::string& path, const ContentHash& hash, uint64_t size) const {
  if (fresh_) return false;
  auto it = old_.find(path);
  return it != old_.end() && it->second.hash == hash && it->second.size == size;
}

void TreeWriter::RecordUnchanged(const std::string& path, const ContentHash& hash, uint64_t size) {
  StagedFile f;
  f.path = path;
  f.hash = hash;
  f.size = size;
  Record(std::move(f));
}

std::string TreeWriter::ReadAux(const std::string& name) {
  if (fresh_ || repaired_) return "";
  std::string text;
  if (!ReadWhole(out_ + "/" + name, &text)) return "";
  old_aux_[name] = text;
  return text;
}

void TreeWriter::SetAux(const std::string& name, std::string bytes) { new_aux_[name] = std::move(bytes); }

void TreeWriter::RemoveDir(std::string_view prefix) {
  std::string lo = std::string(prefix) + "/";
  auto it = entries_.lower_bound(lo);
  while (it != entries_.end() && it->first.compare(0, lo.size(), lo) == 0) {
    DropStaged(it->second);
    it = entries_.erase(it);
  }
}

std::string TreeWriter::ManifestText() const {
  std::string out = "recipes-manifest 1\n";
  out.reserve(entries_.size() * 100);
  for (const auto& [path, f] : entries_) {
    out += f.hash.Hex();
    out += ' ';
    out += std::to_string(f.size);
    out += ' ';
    out += path;
    out += '\n';
  }
  return out;
}

bool TreeWriter::Commit(TreeWriteStats* stats, std::string* err) {
  *stats = TreeWriteStats{};
  stats->files = entries_.size();
  stats->fresh = fresh_;
  stats->repaired = repaired_;
  std::string manifest = ManifestText();

  if (fresh_) {
    for (auto& [path, f] : entries_) {
      if (f.held) {
        if (!EnsureParentDirs(root_, path, err)) return Abort(), false;
        if (!WriteFile(root_ + "/" + path, f.bytes, err)) return Abort(), false;
      } else if (!f.in_place) {
        if (!EnsureParentDirs(root_, path, err)) return Abort(), false;
        std::string target = root_ + "/" + path;
        if (::rename(f.temp.c_str(), target.c_str()) != 0) {
          *err = "cannot rename into " + target + ": " + ErrnoText(errno);
          Abort();
          return false;
        }
      }
      ++stats->written;
    }
    for (const auto& [name, bytes] : new_aux_) {
      if (!WriteFile(root_ + "/" + name, bytes, err)) return Abort(), false;
    }
    if (!WriteFile(root_ + "/" + kManifestName, manifest, err)) return Abort(), false;
    ::rmdir(tmp_dir_.c_str());
    // rename(2) replaces an empty folder in one step; a non-empty one means
    // someone wrote there meanwhile, and their files win.
    if (::rename(root_.c_str(), out_.c_str()) != 0) {
      *err = "cannot move the new tree into " + out_ + ": " + ErrnoText(errno);
      Abort();
      return false;
    }
    done_ = true;
    return true;
  }

  // Held files (several writers, one winner) are written now, if changed.
  for (auto& [path, f] : entries_) {
    if (!f.held || IsUnchanged(path, f.hash, f.size)) continue;
    if (!EnsureTmpDir(err)) return Abort(), false;
    f.temp = tmp_dir_ + "/" + std::to_string(temp_counter_.fetch_add(1));
    if (!WriteFile(f.temp, f.bytes, err)) return Abort(), false;
  }
  std::vector<const StagedFile*> changed;
  std::vector<std::string> added;  // paths the old manifest does not know
  for (const auto& [path, f] : entries_) {
    if (!f.temp.empty()) changed.push_back(&f);
    if (!old_.count(path)) added.push_back(path);
  }
  std::vector<std::string> stale;
  for (const auto& [path, e] : old_) {
    if (!entries_.count(path)) stale.push_back(path);
  }
  std::sort(stale.begin(), stale.end());

  std::vector<std::string> aux_changed;
  for (const auto& [name, bytes] : new_aux_) {
    auto it = old_aux_.find(name);
    if (it == old_aux_.end() || it->second != bytes) aux_changed.push_back(name);
  }
  if (changed.empty() && stale.empty() && aux_changed.empty() && !repaired_ && had_manifest_ &&
      manifest == old_manifest_text_) {
    Abort();  // nothing to do: leave every file, the manifest included, untouched
    done_ = true;
    return true;
  }

  // Everything that can fail for lack of space is done before the marker.
  if (!EnsureTmpDir(err)) return Abort(), false;
  std::string staged_manifest = tmp_dir_ + "/manifest";
  if (!WriteFile(staged_manifest, manifest, err)) return Abort(), false;
  for (const std::string& name : aux_changed) {
    if (!WriteFile(tmp_dir_ + "/aux-" + name, new_aux_[name], err)) return Abort(), false;
  }
  std::string marker_text;
  for (const std::string& p : added) marker_text += p + "\n";
  std::string marker = out_ + "/" + kMarkerName;
  std::string marker_tmp = tmp_dir_ + "/marker";
  if (!WriteFile(marker_tmp, marker_text, err)) return Abort(), false;
  if (::rename(marker_tmp.c_str(), marker.c_str()) != 0) {
    *err = "cannot write " + marker + ": " + ErrnoText(errno);
    Abort();
    return false;
  }

  const char* partial = " (the tree is partly updated; the next build repairs it)";
  long applied = 0;
  for (const StagedFile* f : changed) {
    if (!EnsureParentDirs(out_, f->path, err)) {
      *err += partial;
      return false;
    }
    std::string target = out_ + "/" + f->path;
    if (::rename(f->temp.c_str(), target.c_str()) != 0) {
      *err = "cannot rename into " + target + ": " + ErrnoText(errno) + partial;
      return false;
    }
    ++stats->written;
    if (hooks_.kill_after_applied >= 0 && ++applied >= hooks_.kill_after_applied) ::raise(SIGKILL);
  }
  for (const std::string& path : stale) {
    std::string full = out_ + "/" + path;
    if (::unlink(full.c_str()) == 0) ++stats->removed;
    PruneEmptyParents(out_, ParentOf(full));
  }
  // Side files go in before the manifest: while the marker stands they are
  // ignored, so a kill in between cannot pair a new cache with an old tree.
  for (const std::string& name : aux_changed) {
    std::string target = out_ + "/" + name;
    if (::rename((tmp_dir_ + "/aux-" + name).c_str(), target.c_str()) != 0) {
      *err = "cannot write " + target + ": " + ErrnoText(errno) + partial;
      return false;
    }
  }
  std::string manifest_path = out_ + "/" + kManifestName;
  if (::rename(staged_manifest.c_str(), manifest_path.c_str()) != 0) {
    *err = "cannot write " + manifest_path + ": " + ErrnoText(errno) + partial;
    return false;
  }
  ::unlink(marker.c_str());
  RemoveAll(tmp_dir_);
  done_ = true;
  return true;
}

void TreeWriter::Abort() {
  if (done_) return;
  done_ = true;
  if (fresh_ || Exists(tmp_dir_)) RemoveAll(fresh_ ? root_ : tmp_dir_);
}

TreeWriter::~TreeWriter() {
  Abort();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace recipes
