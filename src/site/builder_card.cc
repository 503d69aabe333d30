// The command card header, the install block and the extra-install block
// (site.md §9.5, §9.6, §9.8.1).
#include "site/builder_internal.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "render/docker.h"
#include "render/json_writer.h"
#include "resolve/omni.h"
#include "resolve/resolver.h"

namespace recipes::builder_detail {

void Builder::Card() {
  std::string brand = rules_.Brand(s_.hw);
  std::string name = rules_.DisplayName(s_.hw);
  if (rules_.Status(s_.hw) == "verified" && s_.kv.empty()) v_.status = "Verified on " + brand + " " + name;
  std::string hw_part = name;
  std::string dt = DeployTypeOf(cat_, s_.strategy);
  int nodes = s_.nodes;
  if (IsMooncake(s_.kv) && v_.resolution.is_object()) {
    nodes = static_cast<int>(Num(v_.resolution.Get("instances"), 1)) * s_.nodes;
  }
  if (nodes > 1 && dt != "pd_cluster") hw_part = std::to_string(nodes) + "× " + name;
  std::string strat;
  if (dt == "pd_cluster") strat = "PD cluster";
  else if (dt == "multi_node" && s_.nodes > 1) strat = rules_.StrategyName(s_.strategy);
  else {
    // Single-node TP size as the resolver computes it (resolution.md §2).
    int tp = rules_.GpuCount(s_.hw);
    if (s_.strategy == "single_node_tp" && v_.resolution.is_object()) {
      const Value* argv = v_.resolution.Get("argv");
      if (argv && argv->is_array()) {
        for (size_t i = 0; i + 1 < argv->items().size(); ++i) {
          if (argv->items()[i].is_string() && argv->items()[i].str() == "--tensor-parallel-size" &&
              argv->items()[i + 1].is_string()) {
            tp = std::atoi(argv->items()[i + 1].str().c_str());
          }
        }
      }
    }
    strat = "TP=" + std::to_string(tp);
    int gpus = rules_.GpuCount(s_.hw);
    if (s_.nodes == 1 && s_.strategy == "single_node_tp" && (rules_.IsCpu(s_.hw) || tp < gpus)) {
      v_.tp_hint = rules_.IsCpu(s_.hw)
                       ? "This recipe uses " + std::to_string(tp) + " CPU NUMA node" + (tp == 1 ? "" : "s") +
                             " on the selected machine."
                       : "This recipe uses " + std::to_string(tp) + " of " + std::to_string(gpus) +
                             " GPUs on the selected node; add --tensor-parallel-size N to the command to scale up.";
    }
  }
  std::string kv_suffix;
  if (!s_.kv.empty()) {
    if (IsMooncake(s_.kv)) {
      const Value* d = cat_.FindStrategy(s_.kv);
      std::string label = d ? Str(d->Get("label")) : "";
      kv_suffix = " · Mooncake (" + label.substr(0, label.find(' ')) + ")";
    } else {
      const Value* o = cat_.taxonomy.Get("kv_offload")->Get(s_.kv);
      std::string group = Str(o->Get("group"));
      const Value* groups = cat_.taxonomy.Get("kv_offload_groups");
      if (!group.empty() && groups && groups->Get(group)) {
        kv_suffix = " · " + Str(groups->Get(group)->Get("label")) + " (" + Str(o->Get("label")) + ")";
      } else {
        kv_suffix = " · " + Str(o->Get("display_name"));
      }
    }
  }
  v_.summary = hw_part + " · " + strat + " · " + rules_.Precision(s_.variant) + kv_suffix;

  // VRAM shortfall (site.md §9.7).
  // The planner's memory bar replaces this guess where architecture facts exist.
  if (!v_.memory.present &&
      SingleNodeVramShortfall(cat_, rules_.recipe(), s_.variant, s_.hw, s_.strategy, s_.nodes)) {
    double need = rules_.VariantVram(s_.variant), node = rules_.NodeVram(s_.hw);
    int gpus = rules_.GpuCount(s_.hw);
    v_.vram_warning = name + " has " + std::to_string(gpus) + "×" + Fmt(std::round(node / gpus)) + "G = " + Fmt(node) +
                      "GB, but " + rules_.VariantLabel(s_.variant) + " needs at least " + Fmt(need) +
                      "GB for the weights alone (KV cache needs more).";
  }

  // Hardware note.
  const Value* notes = rules_.doc().Get("hardware_notes");
  const Value* note = notes ? notes->Get(s_.hw) : nullptr;
  if (note && note->is_string()) {
    v_.hardware_note_title = "Hardware note";
    v_.hardware_note_body = note->str();
  } else if (note && note->is_object()) {
    v_.hardware_note_title = Str(note->Get("title"));
    if (v_.hardware_note_title.empty()) v_.hardware_note_title = "Hardware note";
    v_.hardware_note_body = Str(note->Get("body"));
    const Value* link = note->Get("link");
    if (link && link->is_object()) {
      v_.hardware_note_link = Str(link->Get("label"));
      if (v_.hardware_note_link.empty()) v_.hardware_note_link = "Read guide";
      v_.hardware_note_href = Str(link->Get("href"));
    }
  }
}

void Builder::Install() {
  BuilderInstall& in = v_.install;
  const Value* model = rules_.doc().Get("model");
  const Value* variant = rules_.Variant(s_.variant);
  std::string min = Str(model ? model->Get("min_vllm_version") : nullptr);
  std::string vmin = Str(variant ? variant->Get("min_vllm_version") : nullptr);
  if (!vmin.empty() && (min.empty() || CompareVersions(vmin, min) > 0)) min = vmin;
  if (IsMooncake(s_.kv) && (min.empty() || CompareVersions("0.21.0", min) > 0)) min = "0.21.0";
  std::string gen = rules_.Generation(s_.hw), brand = rules_.Brand(s_.hw);
  std::string platform = gen == "tpu" ? "TPU" : gen == "xpu" ? "XPU" : brand == "AMD" ? "ROCm" : gen == "cpu" ? "CPU" : "CUDA";
  in.summary = "vLLM " + (min.empty() ? std::string("latest") : min + "+") + " · " + platform;
  auto truthy = [](const Value* v) { return v && v->is_bool() && v->boolean(); };
  in.nightly = truthy(model ? model->Get("nightly_required") : nullptr) ||
               truthy(variant ? variant->Get("nightly_required") : nullptr);
  const Value* install = model ? model->Get("install") : nullptr;
  const Value* pip = install ? install->Get("pip") : nullptr;
  const Value* docker = install ? install->Get("docker") : nullptr;
  bool pip_off = pip && pip->is_bool() && !pip->boolean();
  bool docker_off = docker && docker->is_bool() && !docker->boolean();
  if (!pip_off && gen != "tpu" && gen != "xpu") {
    in.pip_label = brand == "AMD" ? "pip / uv (ROCm)" : gen == "cpu" ? "pip / uv (CPU)" : "pip / uv";
  }
  if (!docker_off) {
    in.docker_label = gen == "tpu" ? "Docker (TPU)" : gen == "xpu" ? "Docker (XPU)" : brand == "AMD" ? "Docker (ROCm)"
                      : gen == "cpu" ? "Docker (CPU)" : "Docker";
  }
  in.show = !in.pip_label.empty() || !in.docker_label.empty();
  // Default tab (site.md §9.4 step 11).
  bool docker_first = false;
  if (install && install->is_object()) {
    for (const auto& [k, v] : install->members()) {
      if (k == "docker" || k == "pip") {
        docker_first = k == "docker";
        break;
      }
    }
  }
  in.default_tab = docker_off ? "pip" : (pip_off || docker_first) ? "docker" : "pip";
  if (in.pip_label.empty()) in.default_tab = "docker";
  if (in.docker_label.empty()) in.default_tab = "pip";
  // pip.
  std::string pip_cmd = pip && pip->is_object() ? Str(pip->Get("command")) : "";
  if (pip_cmd.empty()) {
    if (brand == "AMD") {
      pip_cmd = "uv venv --python 3.12\nsource .venv/bin/activate\nuv pip install vllm --extra-index-url https://wheels.vllm.ai/rocm";
    } else if (gen == "cpu") {
      pip_cmd = "uv venv --python 3.12 --seed --managed-python\nsource .venv/bin/activate\n"
                "uv pip install vllm --extra-index-url https://wheels.vllm.ai/nightly/cpu --index-strategy first-index "
                "--torch-backend cpu";
      in.pip_note = "CPU wheels come from the dedicated CPU index.";
    } else if (in.nightly) {
      auto nightly = [](const char* cu) {
        return std::string("uv venv\nsource .venv/bin/activate\nuv pip install -U vllm --pre \\\n"
                           "  --extra-index-url https://wheels.vllm.ai/nightly/") +
               cu + " \\\n  --extra-index-url https://download.pytorch.org/whl/" + cu +
               " \\\n  --index-strategy unsafe-best-match";
      };
      pip_cmd = nightly("cu130");
      in.pip_command_cu129 = nightly("cu129");
      in.cuda_in_pip = true;
      in.pip_note = "vLLM " + min + " isn't released yet, so the nightly build is required; switch to cu129 for CUDA 12.9.";
    } else {
      pip_cmd = "uv venv\nsource .venv/bin/activate\nuv pip install -U vllm --torch-backend auto";
    }
  }
  in.pip_command = pip_cmd;
  if (pip && pip->is_object() && !Str(pip->Get("note")).empty()) in.pip_note = Str(pip->Get("note"));
  std::string docker_cmd = docker && docker->is_object() ? Str(docker->Get("command")) : "";
  if (docker_cmd.empty()) {
    auto image = DockerImage(rules_.doc(), s_.variant, s_.hw, rules_.Profile(s_.hw));
    docker_cmd = image ? "docker pull " + *image : "# No pinned image for this hardware.";
    if (brand == "NVIDIA") {
      auto image129 = DockerImage(rules_.doc(), s_.variant, s_.hw, rules_.Profile(s_.hw), true);
      if (image129 && image129 != image) in.docker_command_cu129 = "docker pull " + *image129;
    }
  }
  in.cuda_toggle = brand == "NVIDIA" && (!in.docker_command_cu129.empty() || !in.pip_command_cu129.empty());
  in.docker_command = docker_cmd;
  if (docker && docker->is_object() && !Str(docker->Get("note")).empty()) {
    in.docker_note = Str(docker->Get("note"));
  } else if (gen == "tpu") {
    in.docker_note = "TPU images come from the TPU inference project; see its recipes for pinned tags.";
  } else if (gen == "xpu") {
    in.docker_note = "The image's entrypoint initialises oneAPI.";
  } else if (gen == "cpu") {
    in.docker_note = "No CUDA runtime needed.";
  } else if (brand == "NVIDIA") {
    in.docker_note = "The default tag ships CUDA 13; append -cu129 to the tag for the CUDA 12.9 build.";
  }
}

void Builder::Extras() {
  std::string brand = rules_.Brand(s_.hw);
  const Value* deps = rules_.doc().Get("dependencies");
  if (deps && deps->is_array()) {
    for (const Value& d : deps->items()) {
      const Value* b = d.Get("brand");
      bool ok = !b || b->is_null();
      if (b && b->is_string()) ok = b->str() == brand;
      if (b && b->is_array()) {
        for (const Value& x : b->items()) ok = ok || (x.is_string() && x.str() == brand);
      }
      if (!ok) continue;
      BuilderExtra e;
      e.note = Str(d.Get("note"));
      e.command = Str(d.Get("command"));
      const Value* opt = d.Get("optional");
      e.optional = opt && opt->Truthy();
      const Value* modes = d.Get("install_modes");
      if (modes && modes->is_array()) {
        e.pip_mode = e.docker_mode = false;
        for (const Value& m : modes->items()) {
          if (Str(&m) == "pip") e.pip_mode = true;
          if (Str(&m) == "docker") e.docker_mode = true;
        }
      }
      v_.extras.push_back(std::move(e));
    }
  }
  if (!s_.kv.empty() && !IsMooncake(s_.kv)) {
    const Value* o = cat_.taxonomy.Get("kv_offload")->Get(s_.kv);
    std::string inst = Str(o->Get("install"));
    if (!inst.empty()) v_.extras.push_back({"Required by the selected KV Offload option", inst, false, true, false});
  }
  if (IsMooncake(s_.kv)) {
    const Value* d = cat_.FindStrategy(s_.kv);
    const Value* vl = d ? d->Get("vllm") : nullptr;
    const Value* inst = vl ? vl->Get("install") : nullptr;
    std::string cmd = inst && inst->is_object() ? Str(inst->Get(brand == "AMD" ? "amd" : "nvidia")) : Str(inst);
    if (!cmd.empty()) v_.extras.push_back({"Mooncake transfer engine, needed on every vLLM node", cmd, false, true, false});
  }
}

}  // namespace recipes::builder_detail
