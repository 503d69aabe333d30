#include "check/catalog_check.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <memory>
#include <thread>
#include <unordered_map>

#include "api/variant_rendering.h"
#include "check/argv_memo.h"
#include "check/guide_commands.h"
#include "render/json_writer.h"
#include "resolve/renderings.h"
#include "resolve/selection.h"

namespace recipes {

namespace {

// One argv to check, with the YAML origin of each item.
struct Rendering {
  const Selection* selection = nullptr;  // example_selection (a selection), or
  const Value* guide = nullptr;          // a guide command's description
  std::string process;
  std::vector<std::string> argv;
  std::vector<Origin> flag_origin;   // per item: the unit's origin
  std::vector<Origin> value_origin;  // per item: the origin of the item as a value
};

Rendering FromProvenance(const Selection* selection, const std::string& model, const ProcessProvenance& p) {
  Rendering r;
  r.selection = selection;
  r.process = p.process;
  r.argv = {"vllm", "serve", model};
  Origin none{"model", {}};
  r.flag_origin.assign(3, none);
  r.value_origin.assign(3, none);
  for (const ArgUnit& u : p.args) {
    for (size_t i = 0; i < u.tokens.size(); ++i) {
      r.argv.push_back(u.tokens[i]);
      r.flag_origin.push_back(u.origin);
      bool value = i > 0;
      r.value_origin.push_back(value && u.value_origin.pos.known() ? u.value_origin : u.origin);
    }
  }
  return r;
}

std::string ArgvKey(const std::vector<std::string>& argv) {
  std::string key;
  for (const std::string& a : argv) {
    key += a;
    key += '\0';
  }
  return key;
}

// Per-version results of one distinct argv, and per finding the id of its
// cause (problem, flag, message) for grouping.
struct Checks {
  std::vector<ArgvCheck> checks;
  std::vector<std::vector<uint32_t>> cause;  // [version][finding]
};

// A finding group: version, cause, and the YAML position as Pos::ToString
// tells positions apart (file path id, line, col).
struct GroupKey {
  uint32_t version, cause, path, line, col;
  bool operator==(const GroupKey& o) const {
    return version == o.version && cause == o.cause && path == o.path && line == o.line && col == o.col;
  }
};
struct GroupKeyHash {
  size_t operator()(const GroupKey& k) const {
    uint64_t h = k.version;
    for (uint32_t x : {k.cause, k.path, k.line, k.col}) h = h * 0x9E3779B97F4A7C15ULL + x;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};
using Groups = std::unordered_map<GroupKey, size_t, GroupKeyHash>;

// Everything found for one recipe.
struct RecipeResult {
  RecipeVerdict verdict;
  std::vector<CheckFinding> findings;
  size_t renderings = 0;
  // Per checked version: did an error hit the variant's renderings (by
  // variant key), or a guide command? For per-variant min_vllm_version.
  std::map<std::string, std::vector<bool>> variant_failed;
  std::vector<bool> guide_failed;
};

// A release string "0.11.0" → comparable numbers; empty when not a release.
std::vector<int> ReleaseNumbers(std::string_view s) {
  std::vector<int> out;
  if (!s.empty() && s[0] == 'v') s.remove_prefix(1);
  size_t i = 0;
  while (i < s.size()) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return {};
    int n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) n = n * 10 + (s[i++] - '0');
    out.push_back(n);
    if (i < s.size() && s[i] != '.') break;  // e.g. "0.11.0rc1": the numbers so far
    ++i;
  }
  while (out.size() < 3) out.push_back(0);
  return out;
}

class Runner {
 public:
  Runner(const Catalog& catalog, const VllmTables& tables, const CheckOptions& options)
      : catalog_(catalog), tables_(tables), options_(options) {}

