#include "diff/api_tree_diff.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <unordered_map>

#include "api/api_builder.h"
#include "api/api_plan.h"
#include "api/variant_rendering.h"
#include "render/json_writer.h"

namespace recipes {

namespace {

using Json = nlohmann::ordered_json;

bool PlainKey(const std::string& k) {
  if (k.empty()) return false;
  for (char c : k) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

std::string Child(const std::string& path, const std::string& key) {
  if (PlainKey(key)) return path.empty() ? key : path + "." + key;
  return path + "[" + Json(key).dump() + "]";
}

bool AllScalars(const Json& a) {
  for (const Json& e : a) {
    if (e.is_structured()) return false;
  }
  return true;
}

// A member every element of both arrays has, as a distinct string:
// "hf_id", "id" or "name"; "" when there is none.
std::string IdentityKey(const Json& a, const Json& b) {
  for (const char* key : {"hf_id", "id", "name"}) {
    std::set<std::string> seen_a, seen_b;
    bool ok = !(a.empty() && b.empty());
    for (const Json* arr : {&a, &b}) {
      auto& seen = arr == &a ? seen_a : seen_b;
      for (const Json& e : *arr) {
        if (!ok) break;
        auto it = e.is_object() ? e.find(key) : e.end();
        ok = e.is_object() && it != e.end() && it->is_string() && seen.insert(it->get<std::string>()).second;
      }
    }
    if (ok) return key;
  }
  return "";
}

const Json* Find(const Json& arr, const std::string& key, const Json& id) {
  for (const Json& e : arr) {
    if (e[key] == id) return &e;
  }
  return nullptr;
}

struct Walker {
  size_t max;
  std::vector<std::string>* out;
  bool* truncated;

  void Add(const std::string& path) {
    if (out->size() < max) {
      out->push_back(path.empty() ? "$" : path);
    } else {
      *truncated = true;
    }
  }

  void Walk(const Json& a, const Json& b, const std::string& path) {
    if (*truncated) return;
    if (a.is_object() && b.is_object()) {
      for (auto it = b.begin(); it != b.end(); ++it) {
        auto old = a.find(it.key());
        if (old == a.end()) {
          Add(Child(path, it.key()));
        } else {
          Walk(*old, it.value(), Child(path, it.key()));
        }
      }
      for (auto it = a.begin(); it != a.end(); ++it) {
        if (!b.contains(it.key())) Add(Child(path, it.key()));
      }
      return;
    }
    if (a.is_array() && b.is_array()) {
      if (std::string id = IdentityKey(a, b); !id.empty()) {
        // Entries with an id (models.json): matched by it, so one insertion
        // does not shift every later index.
        auto name = [&](const Json& e) { return path + "[" + id + "=" + e[id].get<std::string>() + "]"; };
        for (const Json& e : b) {
          const Json* old = Find(a, id, e[id]);
          if (!old) {
            Add(name(e));
          } else {
            Walk(*old, e, name(e));
          }
        }
        for (const Json& e : a) {
          if (!Find(b, id, e[id])) Add(name(e));
        }
        return;
      }
    }
    if (a.is_array() && b.is_array() && !(AllScalars(a) && AllScalars(b))) {
      size_t n = std::max(a.size(), b.size());
      for (size_t i = 0; i < n; ++i) {
        std::string p = path + "[" + std::to_string(i) + "]";
        if (i >= a.size() || i >= b.size()) {
          Add(p);
        } else {
          Walk(a[i], b[i], p);
        }
      }
      return;
    }
    if (a != b) Add(path);
  }
};

}  // namespace

bool BuildApiTree(const Catalog& catalog, int threads, MemoryApiSink::Files* files, std::string* err) {
  MemoryApiSink sink;
  ApiBuildOptions options;
  options.threads = threads;
  ApiBuildResult result = BuildApi(catalog, &sink, options);
  if (!result.errors.empty()) {
    *err = std::to_string(result.errors.size()) + " error(s) stop the API build; the first: " +
           result.errors.front().message;
    return false;
  }
  if (!result.write_error.empty()) {
    *err = result.write_error;
    return false;
  }
  *files = sink.Take();
  return true;
}

namespace {

const std::string& Text(const Value& doc) {
  static const std::string kEmpty;
  return doc.pos().source ? doc.pos().source->text : kEmpty;
}

// Everything a recipe's files read besides the recipe itself and the set of
// recipe ids.
std::string SharedInput(const Catalog& c) {
  std::string s = Text(c.taxonomy);
  s += '\0' + std::string(c.has_platforms ? "1" : "0") + Text(c.platforms) + '\0';
  s += std::string(c.has_strategies_dir ? "1" : "0") + (c.has_kv_store_dir ? "1" : "0");
  for (const auto* docs : {&c.strategies, &c.kv_stores}) {
    for (const StrategyDoc& d : *docs) s += d.path + '\0' + Text(d.doc) + '\0';
    s += '\1';
  }
  return s;
}

// The output ids a recipe writes under: its own and its variants' checkpoints.
std::vector<std::string> OutputIds(const Recipe& r) {
  std::vector<std::string> ids{r.hf_id};
  const Value* variants = r.doc.Get("variants");
  if (variants && variants->is_object()) {
    for (const auto& [key, v] : variants->members()) {
      const Value* mid = v.Get("model_id");
      if (mid && mid->is_string() && mid->str().find('/') != std::string::npos) ids.push_back(mid->str());
    }
  }
  return ids;
}

bool Overlap(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const std::string& s = a.size() < b.size() ? a : b;
  const std::string& l = a.size() < b.size() ? b : a;
  return l.size() > s.size() && l.compare(0, s.size(), s) == 0 && l[s.size()] == '/';
}

// A catalog holding only `keep`'s recipes (walk order kept) and the shared
// documents; values still point into `c`'s sources.
std::unique_ptr<Catalog> Subset(const Catalog& c, const std::set<std::string>& keep) {
  auto out = std::make_unique<Catalog>();
  for (const Recipe& r : c.recipes) {
    if (keep.count(r.path)) out->recipes.push_back(r);
  }
  out->strategies = c.strategies;
  out->kv_stores = c.kv_stores;
  out->taxonomy = c.taxonomy;
  out->platforms = c.platforms;
  out->has_platforms = c.has_platforms;
  out->has_strategies_dir = c.has_strategies_dir;
  out->has_kv_store_dir = c.has_kv_store_dir;
  return out;
}

}  // namespace

std::string ModelsJson(const Catalog& catalog, const std::set<std::string>* render_only) {
  std::set<std::string> hf_ids;
  for (const Recipe& r : catalog.recipes) hf_ids.insert(r.hf_id);
  ArrayItems models, promoted_entries;
  for (const Recipe& r : catalog.recipes) {
    std::vector<std::pair<std::string, std::string>> promoted;  // variant key, checkpoint id
    const Value* variants = r.doc.Get("variants");
    if (variants && variants->is_object() && !IsOmniRecipe(r.doc)) {
      VariantRenderer renderer(catalog, r);
      renderer.set_resolve_only(true);
      for (const auto& [key, v] : variants->members()) {
        const Value* mid = v.Get("model_id");
        if (!mid || !mid->is_string() || mid->str().find('/') == std::string::npos) continue;
        if (hf_ids.count(mid->str())) continue;  // collides with a recipe: not promoted
        // Promoted when its tree renders, i.e. its default hardware does.
        auto rendered = [&renderer, &id = key] {  // an init-capture: clang 14 can't capture a binding
          std::vector<std::string> hw = renderer.HardwareIds(id);
          std::vector<std::string> warnings;
          return !hw.empty() && renderer.Render(id, hw[0], &warnings).has_value();
        };
        if (render_only && !render_only->count(r.path) ? true : rendered()) promoted.emplace_back(key, mid->str());
      }
    }
    api_build::AddModelsEntries(r, promoted, &models, &promoted_entries);
  }
  return api_build::ModelsJsonText(std::move(models), std::move(promoted_entries));
}

bool BuildApiTreesForDiff(const Catalog& base, const Catalog& head, int threads, MemoryApiSink::Files* base_files,
                          MemoryApiSink::Files* head_files, std::string* err) {
  std::string eb, eh;
  if (SharedInput(base) != SharedInput(head)) {
    bool ok_b = BuildApiTree(base, threads, base_files, &eb);
    bool ok_h = BuildApiTree(head, threads, head_files, &eh);
    if (!ok_b) *err = "base: " + eb;
    if (!ok_h) *err += (err->empty() ? "head: " : "; head: ") + eh;
    return ok_b && ok_h;
  }
  // Recipes whose text differs or that exist on one side only...
  std::unordered_map<std::string, const Recipe*> in_base, in_head;
  for (const Recipe& r : base.recipes) in_base.emplace(r.path, &r);
  for (const Recipe& r : head.recipes) in_head.emplace(r.path, &r);
  std::set<std::string> keep;
  std::vector<std::string> ids;
  // A path joins with both sides' versions of its recipe.
  auto take = [&](const std::string& path) {
    keep.insert(path);
    for (const auto* side : {&in_base, &in_head}) {
      auto it = side->find(path);
      if (it == side->end()) continue;
      for (std::string& id : OutputIds(*it->second)) ids.push_back(std::move(id));
    }
  };
  for (const Recipe& r : base.recipes) {
    auto it = in_head.find(r.path);
    if (it == in_head.end() || Text(it->second->doc) != Text(r.doc)) take(r.path);
  }
  for (const Recipe& r : head.recipes) {
    auto it = in_base.find(r.path);
    if (it == in_base.end() || Text(it->second->doc) != Text(r.doc)) take(r.path);
  }
  // ...and every recipe that writes under one of their ids, on either side,
  // until nothing more joins.
  for (bool grew = true; grew;) {
    grew = false;
    for (const Catalog* c : {&base, &head}) {
      for (const Recipe& r : c->recipes) {
        if (keep.count(r.path)) continue;
        bool shares = false;
        for (const std::string& mine : OutputIds(r)) {
          for (size_t i = 0; i < ids.size() && !shares; ++i) shares = Overlap(mine, ids[i]);
        }
        if (shares) {
          take(r.path);
          grew = true;
        }
      }
    }
  }
  auto sub_b = Subset(base, keep), sub_h = Subset(head, keep);
  bool ok_b = BuildApiTree(*sub_b, threads, base_files, &eb);
  bool ok_h = BuildApiTree(*sub_h, threads, head_files, &eh);
  if (!ok_b) *err = "base: " + eb;
  if (!ok_h) *err += (err->empty() ? "head: " : "; head: ") + eh;
  if (!ok_b || !ok_h) return false;
  // The index lists every recipe: composed for the whole catalog.
  (*base_files)["models.json"] = ModelsJson(base, &keep);
  (*head_files)["models.json"] = ModelsJson(head, &keep);
  return true;
}

std::vector<std::string> ChangedJsonPaths(std::string_view before, std::string_view after, size_t max,
                                          bool* truncated) {
  *truncated = false;
  std::vector<std::string> out;
  Json a = Json::parse(before, nullptr, false);
  Json b = Json::parse(after, nullptr, false);
  if (a.is_discarded() || b.is_discarded()) {
    out.push_back("$");
    return out;
  }
  Walker w{max, &out, truncated};
  w.Walk(a, b, "");
  return out;
}

ApiTreeDiff DiffApiTrees(const MemoryApiSink::Files& base, const MemoryApiSink::Files& head, size_t max_json_paths,
                         int threads) {
  ApiTreeDiff d;
  // Parsing is the slow part of a change that touches every file; past this
  // many bytes the changed files are listed without their JSON paths.
  constexpr size_t kJsonPathBudget = 24u << 20;
  size_t parsed = 0;
  std::vector<std::pair<const std::string*, const std::string*>> to_parse;  // index-aligned with d.changed
  auto b = base.begin();
  auto h = head.begin();
  while (b != base.end() || h != head.end()) {
    if (h == head.end() || (b != base.end() && b->first < h->first)) {
      d.removed.push_back(b->first);
      ++b;
    } else if (b == base.end() || h->first < b->first) {
      d.added.push_back(h->first);
      ++h;
    } else {
      if (b->second != h->second) {
        ApiFileChange c;
        c.path = h->first;
        if (parsed < kJsonPathBudget) {
          parsed += b->second.size() + h->second.size();
          to_parse.emplace_back(&b->second, &h->second);
        } else {
          c.json_paths_truncated = true;  // over the budget: named, not looked into
          to_parse.emplace_back(nullptr, nullptr);
        }
        d.changed.push_back(std::move(c));
      }
      ++b;
      ++h;
    }
  }
  // The JSON paths of each changed file are independent: worked out on
  // `threads` threads, each file by one.
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < to_parse.size();) {
      if (!to_parse[i].first) continue;
      ApiFileChange& c = d.changed[i];
      c.json_paths = ChangedJsonPaths(*to_parse[i].first, *to_parse[i].second, max_json_paths, &c.json_paths_truncated);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads && static_cast<size_t>(t) < to_parse.size(); ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return d;
}

}  // namespace recipes
