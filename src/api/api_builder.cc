#include "api/api_builder.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "api/api_on_demand.h"
#include "api/build_cache.h"
#include "api/install_synthesis.h"
#include "api/json_object_writer.h"
#include "api/variant_rendering.h"
#include "render/json_writer.h"
#include "validate/validator.h"

namespace recipes {

namespace {

// ---------------------------------------------------------------- planning ---

// A promotion candidate (json-api.md §6.4 steps 1–2 passed).
struct Promotion {
  std::string variant;
  std::string model_id;
  bool collides = false;  // names a recipe: skipped with a warning
};

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

// Everything the workers share, read-only once built.
struct Plan {
  const Catalog* catalog = nullptr;
  std::unordered_set<std::string> hf_ids;
  std::vector<std::vector<Promotion>> promotions;  // per recipe, declaration order
  std::vector<size_t> collisions;                  // per recipe
  std::unordered_set<std::string> contested;       // base ids that several writers touch
  // Pre-serialized shared sub-documents, per nesting depth (1: hw file, 2: recipe JSON).
  std::unordered_map<std::string, std::string> spec_json[3];
  std::unordered_map<std::string, std::string> profile_json[3];
  std::string empty_profile_json = "{}";
};

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

// models.json (§6.3): a recipe's entry, and its promoted variants' (listed
// after every recipe's).
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

// ----------------------------------------------------------------- output ---

struct RecipeOutput {
  RecipeRecord record;
  std::vector<StagedFile> staged;  // one per file op, when rendered (not from the cache)
  bool from_cache = false;
  std::string write_error;
};

// The result of one variant tree (§6.1 step 8).
struct TreeResult {
  HardwareRendering recommended;                                // default hardware
  std::vector<std::pair<std::string, std::string>> alternatives;  // id → path
  std::vector<std::pair<std::string, std::string>> by_hardware;   // hw → path
};

void AppendStringMap(JsonObjectWriter* w, std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& map, int depth) {
  std::string json;
  JsonObjectWriter inner(&json, depth + 1);
  for (const auto& [k, v] : map) inner.Field(k, Value::String(v));
  inner.Close();
  w->Raw(key, json);
}

class RecipeWorker {
 public:
  RecipeWorker(const Plan& plan, ApiSink* sink, const std::atomic<bool>& stop)
      : plan_(plan), catalog_(*plan.catalog), sink_(sink), stop_(stop) {}

