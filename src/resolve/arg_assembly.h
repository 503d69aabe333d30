// Argument and env assembly with origins (resolution.md §4, §5, §12, §13):
// the ordered token list a serve command is built from, where each token
// remembers its layer; last-wins de-duplication; env merging that records
// which layers set each key. Internal to resolve/ (resolver and omni path).
#ifndef RECIPES_RESOLVE_ARG_ASSEMBLY_H_
#define RECIPES_RESOLVE_ARG_ASSEMBLY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/value.h"
#include "resolve/resolver.h"

namespace recipes {

// Argument lists with their origins.

struct Tok {
  Value v;
  uint32_t layer;
};

struct ArgList {
  std::vector<Tok> toks;
  std::vector<std::string> layers;
  bool track = true;
  bool quote_all = false;  // ResolveOptions::quote_every_token

  uint32_t Layer(std::string name) {
    if (!track) return 0;
    layers.push_back(std::move(name));
    return static_cast<uint32_t>(layers.size() - 1);
  }
  template <typename NameFn>
  void AddList(const Value* list, NameFn&& name) {
    if (!list || !list->is_array() || list->size() == 0) return;
    uint32_t layer = track ? Layer(name()) : 0;
    for (const Value& e : list->items()) toks.push_back({e, layer});
  }
  void Add(std::string text, uint32_t layer) { toks.push_back({Value::String(std::move(text)), layer}); }
};

struct Unit {
  size_t first;  // index into the falsy-free token list
  size_t count;  // 1 or 2
};

struct Deduped {
  std::vector<Tok> kept;      // final tokens
  std::vector<Unit> units;    // units over `kept`
  std::vector<DroppedArg> dropped;
};

// ---------------------------------------------------------------------------
// Env maps with their origins.

struct EnvBuilder {
  ObjectItems items;
  std::vector<EnvProvenance> prov;  // insertion order; reordered on output
  std::vector<SkippedSource> skipped;
  bool track = true;

  EnvProvenance* FindProv(std::string_view key) {
    for (EnvProvenance& p : prov) {
      if (p.key == key) return &p;
    }
    return nullptr;
  }
  void Set(const std::string& key, Value v, const std::string* layer) {
    if (track) {
      Origin o{layer ? *layer : std::string(), v.pos()};
      if (EnvProvenance* p = FindProv(key)) {
        p->overridden.push_back(std::move(p->origin));
        p->origin = std::move(o);
      } else {
        prov.push_back({key, std::move(o), {}});
      }
    }
    items.Set(key, std::move(v));
  }
  template <typename NameFn>
  void Merge(const Value* map, NameFn&& name) {
    if (!map || !map->is_object() || map->size() == 0) return;
    std::string layer = track ? name() : std::string();
    for (const auto& [k, v] : map->members()) Set(k, v, &layer);
  }
  void Erase(std::string_view key, const char* reason) {
    if (items.Erase(key) && track) {
      for (size_t i = 0; i < prov.size(); ++i) {
        if (prov[i].key == key) {
          skipped.push_back({"env " + std::string(key), reason, prov[i].origin.pos});
          prov.erase(prov.begin() + static_cast<ptrdiff_t>(i));
          break;
        }
      }
    }
  }
  std::vector<EnvProvenance> OrderedProv() const {
    std::vector<EnvProvenance> out;
    if (!track) return out;
    out.reserve(items.size());
    for (const auto& e : items) {
      for (const EnvProvenance& p : prov) {
        if (p.key == e.first) {
          out.push_back(p);
          break;
        }
      }
    }
    return out;
  }
};

/// A flag is a string token starting with '-'.
bool IsFlag(const Value& v);
std::string LayerName(const ArgList& a, uint32_t layer);
ArgUnit MakeUnit(const ArgList& a, const std::vector<Tok>& toks, size_t first, size_t count);
/// §12: drops empty elements, splits into units, keeps each flag's last
/// occurrence (recording what was dropped when `a.track`).
Deduped Dedupe(const ArgList& a);

/// RenderServe's argv only, as strings, with each item's positions
/// (ProcessArgv's rules; process name left to the caller). Same errors.
bool RenderServeArgv(std::string_view binary, const std::string& model_id, const ArgList& a, ProcessArgv* out,
                     std::optional<ResolveError>* error);

/// §13 on a de-duplicated list: `<binary> <model> \ ...` text and the argv
/// array. Returns false and sets *error on a non-string token. With
/// `a.track`, fills *provenance (process name left to the caller).
bool RenderServe(std::string_view binary, const std::string& model_id, const ArgList& a, Value* command,
                 Value* argv, ProcessProvenance* provenance, std::optional<ResolveError>* error);

}  // namespace recipes

#endif  // RECIPES_RESOLVE_ARG_ASSEMBLY_H_
