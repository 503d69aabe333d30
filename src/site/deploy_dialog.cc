#include "site/deploy_dialog.h"

#include <optional>

#include "deploy/deploy_plan.h"
#include "site/html.h"
#include "site/icons.h"
#include "site/selection_flags.h"

namespace recipes {

namespace {

std::string E(std::string_view s) { return HtmlEscape(s); }

// Escaped text with `code` spans (platform blurbs use backticks).
std::string WithCode(std::string_view s) {
  std::string out;
  bool open = false;
  size_t start = 0;
  size_t ticks = 0;
  for (char c : s) ticks += c == '`';
  if (ticks % 2) return E(s);
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != '`') continue;
    out += E(s.substr(start, i - start));
    if (i < s.size()) out += open ? "</code>" : "<code>";
    open = !open;
    start = i + 1;
  }
  return out;
}

// Initials for the tab's mark: "AWS SageMaker" → "AS", "Modal" → "M".
std::string Mark(const std::string& name) {
  std::string m;
  bool start = true;
  for (char c : name) {
    if (c == ' ') {
      start = true;
    } else if (start) {
      if (m.size() < 2) m += c;
      start = false;
    }
  }
  return m;
}

}  // namespace

std::vector<DeployTab> PlatformDeployTabs(const Catalog& catalog, const Value& recipe_doc) {
  std::vector<DeployTab> tabs;
  const Value* meta = recipe_doc.Get("meta");
  const Value* listed = meta ? meta->Get("platforms") : nullptr;
  const Value* known = catalog.platforms.Get("platforms");
  if (!listed || !listed->is_array() || !known || !known->is_array()) return tabs;
  for (const Value& entry : listed->items()) {
    std::string id = entry.is_string() ? entry.str() : StringOf(entry.Get("id"));
    const Value* base = nullptr;
    for (const Value& p : known->items()) {
      if (StringOf(p.Get("id")) == id) base = &p;
    }
    if (!base) continue;  // unknown to platforms.yaml: ignored (§10)
    auto field = [&](const char* key) {
      if (entry.is_object() && entry.Get(key)) return StringOf(entry.Get(key));
      return StringOf(base->Get(key));
    };
    DeployTab t;
    t.id = id;
    t.label = field("name");
    if (t.label.empty()) t.label = id;
    t.mark = Mark(t.label);
    t.blurb = field("blurb");
    t.guide_url = field("url");
    t.script_url = field("script");
    t.code = field("install");
    while (!t.code.empty() && t.code.back() == '\n') t.code.pop_back();
    t.code_label = "Install";
    t.hint = "Then copy the vllm serve command from the builder above.";
    bool dup = false;
    for (const auto& x : tabs) dup = dup || x.id == t.id;
    if (!dup) tabs.push_back(std::move(t));
  }
  return tabs;
}

