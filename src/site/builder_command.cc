// Resolution: the selection handed to the resolver and the command tabs
// read back from it (site.md §9.3, §9.8.5).
#include "site/builder_internal.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "plan/plan_report.h"
#include "plan/recipe_plan.h"
#include "render/docker.h"
#include "render/json_writer.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"

namespace recipes::builder_detail {

// ---------------------------------------------------------------------------
// Resolution

std::array<Builder::PdPoolState, 2> Builder::PdPools() const {
  // Effective pool values (site.md §9.11.5).
  std::array<PdPoolState, 2> out;
  std::vector<std::string> modes = rules_.PdModes(s_.hw);
  for (int r = 0; r < 2; ++r) {
    PdPool def = DefaultPdPool(cat_, rules_.recipe(), s_.variant, s_.hw, kRoles[r]);
    int def_nodes = def.nodes;
    const std::string& def_mode = def.parallelism;
    PdPoolState& p = out[r];
    p.def_nodes = def_nodes;
    p.def_mode = def_mode;
    p.mode = s_.pd_mode[r].empty() || !Contains(modes, s_.pd_mode[r]) ? def_mode : s_.pd_mode[r];
    p.nodes = std::max(s_.pd_nodes[r] > 0 ? s_.pd_nodes[r] : def_nodes, rules_.NodesNeeded(p.mode, s_.hw));
  }
  return out;
}

Selection Builder::MakeSelection() const {
  Selection sel;
  sel.variant = s_.variant;
  sel.strategy = s_.strategy;
  sel.hardware = s_.hw;
  sel.features = s_.features;
  for (const auto& d : AdvancedDefs()) {
    // Hidden options do not contribute (site.md §14 quirk 6, fixed).
    if (d.shown && Contains(s_.advanced, d.id)) {
      sel.advanced_args.insert(sel.advanced_args.end(), d.args.begin(), d.args.end());
    }
  }
  sel.node_count = s_.nodes;
  for (const auto& f : s_.features) {
    std::string user;
    for (const auto& [fk, m] : s_.user_modes) {
      if (fk == f) user = m;
    }
    std::string eff = rules_.AllowedModes(f, s_.variant, s_.hw).empty() ? "" : rules_.EffectiveMode(f, s_.variant, s_.hw, user);
    if (!eff.empty()) sel.feature_modes.emplace_back(f, eff);
  }
  if (!s_.kv.empty()) sel.kv_offload = s_.kv;
  if (IsMooncake(s_.kv)) {
    ObjectItems ki;
    if (s_.kv_instances > 0) ki.Set("count", Value::Number(s_.kv_instances));
    ki.Set("current", Value::Number(s_.kv_instance));
    sel.kv_instances = Value::Object(std::move(ki));
  } else {
    ObjectItems ki;
    ki.Set("current", Value::Number(0));
    sel.kv_instances = Value::Object(std::move(ki));
  }
  if (DeployTypeOf(cat_, s_.strategy) == "pd_cluster") {
    ObjectItems pools;
    std::array<PdPoolState, 2> st = PdPools();
    for (int r = 0; r < 2; ++r) {
      ObjectItems spec;
      spec.Set("nodes", Value::Number(st[r].nodes));
      spec.Set("rank", Value::Number(std::min(s_.pd_rank[r], std::max(1, st[r].nodes) - 1)));
      spec.Set("parallelism", Value::String(st[r].mode));
      pools.Set(kRoles[r], Value::Object(std::move(spec)));
    }
    sel.pd_nodes = Value::Object(std::move(pools));
  }
  return sel;
}

void Builder::Resolve() {
  Selection sel = MakeSelection();
  Resolution res = ResolveCommand(cat_, rules_.recipe(), sel);
  v_.model_id = res.model_id.empty() ? rules_.VariantModelId(s_.variant) : res.model_id;
  v_.selection = sel;
  if (!res.ok()) {
    v_.resolve_error = res.error->message;
    if (res.error->pos.known()) v_.resolve_error = res.error->pos.ToString() + ": " + v_.resolve_error;
    return;
  }
  v_.resolution = res.output;
  Tabs(res.output);
  Memory(sel, res);
  Check(res);
}

void Builder::Check(const Resolution& res) {
  // Every version in the flag tables: the card names the newest and lists
  // the others the command also parses on (issue 8 §4).
  const VllmTables& tables = VllmTables::Builtin();
  std::vector<size_t> versions(tables.versions().size());
  for (size_t i = 0; i < versions.size(); ++i) versions[i] = i;
  v_.check = CheckResolution(rules_.recipe(), v_.selection, res, tables, versions);
}

void Builder::Memory(const Selection& sel, const Resolution& res) {
  if (!RecipeHasArchitecture(rules_.recipe())) return;
  RecipePlanInput in = PlanInputForSelection(cat_, rules_.recipe(), sel, res);
  if (!in.input) return;
  MemoryPlan p = PlanMemory(*in.input);
  BuilderMemory& m = v_.memory;
  m.present = true;
  m.fits = p.fits;
  m.budget_gib = p.budget_gib;
  m.weights_gib = p.weights_gib;
  m.overhead_gib = p.activation_gib + p.non_torch_gib;
  m.kv_gib = p.kv_cache_gib;
  m.tokens = p.kv.tokens;
  m.max_model_len = p.kv.max_model_len;
  m.max_model_len_that_fits = p.kv.max_model_len_that_fits;
  m.max_concurrency = p.kv.max_concurrency;
  m.sentence = PlanAdvice(*in.input, p, in.gpus_per_node);
  m.plan = PlanToJson(p);
}

void Builder::Tabs(const Value& out) {
  std::string dt = Str(out.Get("deployType"));
  v_.deploy_type = dt;
  const Value* profile = rules_.Profile(s_.hw);
  std::optional<std::string> image = DockerImage(rules_.doc(), s_.variant, s_.hw, profile);
  std::optional<std::string> image129;
  if (rules_.Brand(s_.hw) == "NVIDIA") {
    image129 = DockerImage(rules_.doc(), s_.variant, s_.hw, profile, true);
    if (image129 == image) image129.reset();
  }
  // Multi-node containers run on the host network and only the head
  // publishes the port, as `recipes command --docker` prints them (issue 12
  // item 8); the JSON API keeps the reference's bridge form.
  auto serve_tab = [&](std::string id, std::string label, const Value* cmd, const Value* argv, const Value* env,
                       int port, DockerNetwork network = DockerNetwork::kBridge) {
    BuilderTab t;
    t.id = std::move(id);
    t.label = std::move(label);
    t.command = Str(cmd);
    t.env = EnvPairs(env);
    t.wraps = true;
    Value no_env = Value::Object({});
    DockerRun run = RenderDockerRun(t.command, argv ? *argv : Value(), env ? *env : no_env, image, profile, port, network);
    t.docker_command = run.command;
    if (image129) {
      t.docker_command_cu129 =
          RenderDockerRun(t.command, argv ? *argv : Value(), env ? *env : no_env, image129, profile, port, network).command;
    }
    return t;
  };
  v_.host_var = "VLLM_HOST";
  v_.port_var = "VLLM_PORT";
  std::string default_port = "8000";
  if (dt == "pd_cluster") {
    const Value* mc = out.Get("mooncake");
    if (mc && mc->is_object()) {
      v_.tabs_numbered = true;
      BuilderTab cfg;
      cfg.id = "mooncake_config";
      cfg.label = "Mooncake Config";
      cfg.description = "Run once on every node (prefill, decode and the store node) before the later steps.";
      cfg.command = "export MOONCAKE_CONFIG_PATH=${MOONCAKE_CONFIG_PATH:-/etc/mooncake/mooncake_vllm_config.json}\n";
      std::string note = Str(mc->Get("configNote"));
      std::string body;
      for (size_t a = 0, b; a < note.size(); a = b + 1) {
        b = note.find('\n', a);
        if (b == std::string::npos) b = note.size();
        body += "# " + note.substr(a, b - a) + "\n";
      }
      cfg.command += "\n" + body + "cat > \"$MOONCAKE_CONFIG_PATH\" <<EOF\n" + ToJson(*mc->Get("config"), 2) + "\nEOF";
      v_.tabs.push_back(cfg);
      const Value* master = mc->Get("master");
      BuilderTab m;
      m.id = "mooncake_master";
      m.label = "Mooncake Master";
      m.description = Str(master ? master->Get("description") : nullptr);
      m.command = Str(master ? master->Get("command") : nullptr);
      v_.tabs.push_back(m);
      const Value* store = mc->Get("store");
      if (store && store->is_object()) {
        BuilderTab st;
        st.id = "mooncake_store";
        st.label = "Mooncake Store";
        st.description = Str(store->Get("description"));
        st.command = Str(store->Get("command"));
        v_.tabs.push_back(st);
      }
    }
    for (int r = 0; r < 2; ++r) {
      const Value* role = out.Get(kRoles[r]);
      if (!role) continue;
      int nodes = static_cast<int>(Num(role->Get("nodes")));
      DockerNetwork net = nodes <= 1                                  ? DockerNetwork::kBridge
                          : static_cast<int>(Num(role->Get("currentNode"))) == 0 ? DockerNetwork::kHostHead
                                                                         : DockerNetwork::kHostFollower;
      BuilderTab t = serve_tab(kRoles[r], r == 0 ? "Prefill" : "Decode", role->Get("command"), role->Get("argv"),
                               role->Get("env"), r == 0 ? 8001 : 8002, net);
      int pool = static_cast<int>(Num(role->Get("poolGpus")));
      std::string mode = UpperAscii(Str(role->Get("parallelism")));
      int per = rules_.GpuCount(s_.hw);
      std::string line;
      if (nodes == 0) {
        line = "Co-located half-node · " + std::to_string(pool) + " GPU · " + mode;
      } else {
        line = std::to_string(nodes) + (nodes == 1 ? " node" : " nodes") + " × " + std::to_string(per) + " GPU = " +
               std::to_string(pool) + " GPU · " + mode;
      }
      int dp_local = static_cast<int>(Num(role->Get("dpLocal")));
      int dp_size = static_cast<int>(Num(role->Get("dpSize")));
      if (mode == "DEP" && nodes > 1) {
        line += " · DP=" + std::to_string(dp_size) + " (dp_local=" + std::to_string(dp_local) +
                ", one vllm serve per node)";
      }
      t.pre_lines.push_back(line);
      if (nodes > 1) {
        int cur = static_cast<int>(Num(role->Get("currentNode")));
        BuilderNumber n;
        n.param = std::string(kRoles[r]) + "_rank";
        n.label = std::string(r == 0 ? "Prefill" : "Decode") + " node shown";
        n.value = cur + 1;
        n.min = 1;
        n.max = nodes;
        if (mode == "DEP") {
          n.suffix = "of 1.." + std::to_string(nodes) + " · start_rank = " + Fmt(Num(role->Get("startRank"))) +
                     " — vLLM spawns " + std::to_string(dp_local) + " local DP ranks per node";
        } else {
          n.suffix = "of 1.." + std::to_string(nodes) + " · --node-rank = " + std::to_string(cur) +
                     (cur == 0 ? " — head node, serves HTTP + NIXL" : " — follower, runs --headless");
        }
        t.numbers.push_back(n);
      }
      t.client_hint = "Clients connect through the Router tab.";
      v_.tabs.push_back(std::move(t));
      // Pool size inputs for the Nodes row.
      BuilderNumber pn;
      pn.param = std::string(kRoles[r]) + "_nodes";
      pn.label = std::string(r == 0 ? "Prefill" : "Decode") + " node count";
      pn.value = std::max(1, nodes);
      pn.suffix = "× " + std::to_string(per) + " = " + std::to_string(std::max(1, nodes) * per);
      v_.pd_numbers.push_back(pn);
    }
    const Value* router = out.Get("router");
    BuilderTab rt;
    rt.id = "router";
    rt.label = "Router";
    rt.command = Str(router ? router->Get("command") : nullptr);
    std::string install = Str(router ? router->Get("install") : nullptr);
    if (!install.empty()) rt.pre_lines.push_back("Install: " + install);
    rt.client_target = true;
    v_.tabs.push_back(rt);
    v_.host_var = "ROUTER_HOST";
    v_.port_var = "ROUTER_PORT";
    default_port = "30000";
    v_.selected_tab = 0;
  } else if (dt == "kv_store_lb") {
    v_.tabs_numbered = true;
    int instances = static_cast<int>(Num(out.Get("instances"), 1));
    const Value* vllm = out.Get("vllm");
    BuilderTab cfg;
    cfg.id = "mooncake_config";
    cfg.label = "Mooncake Config";
    cfg.description = "Run once on every instance node (plus the store node) before the later steps.";
    std::string cmd = "export MOONCAKE_CONFIG_PATH=${MOONCAKE_CONFIG_PATH:-/etc/mooncake/mooncake_vllm_config.json}\n";
    const Value* store = out.Get("store");
    bool centralized = store && store->is_object();
    if (centralized) {
      cmd += "export MOONCAKE_STORE_CONFIG_PATH=${MOONCAKE_STORE_CONFIG_PATH:-/etc/mooncake/mooncake_store_config.json}\n";
    }
    auto heredoc = [](const std::string& note, const Value* cfgv, const std::string& var) {
      std::string b;
      for (size_t a = 0, e; a < note.size(); a = e + 1) {
        e = note.find('\n', a);
        if (e == std::string::npos) e = note.size();
        b += "# " + note.substr(a, e - a) + "\n";
      }
      b += "cat > \"$" + var + "\" <<EOF\n" + (cfgv ? ToJson(*cfgv, 2) : "{}") + "\nEOF";
      return b;
    };
    cmd += "\n" + heredoc(Str(out.Get("mooncakeConfigNote")), out.Get("mooncakeConfig"), "MOONCAKE_CONFIG_PATH");
    if (centralized && store->Get("config") && store->Get("config")->is_object()) {
      cmd += "\n\n" + heredoc(Str(store->Get("note")), store->Get("config"), "MOONCAKE_STORE_CONFIG_PATH");
    }
    cfg.command = cmd;
    v_.tabs.push_back(cfg);
    const Value* master = out.Get("master");
    BuilderTab m;
    m.id = "mooncake_master";
    m.label = "Mooncake Master";
    m.description = Str(master ? master->Get("description") : nullptr);
    m.command = Str(master ? master->Get("command") : nullptr);
    v_.tabs.push_back(m);
    if (centralized) {
      BuilderTab st;
      st.id = "mooncake_store";
      st.label = "Mooncake Store";
      st.description = Str(store->Get("description"));
      st.command = Str(store->Get("command"));
      v_.tabs.push_back(st);
    }
    const Value* workers = vllm ? vllm->Get("workerCommands") : nullptr;
    const Value* worker_argvs = vllm ? vllm->Get("workerArgvs") : nullptr;
    bool multi = workers && workers->is_array() && !workers->items().empty();
    std::string install = Str(vllm ? vllm->Get("install") : nullptr);
    BuilderTab head = serve_tab("vllm", multi ? "Head" : "vLLM Serve", vllm ? vllm->Get("command") : nullptr,
                                vllm ? vllm->Get("argv") : nullptr, vllm ? vllm->Get("env") : nullptr, 8000,
                                multi ? DockerNetwork::kHostHead : DockerNetwork::kBridge);
    int per_instance = multi ? static_cast<int>(workers->items().size()) + 1 : 1;
    head.description = multi ? "Head node of each instance (" + std::to_string(per_instance) + " nodes per instance)."
                       : instances >= 2 ? "Run one copy on each instance node."
                                        : "A single instance; clients talk to it directly.";
    if (!install.empty()) head.description += " Requires: " + install;
    head.client_target = instances < 2;
    head.client_hint = "Clients connect through the Router tab.";
    if (instances >= 2) {
      BuilderNumber n;
      n.param = "kv_instance";
      n.label = "Instance shown";
      n.value = static_cast<int>(Num(out.Get("currentInstance"))) + 1;
      n.max = instances;
      n.suffix = "of 1.." + std::to_string(instances) + " — runs on $VLLM_INSTANCE_" + std::to_string(n.value);
      head.numbers.push_back(n);
    }
    v_.tabs.push_back(head);
    if (multi) {
      for (size_t i = 0; i < workers->items().size(); ++i) {
        BuilderTab w = serve_tab("node" + std::to_string(i + 1), "Node " + std::to_string(i + 1), &workers->items()[i],
                                 worker_argvs ? worker_argvs->At(i) : nullptr, vllm->Get("env"), 8000,
                                 DockerNetwork::kHostFollower);
        w.description = "Follower node " + std::to_string(i + 1) + " of " + std::to_string(per_instance - 1) +
                        " in each instance (rank " + std::to_string(i + 1) + ", headless).";
        w.client_hint = "Clients connect to the head node.";
        v_.tabs.push_back(w);
      }
    }
    const Value* router = out.Get("router");
    if (router && router->is_object()) {
      BuilderTab rt;
      rt.id = "router";
      rt.label = "Router";
      rt.command = Str(router->Get("command"));
      rt.description = "Load-balances across " + std::to_string(instances) + " vLLM instances.";
      std::string ri = Str(router->Get("install"));
      if (!ri.empty()) rt.pre_lines.push_back("Install: " + ri);
      rt.client_target = true;
      v_.tabs.push_back(rt);
      v_.host_var = "ROUTER_HOST";
      v_.port_var = "ROUTER_PORT";
      default_port = Fmt(Num(router->Get("port"), 30080));
    }
    v_.selected_tab = 0;
  } else if (out.Get("headCommand")) {
    BuilderTab head = serve_tab("head", "Head", out.Get("headCommand"), out.Get("headArgv"), out.Get("env"), 8000,
                                DockerNetwork::kHostHead);
    head.client_target = true;
    std::string after =
        "# Set $HEAD_IP to the rank-0 node's address on every node.\n# Run each tab on its own node; start the head first.";
    head.after = after;
    v_.tabs.push_back(head);
    const Value* workers = out.Get("workerCommands");
    const Value* wargv = out.Get("workerArgvs");
    if (workers && workers->is_array()) {
      for (size_t i = 0; i < workers->items().size(); ++i) {
        BuilderTab w = serve_tab("node" + std::to_string(i + 1), "Node " + std::to_string(i + 1), &workers->items()[i],
                                 wargv ? wargv->At(i) : nullptr, out.Get("env"), 8000, DockerNetwork::kHostFollower);
        w.client_hint = "Clients connect to the head node.";
        w.after = after;
        v_.tabs.push_back(w);
      }
    }
    v_.host_var = "HEAD_IP";
  } else {
    const Value* comps = out.Get("companions");
    if (comps && comps->is_array() && !comps->items().empty()) {
      v_.tabs_numbered = true;
      for (const Value& c : comps->items()) {
        BuilderTab t;
        t.id = "companion_" + Str(c.Get("feature"));
        t.label = Str(c.Get("label"));
        t.description = Str(c.Get("description"));
        t.command = Str(c.Get("command"));
        t.client_hint = "Clients connect to the vLLM server.";
        v_.tabs.push_back(t);
      }
    }
    BuilderTab t = serve_tab("serve", "vLLM Serve", out.Get("command"), out.Get("argv"), out.Get("env"), 8000);
    t.client_target = true;
    v_.tabs.push_back(t);
    v_.selected_tab = 0;
  }
  // Defaults merged under saved cluster values (site.md §9.10).
  if (v_.host_var == "HEAD_IP") {
    v_.env_defaults = {{"VLLM_PORT", "8000"}};
  } else {
    v_.env_defaults = {{v_.host_var, "localhost"}, {v_.port_var, default_port}};
  }
  std::string host = "$" + v_.host_var, port = "$" + v_.port_var;
  std::string model = rules_.VariantModelId(s_.variant);
  if (model.empty()) model = "model";
  v_.curl = "curl http://" + host + ":" + port +
            "/v1/chat/completions \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\"model\": \"" + model +
            "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}], \"max_tokens\": 32}'";
  v_.bench = "vllm bench serve \\\n  --model " + model + " \\\n  --host " + host + " \\\n  --port " + port +
             " \\\n  --dataset-name random \\\n  --random-input-len 1024 \\\n  --random-output-len 1024 \\\n"
             "  --num-prompts 100 \\\n  --max-concurrency 32";
}

}  // namespace recipes::builder_detail
