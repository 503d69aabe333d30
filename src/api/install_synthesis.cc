#include "api/install_synthesis.h"

#include <string>

namespace recipes {

namespace {

constexpr const char* kLatestImage = "vllm/vllm-openai:latest";

// The CUDA map's pick: cu130, else cu129.
const Value* PickCuda(const Value& map) {
  const Value* v = map.Get("cu130");
  return v && v->Truthy() ? v : map.Get("cu129");
}

bool IsCudaMap(const Value& v) { return v.is_object() && (v.Get("cu129") || v.Get("cu130")); }

bool IsBrandMap(const Value& v) {
  return v.is_object() && (v.Get("nvidia") || v.Get("amd") || v.Get("tpu") || v.Get("intel"));
}

std::string ImageText(const Value* v) {
  if (v && v->is_string() && !v->str().empty()) return v->str();
  return kLatestImage;
}

// The block for `pip` or `docker`: nullopt when switched off with `false`.
std::optional<Value> Channel(const Value* install, const char* name, const std::string& default_command,
                             const std::optional<std::string>& default_note) {
  const Value* spec = install ? install->Get(name) : nullptr;
  if (spec && spec->is_bool() && !spec->boolean()) return std::nullopt;
  ObjectItems out;
  const Value* command = spec ? spec->Get("command") : nullptr;
  out.Set("command", command && command->Truthy() ? *command : Value::String(default_command));
  const Value* note = spec ? spec->Get("note") : nullptr;
  if (note && note->Truthy()) {
    out.Set("note", *note);
  } else if (default_note) {
    out.Set("note", Value::String(*default_note));
  }
  return Value::Object(std::move(out));
}

}  // namespace

std::string DefaultPullImage(const Value& recipe_doc) {
  const Value* model = recipe_doc.Get("model");
  const Value* image = model ? model->Get("docker_image") : nullptr;
  if (!image || !image->Truthy()) return kLatestImage;
  if (image->is_string()) return image->str();
  if (IsBrandMap(*image)) {
    const Value* nvidia = image->Get("nvidia");
    if (nvidia && nvidia->is_string() && !nvidia->str().empty()) return nvidia->str();
    if (nvidia && IsCudaMap(*nvidia)) return ImageText(PickCuda(*nvidia));
    return kLatestImage;
  }
  if (IsCudaMap(*image)) return ImageText(PickCuda(*image));
  return kLatestImage;
}

std::optional<Value> SynthesizeInstall(const Value& recipe_doc) {
  const Value* model = recipe_doc.Get("model");
  const Value* install = model ? model->Get("install") : nullptr;
  const Value* min_version = model ? model->Get("min_vllm_version") : nullptr;
  const Value* nightly_flag = model ? model->Get("nightly_required") : nullptr;
  bool nightly = nightly_flag && nightly_flag->is_bool() && nightly_flag->boolean();
  std::string version = min_version && min_version->Truthy() ? min_version->ToDisplayString() : "";

  std::string pip_command =
      nightly ? "uv venv\nsource .venv/bin/activate\nuv pip install -U vllm --pre \\\n"
                "  --extra-index-url https://wheels.vllm.ai/nightly/cu130 \\\n"
                "  --extra-index-url https://download.pytorch.org/whl/cu130 \\\n"
                "  --index-strategy unsafe-best-match"
              : "uv venv\nsource .venv/bin/activate\nuv pip install -U vllm --torch-backend auto";
  std::optional<std::string> pip_note;
  if (nightly) pip_note = "vLLM " + version + " isn't released yet \xE2\x80\x94 nightly required.";

  ObjectItems out;
  if (auto pip = Channel(install, "pip", pip_command, pip_note)) out.Set("pip", std::move(*pip));
  if (auto docker = Channel(install, "docker", "docker pull " + DefaultPullImage(recipe_doc), std::nullopt)) {
    out.Set("docker", std::move(*docker));
  }
  const Value* deps = recipe_doc.Get("dependencies");
  if (deps && deps->is_array() && deps->size() > 0) out.Set("extras", *deps);
  if (out.empty()) return std::nullopt;
  return Value::Object(std::move(out));
}

}  // namespace recipes