  RecipeResult RunRecipe(const Recipe& recipe) const {
    RecipeResult out;
    out.verdict.recipe = recipe.hf_id;
    out.verdict.path = recipe.path;
    // Argvs name the recipe's model, so they seldom repeat across recipes:
    // the cache lives for one recipe (memory stays flat at scale).
    cache_.clear();
    if (IsOmniRecipeDoc(recipe.doc)) {
      out.verdict.scope_note = "omni recipe: its commands run vllm-omni, whose CLI is not in the flag tables";
      return out;
    }
    // Selections: the builder's, then the JSON API's (repeats dropped).
    std::vector<Selection> sels;
    std::unordered_map<std::string, bool> seen;
    for (ReachableSelection& r : ReachableSelections(catalog_, recipe)) {
      seen[SelectionKey(r.selection)] = true;
      sels.push_back(std::move(r.selection));
    }
    if (options_.api) {
      std::vector<Selection> api;
      VariantRenderer renderer(catalog_, recipe);
      renderer.set_resolve_only(true);
      renderer.set_selection_sink(&api);
      std::vector<std::string> warnings;
      for (const std::string& variant : VariantKeys(recipe)) {
        for (const std::string& hw : renderer.HardwareIds(variant)) renderer.Render(variant, hw, &warnings);
      }
      for (Selection& s : api) {
        if (seen.emplace(SelectionKey(s), true).second) sels.push_back(std::move(s));
      }
    }
    Groups groups;
    std::vector<bool> failed(Versions().size(), false);
    // A selection whose argv opens a new finding group is resolved again
    // with provenance, for the layer names and the process name.
    std::unordered_map<std::string, Rendering> traced;
    std::string key;
    ResolveOptions quick;
    quick.provenance = false;
    quick.argv_only = true;
    for (size_t i = 0; i < sels.size(); ++i) {
      Resolution res = ResolveCommand(catalog_, recipe, sels[i], quick);
      if (!res.ok()) continue;
      bool resolved = false;
      traced.clear();
      for (size_t pi = 0; pi < res.argvs.size(); ++pi) {
        ++out.renderings;
        const Checks* checks = Screen(res.argvs[pi].argv, &key);
        if (!checks) continue;
        // Processes with equal argv share the first one's origins.
        size_t first = pi;
        for (size_t pj = 0; pj < pi; ++pj) {
          if (res.argvs[pj].argv == res.argvs[pi].argv) {
            first = pj;
            break;
          }
        }
        const ProcessArgv& pa = res.argvs[first];
        auto example = [&]() -> const Rendering& {
          if (!resolved) {
            resolved = true;
            Resolution full = ResolveCommand(catalog_, recipe, sels[i]);
            for (const ProcessProvenance& p : full.processes) {
              Rendering r = FromProvenance(&sels[i], full.model_id, p);
              traced.emplace(ArgvKey(r.argv), std::move(r));
            }
          }
          return traced.at(key);
        };
        Group(recipe, &sels[i], pa.flag_pos, pa.value_pos, example, *checks, &groups, &failed, &out);
      }
    }
    if (options_.guide) {
      std::vector<Value> guide_selections;
      std::vector<GuideCommand> cmds = RecipeGuideCommands(recipe);
      guide_selections.reserve(cmds.size());
      for (const GuideCommand& c : cmds) {
        ObjectItems o;
        o.Set("source", Value::String("guide"));
        o.Set("line", Value::Number(c.pos.empty() ? 0 : c.pos[0].line));
        guide_selections.push_back(Value::Object(std::move(o)));
      }
      for (size_t i = 0; i < cmds.size(); ++i) {
        Rendering r;
        r.guide = &guide_selections[i];
        r.process = "guide";
        r.argv = cmds[i].argv;
        for (const Pos& p : cmds[i].pos) {
          r.flag_origin.push_back({"guide", p});
          r.value_origin.push_back({"guide", p});
        }
        ++out.renderings;
        if (const Checks* checks = Screen(r.argv, &key)) {
          std::vector<Pos> flag_pos, value_pos;
          for (const Origin& o : r.flag_origin) flag_pos.push_back(o.pos);
          for (const Origin& o : r.value_origin) value_pos.push_back(o.pos);
          Group(recipe, nullptr, flag_pos, value_pos, [&]() -> const Rendering& { return r; }, *checks, &groups,
                &failed, &out);
        }
      }
    }
    for (size_t v = 0; v < Versions().size(); ++v) {
      (failed[v] ? out.verdict.fails_on : out.verdict.parses_on).push_back(tables_.versions()[Versions()[v]].key);
    }
    out.verdict.renderings = out.renderings;
    MinVersions(recipe, out, &out.verdict);
    return out;
  }

  std::vector<size_t> Versions() const {
    if (!options_.versions.empty()) return options_.versions;
    return {tables_.versions().size() - 1};
  }

