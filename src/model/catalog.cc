#include "model/catalog.h"

namespace recipes {

const Source* Catalog::AddSource(std::string path, std::string text) {
  sources_.push_back(std::make_unique<Source>(Source{std::move(path), std::move(text)}));
  return sources_.back().get();
}

const Recipe* Catalog::FindRecipe(std::string_view hf_id) const {
  for (const Recipe& r : recipes) {
    if (r.hf_id == hf_id) return &r;
  }
  return nullptr;
}

const Value* Catalog::FindStrategy(std::string_view name) const {
  // kv_store files are merged after strategies; the last file with a name wins.
  for (auto it = kv_stores.rbegin(); it != kv_stores.rend(); ++it) {
    if (it->name == name) return &it->doc;
  }
  for (auto it = strategies.rbegin(); it != strategies.rend(); ++it) {
    if (it->name == name) return &it->doc;
  }
  return nullptr;
}

const Value* Catalog::HardwareProfiles() const {
  const Value* p = taxonomy.Get("hardware_profiles");
  return p && p->is_object() ? p : nullptr;
}

const Value* Catalog::FindHardware(std::string_view id) const {
  const Value* profiles = HardwareProfiles();
  return profiles ? profiles->Get(id) : nullptr;
}

}  // namespace recipes
