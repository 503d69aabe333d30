#include "api/api_builder.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "api/build_cache.h"
#include "api/install_synthesis.h"
#include "api/json_object_writer.h"
#include "api/api_plan.h"
#include "api/recipe_worker.h"
#include "api/variant_rendering.h"
#include "render/json_writer.h"
#include "validate/validator.h"

namespace recipes {

using api_build::BuildPlan;
using api_build::CacheSharedJson;
using api_build::Plan;
using api_build::RecipeOutput;
using api_build::RecipeWorker;
using api_build::SafeOutputId;
using api_build::Stage;
using api_build::WriteVocabulary;

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
    const Recipe& r = catalog.recipes[i];
    api_build::AddModelsEntries(r, rec.promoted, &models, &promoted_entries);
    result.summary.models += 1;
    result.summary.promoted += rec.promoted.size();
    if (result.summary.example_recipe.empty()) result.summary.example_recipe = r.hf_id;
    if (result.summary.example_promoted.empty() && !rec.promoted.empty()) {
      result.summary.example_promoted = rec.promoted.front().second;
    }
    if (rec.has_recommended) {
      result.summary.with_recommended += 1;
      result.summary.default_alternatives += rec.alternatives;
      result.summary.per_hw += rec.per_hw;
    }
    out.staged.clear();
  }
  if (sink) {
    Stage(sink, "models.json", api_build::ModelsJsonText(std::move(models), std::move(promoted_entries)), &result);
  }
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
  // The examples name files of this build (json-api.md's are of its catalog).
  out += "  /models.json\n";
  out += "  /{hf_id}.json" +
         (s.example_recipe.empty() ? std::string() : std::string(32, ' ') + "(e.g. /" + s.example_recipe + ".json)") +
         "\n";
  out +=
      "  /{hf_id}/strategies/{strategy}.json          (default-hw alternatives)\n"
      "  /{hf_id}/hw/{hw}.json                        (per-hardware rendering)\n"
      "  /{hf_id}/hw/{hw}/strategies/{strategy}.json  (per-(hw, strategy) alternatives)\n";
  out += "  /{variant_hf_id}.json                        (promoted variants" +
         (s.example_promoted.empty() ? std::string() : ", e.g. /" + s.example_promoted + ".json") + ")\n";
  out +=
      "  /strategies.json\n"
      "  /kv_store.json\n"
      "  /kv_store/{id}.json                          (per-deployment spec)\n"
      "  /taxonomy.json\n"
      "  /platforms.json\n";
  return out;
}

}  // namespace recipes
