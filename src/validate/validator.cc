#include "validate/validator.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "validate/checker.h"
#include "validate/schema.h"

namespace recipes {

namespace validation {

void AddGenerations(const Value* g, std::vector<std::string>* out) {
  if (!g) return;
  if (g->is_string()) AddUnique(out, g->str());
  if (g->is_array()) {
    for (const Value& e : g->items()) {
      if (e.is_string()) AddUnique(out, e.str());
    }
  }
}

Vocabulary GatherVocabulary(const Catalog& c) {
  Vocabulary v;
  v.has_taxonomy = c.taxonomy.is_object();
  if (const Value* hw = c.HardwareProfiles()) {
    v.has_hardware = true;
    for (const auto& [id, profile] : hw->members()) {
      v.hardware.push_back(id);
      if (!profile.is_object()) continue;
      AddGenerations(profile.Get("generation"), &v.generations);
      AddGenerations(profile.Get("gpu_generation"), &v.generations);
      if (const Value* b = profile.Get("brand"); b && b->is_string()) {
        AddUnique(&v.brands, b->str());
        std::string lower = b->str();
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        AddUnique(&v.brands_lower, lower);
      }
    }
  }
  if (const Value* kv = c.taxonomy.Get("kv_offload"); kv && kv->is_object()) {
    for (const auto& [k, _] : kv->members()) v.kv_offload.push_back(k);
  }
  if (const Value* g = c.taxonomy.Get("kv_offload_groups"); g && g->is_object()) {
    for (const auto& [k, _] : g->members()) v.kv_groups.push_back(k);
  }
  if (const Value* t = c.taxonomy.Get("tasks"); t && t->is_array()) {
    for (const Value& e : t->items()) {
      if (const Value* id = e.Get("id"); id && id->is_string()) AddUnique(&v.tasks, id->str());
    }
  }
  v.has_strategies = c.has_strategies_dir;
  for (const auto& s : c.strategies) AddUnique(&v.strategies, s.name);
  v.has_kv_stores = c.has_kv_store_dir;
  for (const auto& s : c.kv_stores) AddUnique(&v.kv_stores, s.name);
  v.has_platforms = c.has_platforms;
  if (const Value* p = c.platforms.Get("platforms"); p && p->is_array()) {
    for (const Value& e : p->items()) {
      if (const Value* id = e.Get("id"); id && id->is_string()) AddUnique(&v.platforms, id->str());
    }
  }
  return v;
}

}  // namespace validation

namespace {

using validation::Checker;
using validation::GatherVocabulary;
using validation::Vocabulary;

// Two documents with the same `name` share one id: the later file wins.
void DuplicateNames(const std::vector<StrategyDoc>& docs, const std::vector<StrategyDoc>& earlier, Diagnostics* out) {
  std::set<std::string> seen;
  for (const auto& d : earlier) seen.insert(d.name);
  for (const auto& d : docs) {
    if (!seen.insert(d.name).second) {
      const Value* name = d.doc.Get("name");
      out->push_back(Diagnostic::Warning(name ? name->pos() : d.doc.pos(),
                                         "another file already defines '" + d.name + "'; this later file replaces it"));
    }
  }
}

}  // namespace

Diagnostics ValidateCatalog(const Catalog& catalog) {
  Diagnostics out;
  Vocabulary vocab = GatherVocabulary(catalog);
  const CatalogSchema& schema = GetCatalogSchema();
  Checker checker(catalog, vocab, &out);
  if (catalog.taxonomy.is_object()) {
    checker.CheckDocument(catalog.taxonomy, *schema.taxonomy);
    if (!catalog.HardwareProfiles()) {
      out.push_back(Diagnostic::Warning(catalog.taxonomy.pos(),
                                        "taxonomy.yaml has no hardware_profiles map, so no hardware can be offered"));
    }
  }
  if (catalog.has_platforms && catalog.platforms.is_object()) {
    checker.CheckDocument(catalog.platforms, *schema.platforms);
  }
  for (const auto& s : catalog.strategies) checker.CheckDocument(s.doc, *schema.strategy);
  for (const auto& s : catalog.kv_stores) checker.CheckDocument(s.doc, *schema.kv_store);
  DuplicateNames(catalog.strategies, {}, &out);
  DuplicateNames(catalog.kv_stores, catalog.strategies, &out);
  std::map<std::string, const Recipe*> ids;
  for (const Recipe& r : catalog.recipes) {
    checker.CheckRecipe(r);
    // recipe-format.md §1: the id comes from the path, so models/a/x.yaml,
    // models/a/x.yml and models/a/b/x.yaml are all a/x.
    auto [it, inserted] = ids.emplace(r.hf_id, &r);
    if (!inserted) {
      const Source* src = r.doc.pos().source;
      out.push_back(Diagnostic::Warning(src ? Pos{src, 1, 1} : Pos{}, "this recipe's id " + r.hf_id + " is also the id of " +
                                                                          it->second->path + "; its output overwrites that one's"));
    }
  }
  return out;
}

void SortDiagnostics(Diagnostics* diags) {
  std::stable_sort(diags->begin(), diags->end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file() != b.file()) return a.file() < b.file();
    uint32_t al = a.pos.known() ? a.pos.line : 0, bl = b.pos.known() ? b.pos.line : 0;
    if (al != bl) return al < bl;
    return a.pos.col < b.pos.col;
  });
}

}  // namespace recipes
