// Kubernetes: a Deployment and a Service per single-pod group, a
// LeaderWorkerSet (size = nodes) plus a Service for the pods that serve HTTP
// per multi-node group, Deployments for the router and Mooncake helpers, a
// ConfigMap for Mooncake's configs. One multi-document YAML file.
#include "deploy/symbol_binding.h"
#include "deploy/symbols.h"
#include "deploy/targets.h"
#include "deploy/yaml_emitter.h"

namespace recipes {
namespace {

Value S(const std::string& s) { return Value::String(s); }
Value N(double n) { return Value::Number(n); }

Value Obj(std::initializer_list<std::pair<const char*, Value>> kv) {
  ObjectItems o;
  for (const auto& [k, v] : kv) o.Set(k, v);
  return Value::Object(std::move(o));
}

Value Arr(std::vector<Value> v) { return Value::Array(ArrayItems(std::move(v))); }

Value HttpProbe(int port, int period, int failures) {
  return Obj({{"httpGet", Obj({{"path", S("/health")}, {"port", N(port)}})},
              {"periodSeconds", N(period)},
              {"failureThreshold", N(failures)}});
}

int RpcPort(const std::vector<std::string>& argv) {
  for (const std::string& a : argv) {
    if (a.rfind("-rpc_port=", 0) == 0) return std::atoi(a.c_str() + 10);
  }
  return 50051;
}

class K8s {
 public:
  K8s(const DeployPlan& plan, const DeployOptions& opt) : plan_(plan), opt_(opt) {
    name_ = opt.name.empty() ? DefaultDeployName(plan) : opt.name;
    colocated_pd_ = plan.deploy_type == "pd_cluster" && plan.Find("prefill")->nodes == 0;
    naming_.address = [this](int g, int rank) -> Bound {
      const DeployGroup& grp = plan_.groups[g];
      if (colocated_pd_ && grp.kind != "mooncake-master" && grp.kind != "mooncake-store") return {"127.0.0.1", false};
      if (grp.nodes > 1) {
        if (g == current_ && rank == 0) return {"${LWS_LEADER_ADDRESS}", true};
        std::string pod = Res(grp) + "-0" + (rank > 0 ? "-" + std::to_string(rank) : "");
        return {pod + "." + Res(grp), false};
      }
      return {Res(grp), false};
    };
    naming_.rank = [](int, int mult) -> Bound {
      return {mult == 1 ? "${LWS_WORKER_INDEX}" : "$((LWS_WORKER_INDEX*" + std::to_string(mult) + "))", true};
    };
    naming_.self = [this](int) -> Bound {
      uses_pod_ip_ = true;
      return {"${POD_IP}", true};
    };
    naming_.iface = {opt.iface.empty() ? "eth0" : opt.iface, false};
    naming_.config_path = [](const ConfigFile& c) -> Bound { return {c.path, false}; };
  }

  DeployResult Render() {
    DeployResult r;
    std::vector<Value> docs;
    if (!plan_.configs.empty()) {
      ObjectItems data;
      for (const ConfigFile& c : plan_.configs) data.Set(c.name, S(LiteralToken(plan_, 0, c.content, naming_, nullptr) + "\n"));
      docs.push_back(Obj({{"apiVersion", S("v1")},
                          {"kind", S("ConfigMap")},
                          {"metadata", Meta(name_ + "-mooncake", "mooncake")},
                          {"data", Value::Object(std::move(data))}}));
    }
    std::vector<int> pd_pod;  // co-located PD: one pod runs both roles and the router
    for (size_t gi = 0; gi < plan_.groups.size(); ++gi) {
      const DeployGroup& g = plan_.groups[gi];
      current_ = static_cast<int>(gi);
      if (colocated_pd_ && (g.kind == "vllm" || g.kind == "router")) {
        pd_pod.push_back(current_);
        continue;
      }
      if (g.nodes > 1) {
        Lws(g, docs);
      } else {
        std::vector<Value> containers = {Container(g, g.head, g.name)};
        Deployment(Res(g), g.name, g.kind == "vllm" && !g.head.headless(), containers, g.kind == "vllm", docs);
        int port = g.kind == "mooncake-master" ? RpcPort(g.head.argv) : g.port;
        if (port > 0) Service(Res(g), g.name, port, g.kind == "mooncake-master" ? "rpc" : "http", docs);
      }
    }
    if (!pd_pod.empty()) ColocatedPd(pd_pod, docs);
    std::string text = "# " + plan_.Provenance() + "\n";
    for (const std::string& req : plan_.requirements) text += "# The image must provide " + req + "\n";
    for (size_t i = 0; i < docs.size(); ++i) text += "---\n" + EmitYaml(docs[i]);
    r.files.push_back({name_ + ".yaml", text, false});
    return r;
  }