namespace {

struct TargetDef {
  const char* id;
  const char* label;
  const char* mark;
  const char* blurb;
  const char* hint;
};

// The deploy targets of src/deploy/, as `recipes deploy --target` names them.
constexpr TargetDef kTargets[] = {
    {"k8s", "Kubernetes", "K8",
     "Manifests for this selection: a Deployment and a Service on one node; a LeaderWorkerSet per multi-node "
     "pool; PD roles, the router and Mooncake as their own workloads.",
     "Apply with `kubectl apply -f`. A LeaderWorkerSet needs the LWS controller in the cluster."},
    {"slurm", "SLURM", "SL",
     "One sbatch script: one task per node picks its rank's command by `$SLURM_NODEID`, the head address comes "
     "from `scontrol show hostnames`, and the job waits for the head's /health.",
     "Submit with `sbatch`. The script refuses an allocation smaller than the recipe needs."},
    {"compose", "Compose", "DC",
     "A docker compose file for one node: one service per process with the GPUs, the Hugging Face cache, "
     "HF_TOKEN and a healthcheck.",
     "Start with `docker compose up -d`."},
    {"ssh", "SSH", "SH",
     "A bash script that starts one container per host over SSH (host network), the head first, then waits "
     "for /health.",
     "The hosts are placeholders: pass your own with `--hosts`, head first."},
};

// The plan `recipes deploy` builds for the flags that reproduce `selection`
// (its header names the CLI's selection); the builder's own selection when
// the CLI would refuse them (no CLI line then).
std::optional<DeployPlan> SitePlan(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                   bool* cli_ok, std::string* error) {
  std::optional<Selection> cli = CliSelection(catalog, recipe, selection);
  *cli_ok = cli.has_value();
  return BuildDeployPlan(catalog, recipe, cli ? *cli : selection, error);
}

// One target of a built plan, and the CLI line that prints the same.
DeployResult RenderForSite(const DeployPlan& plan, const Recipe& recipe, const Selection& selection, bool cli_ok,
                           const std::string& target, std::string* command) {
  DeployOptions options;
  std::vector<std::string> argv = {"recipes", "deploy", recipe.hf_id};
  std::vector<std::string> flags = SelectionFlags(recipe, selection);
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"--target", target});
  if (target == "ssh" && plan.TotalNodes() > 1) {
    std::string hosts;
    for (int i = 1; i <= plan.TotalNodes(); ++i) {
      options.hosts.push_back("node" + std::to_string(i));
      hosts += (i > 1 ? "," : "") + options.hosts.back();
    }
    argv.insert(argv.end(), {"--hosts", hosts});
  }
  if (command) *command = cli_ok ? ShellJoin(argv) : "";
  return RenderTarget(target, plan, options);
}

}  // namespace

DeployResult DeployTargetFiles(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                               const std::string& target, std::string* command) {
  std::string error;
  bool cli_ok = false;
  std::optional<DeployPlan> plan = SitePlan(catalog, recipe, selection, &cli_ok, &error);
  if (!plan) {
    DeployResult result;
    result.error = error;
    return result;
  }
  return RenderForSite(*plan, recipe, selection, cli_ok, target, command);
}

std::vector<DeployTab> TargetDeployTabs(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                                        const std::string& download_base) {
  std::vector<DeployTab> tabs;
  std::string error;
  bool cli_ok = false;
  std::optional<DeployPlan> plan = SitePlan(catalog, recipe, selection, &cli_ok, &error);
  if (!plan) return tabs;  // e.g. vLLM-Omni
  for (const TargetDef& def : kTargets) {
    DeployTab t;
    t.id = def.id;
    t.label = def.label;
    t.mark = def.mark;
    t.blurb = def.blurb;
    DeployResult r = RenderForSite(*plan, recipe, selection, cli_ok, def.id, &t.command);
    if (!r.ok()) {
      t.error = r.error;
    } else {
      t.hint = def.hint;
      for (Artifact& a : r.files) {
        DeployFile f;
        f.name = a.path;
        f.content = std::move(a.content);
        f.download_url = download_base + "&target=" + def.id + "&file=" + UrlEncode(a.path);
        t.files.push_back(std::move(f));
      }
    }
    tabs.push_back(std::move(t));
  }
  return tabs;
}

