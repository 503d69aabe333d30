#include "parse/catalog_loader.h"

#include <set>

#include "parse/yaml.h"

namespace recipes {

namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class Loader {
 public:
  Loader(const FileSystem& fs, Catalog* catalog, Diagnostics* diags) : fs_(fs), catalog_(catalog), diags_(diags) {}

  void Run() {
    LoadTaxonomy();
    if (fs_.Stat("platforms.yaml") == FileSystem::Type::kFile) {
      catalog_->has_platforms = LoadMap("platforms.yaml", &catalog_->platforms);
    }
    catalog_->has_strategies_dir = LoadStrategyDir("strategies", &catalog_->strategies);
    catalog_->has_kv_store_dir = LoadStrategyDir("kv_store", &catalog_->kv_stores);
    if (fs_.Stat("models") != FileSystem::Type::kDirectory) {
      diags_->push_back(Diagnostic::FileError("models", "missing directory: a catalog keeps its recipes under models/"));
      return;
    }
    std::set<std::string> ancestors;
    WalkModels("models", "", &ancestors);
  }

 private:
  // Reads and parses `path`; the document must be a map. Returns false (with
  // diagnostics) otherwise.
  bool LoadMap(const std::string& path, Value* out) {
    std::string text, err;
    if (!fs_.Read(path, &text, &err)) {
      diags_->push_back(Diagnostic::FileError(path, "cannot read: " + err));
      return false;
    }
    const Source* source = catalog_->AddSource(path, std::move(text));
    Value doc;
    if (!ParseYaml(*source, &doc, diags_)) return false;
    if (!doc.is_object()) {
      Pos pos = doc.pos().known() ? doc.pos() : Pos{source, 1, 1};
      std::string what = doc.is_null() ? "an empty document" : std::string("a ") + Value::KindName(doc.kind());
      diags_->push_back(Diagnostic::Error(pos, "expected a map at the top level, found " + what));
      return false;
    }
    *out = std::move(doc);
    return true;
  }

  void LoadTaxonomy() {
    if (fs_.Stat("taxonomy.yaml") != FileSystem::Type::kFile) {
      diags_->push_back(Diagnostic::FileError(
          "taxonomy.yaml", "missing file: the catalog needs taxonomy.yaml (hardware profiles, tasks, kv offload)"));
      return;
    }
    LoadMap("taxonomy.yaml", &catalog_->taxonomy);
  }

  bool LoadStrategyDir(const std::string& dir, std::vector<StrategyDoc>* out) {
    if (fs_.Stat(dir) != FileSystem::Type::kDirectory) {
      diags_->push_back(Diagnostic::FileError(dir, "missing directory: the catalog needs " + dir + "/"));
      return false;
    }
    std::vector<FileSystem::Entry> entries;
    std::string err;
    if (!fs_.List(dir, &entries, &err)) {
      diags_->push_back(Diagnostic::FileError(dir, "cannot list: " + err));
      return false;
    }
    for (const auto& e : entries) {
      if (!EndsWith(e.name, ".yaml") || e.type == FileSystem::Type::kDirectory) continue;
      std::string path = dir + "/" + e.name;
      Value doc;
      if (!LoadMap(path, &doc)) continue;
      const Value* name = doc.Get("name");
      if (!name || !name->is_string() || name->str().empty()) {
        diags_->push_back(Diagnostic::Error(name ? name->pos() : Pos{doc.pos().source, 1, 1},
                                            "expected a string 'name': files here are keyed by it"));
        continue;
      }
      out->push_back(StrategyDoc{name->str(), path, std::move(doc)});
    }
    return true;
  }

  // Depth-first, byte order of names, directories and files interleaved
  // (recipe-format.md §1). `org` is the first directory under models/.
  void WalkModels(const std::string& dir, const std::string& org, std::set<std::string>* ancestors) {
    std::string id = fs_.Identity(dir);
    if (!id.empty() && !ancestors->insert(id).second) {
      diags_->push_back(Diagnostic::FileError(dir, "symbolic link loop: this directory contains itself"));
      return;
    }
    std::vector<FileSystem::Entry> entries;
    std::string err;
    if (!fs_.List(dir, &entries, &err)) {
      diags_->push_back(Diagnostic::FileError(dir, "cannot list: " + err));
    } else {
      for (const auto& e : entries) {
        std::string path = dir + "/" + e.name;
        bool recipe_name = EndsWith(e.name, ".yaml") || EndsWith(e.name, ".yml");
        switch (e.type) {
          case FileSystem::Type::kDirectory:
            WalkModels(path, org.empty() ? e.name : org, ancestors);
            break;
          case FileSystem::Type::kFile:
            if (!recipe_name) break;
            if (org.empty()) {
              diags_->push_back(Diagnostic::FileError(
                  path, "a recipe must live in models/<org>/, not directly in models/"));
              break;
            }
            LoadRecipe(path, org, e.name);
            break;
          case FileSystem::Type::kMissing:
            diags_->push_back(Diagnostic::FileError(path, "broken symbolic link or link loop"));
            break;
          case FileSystem::Type::kOther:
            if (recipe_name) diags_->push_back(Diagnostic::FileError(path, "not a regular file"));
            break;
        }
      }
    }
    if (!id.empty()) ancestors->erase(id);
  }

  void LoadRecipe(const std::string& path, const std::string& org, const std::string& file) {
    Value doc;
    if (!LoadMap(path, &doc)) return;
    std::string repo = file.substr(0, file.size() - (EndsWith(file, ".yml") ? 4 : 5));
    catalog_->recipes.push_back(Recipe{org + "/" + repo, path, std::move(doc)});
  }

  const FileSystem& fs_;
  Catalog* catalog_;
  Diagnostics* diags_;
};

}  // namespace

LoadResult LoadCatalog(const FileSystem& fs) {
  LoadResult result;
  result.catalog = std::make_unique<Catalog>();
  Loader(fs, result.catalog.get(), &result.diagnostics).Run();
  return result;
}

LoadResult LoadCatalogFrom(const std::string& dir) {
  if (dir.empty()) return LoadCatalog(*NewEmbeddedCatalogFileSystem());
  return LoadCatalog(*NewDiskFileSystem(dir));
}

}  // namespace recipes
