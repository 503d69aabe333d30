#include "diff/catalog_diff.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

#include "diff/api_tree_diff.h"
#include "diff/command_changes.h"
#include "diff/diff_renderings.h"
#include "diff/text_diff.h"
#include "resolve/selection.h"

namespace recipes {

namespace {

const std::string& SourceText(const Value& doc) {
  static const std::string kEmpty;
  return doc.pos().source ? doc.pos().source->text : kEmpty;
}

// Everything a resolution reads besides the recipe itself.
std::string SharedInput(const Catalog& c) {
  std::string s = SourceText(c.taxonomy);
  s += '\0';
  for (const auto* docs : {&c.strategies, &c.kv_stores}) {
    for (const StrategyDoc& d : *docs) s += d.path + '\0' + SourceText(d.doc) + '\0';
    s += '\1';
  }
  return s;
}

AddedRemoved Compare(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  AddedRemoved d;
  std::set<std::string> b(before.begin(), before.end()), a(after.begin(), after.end());
  for (const std::string& x : after) {
    if (!b.count(x) && std::find(d.added.begin(), d.added.end(), x) == d.added.end()) d.added.push_back(x);
  }
  for (const std::string& x : before) {
    if (!a.count(x) && std::find(d.removed.begin(), d.removed.end(), x) == d.removed.end()) d.removed.push_back(x);
  }
  return d;
}

struct RecipeShape {
  std::vector<std::string> variants, hardware, strategies, features, modes;
};

RecipeShape ShapeOf(const Catalog& catalog, const Recipe* r) {
  RecipeShape s;
  if (!r) return s;
  s.variants = VariantKeys(*r);
  s.hardware = OfferedHardware(catalog, *r);
  s.strategies = EffectiveStrategies(*r);
  s.features = FeatureKeys(*r);
  for (const std::string& f : s.features) {
    for (const std::string& m : FeatureModeKeys(*r, f)) s.modes.push_back(f + "=" + m);
  }
  return s;
}

std::string Guide(const Recipe* r) {
  const Value* g = r ? r->doc.Get("guide") : nullptr;
  return g && g->is_string() ? g->str() : std::string();
}

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

std::string ErrorText(const Resolution& r) { return r.error ? r.error->message : std::string(); }

class RecipeDiffer {
 public:
  RecipeDiffer(const Catalog& base, const Catalog& head, const DiffOptions& options, bool shared_changed)
      : base_(base), head_(head), options_(options), shared_changed_(shared_changed) {}

  RecipeDiff Run(const std::string& id, const Recipe* b, const Recipe* h) {
    RecipeDiff d;
    d.recipe = id;
    d.status = !b ? "added" : !h ? "removed" : "changed";
    RecipeShape sb = ShapeOf(base_, b), sh = ShapeOf(head_, h);
    d.variants = Compare(sb.variants, sh.variants);
    d.hardware = Compare(sb.hardware, sh.hardware);
    d.strategies = Compare(sb.strategies, sh.strategies);
    d.features = Compare(sb.features, sh.features);
    d.modes = Compare(sb.modes, sh.modes);
    d.guide_diff = UnifiedDiff(Guide(b), Guide(h));
    bool same_text = b && h && SourceText(b->doc) == SourceText(h->doc);
    if (same_text && !shared_changed_) return d;  // nothing a rendering reads changed
    if (!options_.compare_renderings) return d;
    Renderings(b, h, &d);
    return d;
  }

 private:
  struct Side {
    std::vector<DiffRendering> list;
    std::unordered_map<std::string, size_t> index;
  };

  static Side Enumerate(const Catalog& c, const Recipe* r) {
    Side s;
    if (!r) return s;
    s.list = EnumerateDiffRenderings(c, *r);
    for (size_t i = 0; i < s.list.size(); ++i) s.index.emplace(s.list[i].key, i);
    return s;
  }

