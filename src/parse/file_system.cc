#include "parse/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "parse/embedded_catalog.h"

namespace recipes {

namespace {

std::string TooLarge(uint64_t bytes) {
  return "file too large (" + std::to_string(bytes) + " bytes; a catalog file may have at most " +
         std::to_string(FileSystem::kMaxFileBytes / (1024 * 1024)) + " MB)";
}

class DiskFileSystem : public FileSystem {
 public:
  explicit DiskFileSystem(std::string root) : root_(std::move(root)) {}

  Type Stat(const std::string& path) const override {
    struct stat st;
    if (::stat(Full(path).c_str(), &st) != 0) return Type::kMissing;
    if (S_ISREG(st.st_mode)) return Type::kFile;
    if (S_ISDIR(st.st_mode)) return Type::kDirectory;
    return Type::kOther;
  }

  bool List(const std::string& path, std::vector<Entry>* entries, std::string* err) const override {
    entries->clear();
    std::error_code ec;
    std::filesystem::directory_iterator it(Full(path), ec);
    if (ec) {
      *err = ec.message();
      return false;
    }
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      std::string child = path.empty() ? name : path + "/" + name;
      entries->push_back({name, Stat(child)});
    }
    if (ec) {
      *err = ec.message();
      return false;
    }
    std::sort(entries->begin(), entries->end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return true;
  }

  bool Read(const std::string& path, std::string* contents, std::string* err) const override {
    int fd = ::open(Full(path).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *err = std::strerror(errno);
      return false;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      *err = std::strerror(errno);
      ::close(fd);
      return false;
    }
    // Never read a huge file whole: a catalog file is a few KB.
    if (st.st_size > static_cast<off_t>(kMaxFileBytes)) {
      *err = TooLarge(static_cast<uint64_t>(st.st_size));
      ::close(fd);
      return false;
    }
    std::string out;
    out.resize(S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0);
    size_t have = 0;
    for (;;) {
      // The size may have changed since fstat: read until EOF, within the cap.
      if (have == out.size()) {
        if (out.size() > kMaxFileBytes) {
          *err = TooLarge(out.size());
          ::close(fd);
          return false;
        }
        out.resize(std::min(kMaxFileBytes + 1, std::max<size_t>(out.size() * 2, 4096)));
      }
      ssize_t n = ::read(fd, out.data() + have, out.size() - have);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        *err = std::strerror(errno);
        ::close(fd);
        return false;
      }
      if (n == 0) break;
      have += static_cast<size_t>(n);
    }
    ::close(fd);
    out.resize(have);
    *contents = std::move(out);
    return true;
  }

  std::string Identity(const std::string& path) const override {
    struct stat st;
    if (::stat(Full(path).c_str(), &st) != 0) return "";
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  }

 private:
  std::string Full(const std::string& path) const {
    if (path.empty()) return root_.empty() ? "." : root_;
    if (root_.empty() || path[0] == '/') return path;
    return root_ + "/" + path;
  }

  std::string root_;
};

class MemoryFileSystem : public FileSystem {
 public:
  explicit MemoryFileSystem(std::map<std::string, std::string_view> files, std::vector<std::string> owned = {})
      : owned_(std::move(owned)), files_(std::move(files)) {}

  Type Stat(const std::string& path) const override {
    if (path.empty()) return Type::kDirectory;
    if (files_.count(path)) return Type::kFile;
    auto it = files_.lower_bound(path + "/");
    if (it != files_.end() && it->first.compare(0, path.size() + 1, path + "/") == 0) return Type::kDirectory;
    return Type::kMissing;
  }

  bool List(const std::string& path, std::vector<Entry>* entries, std::string* err) const override {
    entries->clear();
    if (Stat(path) != Type::kDirectory) {
      *err = "No such file or directory";
      return false;
    }
    std::string prefix = path.empty() ? "" : path + "/";
    std::set<std::string> seen;
    for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
      std::string rest = it->first.substr(prefix.size());
      size_t slash = rest.find('/');
      std::string name = rest.substr(0, slash);
      if (seen.insert(name).second) {
        entries->push_back({name, slash == std::string::npos ? Type::kFile : Type::kDirectory});
      }
    }
    std::sort(entries->begin(), entries->end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return true;
  }

  bool Read(const std::string& path, std::string* contents, std::string* err) const override {
    auto it = files_.find(path);
    if (it == files_.end()) {
      *err = "No such file or directory";
      return false;
    }
    *contents = std::string(it->second);
    return true;
  }

 private:
  std::vector<std::string> owned_;  // backing storage for views (memory file systems)
  std::map<std::string, std::string_view> files_;
};

}  // namespace

std::unique_ptr<FileSystem> NewDiskFileSystem(std::string root) {
  return std::make_unique<DiskFileSystem>(std::move(root));
}

std::unique_ptr<FileSystem> NewMemoryFileSystem(std::map<std::string, std::string> files) {
  std::vector<std::string> owned;
  owned.reserve(files.size());
  std::map<std::string, std::string_view> views;
  for (auto& [path, text] : files) {
    owned.push_back(std::move(text));
  }
  size_t i = 0;
  for (auto& [path, text] : files) views.emplace(path, owned[i++]);
  return std::make_unique<MemoryFileSystem>(std::move(views), std::move(owned));
}

std::unique_ptr<FileSystem> NewEmbeddedCatalogFileSystem() {
  std::map<std::string, std::string_view> views;
  for (const EmbeddedFile& f : EmbeddedCatalogFiles()) views.emplace(f.path, std::string_view(f.data, f.size));
  return std::make_unique<MemoryFileSystem>(std::move(views));
}

}  // namespace recipes
