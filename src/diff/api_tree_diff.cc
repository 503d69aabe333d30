#include "diff/api_tree_diff.h"

#include <nlohmann/json.hpp>

#include <set>

#include "api/api_builder.h"

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

ApiTreeDiff DiffApiTrees(const MemoryApiSink::Files& base, const MemoryApiSink::Files& head, size_t max_json_paths) {
  ApiTreeDiff d;
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
        c.json_paths = ChangedJsonPaths(b->second, h->second, max_json_paths, &c.json_paths_truncated);
        d.changed.push_back(std::move(c));
      }
      ++b;
      ++h;
    }
  }
  return d;
}

}  // namespace recipes