 private:
  std::string Res(const DeployGroup& g) const { return g.name == "serve" ? name_ : name_ + "-" + g.name; }

  Value Labels(const std::string& component) const {
    return Obj({{"app.kubernetes.io/name", S(name_)},
                {"app.kubernetes.io/instance", S(name_)},
                {"app.kubernetes.io/component", S(component)},
                {"app.kubernetes.io/part-of", S("recipes")},
                {"app.kubernetes.io/managed-by", S("recipes")}});
  }

  Value Meta(const std::string& res, const std::string& component) const {
    return Obj({{"name", S(res)}, {"namespace", S(opt_.ns)}, {"labels", Labels(component)}});
  }

  // One process as a container: exec form when no token is rank- or
  // pod-derived, else /bin/sh -c with every token single-quoted.
  Value Container(const DeployGroup& g, const DeployProcess& p, const std::string& cname) {
    uses_pod_ip_ = false;
    bool shell = false;
    std::vector<std::string> argv;
    for (const std::string& a : p.argv) argv.push_back(LiteralToken(plan_, current_, a, naming_, &shell));
    ArrayItems env;
    std::string exports;
    for (const auto& [k, v] : p.env) {
      bool sym = false;
      std::string lit = LiteralToken(plan_, current_, v, naming_, &sym);
      if (sym) {
        exports += "export " + k + "=" + ShellToken(plan_, current_, v, naming_) + "\n";
        shell = true;
      } else {
        env.push_back(Obj({{"name", S(k)}, {"value", S(lit)}}));
      }
    }
    env.push_back(Obj({{"name", S("HF_TOKEN")},
                       {"valueFrom", Obj({{"secretKeyRef", Obj({{"name", S(opt_.hf_secret)},
                                                                {"key", S("HF_TOKEN")},
                                                                {"optional", Value::Bool(true)}})}})}}));
    if (uses_pod_ip_) {
      env.push_back(Obj({{"name", S("POD_IP")},
                         {"valueFrom", Obj({{"fieldRef", Obj({{"fieldPath", S("status.podIP")}})}})}}));
    }
    ObjectItems c;
    c.Set("name", S(cname));
    c.Set("image", S(plan_.image));
    ArrayItems command;
    if (shell) {
      std::string script = exports + "exec";
      for (const std::string& a : p.argv) script += " " + ShellToken(plan_, current_, a, naming_);
      command = {S("/bin/sh"), S("-c"), S(script)};
    } else {
      for (const std::string& a : argv) command.push_back(S(a));
    }
    c.Set("command", Value::Array(std::move(command)));
    c.Set("env", Value::Array(std::move(env)));
    bool serves = g.kind == "vllm" && !p.headless();
    int port = g.kind == "mooncake-master" ? RpcPort(p.argv) : g.port;
    if ((serves || g.kind != "vllm") && port > 0) {
      c.Set("ports", Arr({Obj({{"name", S(g.kind == "mooncake-master" ? "rpc" : "http")},
                               {"containerPort", N(port)},
                               {"protocol", S("TCP")}})}));
    }
    if (g.kind == "vllm") {
      ObjectItems limits;
      if (!plan_.gpu_resource.empty()) limits.Set(plan_.gpu_resource, S(std::to_string(g.gpus)));
      c.Set("resources", Obj({{"limits", Value::Object(std::move(limits))}}));
      if (serves) {
        c.Set("startupProbe", HttpProbe(g.port, 10, 180));
        c.Set("readinessProbe", HttpProbe(g.port, 10, 3));
        c.Set("livenessProbe", HttpProbe(g.port, 30, 3));
      }
    }
    ArrayItems mounts = {Obj({{"name", S("hf-cache")}, {"mountPath", S("/root/.cache/huggingface")}})};
    if (g.kind == "vllm") mounts.push_back(Obj({{"name", S("dshm")}, {"mountPath", S("/dev/shm")}}));
    if (!plan_.configs.empty()) {
      mounts.push_back(Obj({{"name", S("mooncake-config")}, {"mountPath", S("/etc/mooncake")}, {"readOnly", Value::Bool(true)}}));
    }
    c.Set("volumeMounts", Value::Array(std::move(mounts)));
    return Value::Object(std::move(c));
  }

