#include "api/build_cache.h"

#include "api/input_stamp.h"

#include <sys/stat.h>

#include <string_view>

namespace recipes {

namespace {

std::string SourceText(const Value& doc) {
  const Source* s = doc.pos().source;
  return s ? s->path + "\n" + s->text : std::string();
}

bool OneLine(const std::string& s) { return s.find('\n') == std::string::npos && s.find('\t') == std::string::npos; }

size_t ToSize(const std::string& s) { return static_cast<size_t>(std::strtoull(s.c_str(), nullptr, 10)); }

}  // namespace

ContentHash BuildCache::GlobalKey(const Catalog& catalog) {
  std::string all = "recipes-cache-key 1\n";
  all += BinaryIdentity();  // a rebuilt `recipes` may render differently
  all += "\n" + SourceText(catalog.taxonomy);
  all += "\n" + SourceText(catalog.platforms);
  all += catalog.has_platforms ? "\nplatforms" : "\nno platforms";
  for (const StrategyDoc& d : catalog.strategies) all += "\n" + SourceText(d.doc);
  all += "\nkv";
  for (const StrategyDoc& d : catalog.kv_stores) all += "\n" + SourceText(d.doc);
  // The set and order of recipes decide collisions and later-wins outcomes.
  all += "\nrecipes";
  for (const Recipe& r : catalog.recipes) all += "\n" + r.path + "\t" + r.hf_id;
  return ContentHash::Of(all);
}

ContentHash BuildCache::RecipeKey(const Recipe& recipe) { return ContentHash::Of(SourceText(recipe.doc)); }

std::string BuildCache::Serialize(const ContentHash& global,
                                  const std::vector<std::pair<std::string, const RecipeRecord*>>& records) {
  std::string out = "recipes-cache 1 " + global.Hex() + "\n";
  for (const auto& [path, r] : records) {
    bool ok = OneLine(path);
    for (const std::string& w : r->warnings) ok = ok && OneLine(w);
    for (const auto& [v, m] : r->promoted) ok = ok && OneLine(v) && OneLine(m);
    for (const FileOp& op : r->ops) ok = ok && OneLine(op.path);
    if (!ok) continue;
    out += "R\t" + r->input.Hex() + "\t" + (r->has_recommended ? "1" : "0") + "\t" + std::to_string(r->alternatives) +
           "\t" + std::to_string(r->per_hw) + "\t" + path + "\n";
    for (const FileOp& op : r->ops) {
      if (op.remove_dir) {
        out += "D\t" + op.path + "\n";
      } else {
        out += "F\t" + op.hash.Hex() + "\t" + std::to_string(op.size) + "\t" + op.path + "\n";
      }
    }
    for (const std::string& w : r->warnings) out += "W\t" + w + "\n";
    for (const auto& [v, m] : r->promoted) out += "P\t" + v + "\t" + m + "\n";
  }
  out += "end\n";
  return out;
}

bool BuildCache::Parse(const std::string& text, const ContentHash& global,
                       std::unordered_map<std::string, RecipeRecord>* records) {
  records->clear();
  std::string_view rest(text);
  auto next_line = [&](std::string_view* line) {
    if (rest.empty()) return false;
    size_t nl = rest.find('\n');
    *line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    return true;
  };
  std::string_view line;
  if (!next_line(&line) || line != "recipes-cache 1 " + global.Hex()) return false;
  RecipeRecord* current = nullptr;
  auto fail = [&] {
    records->clear();
    return false;
  };
  std::vector<std::string_view> f;
  while (next_line(&line)) {
    if (line == "end") return true;
    f.clear();
    for (size_t start = 0;;) {
      size_t tab = line.find('\t', start);
      f.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (f[0] == "R" && f.size() == 6) {
      RecipeRecord r;
      if (!ContentHash::FromHex(f[1], &r.input)) return fail();
      r.has_recommended = f[2] == "1";
      r.alternatives = ToSize(std::string(f[3]));
      r.per_hw = ToSize(std::string(f[4]));
      current = &((*records)[std::string(f[5])] = std::move(r));
    } else if (!current) {
      return fail();
    } else if (f[0] == "D" && f.size() == 2) {
      FileOp op;
      op.remove_dir = true;
      op.path = f[1];
      current->ops.push_back(std::move(op));
    } else if (f[0] == "F" && f.size() == 4) {
      FileOp op;
      if (!ContentHash::FromHex(f[1], &op.hash)) return fail();
      op.size = ToSize(std::string(f[2]));
      op.path = f[3];
      current->ops.push_back(std::move(op));
    } else if (f[0] == "W" && f.size() == 2) {
      current->warnings.emplace_back(f[1]);
    } else if (f[0] == "P" && f.size() == 3) {
      current->promoted.emplace_back(std::string(f[1]), std::string(f[2]));
    } else {
      return fail();
    }
  }
  return fail();  // no "end": a cut-off file
}

}  // namespace recipes