 private:
  // Null when the argv has no findings on any checked version; else the
  // per-version checks (computed once per distinct argv).
  const Checks* Screen(const std::vector<std::string>& argv, std::string* key_out) const {
    std::string& key = *key_out;
    key = ArgvKey(argv);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second.checks.empty() ? nullptr : &it->second;
    Checks c;
    c.checks = memo_->Check(argv);
    bool any = false;
    for (const ArgvCheck& v : c.checks) any = any || !v.findings.empty() || !v.in_scope;
    if (!any) {
      c.checks.clear();
    } else {
      c.cause.resize(c.checks.size());
      for (size_t v = 0; v < c.checks.size(); ++v) {
        for (const ArgFinding& f : c.checks[v].findings) {
          std::string cause = std::string(ProblemName(f.problem)) + '\n' + f.flag + '\n' + f.message;
          c.cause[v].push_back(causes_.emplace(std::move(cause), causes_.size()).first->second);
        }
      }
    }
    it = cache_.emplace(key, std::move(c)).first;
    return it->second.checks.empty() ? nullptr : &it->second;
  }

  // Findings grouped by (version, cause, position). Positions are read from
  // flag_pos/value_pos; `example` gives the full rendering (layers, process
  // name) and is called only when a group opens.
  // `selection` (null for a guide command) files errors under its variant.
  template <typename ExampleFn>
  void Group(const Recipe& recipe, const Selection* selection, const std::vector<Pos>& flag_pos,
             const std::vector<Pos>& value_pos, ExampleFn&& example, const Checks& checks, Groups* groups,
             std::vector<bool>* failed, RecipeResult* out) const {
    for (size_t vi = 0; vi < checks.checks.size(); ++vi) {
      const ArgvCheck& c = checks.checks[vi];
      if (!c.in_scope) continue;
      for (size_t fi = 0; fi < c.findings.size(); ++fi) {
        const ArgFinding& f = c.findings[fi];
        bool error = f.error() || options_.strict;
        if (error) {
          (*failed)[vi] = true;
          std::vector<bool>& by = selection ? out->variant_failed[selection->variant] : out->guide_failed;
          by.resize(checks.checks.size(), false);
          by[vi] = true;
        }
        const Pos& pos = f.value_item >= 0 ? value_pos[static_cast<size_t>(f.value_item)]
                                           : flag_pos[static_cast<size_t>(f.item)];
        GroupKey gk{static_cast<uint32_t>(vi), checks.cause[vi][fi], PathId(pos), pos.source ? pos.line : 0,
                    pos.source && pos.line ? pos.col : 0};
        auto [g, fresh] = groups->emplace(gk, out->findings.size());
        if (fresh) {
          const Rendering& r = example();
          const Origin& o = f.value_item >= 0 ? r.value_origin[static_cast<size_t>(f.value_item)]
                                              : r.flag_origin[static_cast<size_t>(f.item)];
          CheckFinding cf;
          cf.recipe = recipe.hf_id;
          cf.version = tables_.versions()[Versions()[vi]].key;
          cf.flag = f.flag;
          cf.problem = f.problem;
          cf.error = error;
          cf.message = f.message;
          cf.pos = o.pos;
          cf.file = o.pos.source ? o.pos.source->path : recipe.path;
          cf.layer = o.layer;
          cf.example_selection = r.selection ? r.selection->ToJson() : *r.guide;
          cf.example_argv = r.argv;
          cf.example_process = r.process;
          out->findings.push_back(std::move(cf));
        }
        ++out->findings[g->second].renderings;
      }
    }
  }

  // Pos::ToString names a file by its path: equal paths are one file.
  uint32_t PathId(const Pos& pos) const {
    if (!pos.source) return 0;
    auto it = path_ids_.find(pos.source);
    if (it != path_ids_.end()) return it->second;
    uint32_t id = paths_.emplace(pos.source->path, static_cast<uint32_t>(paths_.size() + 1)).first->second;
    path_ids_.emplace(pos.source, id);
    return id;
  }