  Value PodSpec(std::vector<Value> containers, bool gpu) const {
    ArrayItems volumes;
    volumes.push_back(opt_.pvc.empty()
                          ? Obj({{"name", S("hf-cache")}, {"emptyDir", Value::Object(ObjectItems{})}})
                          : Obj({{"name", S("hf-cache")}, {"persistentVolumeClaim", Obj({{"claimName", S(opt_.pvc)}})}}));
    if (gpu) {
      volumes.push_back(Obj({{"name", S("dshm")},
                             {"emptyDir", Obj({{"medium", S("Memory")}, {"sizeLimit", S(opt_.shm_size)}})}}));
    }
    if (!plan_.configs.empty()) {
      volumes.push_back(Obj({{"name", S("mooncake-config")}, {"configMap", Obj({{"name", S(name_ + "-mooncake")}})}}));
    }
    return Obj({{"containers", Arr(std::move(containers))}, {"volumes", Value::Array(std::move(volumes))}});
  }

  void Deployment(const std::string& res, const std::string& component, bool, std::vector<Value> containers,
                  bool gpu, std::vector<Value>& docs) const {
    docs.push_back(Obj({{"apiVersion", S("apps/v1")},
                        {"kind", S("Deployment")},
                        {"metadata", Meta(res, component)},
                        {"spec", Obj({{"replicas", N(1)},
                                      {"selector", Obj({{"matchLabels", Labels(component)}})},
                                      {"template", Obj({{"metadata", Obj({{"labels", Labels(component)}})},
                                                        {"spec", PodSpec(std::move(containers), gpu)}})}})}}));
  }

  void Service(const std::string& res, const std::string& component, int port, const std::string& port_name,
               std::vector<Value>& docs) const {
    docs.push_back(Obj({{"apiVersion", S("v1")},
                        {"kind", S("Service")},
                        {"metadata", Meta(res, component)},
                        {"spec", Obj({{"type", S("ClusterIP")},
                                      {"selector", Labels(component)},
                                      {"ports", Arr({Obj({{"name", S(port_name)},
                                                          {"port", N(port)},
                                                          {"targetPort", N(port)},
                                                          {"protocol", S("TCP")}})})}})}}));
  }

  void Lws(const DeployGroup& g, std::vector<Value>& docs) {
    // Pods that serve HTTP carry the group's component label (the Service
    // selects it); headless followers are "<group>-worker".
    std::string head_comp = g.head.headless() ? g.name + "-worker" : g.name;
    std::string worker_comp = g.worker && !g.worker->headless() ? g.name : g.name + "-worker";
    Value leader = Obj({{"metadata", Obj({{"labels", Labels(head_comp)}})},
                        {"spec", PodSpec({Container(g, g.head, g.name)}, true)}});
    Value worker = Obj({{"metadata", Obj({{"labels", Labels(worker_comp)}})},
                        {"spec", PodSpec({Container(g, g.worker ? *g.worker : g.head, g.name)}, true)}});
    docs.push_back(Obj({{"apiVersion", S("leaderworkerset.x-k8s.io/v1")},
                        {"kind", S("LeaderWorkerSet")},
                        {"metadata", Meta(Res(g), g.name)},
                        {"spec", Obj({{"replicas", N(1)},
                                      {"leaderWorkerTemplate", Obj({{"size", N(g.nodes)},
                                                                    {"restartPolicy", S("RecreateGroupOnPodRestart")},
                                                                    {"leaderTemplate", leader},
                                                                    {"workerTemplate", worker}})}})}}));
    // LWS owns a headless Service named after it (pod DNS); ours serves HTTP.
    Service(Res(g) + "-http", g.name, g.port, "http", docs);
  }

