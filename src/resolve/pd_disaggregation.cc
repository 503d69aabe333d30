// Resolver steps: PD disaggregation (§17.7): pools, roles and the router.
#include "resolve/resolver_impl.h"

namespace recipes::resolver_impl {

Pool Resolver::MakePool(Role role) {
  Pool p;
  const char* rk = RoleKey(role);
  const Value* raw = sel_.pd_nodes.is_object() ? sel_.pd_nodes.Get(rk) : nullptr;
  if (raw && raw->is_number()) {
    p.has_nodes = true;
    p.pd_nodes_num = raw->number();
  } else if (raw && raw->is_object()) {
    p.pd_role = raw;
    const Value* n = raw->Get("nodes");
    if (n && n->is_number()) {
      p.has_nodes = true;
      p.pd_nodes_num = n->number();
    }
    const Value* r = raw->Get("rank");
    if (r && r->is_number()) {
      p.rank = r->number();
      p.rank_truthy = r->Truthy();
    }
  }
  p.role_cfg = Get(strategy_, rk);
  p.so_role = Get(so_, rk);
  p.nodes = p.has_nodes ? p.pd_nodes_num : (sel_.node_count > 1 ? 1 : 0);
  p.gpus = p.nodes == 0 ? std::floor(gpu_count_ / 2) : p.nodes * gpu_count_;
  const Value* par = FirstTruthy({Get(p.pd_role, "parallelism"), Get(p.so_role, "parallelism"),
                                  Get(p.role_cfg, "parallelism")});
  p.parallelism = par ? par->ToDisplayString() : "tp";
  p.snapped = p.parallelism;
  if (std::find(pool_modes_.begin(), pool_modes_.end(), p.snapped) == pool_modes_.end() && !pool_modes_.empty()) {
    p.snapped = pool_modes_.front();
  }
  if (p.parallelism == "dep") {
    const Value* tp = FirstTruthy({Get(p.so_role, "tp"), Get(p.role_cfg, "tp")});
    p.meta_tp = tp && tp->is_number() ? tp->number() : (tp ? JsNumber(tp) : 1);
    p.dp_local = std::max(1.0, std::floor(gpu_count_ / p.meta_tp));
    p.dp_size = std::max(1.0, p.nodes) * p.dp_local;
  } else {
    p.meta_tp = p.gpus;
    p.dp_local = 0;
    p.dp_size = 1;
  }
  p.current_node = Clamp(p.rank, 0, std::max(1.0, p.nodes) - 1);
  p.start_rank = p.current_node * p.dp_local;
  if (OutOfRange(p.nodes) && !error_) {
    error_ = ResolveError{{}, std::string("pd_nodes.") + rk + " is out of range"};
  }
  return p;
}

Resolution Resolver::Pd() {
  Resolution r;
  Pool pools[2] = {MakePool(Role::kPrefill), MakePool(Role::kDecode)};
  if (error_) return r;
  Value roles[2];
  for (int i = 0; i < 2; ++i) {
    Role role = i == 0 ? Role::kPrefill : Role::kDecode;
    Pool p = pools[i];
    if (symbolic_) {  // the head here; the follower below
      p.rank = 0;
      p.rank_truthy = false;
    }
    std::vector<SkippedSource> skipped;
    ArgList a = BuildArgs(role, NodeRole::kNone, 0, &p, track_ ? &skipped : nullptr);
    EnvBuilder env = BuildEnv(role, &p);
    Value command, argv;
    if (!Render(RoleKey(role), a, &env, std::move(skipped), &command, &argv)) return r;
    if (argv_only_ && !(symbolic_ && p.nodes > 1)) continue;
    ObjectItems o;
    o.Set("command", std::move(command));
    o.Set("argv", std::move(argv));
    o.Set("env", Value::Object(std::move(env.items)));
    if (symbolic_ && p.nodes > 1) {
      Pool w = p;
      w.rank = 1;
      w.rank_truthy = true;
      symbolic_worker_ = true;
      ArgList wa = BuildArgs(role, NodeRole::kNone, 0, &w, nullptr);
      EnvBuilder wenv = BuildEnv(role, &w);
      Value wc, wv;
      bool ok = Render(std::string(RoleKey(role)) + " worker", wa, &wenv, {}, &wc, &wv);
      symbolic_worker_ = false;
      if (!ok) return r;
      o.Set("workerArgv", std::move(wv));
      o.Set("workerEnv", Value::Object(std::move(wenv.items)));
    }
    o.Set("nodes", Value::Number(p.nodes));
    o.Set("parallelism", Value::String(p.parallelism));
    o.Set("tp", Value::Number(p.meta_tp));
    o.Set("dpLocal", Value::Number(p.dp_local));
    o.Set("dpSize", Value::Number(p.dp_size));
    o.Set("poolGpus", Value::Number(p.gpus));
    o.Set("currentNode", Value::Number(p.current_node));
    o.Set("startRank", Value::Number(p.start_rank));
    roles[i] = Value::Object(std::move(o));
  }
  if (argv_only_) return r;
  const Value* rcfg = Get(strategy_, "router");
  const Value* policy = Get(rcfg, "policy");
  std::string cmd = "vllm-router --policy " + (Truthy(policy) ? policy->ToDisplayString() : "round_robin") +
                    " \\\n    --vllm-pd-disaggregation";
  for (int i = 0; i < 2; ++i) {
    const Pool& p = pools[i];
    int endpoints = p.parallelism == "dep" ? static_cast<int>(std::max(1.0, p.nodes)) : 1;
    std::string upper = i == 0 ? "PREFILL" : "DECODE";
    const char* flag = i == 0 ? "--prefill" : "--decode";
    const char* port = i == 0 ? "8001" : "8002";
    for (int n = 1; n <= endpoints; ++n) {
      cmd += std::string(" \\\n    ") + flag + " http://$" + upper + "_NODE_" + std::to_string(n) + ":" + port;
    }
  }
  const Value* intra = Get(Get(so_, "router"), "intra_node_data_parallel_size");
  std::string intra_s = Present(intra) ? intra->ToDisplayString()
                                       : Num(std::max({pools[0].dp_local, pools[1].dp_local, 1.0}));
  cmd += " \\\n    --host $ROUTER_HOST \\\n    --port $ROUTER_PORT \\\n    --intra-node-data-parallel-size " + intra_s;

  ObjectItems o;
  o.Set("deployType", Value::String("pd_cluster"));
  o.Set("nodeCount", Value::Number(sel_.node_count));
  if (kvstore_) {
    const Value* mvc = kvstore_->Get("mooncake_vllm_config");
    const Value* tmpl = Get(mvc, "template");
    const Value* note = Get(mvc, "note");
    ObjectItems m;
    m.Set("master", MooncakeMaster());
    m.Set("store", MooncakeStore());
    m.Set("config", Truthy(tmpl) ? *tmpl : Value::Object({}));
    m.Set("configNote", Truthy(note) ? *note : Value::String(""));
    m.Set("install", MooncakeInstall());
    o.Set("mooncake", Value::Object(std::move(m)));
  }
  o.Set("prefill", roles[0]);
  o.Set("decode", roles[1]);
  ObjectItems router;
  router.Set("command", Value::String(cmd));
  router.Set("install", Value::String("uv pip install vllm-router"));
  o.Set("router", Value::Object(std::move(router)));
  if (Truthy(rcfg)) {
    o.Set("routerConfig", *rcfg);
  } else {
    ObjectItems rc;
    rc.Set("policy", Value::String("round_robin"));
    o.Set("routerConfig", Value::Object(std::move(rc)));
  }
  r.output = Value::Object(std::move(o));
  return r;
}

}  // namespace recipes::resolver_impl
