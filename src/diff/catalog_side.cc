#include "diff/catalog_side.h"

#include <filesystem>

#include "api/api_builder.h"

namespace recipes {

bool ParseSideSpec(const std::string& text, const std::string& default_subdir, SideSpec* out, std::string* err) {
  *out = SideSpec();
  out->text = text;
  if (text.rfind("git:", 0) != 0) {
    out->folder = text;
    return true;
  }
  std::string rest = text.substr(4);
  GitLocation loc;
  size_t colon = rest.find(':');
  loc.rev = rest.substr(0, colon);
  loc.subdir = colon == std::string::npos ? default_subdir : rest.substr(colon + 1);
  if (loc.rev.empty()) {
    *err = "'" + text + "' names no revision (write git:REV or git:REV:SUBDIR, e.g. git:origin/main)";
    return false;
  }
  out->git = loc;
  return true;
}

std::string SubdirInRepository(const std::string& dir) {
  std::string top = GitWorkdirOf(dir);
  if (top.empty()) return "";
  std::error_code ec;
  std::filesystem::path here = std::filesystem::weakly_canonical(dir, ec);
  if (ec) return "";
  std::filesystem::path rel = here.lexically_relative(top);
  std::string s = rel.generic_string();
  if (s == "." || s.rfind("..", 0) == 0) return "";
  return s;
}

LoadedSide LoadSide(const SideSpec& spec) {
  LoadedSide side;
  side.label = spec.text;
  if (spec.git) {
    side.fs = NewGitFileSystem(*spec.git, &side.open_error);
    if (!side.fs) {
      side.loaded.catalog = std::make_unique<Catalog>();
      return side;
    }
  } else {
    std::error_code ec;
    if (!std::filesystem::is_directory(spec.folder, ec)) {
      side.open_error = "no catalog folder at '" + spec.folder + "'";
      side.loaded.catalog = std::make_unique<Catalog>();
      return side;
    }
    side.fs = NewDiskFileSystem(spec.folder);
  }
  side.loaded = LoadCatalog(*side.fs);
  for (Diagnostic& d : side.loaded.diagnostics) {
    if (d.is_error()) {
      side.errors.push_back(d);
    } else {
      ++side.warnings;
    }
  }
  // What the API builder refuses (the validator's errors among them).
  for (Diagnostic& d : CheckCatalogForApi(*side.loaded.catalog)) side.errors.push_back(std::move(d));
  return side;
}

}  // namespace recipes