  void Renderings(const Recipe* b, const Recipe* h, RecipeDiff* d) {
    Side sb = Enumerate(base_, b), sh = Enumerate(head_, h);
    ResolveOptions quick;
    quick.provenance = false;
    std::map<std::string, size_t> group_index;
    std::map<std::string, FindingDelta> fresh, fixed;
    std::vector<std::string> fresh_order, fixed_order;
    auto note_findings = [&](const std::vector<std::string>& before, const std::vector<std::string>& after,
                             const DiffRendering& r) {
      std::set<std::string> bs(before.begin(), before.end()), as(after.begin(), after.end());
      auto note = [&](std::map<std::string, FindingDelta>* m, std::vector<std::string>* order,
                      const std::string& f) {
        auto [it, inserted] = m->try_emplace(f);
        if (inserted) {
          it->second.finding = f;
          it->second.example = r.key;
          order->push_back(f);
        }
        AddUnique(&it->second.hardware, r.hardware);
        ++it->second.renderings;
      };
      for (const std::string& f : as) {
        if (!bs.count(f)) note(&fresh, &fresh_order, f);
      }
      for (const std::string& f : bs) {
        if (!as.count(f)) note(&fixed, &fixed_order, f);
      }
    };
    // A verdict from a quick resolution ("" when there is none).
    auto plan = [&](const Catalog& c, const Recipe* r, const DiffRendering* x, const Resolution& res) -> std::string {
      if (!r || !x || !res.ok()) return "";
      return options_.plan->Verdict(c, *r, x->selection, res).value_or("");
    };

    for (const DiffRendering& hr : sh.list) {
      if (sh.index.at(hr.key) != static_cast<size_t>(&hr - sh.list.data())) continue;  // a repeated key
      auto it = sb.index.find(hr.key);
      const DiffRendering* br = it == sb.index.end() ? nullptr : &sb.list[it->second];
      // Plan verdicts depend on (variant, hardware, strategy), not on
      // features: the defaults rendering stands for the rest. A new
      // rendering is worth a line only when it does not fit. Omni commands
      // have neither plans nor findings (their CLI is not vLLM's).
      bool probe_plan = options_.plan && hr.choice.empty() && !hr.omni;
      bool probe_findings = options_.findings && !hr.omni;
      if (!br && !probe_plan && !probe_findings) {
        ++d->renderings_added;
        d->added_keys.push_back(hr.key);
        continue;
      }
      // Each side resolved once, without provenance; the provenance pass
      // runs only for the renderings that changed.
      Resolution qh = ResolveDiffRendering(head_, *h, hr, quick);
      Resolution qb;
      if (br) qb = ResolveDiffRendering(base_, *b, *br, quick);
      if (probe_plan) {
        std::string before = br ? plan(base_, b, br, qb) : "", after = plan(head_, h, &hr, qh);
        if (before != after && (br || after.rfind("does not fit", 0) == 0)) {
          d->plan_changed.push_back({hr.key, before, after});
        }
      }
      if (!br) {
        ++d->renderings_added;
        d->added_keys.push_back(hr.key);
        if (probe_findings) note_findings({}, options_.findings->Findings(head_, *h, hr.selection, qh), hr);
        continue;
      }
      bool same_output = qb.ok() && qh.ok() && qb.output.Equals(qh.output) && qb.model_id == qh.model_id;
      if (probe_findings && !same_output) {  // the same argv has the same findings
        note_findings(options_.findings->Findings(base_, *b, br->selection, qb),
                      options_.findings->Findings(head_, *h, hr.selection, qh), hr);
      }
      if (!qb.ok() || !qh.ok()) {
        if (ErrorText(qb) == ErrorText(qh)) {
          ++d->renderings_same;
        } else {
          ++d->renderings_changed;
          d->errors.push_back(hr.key + ": " + (qb.ok() ? "resolves" : "fails (" + ErrorText(qb) + ")") + " → " +
                              (qh.ok() ? "resolves" : "fails (" + ErrorText(qh) + ")"));
        }
        continue;
      }
      if (same_output) {
        ++d->renderings_same;
        continue;
      }
      ++d->renderings_changed;
      ResolveOptions full;
      Resolution pb = ResolveDiffRendering(base_, *b, *br, full);
      Resolution ph = ResolveDiffRendering(head_, *h, hr, full);
      std::vector<CommandChange> changes = CompareResolutions(pb, ph);
      std::string sig;
      for (const CommandChange& c : changes) sig += c.Signature() + '\x1e';
      auto [g, inserted] = group_index.try_emplace(sig, d->groups.size());
      if (inserted) {
        ChangeGroup group;
        group.changes = std::move(changes);
        group.example = hr.key;
        d->groups.push_back(std::move(group));
      }
      ChangeGroup& group = d->groups[g->second];
      ++group.renderings;
      AddUnique(&group.hardware, hr.hardware);
      AddUnique(&group.variants, hr.variant);
      AddUnique(&group.strategies, hr.strategy);
      AddUnique(&group.choices, hr.choice);
    }
    for (const DiffRendering& br : sb.list) {
      if (sb.index.at(br.key) != static_cast<size_t>(&br - sb.list.data())) continue;
      if (sh.index.count(br.key)) continue;
      ++d->renderings_removed;
      d->removed_keys.push_back(br.key);
    }
    // Largest groups first: the change most renderings share leads.
    std::stable_sort(d->groups.begin(), d->groups.end(),
                     [](const ChangeGroup& x, const ChangeGroup& y) { return x.renderings > y.renderings; });
    for (const std::string& f : fresh_order) d->findings_new.push_back(std::move(fresh[f]));
    for (const std::string& f : fixed_order) d->findings_fixed.push_back(std::move(fixed[f]));
  }

