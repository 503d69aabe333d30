// Resolver steps: parallelism flags (§8) and multi-node head and worker ranks.
#include "resolve/resolver_impl.h"

namespace recipes::resolver_impl {

void Resolver::EmitParallelism(ArgList& a, Role role, NodeRole nr, int follower_rank, const Pool* pool) {
  uint32_t layer = a.track ? a.Layer("parallelism") : 0;
  if (role != Role::kNone) {
    const Pool& p = *pool;
    std::string upper = RoleUpper(role);
    if (p.snapped == "dep") {
      double nodes_in_pool = std::max(1.0, p.nodes);
      const Value* tp_explicit = Present(Get(p.so_role, "tp")) ? Get(p.so_role, "tp")
                                 : Present(Get(p.role_cfg, "tp")) ? Get(p.role_cfg, "tp")
                                                                   : nullptr;
      double role_tp = tp_explicit ? JsNumber(tp_explicit) : 1;
      double dp_local = std::max(1.0, std::floor(gpu_count_ / role_tp));
      double dp_size = nodes_in_pool * dp_local;
      double node_index = Clamp(p.rank, 0, nodes_in_pool - 1);
      if (tp_explicit) {
        a.Add("--tensor-parallel-size", layer);
        a.Add(tp_explicit->is_number() ? Num(tp_explicit->number()) : tp_explicit->ToDisplayString(), layer);
      }
      a.Add("--data-parallel-size", layer);
      a.Add(Num(dp_size), layer);
      a.Add("--data-parallel-size-local", layer);
      a.Add(Num(dp_local), layer);
      a.Add("--data-parallel-start-rank", layer);
      a.Add(RankTok(node_index, dp_local), layer);
      a.Add("--data-parallel-address", layer);
      a.Add("$" + upper + "_NODE_1", layer);
      a.Add("--data-parallel-rpc-port", layer);
      a.Add("$" + upper + "_DP_RPC_PORT", layer);
      if (nodes_in_pool > 1) a.Add("--data-parallel-hybrid-lb", layer);
      a.Add("--enable-expert-parallel", layer);
      return;
    }
    const Value* flag = FirstTruthy({Get(p.so_role, "parallel_flag"), Get(p.role_cfg, "parallel_flag"),
                                     Get(strategy_, "parallel_flag")});
    a.Add(flag ? flag->ToDisplayString() : "--tensor-parallel-size", layer);
    a.Add(Num(std::max(1.0, p.gpus)), layer);
    if (p.snapped == "tep") a.Add("--enable-expert-parallel", layer);
    if (p.nodes > 1) {
      double node_index = Clamp(p.rank, 0, p.nodes - 1);
      a.Add("--nnodes", layer);
      a.Add(Num(p.nodes), layer);
      a.Add("--node-rank", layer);
      a.Add(RankTok(node_index, 1), layer);
      a.Add("--master-addr", layer);
      a.Add("$" + upper + "_NODE_1", layer);
      if (node_index > 0) a.Add("--headless", layer);
    }
    return;
  }
  const Value* flag_v = Get(strategy_, "parallel_flag");
  std::string flag = Truthy(flag_v) ? flag_v->ToDisplayString() : "--tensor-parallel-size";
  bool is_multi = deploy_type_ == "multi_node" && sel_.node_count > 1;
  double rank = nr == NodeRole::kWorker ? std::max(1, follower_rank) : 0;
  std::string nodes = std::to_string(sel_.node_count);
  if (!is_multi) {
    a.Add(flag, layer);
    a.Add(Num(single_tp_), layer);
    return;
  }
  const Value* parallelism = Get(strategy_, "parallelism");
  if (flag == "--data-parallel-size") {
    // The per-node DP width may be pinned by an override pair.
    double dp_local = gpu_count_;
    const Value* found = nullptr;
    bool seen = false;
    auto scan = [&](const Value* list) {
      if (!list || !list->is_array()) return;
      const ArrayItems& items = list->items();
      for (size_t i = 0; i < items.size(); ++i) {
        if (StrEq(&items[i], "--data-parallel-size-local")) {
          seen = true;
          found = i + 1 < items.size() ? &items[i + 1] : nullptr;
        }
      }
    };
    scan(Get(so_, "vllm_args"));
    scan(Get(so_, "extra_args"));
    scan(Get(strategy_gen_ho_, "extra_args"));
    scan(Get(so_exact_ho_, "extra_args"));
    if (seen) dp_local = JsNumber(found);
    a.Add("--data-parallel-size", layer);
    a.Add(Num(total_gpus_), layer);
    a.Add("--data-parallel-size-local", layer);
    a.Add(Num(gpu_count_), layer);
    a.Add("--data-parallel-address", layer);
    a.Add(master_addr_, layer);
    if (nr == NodeRole::kWorker) {
      a.Add("--data-parallel-start-rank", layer);
      a.Add(RankTok(rank, dp_local), layer);
    }
    return;
  }
  if (StrEq(parallelism, "tp_pp")) {
    a.Add("--tensor-parallel-size", layer);
    a.Add(Num(gpu_count_), layer);
    a.Add("--pipeline-parallel-size", layer);
    a.Add(nodes, layer);
    a.Add("--nnodes", layer);
    a.Add(nodes, layer);
    a.Add("--node-rank", layer);
    a.Add(RankTok(rank, 1), layer);
    a.Add("--master-addr", layer);
    a.Add(master_addr_, layer);
    if (rank > 0) a.Add("--headless", layer);
    return;
  }
  if (StrEq(parallelism, "tp_dp")) {
    a.Add("--tensor-parallel-size", layer);
    a.Add(Num(gpu_count_), layer);
    a.Add("--data-parallel-size", layer);
    a.Add(nodes, layer);
    a.Add("--data-parallel-size-local", layer);
    a.Add("1", layer);
    a.Add("--data-parallel-address", layer);
    a.Add(master_addr_, layer);
    if (nr == NodeRole::kWorker) {
      a.Add("--data-parallel-start-rank", layer);
      a.Add(RankTok(rank, 1), layer);
    }
    return;
  }
  a.Add("--tensor-parallel-size", layer);
  a.Add(Num(total_gpus_), layer);
  a.Add("--nnodes", layer);
  a.Add(nodes, layer);
  a.Add("--node-rank", layer);
  a.Add(RankTok(rank, 1), layer);
  a.Add("--master-addr", layer);
  a.Add(master_addr_, layer);
  if (rank > 0) a.Add("--headless", layer);
}

Resolution Resolver::MultiNode() {
  Resolution r;
  EnvBuilder env = BuildEnv(Role::kNone, nullptr);
  std::vector<SkippedSource> skipped;
  ArgList head = BuildArgs(Role::kNone, NodeRole::kHead, 0, nullptr, track_ ? &skipped : nullptr);
  Value head_cmd, head_argv;
  if (!Render("head", head, &env, std::move(skipped), &head_cmd, &head_argv)) return r;
  ArrayItems cmds, argvs;
  symbolic_worker_ = symbolic_;
  for (int rank = 1; rank < (symbolic_ ? 2 : sel_.node_count); ++rank) {
    ArgList w = BuildArgs(Role::kNone, NodeRole::kWorker, rank, nullptr, nullptr);
    Value c, v;
    if (!Render("worker " + std::to_string(rank), w, &env, {}, &c, &v)) return r;
    cmds.push_back(std::move(c));
    argvs.push_back(std::move(v));
  }
  symbolic_worker_ = false;
  if (argv_only_) return r;
  ObjectItems o;
  o.Set("deployType", Value::String("multi_node"));
  o.Set("nodeCount", Value::Number(sel_.node_count));
  o.Set("headCommand", head_cmd);
  o.Set("workerCommand", cmds.empty() ? Value() : cmds[0]);
  Value worker_argv = argvs.empty() ? Value() : argvs[0];
  o.Set("workerCommands", Value::Array(std::move(cmds)));
  o.Set("headArgv", head_argv);
  o.Set("workerArgv", worker_argv);
  o.Set("workerArgvs", Value::Array(std::move(argvs)));
  o.Set("env", Value::Object(std::move(env.items)));
  r.output = Value::Object(std::move(o));
  return r;
}

}  // namespace recipes::resolver_impl
