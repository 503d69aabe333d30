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

#include "api/tree_swap.h"

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

bool IsSymlink(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

// "a/b/" → "a/b"; "" → "."
std::string Normalize(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir.empty() ? "." : dir;
}

}  // namespace

std::unique_ptr<TreeWriter> TreeWriter::Open(const std::string& out_dir, TreeWriterOptions options,
                                             std::string* err) {
  std::unique_ptr<TreeWriter> w(new TreeWriter());
  w->hooks_ = options.hooks;
  w->clean_ = options.clean;
  if (!w->OpenImpl(Normalize(out_dir), err)) {
    w->done_ = true;
    return nullptr;
  }
  return w;
}

// Settles which tree readers see and where the next one is assembled. A link
// of ours ("<out> -> .<out>.recipes-tree-a") alternates between two trees; a
// link of the user's is followed to the folder it names.
bool TreeWriter::ResolveOutput(std::string* err) {
  parent_ = ParentOf(out_);
  std::string base = BaseName(out_);
  std::string prefix = "." + base + ".recipes-tree-";
  if (IsSymlink(out_)) {
    char buf[4096];
    ssize_t n = ::readlink(out_.c_str(), buf, sizeof buf - 1);
    std::string target = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
    if (target == prefix + "a" || target == prefix + "b") {
      via_symlink_ = true;
      visible_ = parent_ + "/" + target;
      spare_ = parent_ + "/" + prefix + (target.back() == 'a' ? "b" : "a");
      return true;
    }
    std::error_code ec;
    fs::path real = fs::canonical(out_, ec);
    if (ec) {
      *err = out_ + ": " + ec.message();
      return false;
    }
    out_ = real.string();
    parent_ = ParentOf(out_);
    base = BaseName(out_);
  }
  visible_ = out_;
  spare_ = parent_ + "/." + base + ".recipes-spare";
  return true;
}

bool TreeWriter::OpenImpl(const std::string& out_dir, std::string* err) {
  out_ = out_dir;
  // Builds into one folder take turns: its parent folder is flock()ed for the
  // writer's lifetime (the parent, because the folder itself may not exist
  // yet and is replaced by a swap).
  lock_fd_ = ::open(ParentOf(out_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock_fd_ >= 0) ::flock(lock_fd_, LOCK_EX);
  if (!ResolveOutput(err)) return false;
  struct stat st;
  bool exists = ::stat(out_.c_str(), &st) == 0;
  if (exists && !S_ISDIR(st.st_mode)) {
    *err = out_ + ": exists and is not a folder";
    return false;
  }
  std::string base = BaseName(out_);
  // Whatever a killed build left is never visible; drop it.
  std::string next = parent_ + "/." + base + ".recipes-next";
  tmp_dir_ = parent_ + "/." + base + ".recipes-tmp";
  for (const std::string& left : {next, tmp_dir_, parent_ + "/." + base + kStagingName}) {
    if (Exists(left)) RemoveAll(left);
  }
  if (clean_ && Exists(spare_)) RemoveAll(spare_);

  // An empty folder is replaced by rename(2) only when it is an ordinary
  // folder on its parent's file system (not a mount point, not "." or "/").
  bool replaceable_empty = false;
  if (exists && !via_symlink_ && out_ != "." && out_ != "/" && base != ".." && IsEmptyDir(out_)) {
    struct stat parent_st;
    replaceable_empty = ::stat(parent_.c_str(), &parent_st) == 0 && parent_st.st_dev == st.st_dev;
  }
  if (!exists || replaceable_empty) {
    fresh_ = true;
    std::error_code ec;
    fs::create_directories(parent_, ec);
    if (ec) {
      *err = "cannot create " + parent_ + ": " + ec.message();
      return false;
    }
    if (::mkdir(next.c_str(), 0755) != 0) {
      *err = "cannot write into " + parent_ + ": " + ErrnoText(errno);
      return false;
    }
    root_ = next;
    return true;
  }

  // Leftovers inside the tree from older versions of this writer.
  if (Exists(visible_ + "/" + kStagingName)) RemoveAll(visible_ + "/" + kStagingName);
  if (!clean_) {
    had_manifest_ = ReadManifestAt(visible_, &old_, &old_manifest_text_);
    if (Exists(visible_ + "/" + kMarkerName)) Repair();
  }
  if (::access(parent_.c_str(), W_OK) != 0) {
    *err = "cannot write into " + parent_ + ": " + ErrnoText(errno);
    return false;
  }
  return true;
}

bool TreeWriter::EnsureTmpDir(std::string* err) {
  std::call_once(tmp_dir_once_, [this] {
    if (::mkdir(tmp_dir_.c_str(), 0755) != 0 && errno != EEXIST) tmp_dir_errno_ = errno;
  });
  if (tmp_dir_errno_ != 0) {
    *err = "cannot write into " + parent_ + ": " + ErrnoText(tmp_dir_errno_);
    return false;
  }
  return true;
}

// "<hash> <size> <path>" lines after a header. False when there is none or it
// is damaged (then every file counts as changed).
bool TreeWriter::ReadManifestAt(const std::string& dir, std::unordered_map<std::string, OldEntry>* entries,
                                std::string* text) {
  entries->clear();
  std::string local;
  std::string& t = text ? *text : local;
  if (!ReadWhole(dir + "/" + kManifestName, &t)) return false;
  std::string_view rest(t);
  bool header = true;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (header) {
      header = false;
      if (line.substr(0, 17) == "recipes-manifest ") continue;
    }
    size_t a = line.find(' ');
    size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
    OldEntry e;
    if (b == std::string_view::npos || !ContentHash::FromHex(line.substr(0, a), &e.hash)) {
      entries->clear();
      return false;
    }
    e.size = std::strtoull(std::string(line.substr(a + 1, b - a - 1)).c_str(), nullptr, 10);
    entries->emplace(std::string(line.substr(b + 1)), e);
  }
  return true;
}