  // min_vllm_version older than the oldest checked version that parses: some
  // version that certainly includes min_vllm_version fails, and a newer one
  // parses. A variant's own min_vllm_version, when higher than the model's
  // (recipe-format §7: the higher wins), governs that variant's renderings;
  // the model's governs the rest and the guide's commands.
  void MinVersions(const Recipe& recipe, const RecipeResult& result, RecipeVerdict* verdict) const {
    const Value* model = recipe.doc.Get("model");
    const Value* model_min = Release(model ? model->Get("min_vllm_version") : nullptr);
    size_t n = Versions().size();
    // The YAML node of each effective minimum → versions its renderings fail on.
    std::vector<std::pair<const Value*, std::vector<bool>>> by_node;
    std::vector<std::string> node_variant;  // "" = the model's node
    auto merge = [&](const Value* node, const std::string& variant, const std::vector<bool>& failed) {
      size_t i = 0;
      while (i < by_node.size() && by_node[i].first != node) ++i;
      if (i == by_node.size()) {
        by_node.emplace_back(node, std::vector<bool>(n, false));
        node_variant.push_back(variant);
      }
      for (size_t v = 0; v < failed.size() && v < n; ++v) by_node[i].second[v] = by_node[i].second[v] || failed[v];
    };
    if (model_min) merge(model_min, "", result.guide_failed);
    static const std::vector<bool> kNone;
    for (const std::string& key : VariantKeys(recipe)) {
      const Value* variant = FindVariant(recipe, key);
      const Value* own = Release(variant ? variant->Get("min_vllm_version") : nullptr);
      const Value* node = model_min;
      if (own && (!model_min || ReleaseNumbers(own->ToDisplayString()) > ReleaseNumbers(model_min->ToDisplayString()))) {
        node = own;
      }
      if (!node) continue;
      auto it = result.variant_failed.find(key);
      merge(node, node == model_min ? "" : key, it == result.variant_failed.end() ? kNone : it->second);
    }
    for (size_t i = 0; i < by_node.size(); ++i) {
      if (auto d = MinVersion(by_node[i].first, node_variant[i], by_node[i].second)) verdict->min_versions.push_back(*d);
    }
  }

  // A min_vllm_version node holding a release ("0.11.0"), or null.
  static const Value* Release(const Value* v) {
    if (!v || (!v->is_string() && !v->is_number())) return nullptr;
    return ReleaseNumbers(v->ToDisplayString()).empty() ? nullptr : v;
  }

  std::optional<Diagnostic> MinVersion(const Value* min, const std::string& variant,
                                       const std::vector<bool>& failed) const {
    std::string min_s = min->ToDisplayString();
    std::vector<int> m = ReleaseNumbers(min_s);
    std::vector<size_t> vs = Versions();
    int oldest_ok = -1;
    for (int v = static_cast<int>(vs.size()) - 1; v >= 0 && !failed[static_cast<size_t>(v)]; --v) oldest_ok = v;
    if (oldest_ok <= 0) return std::nullopt;
    // Does table version `t` certainly contain release m? Tagged: compare;
    // a main snapshot: when a tagged table older than it does.
    auto contains = [&](size_t t) {
      for (size_t u = 0; u <= t; ++u) {
        std::vector<int> r = ReleaseNumbers(tables_.versions()[u].key);
        if (!r.empty() && r >= m) return true;
      }
      return false;
    };
    for (int v = oldest_ok - 1; v >= 0; --v) {
      if (failed[static_cast<size_t>(v)] && contains(vs[static_cast<size_t>(v)])) {
        const std::string& bad = tables_.versions()[vs[static_cast<size_t>(v)]].key;
        const std::string& ok = tables_.versions()[vs[static_cast<size_t>(oldest_ok)]].key;
        std::string whose = variant.empty() ? "" : " of variant " + variant;
        std::string which = variant.empty() ? "every rendering" : "every rendering of the variant";
        return Diagnostic::Warning(min->pos(), "min_vllm_version " + min_s + whose + " is older than " + ok +
                                                   ", the oldest checked vLLM on which " + which + " parses (" + bad +
                                                   " already fails)");
      }
    }
    return std::nullopt;
  }

  const Catalog& catalog_;
  const VllmTables& tables_;
  const CheckOptions& options_;
  // Per runner (one per thread): distinct argv → checks, and the screens.
  mutable std::unordered_map<std::string, Checks> cache_;
  mutable std::unordered_map<std::string, uint32_t> causes_;
  mutable std::unordered_map<const Source*, uint32_t> path_ids_;
  mutable std::unordered_map<std::string, uint32_t> paths_;
  mutable std::unique_ptr<ArgvMemo> memo_;

 public:
  void Prepare() { memo_ = std::make_unique<ArgvMemo>(tables_, Versions()); }
};

}  // namespace