  // Co-located PD: both roles share the node's GPUs (CUDA_VISIBLE_DEVICES
  // splits them), so one container runs both; the router sits beside it.
  void ColocatedPd(const std::vector<int>& groups, std::vector<Value>& docs) {
    std::string script;
    ArrayItems env;
    std::vector<Value> containers;
    int gpus = 0, first_port = 0, last_port = 0;
    ArrayItems ports;
    for (int gi : groups) {
      const DeployGroup& g = plan_.groups[gi];
      current_ = gi;
      if (g.kind == "router") {
        containers.push_back(Container(g, g.head, g.name));
        continue;
      }
      gpus += g.gpus;
      if (!first_port) first_port = g.port;
      last_port = g.port;
      ports.push_back(Obj({{"name", S(g.name)}, {"containerPort", N(g.port)}, {"protocol", S("TCP")}}));
      script += "env";
      for (const auto& [k, v] : g.head.env) script += " " + k + "=" + ShellToken(plan_, gi, v, naming_);
      for (const std::string& a : g.head.argv) script += " " + ShellToken(plan_, gi, a, naming_);
      script += " &\n";
    }
    script += "wait -n\nexit 1\n";
    ObjectItems c;
    c.Set("name", S("pd"));
    c.Set("image", S(plan_.image));
    c.Set("command", Arr({S("/bin/bash"), S("-c"), S(script)}));
    c.Set("env", Arr({Obj({{"name", S("HF_TOKEN")},
                           {"valueFrom", Obj({{"secretKeyRef", Obj({{"name", S(opt_.hf_secret)},
                                                                    {"key", S("HF_TOKEN")},
                                                                    {"optional", Value::Bool(true)}})}})}})}));
    c.Set("ports", Value::Array(std::move(ports)));
    ObjectItems limits;
    if (!plan_.gpu_resource.empty()) limits.Set(plan_.gpu_resource, S(std::to_string(plan_.gpus_per_node)));
    (void)gpus;
    c.Set("resources", Obj({{"limits", Value::Object(std::move(limits))}}));
    c.Set("startupProbe", HttpProbe(first_port, 10, 180));
    c.Set("readinessProbe", HttpProbe(last_port, 10, 3));
    c.Set("livenessProbe", HttpProbe(first_port, 30, 3));
    ArrayItems mounts = {Obj({{"name", S("hf-cache")}, {"mountPath", S("/root/.cache/huggingface")}}),
                         Obj({{"name", S("dshm")}, {"mountPath", S("/dev/shm")}})};
    if (!plan_.configs.empty()) {
      mounts.push_back(Obj({{"name", S("mooncake-config")}, {"mountPath", S("/etc/mooncake")}, {"readOnly", Value::Bool(true)}}));
    }
    c.Set("volumeMounts", Value::Array(std::move(mounts)));
    containers.insert(containers.begin(), Value::Object(std::move(c)));
    Deployment(name_ + "-pd", "pd", true, std::move(containers), true, docs);
    const DeployGroup* router = plan_.Find("router");
    Service(name_ + "-pd", "pd", router && router->port > 0 ? router->port : 8000, "http", docs);
  }

  const DeployPlan& plan_;
  const DeployOptions& opt_;
  std::string name_;
  bool colocated_pd_ = false;
  int current_ = 0;
  bool uses_pod_ip_ = false;
  TargetNaming naming_;
};

}  // namespace

DeployResult RenderKubernetes(const DeployPlan& plan, const DeployOptions& opt) { return K8s(plan, opt).Render(); }

}  // namespace recipes
