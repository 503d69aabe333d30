#include "render/docker.h"

namespace recipes {

namespace {

const Value* Get(const Value* v, std::string_view key) { return v ? v->Get(key) : nullptr; }

std::string Generation(const Value* profile) {
  const Value* g = Get(profile, "generation");
  if (!g || !g->Truthy()) g = Get(profile, "gpu_generation");
  if (!g || !g->Truthy()) return "";
  if (g->is_array()) {
    const Value* first = g->At(0);
    return first && !first->is_null() ? first->ToDisplayString() : "";
  }
  return g->ToDisplayString();
}

bool IsCudaMap(const Value* v) { return v && v->is_object() && (v->Get("cu129") || v->Get("cu130")); }

bool IsBrandMap(const Value* v) {
  return v && v->is_object() && (v->Get("nvidia") || v->Get("amd") || v->Get("tpu") || v->Get("intel"));
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

struct GpuFlags {
  const char* text;
  std::vector<const char*> argv;
};

GpuFlags GpuFlagsFor(const Value* profile) {
  std::string key = DockerBrandKey(profile);
  if (key == "tpu") {
    return {"--privileged --network host \\\n  -v /dev/shm:/dev/shm",
            {"--privileged", "--network", "host", "-v", "/dev/shm:/dev/shm"}};
  }
  if (key == "amd") {
    return {"--device=/dev/kfd --device=/dev/dri \\\n  --security-opt seccomp=unconfined --group-add video",
            {"--device=/dev/kfd", "--device=/dev/dri", "--security-opt", "seccomp=unconfined", "--group-add",
             "video"}};
  }
  if (Generation(profile) == "xpu") {
    return {"--device /dev/dri \\\n  -v /dev/dri/by-path:/dev/dri/by-path --shm-size=16g",
            {"--device", "/dev/dri", "-v", "/dev/dri/by-path:/dev/dri/by-path", "--shm-size", "16g"}};
  }
  if (key == "intel") return {"--shm-size=16g", {"--shm-size", "16g"}};
  return {"--gpus all", {"--gpus", "all"}};
}

std::string EnvText(const Value& v) { return v.is_string() ? v.str() : v.ToDisplayString(); }

}  // namespace

std::string DockerBrandKey(const Value* profile) {
  std::string gen = Generation(profile);
  const Value* generation = Get(profile, "generation");
  bool gen_is = generation && generation->is_string();
  if (gen_is && generation->str() == "tpu") return "tpu";
  const Value* brand = Get(profile, "brand");
  std::string b = brand && brand->is_string() ? brand->str() : "";
  if (b == "AMD") return "amd";
  if ((gen_is && (generation->str() == "cpu" || generation->str() == "xpu")) || b == "Intel") return "intel";
  return "nvidia";
}

std::optional<std::string> DockerImage(const Value& recipe_doc, std::string_view variant_key,
                                       std::string_view hardware_id, const Value* profile, bool cu129) {
  std::string key = DockerBrandKey(profile);
  const Value* generation = Get(profile, "generation");
  bool is_xpu = generation && generation->is_string() && generation->str() == "xpu";
  const Value* variants = recipe_doc.Get("variants");
  const Value* variant = Get(variants, variant_key);
  if (!variant || !variant->Truthy()) variant = Get(variants, "default");
  const Value* model = recipe_doc.Get("model");

  std::optional<std::string> pinned;
  const Value* cuda_map = nullptr;
  const Value* exact = Get(Get(Get(variant, "hardware_overrides"), hardware_id), "docker_image");
  if (exact && exact->is_string()) pinned = exact->str();
  for (const Value* src : {Get(variant, "docker_image"), Get(model, "docker_image")}) {
    if (pinned || cuda_map) break;
    if (!src || !src->Truthy()) continue;
    if (src->is_string()) {
      if (key == "nvidia") pinned = src->str();
    } else if (IsBrandMap(src)) {
      const Value* v = src->Get(key);
      if (v && v->is_string()) {
        pinned = v->str();
      } else if (key == "nvidia" && IsCudaMap(v)) {
        cuda_map = v;
      }
    } else if (IsCudaMap(src)) {
      if (key == "nvidia") cuda_map = src;
    }
  }
  if (is_xpu && !pinned) return std::string("vllm/vllm-openai-xpu:latest");
  if (pinned) {
    if (cu129 && key == "nvidia") {
      if (*pinned == "vllm/vllm-openai:nightly") return std::string("vllm/vllm-openai:cu129-nightly");
      if (*pinned == "vllm/vllm-openai-rocm:nightly") return std::string("vllm/vllm-openai-rocm:cu129-nightly");
      if (*pinned == "vllm/vllm-tpu:nightly") return std::string("vllm/vllm-tpu:cu129-nightly");
      return *pinned + "-cu129";
    }
    return pinned;
  }
  if (cuda_map) {
    const Value* first = cuda_map->Get(cu129 ? "cu129" : "cu130");
    const Value* second = cuda_map->Get(cu129 ? "cu130" : "cu129");
    const Value* pick = first && first->Truthy() ? first : second;
    if (pick && pick->Truthy()) return pick->ToDisplayString();
  }
  const Value* nightly = Get(model, "nightly_required");
  bool is_nightly = nightly && nightly->is_bool() && nightly->boolean();
  std::string image;
  if (key == "nvidia") image = is_nightly ? "vllm/vllm-openai:nightly" : "vllm/vllm-openai:latest";
  else if (key == "amd") image = is_nightly ? "vllm/vllm-openai-rocm:nightly" : "vllm/vllm-openai-rocm:latest";
  else if (key == "tpu") image = is_nightly ? "vllm/vllm-tpu:nightly" : "vllm/vllm-tpu:latest";
  else if (!is_nightly) image = "vllm/vllm-openai-cpu:latest-x86_64";
  else return std::nullopt;
  if (cu129 && key == "nvidia") {
    if (image == "vllm/vllm-openai:nightly") return std::string("vllm/vllm-openai:cu129-nightly");
    return image + "-cu129";
  }
  return image;
}

DockerRun RenderDockerRun(std::string_view serve_command, const Value& serve_argv, const Value& env,
                          const std::optional<std::string>& image, const Value* profile, int port,
                          DockerNetwork network) {
  bool host = network != DockerNetwork::kBridge;
  bool publish = network != DockerNetwork::kHostFollower;
  GpuFlags gpu = GpuFlagsFor(profile);
  std::string p = std::to_string(port);
  std::string image_text = image ? *image : "undefined";

  // The text form takes the model from the command line itself.
  std::string model_id = "MODEL";
  std::string_view body;
  constexpr std::string_view kPrefix = "vllm serve ";
  if (StartsWith(serve_command, kPrefix)) {
    size_t end = serve_command.find_first_of(" \t\n\r\f\v", kPrefix.size());
    if (end == std::string_view::npos) end = serve_command.size();
    model_id = std::string(serve_command.substr(kPrefix.size(), end - kPrefix.size()));
    // Drop the following ` \`, newline and indentation.
    std::string_view rest = serve_command.substr(end);
    size_t i = 0;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    if (i < rest.size() && rest[i] == '\\') {
      ++i;
      while (i < rest.size() && (rest[i] == '\n' || rest[i] == ' ' || rest[i] == '\t' || rest[i] == '\r')) ++i;
      body = rest.substr(i);
    } else {
      body = rest.substr(i);
    }
  }

  std::vector<std::string> env_mounts;
  std::vector<std::string> env_flags;
  if (env.is_object()) {
    for (const auto& [k, v] : env.members()) {
      if (EndsWith(k, "_CONFIG_PATH")) {
        std::string val = EnvText(v);
        env_mounts.push_back(val + ":" + val + ":ro");
      }
      env_flags.push_back(k + "=" + EnvText(v));
    }
  }

  // Text.
  std::vector<std::string> mounts;
  if (StartsWith(model_id, "/")) mounts.push_back(model_id + ":" + model_id + ":ro");
  mounts.insert(mounts.end(), env_mounts.begin(), env_mounts.end());
  std::string text;
  if (StartsWith(model_id, "/") ) {
    text += "# " + model_id + " must already exist on the host \xE2\x80\x94 bind-mounted read-only below.\n";
  }
  text += "docker run ";
  text += gpu.text;
  text += " \\\n  --privileged --ipc=host";
  if (host) text += " --network host";
  if (publish) text += " -p " + p + ":" + p;
  text += " \\\n";
  text += "  -v ~/.cache/huggingface:/root/.cache/huggingface \\\n";
  if (!mounts.empty()) {
    text += "  ";
    for (size_t i = 0; i < mounts.size(); ++i) {
      if (i) text += " \\\n  ";
      text += "-v " + mounts[i];
    }
    text += " \\\n";
  }
  if (!env_flags.empty()) {
    text += "  ";
    for (size_t i = 0; i < env_flags.size(); ++i) {
      if (i) text += " \\\n  ";
      text += "-e " + env_flags[i];
    }
    text += " \\\n";
  }
  text += "  " + image_text + " " + model_id;
  if (!body.empty()) {
    text += " \\\n  ";
    text.append(body);
  }

  // Argv.
  std::vector<Value> cmd;
  if (serve_argv.is_array()) {
    const ArrayItems& items = serve_argv.items();
    size_t from = 0;
    if (items.size() >= 2 && items[0].is_string() && items[0].str() == "vllm" && items[1].is_string() &&
        items[1].str() == "serve") {
      from = 2;
    }
    cmd.assign(items.begin() + static_cast<ptrdiff_t>(from), items.end());
  }
  ArrayItems argv;
  argv.push_back(Value::String("docker"));
  argv.push_back(Value::String("run"));
  for (const char* t : gpu.argv) argv.push_back(Value::String(t));
  for (const char* t : {"--privileged", "--ipc=host"}) argv.push_back(Value::String(t));
  if (host) {
    argv.push_back(Value::String("--network"));
    argv.push_back(Value::String("host"));
  }
  if (publish) {
    argv.push_back(Value::String("-p"));
    argv.push_back(Value::String(p + ":" + p));
  }
  argv.push_back(Value::String("-v"));
  argv.push_back(Value::String("~/.cache/huggingface:/root/.cache/huggingface"));
  if (!cmd.empty() && cmd[0].is_string() && StartsWith(cmd[0].str(), "/")) {
    argv.push_back(Value::String("-v"));
    argv.push_back(Value::String(cmd[0].str() + ":" + cmd[0].str() + ":ro"));
  }
  for (const std::string& m : env_mounts) {
    argv.push_back(Value::String("-v"));
    argv.push_back(Value::String(m));
  }
  for (const std::string& e : env_flags) {
    argv.push_back(Value::String("-e"));
    argv.push_back(Value::String(e));
  }
  argv.push_back(image ? Value::String(*image) : Value());
  for (Value& v : cmd) argv.push_back(std::move(v));
  return {std::move(text), Value::Array(std::move(argv))};
}

}  // namespace recipes