  const Catalog& base_;
  const Catalog& head_;
  const DiffOptions& options_;
  bool shared_changed_;
};

bool HasDifference(const RecipeDiff& d) {
  return d.status != "changed" || !d.variants.empty() || !d.hardware.empty() || !d.strategies.empty() ||
         !d.features.empty() || !d.modes.empty() || d.renderings_changed || d.renderings_added ||
         d.renderings_removed || !d.findings_new.empty() || !d.findings_fixed.empty() || !d.plan_changed.empty() ||
         !d.guide_diff.empty() || !d.api_added.empty() || !d.api_removed.empty() || !d.api_changed.empty() ||
         !d.errors.empty();
}

// API paths → the recipe that publishes them: its own id and its promoted
// variants' checkpoint ids, on either side; the longest id wins.
class ApiOwners {
 public:
  void Add(const Catalog& c) {
    for (const Recipe& r : c.recipes) {
      owners_.emplace(r.hf_id, r.hf_id);
      const Value* variants = r.doc.Get("variants");
      if (!variants || !variants->is_object()) continue;
      for (const auto& [key, v] : variants->members()) {
        const Value* mid = v.Get("model_id");
        if (mid && mid->is_string() && mid->str().find('/') != std::string::npos) owners_.emplace(mid->str(), r.hf_id);
      }
    }
  }
  // Recipes win over promoted ids of other recipes (a collision is skipped by the builder).
  void AddRecipesFirst(const Catalog& c) {
    for (const Recipe& r : c.recipes) owners_[r.hf_id] = r.hf_id;
  }

  std::string Owner(const std::string& path) const {
    std::string best;
    size_t best_len = 0;
    auto consider = [&](const std::string& id) {
      auto it = owners_.find(id);
      if (it != owners_.end() && id.size() > best_len) {
        best = it->second;
        best_len = id.size();
      }
    };
    for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
      consider(path.substr(0, slash));
    }
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) consider(path.substr(0, path.size() - 5));
    return best;
  }

 private:
  std::unordered_map<std::string, std::string> owners_;
};

}  // namespace