// A tree written by an older version of this writer, which applied files one
// by one, may hold a mix: rehash what is there instead of trusting the manifest.
void TreeWriter::Repair() {
  repaired_ = true;
  std::vector<std::string> owned;
  for (const auto& [path, e] : old_) owned.push_back(path);
  old_.clear();
  for (const std::string& path : owned) {
    std::string bytes;
    std::string full = visible_ + "/" + path;
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

// In the spare, files may be hard links shared with the visible tree: never
// write through one; unlink it and write a new inode.
bool TreeWriter::ReplaceFile(const std::string& full, std::string_view bytes, std::string* err) {
  ::unlink(full.c_str());
  return WriteFile(full, bytes, err);
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
  if (fresh_ || repaired_ || clean_) return "";
  std::string text;
  if (!ReadWhole(visible_ + "/" + name, &text)) return "";
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

void TreeWriter::Step() {
  ++steps_;
  if (hooks_.kill_after_applied >= 0 && steps_ >= hooks_.kill_after_applied) ::raise(SIGKILL);
}

bool TreeWriter::CommitFresh(TreeWriteStats* stats, std::string* err) {
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
  if (!WriteFile(root_ + "/" + kManifestName, ManifestText(), err)) return Abort(), false;
  // rename(2) replaces an empty folder in one step; a non-empty one means
  // someone wrote there meanwhile, and their files win.
  Step();
  if (::rename(root_.c_str(), out_.c_str()) != 0) {
    *err = "cannot move the new tree into " + out_ + ": " + ErrnoText(errno);
    Abort();
    return false;
  }
  done_ = true;
  RemoveAll(tmp_dir_);
  return true;
}

bool TreeWriter::Commit(TreeWriteStats* stats, std::string* err) {
  *stats = TreeWriteStats{};
  stats->files = entries_.size();
  stats->fresh = fresh_;
  stats->repaired = repaired_;
  if (fresh_) return CommitFresh(stats, err);

  // Held files (several writers, one winner) are written now, if changed.
  for (auto& [path, f] : entries_) {
    if (!f.held || IsUnchanged(path, f.hash, f.size)) continue;
    if (!EnsureTmpDir(err)) return Abort(), false;
    f.temp = tmp_dir_ + "/" + std::to_string(temp_counter_.fetch_add(1));
    if (!WriteFile(f.temp, f.bytes, err)) return Abort(), false;
    f.bytes.clear();
  }
  std::string manifest = ManifestText();
  bool changed = !had_manifest_ || repaired_ || clean_ || manifest != old_manifest_text_;
  for (const auto& [name, bytes] : new_aux_) {
    auto it = old_aux_.find(name);
    if (it == old_aux_.end() || it->second != bytes) changed = true;
  }
  if (!changed) {
    Abort();  // nothing to do: leave every file, the manifest included, untouched
    return true;
  }
  // The spare is brought to the new state; readers never look at it.
  if (!PrepareSpare(err)) return Abort(), false;
  std::string marker = spare_ + "/" + kMarkerName;
  if (!WriteFile(marker, "", err)) return Abort(), false;
  for (const auto& [path, f] : entries_) {
    std::string target = spare_ + "/" + path;
    if (!f.temp.empty()) {
      if (!EnsureParentDirs(spare_, path, err)) return Abort(), false;
      if (::rename(f.temp.c_str(), target.c_str()) != 0) {
        *err = "cannot rename into " + target + ": " + ErrnoText(errno);
        return Abort(), false;
      }
      ++stats->written;
      Step();
      continue;
    }
    // Unchanged: the spare must hold the visible tree's inode (its mtime).
    auto sp = spare_entries_.find(path);
    if (sp != spare_entries_.end() && sp->second.hash == f.hash && sp->second.size == f.size) continue;
    if (!EnsureParentDirs(spare_, path, err)) return Abort(), false;
    ::unlink(target.c_str());
    if (::link((visible_ + "/" + path).c_str(), target.c_str()) != 0) {
      // No hard links here (or the file went missing): copy its bytes.
      std::string bytes;
      if (!ReadWhole(visible_ + "/" + path, &bytes) || ContentHash::Of(bytes) != f.hash) {
        *err = "cannot link " + visible_ + "/" + path + " into " + spare_ + ": " + ErrnoText(errno);
        return Abort(), false;
      }
      if (!WriteFile(target, bytes, err)) return Abort(), false;
    }
    ++stats->linked;
    Step();
  }
  for (const auto& [path, e] : spare_entries_) {
    if (entries_.count(path)) continue;
    std::string full = spare_ + "/" + path;
    if (::unlink(full.c_str()) == 0) Step();
    PruneEmptyParents(spare_, ParentOf(full));
  }
  for (const auto& [path, e] : old_) stats->removed += entries_.count(path) ? 0 : 1;
  for (const auto& [name, bytes] : new_aux_) {
    if (!ReplaceFile(spare_ + "/" + name, bytes, err)) return Abort(), false;
  }
  if (!ReplaceFile(spare_ + "/" + kManifestName, manifest, err)) return Abort(), false;
  ::unlink(marker.c_str());
  Step();
  if (!Swap(stats, err)) return Abort(), false;
  done_ = true;
  Step();
  RemoveAll(tmp_dir_);
  // A clean build keeps nothing beside the output.
  if (clean_) RemoveAll(spare_);
  return true;
}

// The spare as a known tree: the one a previous swap left (its manifest says
// what it holds, unless a killed build was updating it), else an empty one.
bool TreeWriter::PrepareSpare(std::string* err) {
  spare_entries_.clear();
  if (Exists(spare_)) {
    if (!Exists(spare_ + "/" + kMarkerName) && !clean_ && IsDir(spare_) &&
        ReadManifestAt(spare_, &spare_entries_, nullptr)) {
      return true;
    }
    RemoveAll(spare_);
    spare_entries_.clear();
  }
  if (::mkdir(spare_.c_str(), 0755) != 0) {
    *err = "cannot create " + spare_ + ": " + ErrnoText(errno);
    return false;
  }
  return true;
}

bool TreeWriter::Swap(TreeWriteStats* stats, std::string* err) {
  if (via_symlink_) {
    stats->symlink = true;
    return PointSymlink(out_, BaseName(spare_), err);
  }
  int e = hooks_.no_exchange ? EINVAL : ExchangeDirs(spare_, visible_);
  if (e == 0) return true;
  if (!ExchangeUnsupported(e)) {
    *err = "cannot swap " + spare_ + " and " + out_ + ": " + ErrnoText(e);
    return false;
  }
  // No RENAME_EXCHANGE here: from now on the output is a link to one of two
  // trees. Turning the folder into a link takes two renames, once; in
  // between, the output is missing for an instant (never mixed).
  stats->symlink = true;
  std::string prefix = parent_ + "/." + BaseName(out_) + ".recipes-tree-";
  if (::rename(spare_.c_str(), (prefix + "a").c_str()) != 0) {
    *err = "cannot rename " + spare_ + ": " + ErrnoText(errno);
    return false;
  }
  std::string link_tmp = parent_ + "/." + BaseName(out_) + ".recipes-link";
  ::unlink(link_tmp.c_str());
  if (::symlink(("." + BaseName(out_) + ".recipes-tree-a").c_str(), link_tmp.c_str()) != 0 ||
      ::rename(out_.c_str(), (prefix + "b").c_str()) != 0 || ::rename(link_tmp.c_str(), out_.c_str()) != 0) {
    *err = "cannot replace " + out_ + " with a link: " + ErrnoText(errno);
    return false;
  }
  spare_ = prefix + "b";
  return true;
}

void TreeWriter::Abort() {
  if (done_) return;
  done_ = true;
  if (fresh_) RemoveAll(root_);
  if (Exists(tmp_dir_)) RemoveAll(tmp_dir_);
}

TreeWriter::~TreeWriter() {
  Abort();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace recipes
