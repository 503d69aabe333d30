#include "api/variant_rendering.h"

#include <algorithm>
#include <cmath>

#include "render/docker.h"
#include "resolve/resolver.h"
#include "resolve/selection.h"

namespace recipes {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool Contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

double NumberOr0(const Value* v) { return v && v->is_number() && !std::isnan(v->number()) ? v->number() : 0; }

const Value& EmptyObject() {
  static const Value* empty = new Value(Value::Object(ObjectItems()));
  return *empty;
}

Value Str(std::string s) { return Value::String(std::move(s)); }

// The PD node choice of §4: null (legacy co-located), a {prefill, decode}
// node-count map, or "skip".
struct PdChoice {
  bool skip = false;
  Value nodes;  // null or {prefill: n, decode: n}
};

// Everything §4 derives once per (variant, hardware).
struct Context {
  Context(const Catalog& cat, const Recipe& rec) : catalog(cat), recipe(rec) {}
  const Catalog& catalog;
  const Recipe& recipe;
  std::string variant;  // after fitting substitution
  const Value* variant_doc = nullptr;
  std::string hardware;
  const Value* profile = nullptr;  // never null ({} for unknown ids)
  bool scalable = true;
  bool fits = true;
  std::vector<std::string> features;
  std::optional<std::string> image;
};

PdChoice ChoosePdNodes(const Context& c) {
  PdChoice out;
  if (PdFitsSingleNode(*c.variant_doc, c.profile)) return out;
  double node_vram = NumberOr0(c.profile->Get("vram_gb"));
  const Value* need_v = c.variant_doc->Get("vram_minimum_gb");
  double need = need_v && need_v->Truthy() && need_v->is_number() ? need_v->number() : 0;
  if (node_vram <= 0 || need <= 0) return out;
  double per_role = std::ceil(need / node_vram);
  if (per_role > 4) {
    out.skip = true;
    return out;
  }
  const Value* so = c.recipe.doc.Get("strategy_overrides");
  const Value* so_pd = so ? so->Get("pd_cluster") : nullptr;
  const Value* pd_doc = c.catalog.FindStrategy("pd_cluster");
  ObjectItems nodes;
  for (const char* role : {"prefill", "decode"}) {
    const Value* par = nullptr;
    const Value* so_role = so_pd ? so_pd->Get(role) : nullptr;
    if (so_role) par = so_role->Get("parallelism");
    if (!par || !par->Truthy()) {
      const Value* doc_role = pd_doc ? pd_doc->Get(role) : nullptr;
      par = doc_role ? doc_role->Get("parallelism") : nullptr;
    }
    std::string key = par && par->Truthy() ? par->ToDisplayString() : "tp";
    int needed = NodesForStrategy(c.catalog, c.recipe, key, c.hardware);
    nodes.Set(role, Value::Number(std::max(per_role, static_cast<double>(needed))));
  }
  out.nodes = Value::Object(std::move(nodes));
  return out;
}

// JSON API docker fields for one serve process.
void AddDocker(const Context& c, ObjectItems* out, const char* command_key, const char* argv_key,
               const Value* command, const Value* argv, const Value& env, int port) {
  std::string text = command && command->is_string() ? command->str() : "";
  DockerRun run = RenderDockerRun(text, argv ? *argv : Value(), env, c.image, c.profile, port);
  out->Set(command_key, Str(std::move(run.command)));
  out->Set(argv_key, std::move(run.argv));
}

Value OrNull(const Value* v) { return v ? *v : Value::Null(); }

// The list of `docker run` forms for parallel lists of commands and argvs.
// `first` (the rank-1 worker's form, already rendered) is reused for the
// list's first entry when that entry is the same command.
void AddDockerLists(const Context& c, ObjectItems* out, const char* commands_key, const char* argvs_key,
                    const Value* commands, const Value* argvs, const Value& env, int port,
                    const Value* first_command, const Value* first_text, const Value* first_argv) {
  ArrayItems texts, argv_list;
  if (commands && commands->is_array()) {
    for (size_t i = 0; i < commands->size(); ++i) {
      const Value& cmd = commands->items()[i];
      const Value* argv = argvs ? argvs->At(i) : nullptr;
      if (i == 0 && first_command && first_text && first_argv && first_command->is_string() && cmd.is_string() &&
          first_command->str() == cmd.str()) {
        texts.push_back(*first_text);
        argv_list.push_back(*first_argv);
        continue;
      }
      DockerRun run = RenderDockerRun(cmd.is_string() ? cmd.str() : "", argv ? *argv : Value(), env, c.image,
                                      c.profile, port);
      texts.push_back(Str(std::move(run.command)));
      argv_list.push_back(std::move(run.argv));
    }
  }
  out->Set(commands_key, Value::Array(std::move(texts)));
  out->Set(argvs_key, Value::Array(std::move(argv_list)));
}

// §5: the resolver's camelCase result → the JSON API's shape.
ObjectItems ToApiShape(const Context& c, const std::string& strategy, int node_count, const Value& r,
                       const std::string& kv_id) {
  ObjectItems out;
  const Value* deploy = r.Get("deployType");
  std::string deploy_type = deploy && deploy->is_string() ? deploy->str() : "single_node";
  bool mooncake = deploy_type == "kv_store_lb";
  bool pd = deploy_type == "pd_cluster";
  const Value* vllm = mooncake ? r.Get("vllm") : nullptr;
  Value env = pd ? EmptyObject() : OrNull(mooncake ? (vllm ? vllm->Get("env") : nullptr) : r.Get("env"));
  if (!env.is_object()) env = EmptyObject();

  out.Set("hardware", Str(c.hardware));
  out.Set("strategy", Str(mooncake ? kv_id : strategy));
  out.Set("variant", Str(c.variant));
  out.Set("node_count", Value::Number(node_count));
  out.Set("deploy_type", Str(deploy_type));
  out.Set("env", env);
  if (c.image) out.Set("docker_image", Str(*c.image));

  if (pd) {
    for (const char* role : {"prefill", "decode"}) {
      const Value* src = r.Get(role);
      ObjectItems rr;
      if (src && src->is_object()) {
        for (const char* key : {"command", "argv", "env", "nodes", "parallelism", "tp", "dpLocal", "dpSize",
                                "poolGpus", "currentNode", "startRank"}) {
          rr.Set(key, OrNull(src->Get(key)));
        }
        const Value* role_env = src->Get("env");
        AddDocker(c, &rr, "docker_command", "docker_argv", src->Get("command"), src->Get("argv"),
                  role_env ? *role_env : EmptyObject(), std::string_view(role) == "prefill" ? 8001 : 8002);
      }
      out.Set(role, Value::Object(std::move(rr)));
    }
    out.Set("router", OrNull(r.Get("router")));
    out.Set("router_config", OrNull(r.Get("routerConfig")));
    return out;
  }

  if (mooncake) {
    out.Set("serving_strategy", OrNull(r.Get("servingStrategy")));
    const Value* kv_doc = c.catalog.FindStrategy(kv_id);
    const Value* min_version = kv_doc ? kv_doc->Get("min_vllm_version") : nullptr;
    out.Set("kv_min_vllm_version", min_version ? *min_version : Value::Null());
    out.Set("instances", OrNull(r.Get("instances")));
    const Value* v = vllm ? vllm : &EmptyObject();
    out.Set("vllm_command", OrNull(v->Get("command")));
    out.Set("vllm_argv", OrNull(v->Get("argv")));
    if (v->Get("workerCommand")) {
      out.Set("vllm_worker_command", OrNull(v->Get("workerCommand")));
      out.Set("vllm_worker_commands", OrNull(v->Get("workerCommands")));
      out.Set("vllm_worker_argv", OrNull(v->Get("workerArgv")));
      out.Set("vllm_worker_argvs", OrNull(v->Get("workerArgvs")));
      AddDocker(c, &out, "vllm_worker_docker_command", "vllm_worker_docker_argv", v->Get("workerCommand"),
                v->Get("workerArgv"), env, 8000);
      ObjectItems lists;
      AddDockerLists(c, &lists, "c", "a", v->Get("workerCommands"), v->Get("workerArgvs"), env, 8000,
                     v->Get("workerCommand"), out.Find("vllm_worker_docker_command"),
                     out.Find("vllm_worker_docker_argv"));
      out.Set("vllm_worker_docker_commands", *lists.Find("c"));
      out.Set("vllm_worker_docker_argvs", *lists.Find("a"));
    } else {
      for (const char* key : {"vllm_worker_command", "vllm_worker_commands", "vllm_worker_argv",
                              "vllm_worker_argvs", "vllm_worker_docker_command", "vllm_worker_docker_argv",
                              "vllm_worker_docker_commands", "vllm_worker_docker_argvs"}) {
        out.Set(key, Value::Null());
      }
    }
    const Value* install = v->Get("install");
    out.Set("vllm_install", install && install->Truthy() ? *install : Value::Null());
    AddDocker(c, &out, "vllm_docker_command", "vllm_docker_argv", v->Get("command"), v->Get("argv"), env, 8000);
    out.Set("master", OrNull(r.Get("master")));
    out.Set("store", OrNull(r.Get("store")));
    out.Set("router", OrNull(r.Get("router")));
    out.Set("mooncake_config", OrNull(r.Get("mooncakeConfig")));
    const Value* note = r.Get("mooncakeConfigNote");
    out.Set("mooncake_config_note", note ? *note : Str(""));
    return out;
  }

  if (r.Get("headCommand")) {
    out.Set("head_command", OrNull(r.Get("headCommand")));
    out.Set("worker_command", OrNull(r.Get("workerCommand")));
    out.Set("worker_commands", OrNull(r.Get("workerCommands")));
    out.Set("head_argv", OrNull(r.Get("headArgv")));
    out.Set("worker_argv", OrNull(r.Get("workerArgv")));
    out.Set("worker_argvs", OrNull(r.Get("workerArgvs")));
    ObjectItems docker;
    AddDocker(c, &docker, "hc", "ha", r.Get("headCommand"), r.Get("headArgv"), env, 8000);
    AddDocker(c, &docker, "wc", "wa", r.Get("workerCommand"), r.Get("workerArgv"), env, 8000);
    AddDockerLists(c, &docker, "wcs", "was", r.Get("workerCommands"), r.Get("workerArgvs"), env, 8000,
                   r.Get("workerCommand"), docker.Find("wc"), docker.Find("wa"));
    out.Set("head_docker_command", *docker.Find("hc"));
    out.Set("worker_docker_command", *docker.Find("wc"));
    out.Set("worker_docker_commands", *docker.Find("wcs"));
    out.Set("head_docker_argv", *docker.Find("ha"));
    out.Set("worker_docker_argv", *docker.Find("wa"));
    out.Set("worker_docker_argvs", *docker.Find("was"));
    return out;
  }

  out.Set("command", OrNull(r.Get("command")));
  out.Set("argv", OrNull(r.Get("argv")));
  AddDocker(c, &out, "docker_command", "docker_argv", r.Get("command"), r.Get("argv"), env, 8000);
  const Value* companions = r.Get("companions");
  if (companions && companions->is_array() && companions->size() > 0) out.Set("companions", *companions);
  return out;
}

}  // namespace

