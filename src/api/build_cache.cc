#include "api/build_cache.h"

#include <fstream>
#include <sstream>

namespace recipes {

namespace {

std::string SourceText(const Value& doc) {
  const Source* s = doc.pos().source;
  return s ? s->path + "\n" + s->text : std::string();
}

// The running binary: a rebuilt `recipes` may render differently.
std::string ExecutableBytes() {
  std::ifstream in("/proc/self/exe", std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool OneLine(const std::string& s) { return s.find('\n') == std::string::npos && s.find('\t') == std::string::npos; }

size_t ToSize(const std::string& s) { return static_cast<size_t>(std::strtoull(s.c_str(), nullptr, 10)); }

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

}  // namespace

ContentHash BuildCache::GlobalKey(const Catalog& catalog) {
  std::string all = "recipes-cache-key 1\n";
  all += ContentHash::Of(ExecutableBytes()).Hex();
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
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != "recipes-cache 1 " + global.Hex()) return false;
  RecipeRecord* current = nullptr;
  bool ended = false;
  auto fail = [&] {
    records->clear();
    return false;
  };
  while (std::getline(in, line)) {
    if (line == "end") {
      ended = true;
      break;
    }
    std::vector<std::string> f = SplitTabs(line);
    if (f[0] == "R" && f.size() == 6) {
      RecipeRecord r;
      if (!ContentHash::FromHex(f[1], &r.input)) return fail();
      r.has_recommended = f[2] == "1";
      r.alternatives = ToSize(f[3]);
      r.per_hw = ToSize(f[4]);
      current = &((*records)[f[5]] = std::move(r));
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
      op.size = ToSize(f[2]);
      op.path = f[3];
      current->ops.push_back(std::move(op));
    } else if (f[0] == "W" && f.size() == 2) {
      current->warnings.push_back(f[1]);
    } else if (f[0] == "P" && f.size() == 3) {
      current->promoted.emplace_back(f[1], f[2]);
    } else {
      return fail();
    }
  }
  return ended ? true : fail();
}

}  // namespace recipes
