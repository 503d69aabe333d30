#include "api/api_plan.h"

#include <map>

#include "api/variant_rendering.h"
#include "render/json_writer.h"

namespace recipes::api_build {

bool SafeOutputId(const std::string& id) {
  if (id.empty() || id.find('\0') != std::string::npos || id.find('\n') != std::string::npos) return false;
  size_t start = 0;
  while (true) {
    size_t slash = id.find('/', start);
    std::string_view seg = std::string_view(id).substr(start, slash == std::string::npos ? std::string::npos
                                                                                          : slash - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    if (start == 0 && seg.substr(0, 8) == ".recipes") return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

std::string FirstSegment(const std::string& id) { return id.substr(0, id.find('/')); }

void BuildPlan(const Catalog& catalog, Plan* plan) {
  plan->catalog = &catalog;
  for (const Recipe& r : catalog.recipes) plan->hf_ids.insert(r.hf_id);
  std::map<std::string, int> claims;
  for (const Recipe& r : catalog.recipes) {
    ++claims[r.hf_id];
    std::vector<Promotion> promos;
    size_t skipped = 0;
    const Value* variants = r.doc.Get("variants");
    if (variants && variants->is_object()) {
      for (const auto& [key, variant] : variants->members()) {
        const Value* mid = variant.Get("model_id");
        if (!mid || !mid->is_string() || mid->str().find('/') == std::string::npos) continue;
        if (plan->hf_ids.count(mid->str())) {
          promos.push_back({key, mid->str(), true});
          ++skipped;
          continue;
        }
        promos.push_back({key, mid->str(), false});
        if (!IsOmniRecipe(r.doc)) ++claims[mid->str()];
      }
    }
    plan->promotions.push_back(std::move(promos));
    plan->collisions.push_back(skipped);
  }
  for (const auto& [id, n] : claims) {
    std::string first = FirstSegment(id);
    if (n > 1 || first == "strategies" || first == "kv_store") plan->contested.insert(id);
    // A base id nested in another's folder: the outer RemoveDir would reach it.
    for (size_t slash = id.find('/'); slash != std::string::npos; slash = id.find('/', slash + 1)) {
      std::string outer = id.substr(0, slash);
      if (claims.count(outer)) {
        plan->contested.insert(outer);
        plan->contested.insert(id);
      }
    }
  }
}

void CacheSharedJson(const Catalog& catalog, Plan* plan) {
  auto add_specs = [&](const std::vector<StrategyDoc>& docs) {
    for (const StrategyDoc& d : docs) {
      const Value* doc = catalog.FindStrategy(d.name);  // later file wins
      for (int depth = 1; depth <= 2; ++depth) {
        std::string s;
        AppendJson(&s, *doc, 2, depth);
        plan->spec_json[depth][d.name] = std::move(s);
      }
    }
  };
  add_specs(catalog.strategies);
  add_specs(catalog.kv_stores);
  if (const Value* profiles = catalog.HardwareProfiles()) {
    for (const auto& [id, profile] : profiles->members()) {
      for (int depth = 1; depth <= 2; ++depth) {
        std::string s;
        AppendJson(&s, profile, 2, depth);
        plan->profile_json[depth][id] = std::move(s);
      }
    }
  }
}

void AddModelsEntries(const Recipe& r, const std::vector<std::pair<std::string, std::string>>& promoted,
                      ArrayItems* models, ArrayItems* promoted_entries) {
  const Value* meta = r.doc.Get("meta");
  const Value* title = meta ? meta->Get("title") : nullptr;
  const Value* provider = meta ? meta->Get("provider") : nullptr;
  ObjectItems entry;
  entry.Set("hf_id", Value::String(r.hf_id));
  if (title) entry.Set("title", *title);
  if (provider) entry.Set("provider", *provider);
  entry.Set("url", Value::String("/" + r.hf_id));
  entry.Set("json", Value::String("/" + r.hf_id + ".json"));
  models->push_back(Value::Object(std::move(entry)));
  for (const auto& [variant, model_id] : promoted) {
    ObjectItems e;
    e.Set("hf_id", Value::String(model_id));
    if (title) e.Set("title", *title);
    if (provider) e.Set("provider", *provider);
    e.Set("url", Value::String("/" + r.hf_id));
    e.Set("json", Value::String("/" + model_id + ".json"));
    e.Set("derived_from", Value::String(r.hf_id));
    promoted_entries->push_back(Value::Object(std::move(e)));
  }
}

std::string ModelsJsonText(ArrayItems models, ArrayItems promoted_entries) {
  for (Value& v : promoted_entries) models.push_back(std::move(v));
  return ToJson(Value::Array(std::move(models)));
}

}  // namespace recipes::api_build