bool IsOmniRecipe(const Value& recipe_doc) {
  const Value* meta = recipe_doc.Get("meta");
  const Value* tasks = meta ? meta->Get("tasks") : nullptr;
  if (!tasks || !tasks->is_array()) return false;
  for (const Value& t : tasks->items()) {
    if (t.is_string() && t.str() == "omni") return true;
  }
  return false;
}

VariantRenderer::VariantRenderer(const Catalog& catalog, const Recipe& recipe) : catalog_(catalog), recipe_(recipe) {}

std::vector<std::string> VariantRenderer::HardwareIds(const std::string& variant) const {
  std::vector<std::string> ids;
  ids.push_back(DefaultHardware(catalog_, recipe_, variant));
  for (std::string& hw : CompatibleHardware(catalog_, recipe_, variant)) {
    if (!Contains(ids, hw)) ids.push_back(std::move(hw));
  }
  return ids;
}

std::optional<HardwareRendering> VariantRenderer::Render(const std::string& variant, const std::string& hardware,
                                                         std::vector<std::string>* warnings) const {
  // Step 1.
  if (!FindVariant(recipe_, variant) || IsOmniRecipe(recipe_.doc)) return std::nullopt;
  // Steps 2–3.
  Context c(catalog_, recipe_);
  c.hardware = hardware;
  c.profile = catalog_.FindHardware(hardware);
  if (!c.profile) c.profile = &EmptyObject();
  c.scalable = IsHardwareScalable(c.profile);
  c.variant = variant;
  c.variant_doc = FindVariant(recipe_, variant);
  if (!c.scalable && !FitsSingleNode(*c.variant_doc, c.profile)) {
    std::optional<std::string> fitting = FittingVariant(catalog_, recipe_, hardware);
    if (!fitting) return std::nullopt;
    c.variant = *fitting;
    c.variant_doc = FindVariant(recipe_, c.variant);
  }
  c.fits = FitsSingleNode(*c.variant_doc, c.profile);

  // Step 4: kv-store ids in strategy-map order (strategies/ first, then kv_store/).
  std::vector<std::string> kv_ids;
  auto collect_kv = [&](const std::vector<StrategyDoc>& docs) {
    for (const StrategyDoc& d : docs) {
      if (Contains(kv_ids, d.name)) continue;
      if (DeployTypeOf(catalog_, d.name) == "kv_store_lb") kv_ids.push_back(d.name);
    }
  };
  collect_kv(catalog_.strategies);
  collect_kv(catalog_.kv_stores);

  // Step 6: candidates.
  const Value* brand_v = c.profile->Get("brand");
  std::string brand = brand_v && brand_v->is_string() ? brand_v->str() : "";
  const Value* kv_gate = recipe_.doc.Get("kv_cache_strategy_hardware");
  std::vector<std::string> effective = EffectiveStrategies(recipe_);
  std::vector<std::string> all = effective;
  for (const std::string& k : kv_ids) all.push_back(k);
  std::vector<std::string> candidates;
  for (const std::string& s : all) {
    if (Contains(candidates, s)) continue;
    if (Contains(kv_ids, s)) {
      if (!c.scalable || (brand != "NVIDIA" && brand != "AMD")) continue;
      const Value* gate = kv_gate ? kv_gate->Get(s) : nullptr;
      const Value* verdict = gate ? gate->Get(hardware) : nullptr;
      if (verdict && verdict->is_string() && verdict->str() == "unsupported") continue;
    } else {
      if (!StrategySupportedOnHardware(catalog_, recipe_, s, hardware)) continue;
      if (!StrategyReachable(catalog_, recipe_, s, hardware)) continue;
      if (!c.scalable && (StartsWith(s, "multi_node_") || s == "pd_cluster")) continue;
    }
    candidates.push_back(s);
  }

  // Steps 7–10.
  bool multi = c.scalable && std::any_of(candidates.begin(), candidates.end(),
                                         [](const std::string& s) { return StartsWith(s, "multi_node_"); });
  int base_nodes = !c.fits && multi ? 2 : 1;
  std::string rec = RecommendStrategy(recipe_, base_nodes);
  if (!Contains(candidates, rec)) {
    auto first = [&](bool allow_pd) -> std::optional<std::string> {
      for (const std::string& s : candidates) {
        if (Contains(kv_ids, s) || (!allow_pd && s == "pd_cluster")) continue;
        return s;
      }
      return std::nullopt;
    };
    if (auto s = first(false)) {
      rec = *s;
    } else if (auto s2 = first(true)) {
      rec = *s2;
    }
  }
  auto nodes_for = [&](const std::string& s) { return DefaultNodesForStrategy(catalog_, recipe_, s, hardware); };
  int rec_nodes = std::max(base_nodes, nodes_for(rec));
  // Step 11.
  c.features = DefaultFeatures(recipe_, hardware, c.variant);
  if (!resolve_only_) c.image = DockerImage(recipe_.doc, c.variant, hardware, c.profile);

  auto render = [&](const std::string& strategy, int nodes, const Value& pd_nodes,
                    const std::string& kv) -> std::optional<ObjectItems> {
    Selection sel;
    sel.variant = c.variant;
    sel.strategy = strategy;
    sel.hardware = hardware;
    sel.features = c.features;
    sel.node_count = nodes;
    sel.pd_nodes = pd_nodes;
    if (!kv.empty()) sel.kv_offload = kv;
    if (sink_) sink_->push_back(sel);
    ResolveOptions options;
    options.provenance = false;  // the API publishes outputs only
    options.argv_only = resolve_only_;  // only whether it resolves matters then
    Resolution r = ResolveCommand(catalog_, recipe_, sel, options);
    if (!r.ok()) {
      warnings->push_back("  \xE2\x9A\xA0 command synthesis failed for " + recipe_.hf_id + " / " + c.variant + " / " +
                          (kv.empty() ? strategy : kv) + ": " + r.error->message);
      return std::nullopt;
    }
    if (resolve_only_) return ObjectItems();
    return ToApiShape(c, strategy, nodes, r.output, kv);
  };

  // Steps 12–14.
  Value rec_pd;
  if (rec == "pd_cluster") {
    PdChoice choice = ChoosePdNodes(c);
    if (choice.skip) return std::nullopt;
    rec_pd = choice.nodes;
  }
  std::optional<ObjectItems> recommended = render(rec, rec_nodes, rec_pd, "");
  if (!recommended) return std::nullopt;

  HardwareRendering out;
  out.hardware = hardware;
  out.strategy = rec;
  out.recommended = std::move(*recommended);

  if (recommended_only_) return out;
  // Step 15.
  auto kv_serving = [&](int nc) -> std::optional<std::string> {
    auto acceptable = [&](const std::string& s) {
      if (!catalog_.FindStrategy(s)) return false;
      std::string dt = DeployTypeOf(catalog_, s);
      if (dt == "pd_cluster" || dt == "kv_store_lb") return false;
      return nc > 1 ? dt == "multi_node" : dt != "multi_node";
    };
    std::string pick = RecommendStrategy(recipe_, nc);
    if (acceptable(pick)) return pick;
    for (const std::string& s : effective) {
      if (acceptable(s)) return s;
    }
    return std::nullopt;
  };
  for (const std::string& s : candidates) {
    if (s == rec) continue;
    std::optional<ObjectItems> alt;
    if (s == "pd_cluster") {
      PdChoice choice = ChoosePdNodes(c);
      if (choice.skip) continue;
      alt = render(s, 1, choice.nodes, "");
    } else if (Contains(kv_ids, s)) {
      int nc = c.fits ? 1 : 2;
      std::optional<std::string> serving = kv_serving(nc);
      if (!serving && nc == 2) {
        nc = 1;
        serving = kv_serving(nc);
      }
      if (!serving) continue;
      if (DeployTypeOf(catalog_, *serving) == "multi_node") {
        nc = std::max(nc, NodesForStrategy(catalog_, recipe_, *serving, hardware));
      }
      alt = render(*serving, nc, Value::Null(), s);
    } else {
      alt = render(s, nodes_for(s), Value::Null(), "");
    }
    if (alt) out.alternatives.emplace_back(s, std::move(*alt));
  }
  return out;
}

}  // namespace recipes
