#include "api/input_stamp.h"

#include <sys/stat.h>

#include <string_view>

#include "api/content_hash.h"

namespace recipes {

namespace {

constexpr const char* kHeader = "recipes-inputs 1";

struct FileStat {
  bool ok = false;
  uint64_t size = 0, ino = 0;
  int64_t mtime_ns = 0;
  bool operator==(const FileStat& o) const {
    return ok && o.ok && size == o.size && ino == o.ino && mtime_ns == o.mtime_ns;
  }
};

FileStat StatOf(const std::string& full) {
  FileStat f;
  struct stat st;
  if (::stat(full.c_str(), &st) != 0) return f;
  f.ok = true;
  f.size = static_cast<uint64_t>(st.st_size);
  f.ino = static_cast<uint64_t>(st.st_ino);
  f.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return f;
}

std::string FullPath(const std::string& root, const std::string& path) {
  if (path.empty()) return root.empty() ? "." : root;
  if (root.empty() || path[0] == '/') return path;
  return root + "/" + path;
}

std::string ListingHash(const std::vector<FileSystem::Entry>& entries) {
  std::string all;
  for (const FileSystem::Entry& e : entries) {
    all += e.name;
    all += '\t';
    all += std::to_string(static_cast<int>(e.type));
    all += '\n';
  }
  return ContentHash::Of(all).Hex();
}

bool OneLine(const std::string& s) { return s.find('\n') == std::string::npos; }

// Splits off the next space-separated field of `line`.
std::string_view Field(std::string_view* line) {
  size_t sp = line->find(' ');
  std::string_view f = line->substr(0, sp);
  *line = sp == std::string_view::npos ? std::string_view() : line->substr(sp + 1);
  return f;
}

}  // namespace

std::string BinaryIdentity() {
  // A rebuilt `recipes` may render differently; its identity (device, inode,
  // size, mtime) changes whenever it is rebuilt or replaced.
  struct stat st;
  if (::stat("/proc/self/exe", &st) != 0) return "unknown";
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

FileSystem::Type InputRecorder::Stat(const std::string& path) const {
  Type t = inner_.Stat(path);
  std::lock_guard<std::mutex> lock(mu_);
  lines_["S " + path] = "S " + std::to_string(static_cast<int>(t)) + " " + path;
  return t;
}

bool InputRecorder::List(const std::string& path, std::vector<Entry>* entries, std::string* err) const {
  bool ok = inner_.List(path, entries, err);
  std::lock_guard<std::mutex> lock(mu_);
  lines_["L " + path] = "L " + (ok ? ListingHash(*entries) : std::string("-")) + " " + path;
  return ok;
}

bool InputRecorder::Read(const std::string& path, std::string* contents, std::string* err) const {
  // Stat before and after: a file that changes while it is read is recorded
  // with no usable stat, so the next check hashes it.
  FileStat before = root_.empty() ? FileStat() : StatOf(FullPath(root_, path));
  bool ok = inner_.Read(path, contents, err);
  FileStat after = root_.empty() ? FileStat() : StatOf(FullPath(root_, path));
  if (!(before == after)) after = FileStat();
  std::string hash = ok ? ContentHash::Of(*contents).Hex() : "-";
  std::lock_guard<std::mutex> lock(mu_);
  lines_["R " + path] = "R " + std::to_string(after.size) + " " + std::to_string(after.mtime_ns) + " " +
                        std::to_string(after.ino) + " " + hash + " " + path;
  return ok;
}

std::string InputRecorder::Stamp(const std::string& out, const std::string& err) const {
  std::string s = std::string(kHeader) + "\nbinary " + BinaryIdentity() + "\n";
  if (!OneLine(root_)) return s + "unusable\n";
  s += "root " + root_ + "\n";
  s += "out " + std::to_string(out.size()) + "\n" + out + "\n";
  s += "err " + std::to_string(err.size()) + "\n" + err + "\n";
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, line] : lines_) {
    if (!OneLine(line)) return s + "unusable\n";
    s += line;
    s += '\n';
  }
  return s + "end\n";
}

StampCheck CheckStamp(const std::string& stamp, const std::string& root) {
  StampCheck c;
  std::string_view rest(stamp);
  auto next_line = [&](std::string_view* line) {
    if (rest.empty()) return false;
    size_t nl = rest.find('\n');
    *line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    return true;
  };
  // "out <n>\n<n bytes>\n"
  auto block = [&](std::string_view name, std::string* into) {
    std::string_view line;
    if (!next_line(&line) || line.substr(0, name.size() + 1) != std::string(name) + " ") return false;
    size_t n = std::strtoull(std::string(line.substr(name.size() + 1)).c_str(), nullptr, 10);
    if (rest.size() < n + 1 || rest[n] != '\n') return false;
    into->assign(rest.substr(0, n));
    rest = rest.substr(n + 1);
    return true;
  };
  std::string_view line;
  if (!next_line(&line) || line != kHeader) return c.why = "no stamp of the last build", c;
  if (!next_line(&line) || line != "binary " + BinaryIdentity()) return c.why = "the recipes binary changed", c;
  if (!next_line(&line) || line != "root " + root) return c.why = "another catalog folder", c;
  if (!block("out", &c.out) || !block("err", &c.err)) return c.why = "a damaged stamp", c;
  std::unique_ptr<FileSystem> disk = root.empty() ? NewEmbeddedCatalogFileSystem() : NewDiskFileSystem(root);
  std::vector<FileSystem::Entry> entries;
  while (next_line(&line)) {
    if (line == "end") {
      c.unchanged = rest.empty();
      if (!c.unchanged) c.why = "a damaged stamp";
      return c;
    }
    ++c.checked;
    std::string_view kind = Field(&line);
    if (kind == "S") {
      std::string_view type = Field(&line);
      if (std::to_string(static_cast<int>(disk->Stat(std::string(line)))) != type) {
        return c.why = std::string(line) + " appeared, disappeared or changed type", c;
      }
    } else if (kind == "L") {
      std::string_view hash = Field(&line);
      std::string err;
      bool ok = disk->List(std::string(line), &entries, &err);
      if ((ok ? ListingHash(entries) : std::string("-")) != hash) {
        return c.why = "the entries of " + std::string(line.empty() ? "the catalog folder" : line) + " changed", c;
      }
    } else if (kind == "R") {
      std::string_view size = Field(&line), mtime = Field(&line), ino = Field(&line), hash = Field(&line);
      std::string path(line);
      FileStat now = root.empty() ? FileStat() : StatOf(FullPath(root, path));
      if (now.ok && std::to_string(now.size) == size && std::to_string(now.mtime_ns) == mtime &&
          std::to_string(now.ino) == ino && hash != "-") {
        continue;
      }
      // The stat differs (or was never usable): the bytes decide.
      std::string bytes, err;
      bool ok = disk->Read(path, &bytes, &err);
      if ((ok ? ContentHash::Of(bytes).Hex() : std::string("-")) != hash) return c.why = path + " changed", c;
      ++c.rehashed;
    } else {
      return c.why = "a damaged stamp", c;
    }
  }
  c.why = "a damaged stamp";
  return c;
}

}  // namespace recipes