CatalogDiff DiffCatalogs(const Catalog& base, const Catalog& head, const std::string& base_label,
                         const std::string& head_label, const DiffOptions& options) {
  CatalogDiff out;
  out.base = base_label;
  out.head = head_label;
  out.findings_checked = options.findings != nullptr;
  out.plan_checked = options.plan != nullptr;
  out.recipe_filter = options.recipes;
  std::set<std::string> only(options.recipes.begin(), options.recipes.end());
  auto wanted = [&](const std::string& id) { return only.empty() || only.count(id) > 0; };

  // The recipes of both sides, by id (byte order).
  std::map<std::string, std::pair<const Recipe*, const Recipe*>> ids;
  for (const Recipe& r : base.recipes) {
    if (wanted(r.hf_id)) ids[r.hf_id].first = &r;
  }
  for (const Recipe& r : head.recipes) {
    if (wanted(r.hf_id)) ids[r.hf_id].second = &r;
  }
  std::vector<std::pair<std::string, std::pair<const Recipe*, const Recipe*>>> work(ids.begin(), ids.end());
  std::vector<RecipeDiff> diffs(work.size());
  bool shared_changed = SharedInput(base) != SharedInput(head);

  // The API trees are built on the builder's own threads; the recipes are
  // compared on ours.
  auto t0 = std::chrono::steady_clock::now();
  MemoryApiSink::Files tree_b, tree_h;
  ApiTreeDiff api;
  std::string api_err;
  bool api_ok = options.full_api_build
                    ? BuildApiTree(base, options.threads, &tree_b, &api_err) &&
                          BuildApiTree(head, options.threads, &tree_h, &api_err)
                    : BuildApiTreesForDiff(base, head, options.threads, &tree_b, &tree_h, &api_err);
  if (api_ok) {
    api = DiffApiTrees(tree_b, tree_h, 20, options.threads);
  } else {
    out.api_error = api_err;
  }
  tree_b.clear();
  tree_h.clear();

  auto t1 = std::chrono::steady_clock::now();
  std::atomic<size_t> next{0};
  auto run = [&]() {
    RecipeDiffer differ(base, head, options, shared_changed);
    for (size_t i; (i = next.fetch_add(1)) < work.size();) {
      diffs[i] = differ.Run(work[i].first, work[i].second.first, work[i].second.second);
    }
  };
  int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(work.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (std::thread& t : pool) t.join();

  auto t2 = std::chrono::steady_clock::now();
  out.api_seconds = std::chrono::duration<double>(t1 - t0).count();
  out.recipes_seconds = std::chrono::duration<double>(t2 - t1).count();
  ApiOwners owners;
  owners.Add(base);
  owners.Add(head);
  owners.AddRecipesFirst(base);
  owners.AddRecipesFirst(head);
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < work.size(); ++i) by_id[work[i].first] = i;
  auto owned = [&](const std::string& path) -> RecipeDiff* {
    auto it = by_id.find(owners.Owner(path));
    return it == by_id.end() ? nullptr : &diffs[it->second];
  };
  for (const std::string& p : api.added) {
    RecipeDiff* d = owned(p);
    if (d) d->api_added.push_back(p);
    if (!d && only.empty()) out.shared_added.push_back(p);
    if (d || only.empty()) out.api_files_added.push_back(p);
  }
  for (const std::string& p : api.removed) {
    RecipeDiff* d = owned(p);
    if (d) d->api_removed.push_back(p);
    if (!d && only.empty()) out.shared_removed.push_back(p);
    if (d || only.empty()) out.api_files_removed.push_back(p);
  }
  for (const ApiFileChange& c : api.changed) {
    RecipeDiff* d = owned(c.path);
    if (d) d->api_changed.push_back(c);
    if (!d && only.empty()) out.shared_changed.push_back(c);
    if (d || only.empty()) out.api_files_changed.push_back(c);
  }
  for (RecipeDiff& d : diffs) {
    if (HasDifference(d)) out.recipes.push_back(std::move(d));
  }
  return out;
}

}  // namespace recipes
