// docker compose: single-node deployments (one serve, co-located PD, one
// Mooncake instance). Host networking, so helpers reach vLLM on 127.0.0.1.
#include "deploy/symbol_binding.h"
#include "deploy/symbols.h"
#include "deploy/targets.h"
#include "deploy/yaml_emitter.h"

namespace recipes {
namespace {

// Compose interpolates `$`; a literal one is written `$$`.
std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '$') out += "$$";
    else out += c;
  }
  return out;
}

Value Str(const std::string& s) { return Value::String(s); }

Value List(const std::vector<std::string>& v) {
  ArrayItems a;
  for (const std::string& s : v) a.push_back(Str(s));
  return Value::Array(std::move(a));
}

}  // namespace

DeployResult RenderCompose(const DeployPlan& plan, const DeployOptions& opt) {
  DeployResult result;
  if (plan.TotalNodes() > 1) {
    result.error = "compose covers single-node deployments; this selection needs " + std::to_string(plan.TotalNodes()) +
                   " nodes (use --target k8s, slurm or ssh)";
    return result;
  }
  std::string name = opt.name.empty() ? DefaultDeployName(plan) : opt.name;
  TargetNaming naming;
  naming.address = [](int, int) -> Bound { return {"127.0.0.1", false}; };
  naming.rank = [](int, int) -> Bound { return {"0", false}; };
  naming.self = [](int) -> Bound { return {"127.0.0.1", false}; };
  naming.iface = {opt.iface.empty() ? "lo" : opt.iface, false};
  naming.config_path = [](const ConfigFile& c) -> Bound { return {c.path, false}; };

  ObjectItems services;
  std::vector<std::string> vllm_services;
  for (size_t gi = 0; gi < plan.groups.size(); ++gi) {
    const DeployGroup& g = plan.groups[gi];
    int group = static_cast<int>(gi);
    auto bind = [&](const std::string& t) { return Escape(LiteralToken(plan, group, t, naming, nullptr)); };
    ObjectItems svc;
    svc.Set("image", Str(plan.image));
    std::vector<std::string> entry;
    for (const std::string& a : g.head.argv) entry.push_back(bind(a));
    svc.Set("entrypoint", List(entry));
    ObjectItems env;
    for (const auto& [k, v] : g.head.env) env.Set(k, Str(bind(v)));
    env.Set("HF_TOKEN", Str("${HF_TOKEN:-}"));
    svc.Set("environment", Value::Object(std::move(env)));
    svc.Set("ipc", Str("host"));
    svc.Set("network_mode", Str("host"));
    std::vector<std::string> volumes = {"hf-cache:/root/.cache/huggingface"};
    for (const ConfigFile& c : plan.configs) volumes.push_back("./" + c.name + ":" + c.path + ":ro");
    svc.Set("volumes", List(volumes));
    if (g.kind == "vllm") {
      svc.Set("shm_size", Str(opt.shm_size.empty() ? "16gb" : opt.shm_size));
      if (plan.brand == "amd") {
        svc.Set("devices", List({"/dev/kfd", "/dev/dri"}));
        svc.Set("group_add", List({"video"}));
      } else if (plan.brand == "nvidia") {
        // Every GPU: CUDA_VISIBLE_DEVICES in the env splits them (co-located PD).
        ObjectItems dev;
        dev.Set("driver", Str("nvidia"));
        dev.Set("count", Str("all"));
        dev.Set("capabilities", List({"gpu"}));
        ObjectItems res;
        res.Set("devices", Value::Array({Value::Object(std::move(dev))}));
        ObjectItems resources;
        resources.Set("reservations", Value::Object(std::move(res)));
        ObjectItems deploy;
        deploy.Set("resources", Value::Object(std::move(resources)));
        svc.Set("deploy", Value::Object(std::move(deploy)));
      }
      std::string url = "http://127.0.0.1:" + std::to_string(g.port) + "/health";
      ObjectItems hc;
      hc.Set("test", List({"CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen('" + url + "')"}));
      hc.Set("interval", Str("30s"));
      hc.Set("timeout", Str("10s"));
      hc.Set("retries", Value::Number(3));
      hc.Set("start_period", Str("1800s"));
      svc.Set("healthcheck", Value::Object(std::move(hc)));
      vllm_services.push_back(g.name);
      if (GroupIndex(plan, "mooncake-master") >= 0) svc.Set("depends_on", List({"mooncake-master"}));
    } else if (g.kind == "router") {
      ObjectItems deps;
      for (const std::string& v : vllm_services) {
        ObjectItems cond;
        cond.Set("condition", Str("service_healthy"));
        deps.Set(v, Value::Object(std::move(cond)));
      }
      svc.Set("depends_on", Value::Object(std::move(deps)));
    }
    services.Set(g.name, Value::Object(std::move(svc)));
  }
  ObjectItems doc;
  doc.Set("services", Value::Object(std::move(services)));
  ObjectItems vols;
  vols.Set("hf-cache", Value::Object(ObjectItems{}));
  doc.Set("volumes", Value::Object(std::move(vols)));
  std::string text = "# " + plan.Provenance() + "\n";
  for (const std::string& r : plan.requirements) text += "# The image must provide " + r + "\n";
  text += "# HF_TOKEN is read from the environment (optional).\n";
  text += EmitYaml(Value::Object(std::move(doc)));
  result.files.push_back({"compose.yaml", text, false});
  for (const ConfigFile& c : plan.configs) {
    result.files.push_back({c.name, LiteralToken(plan, 0, c.content, naming, nullptr) + "\n", false});
  }
  return result;
}

}  // namespace recipes
