#include "api/recipe_worker.h"

#include <algorithm>
#include <map>
#include <set>

#include "api/install_synthesis.h"
#include "api/json_object_writer.h"
#include "render/json_writer.h"

namespace recipes::api_build {

namespace {

void AppendStringMap(JsonObjectWriter* w, std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& map, int depth) {
  std::string json;
  JsonObjectWriter inner(&json, depth + 1);
  for (const auto& [k, v] : map) inner.Field(k, Value::String(v));
  inner.Close();
  w->Raw(key, json);
}

}  // namespace

RecipeOutput RecipeWorker::Run(size_t index, const ContentHash& input) {
  out_ = RecipeOutput();
  out_.record.input = input;
  const Recipe& recipe = catalog_.recipes[index];
  recipe_ = &recipe;
  VariantRenderer renderer(catalog_, recipe);
  renderer.set_resolve_only(sink_ == nullptr);
  renderer_ = &renderer;

  std::optional<TreeResult> main_tree = WriteVariantTree("default", recipe.hf_id);
  std::vector<std::pair<Promotion, TreeResult>> promoted;
  for (const Promotion& p : plan_.promotions[index]) {
    if (stop_) break;
    if (p.collides) {
      out_.record.warnings.push_back("  \xE2\x9A\xA0 skipping variant promotion: " + p.model_id + " (variant of " +
                              recipe.hf_id + ") collides with standalone recipe");
      continue;
    }
    std::optional<TreeResult> tree = WriteVariantTree(p.variant, p.model_id);
    if (tree) promoted.emplace_back(p, std::move(*tree));
  }

  if (main_tree) {
    out_.record.has_recommended = true;
    out_.record.alternatives = main_tree->alternatives.size();
    out_.record.per_hw = main_tree->by_hardware.size();
  }
  ObjectItems parent = TransformParent(recipe, promoted);
  if (sink_) {
    std::string json;
    WriteRecipeJson(&json, recipe.hf_id, parent, main_tree ? &*main_tree : nullptr);
    Emit(recipe.hf_id + ".json", json, !plan_.contested.count(recipe.hf_id));
  }
  for (const auto& [p, tree] : promoted) {
    out_.record.promoted.emplace_back(p.variant, p.model_id);
    if (!sink_) continue;
    ObjectItems doc = PromotedDoc(recipe, parent, p);
    std::string json;
    WriteRecipeJson(&json, p.model_id, doc, &tree);
    Emit(p.model_id + ".json", json, !plan_.contested.count(p.model_id));
  }
  return std::move(out_);
}

void RecipeWorker::Emit(const std::string& path, std::string_view bytes, bool exclusive) {
  if (!sink_ || !out_.write_error.empty()) return;
  StagedFile f;
  if (!sink_->Stage(path, bytes, exclusive, &f, &out_.write_error)) return;
  FileOp op;
  op.path = f.path;
  op.hash = f.hash;
  op.size = f.size;
  out_.record.ops.push_back(std::move(op));
  out_.staged.push_back(std::move(f));
}

// Writes one rendering object (§5 + §5.8 extras) at `depth`.
void RecipeWorker::AppendRendering(std::string* out, const HardwareRendering* hr, const ObjectItems& shape, int depth,
                     const std::vector<std::pair<std::string, std::string>>* alternatives,
                     const std::vector<std::pair<std::string, std::string>>* by_hardware) {
  JsonObjectWriter w(out, depth);
  w.Fields(shape);
  if (hr) {
    auto spec = plan_.spec_json[depth + 1].find(hr->strategy);
    if (spec != plan_.spec_json[depth + 1].end()) w.Raw("strategy_spec", spec->second);
    auto profile = plan_.profile_json[depth + 1].find(hr->hardware);
    w.Raw("hardware_profile",
          profile != plan_.profile_json[depth + 1].end() ? profile->second : plan_.empty_profile_json);
    if (alternatives && !alternatives->empty()) AppendStringMap(&w, "alternatives", *alternatives, depth);
    if (by_hardware) AppendStringMap(&w, "by_hardware", *by_hardware, depth);
  }
  w.Close();
}

// §6.1.
std::optional<TreeResult> RecipeWorker::WriteVariantTree(const std::string& variant, const std::string& base) {
  if (!FindVariantKey(variant) || IsOmniRecipe(recipe_->doc)) return std::nullopt;
  bool exclusive = !plan_.contested.count(base);
  // Recorded even when nothing else touches `base`, so cached records
  // replay correctly whatever other recipes do later.
  FileOp remove;
  remove.remove_dir = true;
  remove.path = base;
  out_.record.ops.push_back(std::move(remove));
  std::vector<std::string> hw_ids = renderer_->HardwareIds(variant);
  std::vector<HardwareRendering> rendered;
  for (size_t i = 0; i < hw_ids.size(); ++i) {
    std::optional<HardwareRendering> r = renderer_->Render(variant, hw_ids[i], &out_.record.warnings);
    if (!r) {
      if (i == 0) return std::nullopt;  // the default hardware must render
      continue;
    }
    rendered.push_back(std::move(*r));
  }
  TreeResult result;
  std::string json;
  for (size_t i = 0; i < rendered.size(); ++i) {
    const HardwareRendering& hr = rendered[i];
    bool is_default = i == 0;
    std::string dir = is_default ? base + "/strategies" : base + "/hw/" + hr.hardware + "/strategies";
    std::vector<std::pair<std::string, std::string>> alternatives;
    for (const auto& [id, shape] : hr.alternatives) {
      std::string rel = dir + "/" + id + ".json";
      if (sink_) {
        json.clear();
        AppendRendering(&json, nullptr, shape, 0, nullptr, nullptr);
        Emit(rel, json, exclusive);
      }
      alternatives.emplace_back(id, "/" + rel);
    }
    std::string hw_rel = base + "/hw/" + hr.hardware + ".json";
    if (sink_) {
      json.clear();
      AppendRendering(&json, &hr, hr.recommended, 0, &alternatives, nullptr);
      Emit(hw_rel, json, exclusive);
    }
    result.by_hardware.emplace_back(hr.hardware, "/" + hw_rel);
    if (is_default) result.alternatives = std::move(alternatives);
  }
  result.recommended = std::move(rendered[0]);
  return result;
}

bool RecipeWorker::FindVariantKey(const std::string& key) const {
  const Value* variants = recipe_->doc.Get("variants");
  const Value* v = variants ? variants->Get(key) : nullptr;
  return v != nullptr;
}

// §6.2 steps 1, 2, 5, 6 (the head order is applied when writing).
ObjectItems RecipeWorker::TransformParent(const Recipe& recipe,
                                   const std::vector<std::pair<Promotion, TreeResult>>& promoted) {
  ObjectItems rest = recipe.doc.members();
  std::optional<Value> install = SynthesizeInstall(recipe.doc);
  const Value* model = recipe.doc.Get("model");
  if (model && model->is_object()) {
    ObjectItems m = model->members();
    m.Erase("install");
    if (install) m.Set("install", *install);
    rest.Set("model", Value::Object(std::move(m), model->pos()));
  } else if (install) {
    ObjectItems m;
    m.Set("install", *install);
    rest.Set("model", Value::Object(std::move(m)));
  }
  rest.Erase("dependencies");
  rest.Erase("architecture");  // ours: planner facts, not part of the reference API
  if (!promoted.empty()) {
    const Value* variants = rest.Find("variants");
    ObjectItems vs = variants->members();
    for (const auto& [p, tree] : promoted) {
      Value* v = vs.Find(p.variant);
      if (!v || !v->is_object()) continue;
      ObjectItems vm = v->members();
      vm.Set("json", Value::String("/" + p.model_id + ".json"));
      *v = Value::Object(std::move(vm), v->pos());
    }
    rest.Set("variants", Value::Object(std::move(vs), variants->pos()));
  }
  rest.Erase("strategy_overrides");
  rest.Erase("compatible_strategies");
  rest.Erase("default_strategy");
  return rest;
}

// §6.4 step 4, before the head order.
ObjectItems RecipeWorker::PromotedDoc(const Recipe& recipe, const ObjectItems& parent, const Promotion& p) {
  ObjectItems doc = parent;
  const Value* meta = parent.Find("meta");
  ObjectItems m = meta && meta->is_object() ? meta->members() : ObjectItems();
  m.Set("derived_from", Value::String(recipe.hf_id));
  m.Set("variant", Value::String(p.variant));
  doc.Set("meta", Value::Object(std::move(m)));
  const Value* model = parent.Find("model");
  if (model && model->is_object()) {
    ObjectItems mm = model->members();
    mm.Set("model_id", Value::String(p.model_id));
    doc.Set("model", Value::Object(std::move(mm)));
  }
  const Value* variants = recipe.doc.Get("variants");
  const Value* own = variants ? variants->Get(p.variant) : nullptr;
  ObjectItems v = own && own->is_object() ? own->members() : ObjectItems();
  v.Erase("model_id");
  v.Erase("json");
  ObjectItems vs;
  vs.Set("default", Value::Object(std::move(v)));
  doc.Set("variants", Value::Object(std::move(vs)));
  return doc;
}

// §6.2 step 7: hf_id, meta, recommended_command, then the rest in order.
void RecipeWorker::WriteRecipeJson(std::string* out, const std::string& hf_id, const ObjectItems& doc, const TreeResult* tree) {
  ObjectItems top;
  top.Set("hf_id", Value::String(hf_id));
  if (const Value* meta = doc.Find("meta")) top.Set("meta", *meta);
  if (tree) top.Set("recommended_command", Value::Null());
  for (const auto& [key, value] : doc) {
    if (key == "hf_id" || key == "meta" || (tree && key == "recommended_command")) continue;
    top.Set(key, value);
  }
  JsonObjectWriter w(out, 0);
  for (const auto& [key, value] : top) {
    if (tree && key == "recommended_command") {
      std::string rc;
      AppendRendering(&rc, &tree->recommended, tree->recommended.recommended, 1, &tree->alternatives,
                      &tree->by_hardware);
      w.Raw(key, rc);
    } else {
      w.Field(key, value);
    }
  }
  w.Close();
}

void Stage(ApiSink* sink, const std::string& path, const std::string& bytes, ApiBuildResult* result) {
  if (!sink || !result->write_error.empty()) return;
  StagedFile f;
  if (!sink->Stage(path, bytes, false, &f, &result->write_error)) return;
  sink->Record(std::move(f));
}

// §3 and §2 steps 1–4.

void WriteVocabulary(const Catalog& catalog, ApiSink* sink, ApiBuildResult* result) {
  if (sink) Stage(sink, "taxonomy.json", ToJson(catalog.taxonomy), result);
  if (catalog.has_platforms && sink) Stage(sink, "platforms.json", ToJson(catalog.platforms), result);
  const Value* list = catalog.platforms.Get("platforms");
  result->summary.platforms = list && list->is_array() ? list->size() : 0;
  auto write_dir = [&](const std::vector<StrategyDoc>& docs, const std::string& dir, size_t* count) {
    ObjectItems map;
    for (const StrategyDoc& d : docs) {
      if (sink) Stage(sink, dir + "/" + d.name + ".json", ToJson(d.doc), result);
      map.Set(d.name, d.doc);
    }
    *count = map.size();
    if (sink) Stage(sink, dir + ".json", ToJson(Value::Object(std::move(map))), result);
  };
  write_dir(catalog.strategies, "strategies", &result->summary.strategies);
  write_dir(catalog.kv_stores, "kv_store", &result->summary.kv_stores);
}

}  // namespace recipes::api_build