CheckReport CheckCatalog(const Catalog& catalog, const VllmTables& tables, const CheckOptions& options) {
  CheckReport report;
  Runner first(catalog, tables, options);
  for (size_t v : first.Versions()) report.versions.push_back(tables.versions()[v].key);
  std::vector<const Recipe*> todo;
  if (options.recipes.empty()) {
    for (const Recipe& r : catalog.recipes) todo.push_back(&r);
  } else {
    for (const std::string& id : options.recipes) {
      if (const Recipe* r = catalog.FindRecipe(id)) {
        todo.push_back(r);
      } else {
        report.unknown_recipes.push_back(id);
      }
    }
  }
  std::vector<RecipeResult> results(todo.size());
  int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(todo.size())));
  // Each thread takes the next recipe; runners keep per-thread caches.
  // Biggest recipes (by YAML size) first, so that no thread is left with a
  // large one at the end; results keep the catalog's order.
  std::vector<size_t> order(todo.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto weight = [&](size_t i) {
    const Source* src = todo[i]->doc.pos().source;
    return src ? src->text.size() : 0;
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return weight(a) > weight(b); });
  std::atomic<size_t> next{0};
  auto work = [&] {
    Runner runner(catalog, tables, options);
    runner.Prepare();
    for (size_t k = next++; k < order.size(); k = next++) results[order[k]] = runner.RunRecipe(*todo[order[k]]);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& th : pool) th.join();
  for (RecipeResult& r : results) {
    report.renderings += r.renderings;
    for (CheckFinding& f : r.findings) report.findings.push_back(std::move(f));
    if (options.strict) {
      for (Diagnostic& d : r.verdict.min_versions) d.severity = Severity::kError;
    }
    report.recipes.push_back(std::move(r.verdict));
  }
  return report;
}

CheckReport CheckSelection(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                           const VllmTables& tables, const std::vector<size_t>& versions, bool strict) {
  if (IsOmniRecipeDoc(recipe.doc)) return CheckResolution(recipe, selection, Resolution{}, tables, versions, strict);
  return CheckResolution(recipe, selection, ResolveCommand(catalog, recipe, selection), tables, versions, strict);
}

CheckReport CheckResolution(const Recipe& recipe, const Selection& selection, const Resolution& res,
                            const VllmTables& tables, const std::vector<size_t>& versions, bool strict) {
  CheckReport report;
  std::vector<size_t> vs = versions.empty() ? std::vector<size_t>{tables.versions().size() - 1} : versions;
  for (size_t v : vs) report.versions.push_back(tables.versions()[v].key);
  RecipeVerdict verdict;
  verdict.recipe = recipe.hf_id;
  verdict.path = recipe.path;
  std::vector<bool> failed(vs.size(), false);
  if (IsOmniRecipeDoc(recipe.doc)) {
    verdict.scope_note = "omni recipe: its commands run vllm-omni, whose CLI is not in the flag tables";
  } else {
    Value sel = selection.ToJson();
    std::map<std::string, size_t> groups;
    for (const ProcessProvenance& p : res.ok() ? res.processes : std::vector<ProcessProvenance>{}) {
      Rendering r = FromProvenance(&selection, res.model_id, p);
      ++report.renderings;
      for (size_t vi = 0; vi < vs.size(); ++vi) {
        ArgvCheck c = CheckServeArgv(r.argv, tables, vs[vi]);
        if (!c.in_scope) continue;
        for (const ArgFinding& f : c.findings) {
          bool error = f.error() || strict;
          if (error) failed[vi] = true;
          const Origin& o = f.value_item >= 0 ? r.value_origin[static_cast<size_t>(f.value_item)]
                                              : r.flag_origin[static_cast<size_t>(f.item)];
          std::string gkey = report.versions[vi] + '\n' + ProblemName(f.problem) + '\n' + f.flag + '\n' +
                             o.pos.ToString() + '\n' + f.message;
          auto [g, fresh] = groups.emplace(gkey, report.findings.size());
          if (fresh) {
            CheckFinding cf;
            cf.recipe = recipe.hf_id;
            cf.version = report.versions[vi];
            cf.flag = f.flag;
            cf.problem = f.problem;
            cf.error = error;
            cf.message = f.message;
            cf.pos = o.pos;
            cf.file = o.pos.source ? o.pos.source->path : recipe.path;
            cf.layer = o.layer;
            cf.example_selection = sel;
            cf.example_argv = r.argv;
            cf.example_process = r.process;
            report.findings.push_back(std::move(cf));
          }
          ++report.findings[g->second].renderings;
        }
      }
    }
    verdict.renderings = report.renderings;
  }
  for (size_t vi = 0; vi < vs.size(); ++vi) (failed[vi] ? verdict.fails_on : verdict.parses_on).push_back(report.versions[vi]);
  report.recipes.push_back(std::move(verdict));
  return report;
}

}  // namespace recipes
