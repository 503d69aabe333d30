// Resolver steps: KV-store (Mooncake) deployments composed with a serving strategy.
#include "resolve/resolver_impl.h"

namespace recipes::resolver_impl {

Value Resolver::MooncakeMaster() const {
  const Value* m = kvstore_->Get("mooncake_master");
  const Value* cmd = Get(m, "command");
  const Value* desc = Get(m, "description");
  ObjectItems o;
  o.Set("command", Truthy(cmd) ? *cmd : Value::String("mooncake_master"));
  o.Set("description", Truthy(desc) ? *desc : Value::String(""));
  return Value::Object(std::move(o));
}

Value Resolver::MooncakeStore() const {
  const Value* s = kvstore_->Get("mooncake_store_config");
  if (!Truthy(s)) return Value();
  ObjectItems o;
  const Value* cmd = s->Get("command");
  if (cmd) o.Set("command", *cmd);
  const Value* desc = s->Get("description");
  o.Set("description", Truthy(desc) ? *desc : Value::String(""));
  const Value* config = s->Get("config");
  o.Set("config", Truthy(config) ? *config : Value());
  const Value* note = s->Get("note");
  o.Set("note", Truthy(note) ? *note : Value::String(""));
  return Value::Object(std::move(o));
}

Value Resolver::MooncakeInstall() const {
  const Value* install = Get(kvstore_->Get("vllm"), "install");
  if (!Truthy(install)) return Value();
  if (install->is_object()) {
    const Value* v = nullptr;
    if (brand_ == "AMD") v = install->Get("amd");
    else if (nvidia_) v = install->Get("nvidia");
    return v ? *v : Value();
  }
  return *install;
}

Resolution Resolver::Mooncake() {
  Resolution r;
  EnvBuilder env = BuildEnv(Role::kNone, nullptr);
  bool multi = deploy_type_ == "multi_node" && sel_.node_count > 1;
  std::vector<SkippedSource> skipped;
  ArgList head = BuildArgs(Role::kNone, multi ? NodeRole::kHead : NodeRole::kNone, 0, nullptr,
                           track_ ? &skipped : nullptr);
  Value head_cmd, head_argv;
  if (!Render(multi ? "vllm head" : "vllm", head, &env, std::move(skipped), &head_cmd, &head_argv)) return r;
  if (argv_only_ && !multi) return r;
  ObjectItems vllm;
  vllm.Set("command", head_cmd);
  vllm.Set("argv", head_argv);
  if (multi) {
    ArrayItems cmds, argvs;
    symbolic_worker_ = symbolic_;
    for (int rank = 1; rank < (symbolic_ ? 2 : sel_.node_count); ++rank) {
      ArgList w = BuildArgs(Role::kNone, NodeRole::kWorker, rank, nullptr, nullptr);
      Value c, v;
      if (!Render("vllm worker " + std::to_string(rank), w, &env, {}, &c, &v)) return r;
      cmds.push_back(std::move(c));
      argvs.push_back(std::move(v));
    }
    symbolic_worker_ = false;
    if (argv_only_) return r;
    vllm.Set("workerCommand", cmds.empty() ? Value() : cmds[0]);
    vllm.Set("workerArgv", argvs.empty() ? Value() : argvs[0]);
    vllm.Set("workerCommands", Value::Array(std::move(cmds)));
    vllm.Set("workerArgvs", Value::Array(std::move(argvs)));
  }
  vllm.Set("env", Value::Object(std::move(env.items)));
  vllm.Set("install", MooncakeInstall());

  Value router;
  if (instances_ > 1) {
    const Value* rc = kvstore_->Get("router");
    const Value* policy = Get(rc, "policy");
    const Value* port = Get(kvstore_->Get("vllm"), "port");
    std::string vport = Truthy(port) ? port->ToDisplayString() : "8000";
    std::string cmd = "vllm-router --policy " + (Truthy(policy) ? policy->ToDisplayString() : "cache_aware");
    for (int i = 1; i <= static_cast<int>(instances_); ++i) {
      cmd += " \\\n    --backend-url http://$VLLM_INSTANCE_" + std::to_string(i) + ":" + vport;
    }
    cmd += " \\\n    --host $ROUTER_HOST \\\n    --port $ROUTER_PORT \\\n    --cache-threshold 0.5"
           " \\\n    --balance-abs-threshold 4 \\\n    --balance-rel-threshold 1.1";
    const Value* install = Get(rc, "install");
    const Value* rport = Get(rc, "port");
    ObjectItems ro;
    ro.Set("command", Value::String(cmd));
    ro.Set("install", Truthy(install) ? *install : Value::String("uv pip install vllm-router"));
    ro.Set("port", Truthy(rport) ? *rport : Value::Number(30080));
    router = Value::Object(std::move(ro));
  }
  const Value* mvc = kvstore_->Get("mooncake_vllm_config");
  const Value* tmpl = Get(mvc, "template");
  const Value* note = Get(mvc, "note");

  ObjectItems o;
  o.Set("deployType", Value::String("kv_store_lb"));
  o.Set("servingStrategy", Value::String(sel_.strategy));
  o.Set("nodeCount", Value::Number(sel_.node_count));
  o.Set("instances", Value::Number(instances_));
  o.Set("currentInstance", Value::Number(current_instance_));
  o.Set("master", MooncakeMaster());
  o.Set("store", MooncakeStore());
  o.Set("vllm", Value::Object(std::move(vllm)));
  o.Set("router", std::move(router));
  o.Set("mooncakeConfig", Truthy(tmpl) ? *tmpl : Value::Object({}));
  o.Set("mooncakeConfigNote", Truthy(note) ? *note : Value::String(""));
  r.output = Value::Object(std::move(o));
  return r;
}

}  // namespace recipes::resolver_impl
