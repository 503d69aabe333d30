// The reduced builder of omni recipes (site.md §9.13).
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

// The reduced builder of omni recipes (site.md §9.13): Hardware, Task and
// Variant rows; one vLLM-Omni command per task.
BuildResult Builder::RunOmni() {
  BuildResult result;
  for (const char* k : {"variant", "hardware", "task"}) {
    if (const std::string* v = in_.Get(k)) url_.Set(k, *v);
  }
  std::vector<std::string> offered;
  if (!SettleVariantAndHardware(&offered)) {
    result.error = error_;
    return result;
  }
  std::vector<std::string> variants = rules_.VariantKeys();
  std::vector<OmniTask> tasks = OmniTasks(rules_.doc(), s_.hw);
  std::vector<std::string> keys;
  for (const auto& t : tasks) keys.push_back(t.key);
  size_t active = 0;
  if (const std::string* t = url_.Get("task")) {
    auto it = std::find(keys.begin(), keys.end(), *t);
    if (it == keys.end()) {
      // A legacy catalog task id selects its first preset.
      for (size_t i = 0; i < tasks.size() && it == keys.end(); ++i) {
        if (tasks[i].id == *t) it = keys.begin() + i;
      }
    }
    if (it == keys.end()) {
      result.error = BuilderError{"task", "unknown task '" + *t + "'", keys};
      return result;
    }
    active = it - keys.begin();
    if (active == 0) url_.Erase("task");
  }
  const OmniTask* task = tasks.empty() ? nullptr : &tasks[active];

  // Hardware row: disabled when the current variant cannot run there.
  BuilderRow hwrow;
  hwrow.key = "hardware";
  hwrow.label = "Hardware";
  hwrow.hint = "The GPU or accelerator node you deploy on. A green dot marks hardware the recipe author verified.";
  std::vector<std::string> brands;
  for (const auto& hw : offered) {
    if (!Contains(brands, rules_.Brand(hw))) brands.push_back(rules_.Brand(hw));
  }
  for (const auto& brand : brands) {
    std::vector<BuilderPill> pills;
    for (const auto& hw : offered) {
      if (rules_.Brand(hw) != brand) continue;
      BuilderPill p;
      p.id = hw;
      p.label = rules_.DisplayName(hw);
      p.detail = rules_.PerDeviceLabel(hw);
      p.verified = rules_.Status(hw) == "verified";
      p.active = hw == s_.hw;
      std::string why = rules_.WhyNot(s_.variant, hw);
      p.disabled = !why.empty();
      const Value* prof = rules_.Profile(hw);
      p.tooltip = p.disabled ? why : Str(prof ? prof->Get("description") : nullptr);
      if (!p.disabled) {
        BuilderParams q = Url();
        q.Set("hardware", hw);
        p.query = Q(q);
      }
      pills.push_back(std::move(p));
    }
    hwrow.lines.emplace_back(brand, std::move(pills));
  }
  v_.rows.push_back(std::move(hwrow));

  const Value* omni = rules_.doc().Get("omni");
  if (tasks.size() > 1) {
    BuilderRow trow;
    trow.key = "task";
    trow.label = Str(omni ? omni->Get("task_label") : nullptr);
    if (trow.label.empty()) trow.label = "Task";
    trow.hint = Str(omni ? omni->Get("task_hint") : nullptr);
    if (trow.hint.empty()) {
      trow.hint = "A task picks the vllm-omni endpoint and example request, and may swap the served checkpoint.";
    }
    std::vector<BuilderPill> pills;
    for (size_t i = 0; i < tasks.size(); ++i) {
      BuilderPill p;
      p.id = tasks[i].key;
      p.label = tasks[i].label;
      if (tasks[i].vram_minimum_gb.is_number()) p.detail = Fmt(tasks[i].vram_minimum_gb.number()) + " GB";
      p.active = i == active;
      p.tooltip = tasks[i].description + (tasks[i].description.empty() ? "" : "\n\n") + "Endpoint: " + tasks[i].endpoint;
      BuilderParams q = Url();
      if (i == 0) q.Erase("task");
      else q.Set("task", tasks[i].key);
      p.query = Q(q);
      pills.push_back(std::move(p));
    }
    trow.lines.emplace_back("", std::move(pills));
    if (task) trow.note = task->description;
    v_.rows.push_back(std::move(trow));
  }
  if (variants.size() > 1) {
    BuilderRow vrow;
    vrow.key = "variant";
    vrow.label = Str(omni ? omni->Get("variant_label") : nullptr);
    if (vrow.label.empty()) vrow.label = "Variant";
    vrow.hint = Str(omni ? omni->Get("variant_hint") : nullptr);
    if (vrow.hint.empty()) vrow.hint = "The VRAM figure is what loading needs; activations during generation add more.";
    std::vector<BuilderPill> pills;
    for (const auto& k : variants) {
      BuilderPill p;
      p.id = k;
      p.label = rules_.VariantLabel(k);
      double vram = rules_.VariantVram(k);
      if (vram > 0) p.detail = Fmt(vram) + " GB";
      p.active = k == s_.variant;
      if (!rules_.Compatible(k, s_.hw)) {
        p.disabled = true;
        p.tooltip = "Unavailable on the selected hardware. " + rules_.WhyNot(k, s_.hw);
      } else {
        const Value* v = rules_.Variant(k);
        p.tooltip = Str(v ? v->Get("description") : nullptr);
        if (vram > 0) p.tooltip += (p.tooltip.empty() ? "" : "\n\n") + std::string("Min ") + Fmt(vram) + " GB to load.";
        BuilderParams q = Url();
        if (k == "default") q.Erase("variant");
        else q.Set("variant", k);
        p.query = Q(q);
      }
      pills.push_back(std::move(p));
    }
    vrow.lines.emplace_back("", std::move(pills));
    v_.rows.push_back(std::move(vrow));
  }

  // The command.
  OmniResolution res = ResolveOmniCommand(cat_, rules_.recipe(), s_.variant, task, s_.hw);
  v_.recipe = &rules_.recipe();
  v_.variant = s_.variant;
  v_.hardware = s_.hw;
  v_.deploy_type = "omni";
  v_.model_id = res.model_id;
  v_.selection.variant = s_.variant;
  v_.selection.hardware = s_.hw;
  if (!res.ok()) {
    v_.resolve_error = res.error->message;
  } else {
    Check(Resolution{});  // says the omni CLI is not in the flag tables
    v_.resolution = res.ToValue();
    const Value* profile = rules_.Profile(s_.hw);
    std::optional<std::string> image = DockerImage(rules_.doc(), s_.variant, s_.hw, profile);
    BuilderTab t;
    t.id = "serve";
    t.label = "vLLM-Omni";
    t.command = res.command;
    t.env = EnvPairs(&res.env);
    t.wraps = true;
    int port = static_cast<int>(Num(omni ? omni->Get("port") : nullptr, 8000));
    t.docker_command = RenderDockerRun(res.command, res.argv, res.env, image, profile, port).command;
    t.client_target = true;
    v_.tabs.push_back(std::move(t));
  }
  v_.host_var = "VLLM_HOST";
  v_.port_var = "VLLM_PORT";
  v_.env_defaults = {{"VLLM_HOST", "localhost"}, {"VLLM_PORT", "8000"}};
  if (task) v_.curl = OmniExampleRequest(*task, "$VLLM_HOST", "$VLLM_PORT", v_.model_id);
  if (rules_.Status(s_.hw) == "verified") v_.status = "Verified on " + rules_.Brand(s_.hw) + " " + rules_.DisplayName(s_.hw);
  v_.summary = rules_.DisplayName(s_.hw) + " · " + (task ? task->label : std::string("omni")) + " · " +
               rules_.Precision(s_.variant);
  Install();
  v_.install.summary += " · vLLM-Omni nightly";
  // Keep the platform last, as the non-omni summary does.
  size_t dot = v_.install.summary.find(" · ");
  if (dot != std::string::npos) {
    size_t second = v_.install.summary.find(" · ", dot + 3);
    if (second != std::string::npos) {
      std::string platform = v_.install.summary.substr(dot, second - dot);
      v_.install.summary.erase(dot, second - dot);
      v_.install.summary += platform;
    }
  }
  Extras();
  v_.query = url_.ToString();
  result.view = std::move(v_);
  return result;
}

}  // namespace recipes::builder_detail