std::string RenderDeployDialogBody(const std::string& hf_id, const std::vector<DeployTab>& tabs) {
  std::string o;
  o += "<div class=\"dd-head\"><div><h2 class=\"dd-title\">Self host vLLM</h2><div class=\"dd-id mono\">" + E(hf_id) +
       "</div></div><button type=\"button\" class=\"dd-close\" data-dialog-close aria-label=\"Close\">" +
       Icon("x", 18) + "</button></div>";
  o += "<div class=\"dd-tabs\" role=\"tablist\" aria-label=\"Deploy target\">";
  for (size_t i = 0; i < tabs.size(); ++i) {
    const DeployTab& t = tabs[i];
    bool sel = i == 0;
    o += "<button type=\"button\" role=\"tab\" class=\"dd-tab\" id=\"dd-tab-" + E(t.id) + "\" aria-controls=\"dd-panel-" +
         E(t.id) + "\" aria-selected=\"" + (sel ? "true" : "false") + "\" tabindex=\"" + (sel ? "0" : "-1") +
         "\"><span class=\"deploy-mark dm-" + E(t.id) + "\" aria-hidden=\"true\">" + E(t.mark) + "</span>" +
         E(t.label) + "</button>";
  }
  o += "</div>";
  auto code = [](const std::string& label, const std::string& text, const std::string& download) {
    std::string c = "<div class=\"dd-code\"><div class=\"dd-code-head\"><span class=\"mono\">" + E(label) +
                    "</span><span class=\"dd-code-actions\">";
    if (!download.empty()) {
      c += "<a class=\"dd-dl\" href=\"" + E(download) + "\" download=\"" + E(label) + "\">Download</a>";
    }
    return c + "<button type=\"button\" class=\"dd-copy\" data-copy-next>Copy</button></span></div><pre aria-label=\"" +
           E(label) + "\">" + E(text) + "</pre></div>";
  };
  for (size_t i = 0; i < tabs.size(); ++i) {
    const DeployTab& t = tabs[i];
    o += "<div class=\"dd-panel\" role=\"tabpanel\" id=\"dd-panel-" + E(t.id) + "\" aria-labelledby=\"dd-tab-" + E(t.id) +
         "\" tabindex=\"0\"" + (i == 0 ? "" : " hidden") + ">";
    o += "<div class=\"dd-row\"><p class=\"dd-blurb\">" + WithCode(t.blurb) + "</p><div class=\"dd-links\">";
    if (!t.script_url.empty()) {
      o += "<a href=\"" + E(t.script_url) + "\" target=\"_blank\" rel=\"noopener\">View script " +
           Icon("external", 12) + "</a>";
    }
    if (!t.guide_url.empty()) {
      o += "<a href=\"" + E(t.guide_url) + "\" target=\"_blank\" rel=\"noopener\">Open guide " + Icon("external", 12) +
           "</a>";
    }
    o += "</div></div>";
    if (!t.error.empty()) o += "<p class=\"dd-error\" role=\"note\">Not for this selection: " + E(t.error) + "</p>";
    if (!t.code.empty()) o += code(t.code_label, t.code, "");
    for (const DeployFile& f : t.files) o += code(f.name, f.content, f.download_url);
    if (!t.command.empty() && t.error.empty()) o += code("recipes deploy", t.command, "");
    if (!t.hint.empty()) o += "<p class=\"dd-hint\">" + WithCode(t.hint) + "</p>";
    o += "</div>";
  }
  return o;
}

std::string RenderDeployDialog(const std::string& hf_id, const std::vector<DeployTab>& tabs, const std::string& state) {
  if (tabs.empty()) return "";
  std::string o;
  // Trigger: overlapping marks, the label and a chevron (§10).
  o += "<button type=\"button\" class=\"deploy-trigger\" data-dialog-open=\"deploy-dialog\" aria-haspopup=\"dialog\" "
       "aria-controls=\"deploy-dialog\"><span class=\"deploy-marks\" aria-hidden=\"true\">";
  for (size_t i = 0; i < tabs.size() && i < 3; ++i) {
    o += "<span class=\"deploy-mark dm-" + E(tabs[i].id) + "\">" + E(tabs[i].mark) + "</span>";
  }
  o += "</span><span>Self host vLLM</span>" + Icon("chevron-right", 14, "deploy-chev") + "</button>";
  o += "<dialog class=\"deploy-dialog\" id=\"deploy-dialog\" aria-label=\"Self host vLLM for " + E(hf_id) + "\"";
  if (!state.empty()) o += " data-deploy-for=\"" + E(state) + "\"";
  o += ">" + RenderDeployDialogBody(hf_id, tabs) + "</dialog>";
  return o;
}

}  // namespace recipes