  RecipeOutput Run(size_t index, const ContentHash& input) {
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

 private:
  void Emit(const std::string& path, std::string_view bytes, bool exclusive) {
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
  void AppendRendering(std::string* out, const HardwareRendering* hr, const ObjectItems& shape, int depth,
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
  std::optional<TreeResult> WriteVariantTree(const std::string& variant, const std::string& base) {
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

  bool FindVariantKey(const std::string& key) const {
    const Value* variants = recipe_->doc.Get("variants");
    const Value* v = variants ? variants->Get(key) : nullptr;
    return v != nullptr;
  }

  // §6.2 steps 1, 2, 5, 6 (the head order is applied when writing).
  static ObjectItems TransformParent(const Recipe& recipe,
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
  static ObjectItems PromotedDoc(const Recipe& recipe, const ObjectItems& parent, const Promotion& p) {
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
  void WriteRecipeJson(std::string* out, const std::string& hf_id, const ObjectItems& doc, const TreeResult* tree) {
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

  const Plan& plan_;
  const Catalog& catalog_;
  ApiSink* sink_;
  const std::atomic<bool>& stop_;
  const Recipe* recipe_ = nullptr;
  const VariantRenderer* renderer_ = nullptr;
  RecipeOutput out_;
};


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

}  // namespace

Diagnostics CheckCatalogForApi(const Catalog& catalog) {
  // Missing folders (strategies/, kv_store/, models/) and unreadable files
  // are the loader's to report.
  Diagnostics out;
  for (const Recipe& r : catalog.recipes) {
    const Value* meta = r.doc.Get("meta");
    if (!meta || meta->is_null()) {
      out.push_back(Diagnostic::Error(Pos{r.doc.pos().source, 1, 1}, "the recipe has no meta block"));
    }
    if (!SafeOutputId(r.hf_id)) {
      out.push_back(Diagnostic::FileError(r.path, "the recipe's id '" + r.hf_id + "' is not a safe output path"));
    }
    const Value* variants = r.doc.Get("variants");
    if (variants && variants->is_object()) {
      for (const auto& [key, variant] : variants->members()) {
        const Value* mid = variant.Get("model_id");
        if (mid && mid->is_string() && mid->str().find('/') != std::string::npos && !SafeOutputId(mid->str())) {
          out.push_back(Diagnostic::Error(mid->pos(), "variants." + key + ".model_id '" + mid->str() +
                                                          "' would be published outside the API folder"));
        }
      }
    }
  }
  // The validator's errors are what the reference builder refuses (§9.1 and
  // worse); its warnings are for `recipes validate`, not fatal here.
  for (Diagnostic& d : ValidateCatalog(catalog)) {
    if (d.is_error()) out.push_back(std::move(d));
  }
  return out;
}

ApiBuildResult BuildApi(const Catalog& catalog, ApiSink* sink, const ApiBuildOptions& options) {
  ApiBuildResult result;
  result.errors = CheckCatalogForApi(catalog);
  if (!result.errors.empty()) return result;

  WriteVocabulary(catalog, sink, &result);

  Plan plan;
  BuildPlan(catalog, &plan);
  if (sink) CacheSharedJson(catalog, &plan);

  size_t n = catalog.recipes.size();
  // Recipes whose input (and everything shared) is as in the last build reuse
  // that build's record instead of being rendered again.
  // (Only a sink that keeps the last build, i.e. the folder of `recipes build`.)
  bool incremental = sink && sink->incremental();
  ContentHash global;
  std::vector<ContentHash> inputs(n);
  std::unordered_map<std::string, RecipeRecord> cached;
  if (incremental) {
    global = BuildCache::GlobalKey(catalog);
    for (size_t i = 0; i < n; ++i) inputs[i] = BuildCache::RecipeKey(catalog.recipes[i]);
    BuildCache::Parse(sink->ReadAux(BuildCache::kFileName), global, &cached);
  }
  // A recipe that shares an output folder with another is always rendered:
  // which of them wins depends on both.
  auto reuse = [&](size_t i, RecipeOutput* out) {
    auto it = cached.find(catalog.recipes[i].path);
    if (it == cached.end() || it->second.input != inputs[i]) return false;
    if (plan.contested.count(catalog.recipes[i].hf_id)) return false;
    for (const auto& [variant, model_id] : it->second.promoted) {
      if (plan.contested.count(model_id)) return false;
    }
    for (const FileOp& op : it->second.ops) {
      if (op.remove_dir ? plan.contested.count(op.path) > 0 : !sink->IsUnchanged(op.path, op.hash, op.size)) {
        return false;
      }
    }
    out->record = std::move(it->second);
    out->from_cache = true;
    return true;
  };

  std::vector<RecipeOutput> outputs(n);
  for (size_t i = 0; i < n && !cached.empty(); ++i) reuse(i, &outputs[i]);
  // Longest recipes first (by text size), so neither thread is left with a
  // big one at the end while the other idles. Results keep walk order.
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  auto text_size = [&](size_t i) {
    const Source* src = catalog.recipes[i].doc.pos().source;
    return src ? src->text.size() : 0;
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return text_size(a) > text_size(b); });
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  auto work = [&]() {
    RecipeWorker worker(plan, sink, stop);
    for (;;) {
      size_t k = next.fetch_add(1);
      if (k >= n || stop) return;
      size_t i = order[k];
      if (outputs[i].from_cache) continue;
      outputs[i] = worker.Run(i, inputs[i]);
      if (!outputs[i].write_error.empty()) stop = true;
    }
  };
  int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(n)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  // Apply in walk order, so the reference's later-wins outcomes hold.
  ArrayItems models;
  ArrayItems promoted_entries;
  for (size_t i = 0; i < n; ++i) {
    RecipeOutput& out = outputs[i];
    const RecipeRecord& rec = out.record;
    if (!out.write_error.empty() && result.write_error.empty()) result.write_error = out.write_error;
    for (const std::string& w : rec.warnings) result.warnings.push_back(w);
    result.summary.collisions += plan.collisions[i];
    if (sink && result.write_error.empty()) {
      size_t k = 0;
      for (const FileOp& op : rec.ops) {
        if (op.remove_dir) {
          sink->RemoveDir(op.path);
        } else if (out.from_cache) {
          sink->RecordUnchanged(op.path, op.hash, op.size);
        } else {
          sink->Record(std::move(out.staged[k++]));
        }
      }
    }
    AddModelsEntries(catalog.recipes[i], rec.promoted, &models, &promoted_entries);
    result.summary.models += 1;
    result.summary.promoted += rec.promoted.size();
    if (rec.has_recommended) {
      result.summary.with_recommended += 1;
      result.summary.default_alternatives += rec.alternatives;
      result.summary.per_hw += rec.per_hw;
    }
    out.staged.clear();
  }
  if (sink) Stage(sink, "models.json", ModelsJsonText(std::move(models), std::move(promoted_entries)), &result);
  if (incremental) {
    std::vector<std::pair<std::string, const RecipeRecord*>> records;
    for (size_t i = 0; i < n; ++i) records.emplace_back(catalog.recipes[i].path, &outputs[i].record);
    sink->SetAux(BuildCache::kFileName, BuildCache::Serialize(global, records));
  }
  return result;
}

std::string FormatApiSummary(const ApiSummary& s) {
  std::string out = "\xE2\x9C\x93 JSON API: " + std::to_string(s.models) + " models (" +
                    std::to_string(s.with_recommended) + " with recommended_command, " +
                    std::to_string(s.default_alternatives) + " default-hw alternatives, " +
                    std::to_string(s.per_hw) + " per-hw renderings), " + std::to_string(s.promoted) +
                    " promoted variants, " + std::to_string(s.strategies) + " strategies, " +
                    std::to_string(s.kv_stores) + " kv-store deployments, " + std::to_string(s.platforms) +
                    " platforms";
  if (s.collisions > 0) {
    out += " (" + std::to_string(s.collisions) + (s.collisions == 1 ? " variant collision skipped)"
                                                                     : " variant collisions skipped)");
  }
  out += "\n";
  out +=
      "  /models.json\n"
      "  /{hf_id}.json                                (e.g. /moonshotai/Kimi-K2.5.json)\n"
      "  /{hf_id}/strategies/{strategy}.json          (default-hw alternatives)\n"
      "  /{hf_id}/hw/{hw}.json                        (per-hardware rendering)\n"
      "  /{hf_id}/hw/{hw}/strategies/{strategy}.json  (per-(hw, strategy) alternatives)\n"
      "  /{variant_hf_id}.json                        (promoted variants, e.g. /zai-org/GLM-5.1-FP8.json)\n"
      "  /strategies.json\n"
      "  /kv_store.json\n"
      "  /kv_store/{id}.json                          (per-deployment spec)\n"
      "  /taxonomy.json\n"
      "  /platforms.json\n";
  return out;
}


// ------------------------------------------------------------- on demand ---

struct ApiOnDemand::State {
  const Catalog* catalog = nullptr;
  Diagnostics errors;
  Plan plan;
  // Base id (a recipe's hf_id or a promoted model_id) → the recipes writing
  // under it, in build order.
  std::unordered_map<std::string, std::vector<size_t>> writers;

  // Every base id a file path could belong to: each folder prefix, and the
  // path less ".json" (the recipe file beside its folder).
  static std::vector<std::string_view> Bases(std::string_view path) {
    std::vector<std::string_view> out;
    for (size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
      out.push_back(path.substr(0, slash));
    }
    if (path.size() > 5 && path.substr(path.size() - 5) == ".json") out.push_back(path.substr(0, path.size() - 5));
    return out;
  }
};

ApiOnDemand::ApiOnDemand(const Catalog& catalog) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.catalog = &catalog;
  s.errors = CheckCatalogForApi(catalog);
  if (!s.errors.empty()) return;
  BuildPlan(catalog, &s.plan);
  CacheSharedJson(catalog, &s.plan);
  for (size_t i = 0; i < catalog.recipes.size(); ++i) {
    s.writers[catalog.recipes[i].hf_id].push_back(i);
    for (const Promotion& p : s.plan.promotions[i]) {
      if (!p.collides) s.writers[p.model_id].push_back(i);
    }
  }
  for (auto& [base, list] : s.writers) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
}

ApiOnDemand::~ApiOnDemand() = default;

const Diagnostics& ApiOnDemand::errors() const { return state_->errors; }

MemoryApiSink::Files ApiOnDemand::Vocabulary() const {
  MemoryApiSink sink;
  ApiBuildResult ignored;
  if (state_->errors.empty()) WriteVocabulary(*state_->catalog, &sink, &ignored);
  return sink.Take();
}

bool ApiOnDemand::Render(std::string_view path, MemoryApiSink::Files* files) const {
  const State& s = *state_;
  if (!s.errors.empty()) return false;
  std::vector<size_t> recipes;
  for (std::string_view base : State::Bases(path)) {
    auto it = s.writers.find(std::string(base));
    if (it != s.writers.end()) recipes.insert(recipes.end(), it->second.begin(), it->second.end());
  }
  if (recipes.empty()) return false;
  std::sort(recipes.begin(), recipes.end());
  recipes.erase(std::unique(recipes.begin(), recipes.end()), recipes.end());
  // Render and apply in build order, exactly as BuildApi does for its sink.
  MemoryApiSink sink;
  std::atomic<bool> stop{false};
  RecipeWorker worker(s.plan, &sink, stop);
  for (size_t i : recipes) {
    RecipeOutput out = worker.Run(i, ContentHash());
    size_t k = 0;
    for (const FileOp& op : out.record.ops) {
      if (op.remove_dir) {
        sink.RemoveDir(op.path);
      } else {
        sink.Record(std::move(out.staged[k++]));
      }
    }
  }
  // Keep a file only when every recipe that could write it was rendered.
  auto complete = [&](std::string_view file) {
    for (std::string_view base : State::Bases(file)) {
      auto it = s.writers.find(std::string(base));
      if (it == s.writers.end()) continue;
      for (size_t w : it->second) {
        if (!std::binary_search(recipes.begin(), recipes.end(), w)) return false;
      }
    }
    return true;
  };
  MemoryApiSink::Files rendered = sink.Take();
  for (auto& [file, bytes] : rendered) {
    if (file == path || complete(file)) (*files)[file] = std::move(bytes);
  }
  return true;
}

std::string ApiOnDemand::ModelsJson() const {
  const State& s = *state_;
  if (!s.errors.empty()) return "";
  const Catalog& catalog = *s.catalog;
  ArrayItems models;
  ArrayItems promoted_entries;
  std::vector<std::string> ignored;
  for (size_t i = 0; i < catalog.recipes.size(); ++i) {
    const Recipe& r = catalog.recipes[i];
    // As RecipeWorker::Run: a promotion is written when its variant tree is,
    // i.e. when the variant's default hardware renders (never for omni).
    std::vector<std::pair<std::string, std::string>> promoted;
    if (!IsOmniRecipe(r.doc)) {
      VariantRenderer renderer(catalog, r);
      renderer.set_resolve_only(true);
      renderer.set_recommended_only(true);
      for (const Promotion& p : s.plan.promotions[i]) {
        if (p.collides) continue;
        std::vector<std::string> hw = renderer.HardwareIds(p.variant);
        if (!hw.empty() && renderer.Render(p.variant, hw[0], &ignored)) promoted.emplace_back(p.variant, p.model_id);
        ignored.clear();
      }
    }
    AddModelsEntries(r, promoted, &models, &promoted_entries);
  }
  return ModelsJsonText(std::move(models), std::move(promoted_entries));
}

}  // namespace recipes
