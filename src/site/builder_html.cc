#include "site/builder_html.h"

#include <cstdio>

#include <algorithm>

#include "site/html.h"

namespace recipes {

namespace {

// Builder-only icons (24×24, stroked with currentColor).
std::string Svg(std::string_view name, int size = 14) {
  std::string_view body;
  if (name == "copy") body = "<rect x='9' y='9' width='11' height='11' rx='2'/><path d='M5 15V5a1 1 0 0 1 1-1h10'/>";
  else if (name == "check") body = "<path d='M5 12l5 5L20 7'/>";
  else if (name == "terminal") body = "<path d='M4 17l6-5-6-5M12 19h8'/>";
  else if (name == "gauge") body = "<path d='M12 14l4-4'/><path d='M3.3 19a10 10 0 1 1 17.4 0'/>";
  else if (name == "globe") body = "<circle cx='12' cy='12' r='9'/><path d='M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18'/>";
  else if (name == "package") body = "<path d='M12 3l8 4.5v9L12 21l-8-4.5v-9L12 3z'/><path d='M4 7.5l8 4.5 8-4.5M12 12v9'/>";
  else if (name == "info") body = "<circle cx='12' cy='12' r='9'/><path d='M12 11v6M12 7.5h0'/>";
  else if (name == "bolt") body = "<path d='M13 2L4 14h7l-1 8 9-12h-7l1-8z' fill='currentColor'/>";
  else if (name == "wrench") body = "<path d='M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.6-.4-.4-2.6 2.5-2.5z'/>";
  else if (name == "brain") body = "<path d='M9 4a3 3 0 0 0-3 3 3 3 0 0 0-2 5 3 3 0 0 0 2 5 3 3 0 0 0 6 1V5a2 2 0 0 0-3-1zM15 4a3 3 0 0 1 3 3 3 3 0 0 1 2 5 3 3 0 0 1-2 5 3 3 0 0 1-6 1'/>";
  else if (name == "sparkles") body = "<path d='M10 3l1.8 5.2L17 10l-5.2 1.8L10 17l-1.8-5.2L3 10l5.2-1.8z' fill='currentColor'/>";
  else if (name == "wrap") body = "<path d='M4 6h16M4 12h13a3 3 0 0 1 0 6h-4'/><path d='M15 16l-2 2 2 2M4 18h5'/>";
  else if (name == "chevron") body = "<path d='M6 9l6 6 6-6'/>";
  else if (name == "external") body = "<path d='M14 4h6v6M20 4l-9 9'/><path d='M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5'/>";
  else if (name == "hf") body = "<circle cx='12' cy='12' r='9'/><path d='M8.5 14.5a4.5 4.5 0 0 0 7 0'/><path d='M9 10h0M15 10h0'/>";
  else return "";
  std::string s = std::to_string(size);
  return "<svg class=\"ic\" width=\"" + s + "\" height=\"" + s +
         "\" viewBox=\"0 0 24 24\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" "
         "stroke-linecap=\"round\" stroke-linejoin=\"round\" aria-hidden=\"true\">" +
         std::string(body) + "</svg>";
}

// HtmlEscape that copies runs of plain bytes at once (hot in /api/resolve).
std::string E(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      default: continue;
    }
    out.append(s.data() + start, i - start);
    out.append(rep);
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
  return out;
}

std::string CopyButton(std::string_view target, std::string_view label = "Copy") {
  return "<button type=\"button\" class=\"cb-copy\" data-copy=\"" + E(target) + "\">" + Svg("copy") +
         "<span>" + std::string(label) + "</span></button>";
}

std::string Href(std::string_view page, std::string_view query) {
  return E(std::string(page) + (query.empty() ? "" : "?") + std::string(query));
}

// A block of code: dim leading '#' lines, then the rest. `raw` keeps the
// un-substituted text so the script can re-apply saved cluster values.
std::string CodeBlock(std::string_view text, const std::vector<std::pair<std::string, std::string>>& defaults,
                      std::string_view cls) {
  std::string shown = SubstituteVars(text, defaults);
  // data-raw only when the script may substitute something.
  std::string out = "<pre class=\"cb-code " + std::string(cls) + "\"";
  if (text.find('$') != std::string_view::npos) out += " data-raw=\"" + E(text) + "\"";
  out += ">";
  size_t i = 0;
  std::string dim;
  while (i < shown.size() && shown[i] == '#') {
    size_t nl = shown.find('\n', i);
    size_t end = nl == std::string::npos ? shown.size() : nl + 1;
    dim += shown.substr(i, end - i);
    i = end;
  }
  if (!dim.empty()) out += "<span class=\"cb-dim\">" + E(dim) + "</span>";
  out += E(shown.substr(i));
  out += "</pre>";
  return out;
}

std::string Pill(const BuilderPill& p, std::string_view page, std::string_view row_key) {
  std::string inner;
  if (p.verified) inner += "<span class=\"cb-dot\" aria-hidden=\"true\"></span>";
  if (p.icon == "bolt") inner += "<span class=\"cb-bolt\">" + Svg("bolt", 12) + "</span>";
  else if (!p.icon.empty()) inner += Svg(p.icon, 12);
  inner += "<span class=\"cb-pl\">" + E(p.label) + "</span>";
  if (!p.detail.empty()) {
    inner += std::string("<span class=\"") + (p.icon == "bolt" ? "cb-pd cb-yellow" : "cb-pd") + "\">" + E(p.detail) +
             "</span>";
  }
  if (p.recommended && !p.disabled) {
    inner += "<span class=\"cb-spark\" title=\"Recommended\">" + Svg("sparkles", 12) +
             "<span class=\"sr\">(recommended)</span></span>";
  }
  std::string tip = " data-tip=\"" + E(p.tooltip) + "\"";
  std::string common = " data-row=\"" + E(row_key) + "\" data-id=\"" + E(p.id) + "\"";
  if (p.disabled) {
    return "<span class=\"cb-pill is-disabled" + std::string(p.active ? " is-active" : "") +
           "\" tabindex=\"0\" role=\"button\" aria-disabled=\"true\"" + common + tip + ">" + inner +
           "<span class=\"sr\"> — unavailable: " + E(p.tooltip) + "</span></span>";
  }
  return "<a class=\"cb-pill" + std::string(p.active ? " is-active" : "") + "\" href=\"" + Href(page, p.query) +
         "\" data-q role=\"button\" aria-pressed=\"" + (p.active ? "true" : "false") + "\"" +
         common + tip + ">" + inner + "</a>";
}

std::string NumberInput(const BuilderNumber& n) {
  return "<label class=\"cb-num\"><span class=\"sr\">" + E(n.label) + "</span><input type=\"number\" data-param=\"" +
         E(n.param) + "\" min=\"" + std::to_string(n.min) + "\" max=\"" + std::to_string(n.max) + "\" value=\"" +
         std::to_string(n.value) + "\" aria-label=\"" + E(n.label) + "\"></label><span class=\"cb-numsfx\">" +
         E(n.suffix) + "</span>";
}

std::string InfoTip(std::string_view hint) {
  if (hint.empty()) return "";
  return "<span class=\"cb-info\" tabindex=\"0\" role=\"img\" aria-label=\"" + E(hint) + "\" data-tip=\"" + E(hint) +
         "\">" + Svg("info", 13) + "</span>";
}

// Will the command run? The selection's argv checked against every vLLM
// version in the flag tables (issue 8 §4): the newest version's verdict,
// the versions it parses on, and the newest version's findings.
std::string CheckVerdict(const CheckReport& r) {
  if (r.versions.empty() || r.recipes.empty()) return "";
  const RecipeVerdict& verdict = r.recipes.front();
  const std::string& newest = r.versions.back();
  if (!verdict.scope_note.empty()) {
    return "<div class=\"cb-check\" id=\"cb-check\" role=\"note\"><span class=\"cb-muted\">Not checked against vLLM's "
           "flags: " + E(verdict.scope_note) + "</span></div>";
  }
  std::vector<const CheckFinding*> newest_findings;
  size_t errors = 0;
  for (const CheckFinding& f : r.findings) {
    if (f.version != newest) continue;
    newest_findings.push_back(&f);
    errors += f.error ? 1 : 0;
  }
  std::string o = "<div class=\"cb-check" + std::string(errors ? " is-bad" : " is-ok") +
                  "\" id=\"cb-check\" role=\"note\" data-vllm=\"" + E(newest) + "\">";
  if (errors == 0) {
    o += "<strong class=\"cb-check-line\">\xE2\x9C\x93 parses on vLLM " + E(newest) + "</strong>";
  } else {
    o += "<strong class=\"cb-check-line\">\xE2\x9C\x97 does not parse on vLLM " + E(newest) + ": " +
         std::to_string(errors) + (errors == 1 ? " error" : " errors") + "</strong>";
  }
  std::string on;
  for (const std::string& ver : verdict.parses_on) on += (on.empty() ? "" : ", ") + ver;
  o += " <span class=\"cb-muted cb-check-on\">Parses on " + (on.empty() ? std::string("none of ") : std::string()) +
       (on.empty() ? "the " + std::to_string(r.versions.size()) + " checked vLLM versions" : E(on)) + "</span>";
  if (!newest_findings.empty()) {
    o += "<ul class=\"cb-check-list\">";
    for (const CheckFinding* f : newest_findings) {
      std::string where = f->pos.known() ? f->pos.ToString() : f->file;
      o += "<li class=\"" + std::string(f->error ? "is-error" : "is-warning") + "\"><code>" + E(f->flag) +
           "</code> <span class=\"cb-check-problem\">" + E(ProblemName(f->problem)) + "</span> " + E(f->message) +
           " <span class=\"cb-muted cb-mono\">" + E(where) + "</span></li>";
    }
    o += "</ul>";
  }
  o += "<span class=\"cb-muted cb-small\"><code>recipes check</code> has every rendering of the recipe.</span></div>";
  return o;
}

}  // namespace

std::string SubstituteVars(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values) {
  if (values.empty() || text.find('$') == std::string_view::npos) return std::string(text);
  std::vector<const std::pair<std::string, std::string>*> sorted;
  for (const auto& kv : values) {
    if (!kv.second.empty()) sorted.push_back(&kv);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->first.size() > b->first.size(); });
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '$') {
      bool done = false;
      for (const auto* kv : sorted) {
        const std::string& name = kv->first;
        if (text.compare(i + 1, name.size(), name) != 0) continue;
        size_t end = i + 1 + name.size();
        if (end < text.size()) {
          char c = text[end];
          if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') continue;
        }
        out += kv->second;
        i = end;
        done = true;
        break;
      }
      if (done) continue;
    }
    out += text[i++];
  }
  return out;
}

std::string RenderBuilderHtml(const BuilderView& v, std::string_view page) {
  std::string o;
  o.reserve(24 * 1024);
  const auto& defs = v.env_defaults;
  // State the script needs: the canonical query and the env defaults.
  std::string def_json = "{";
  for (size_t i = 0; i < defs.size(); ++i) {
    def_json += (i ? "," : "") + JsonQuote(defs[i].first) + ":" + JsonQuote(defs[i].second);
  }
  def_json += "}";
  o += "<div class=\"cb-root\" data-cuda=\"cu130\" data-view=\"" +
       E(v.install.default_tab.empty() ? "pip" : v.install.default_tab) + "\">";
  o += "<div id=\"cb-meta\" hidden data-query=\"" + E(v.query) + "\" data-defaults=\"" + E(def_json) +
       "\" data-host=\"" + E(v.host_var) + "\" data-port=\"" + E(v.port_var) + "\" data-view=\"" +
       E(v.install.default_tab.empty() ? "pip" : v.install.default_tab) + "\" data-hw=\"" + E(v.hardware) + "\"></div>";

  for (const auto& c : v.corrections) {
    o += "<div class=\"cb-warn\" role=\"status\"><strong>Adjusted <code>" + E(c.param) + "</code>:</strong> " +
         E(c.message) + "</div>";
  }

  // Install block (§9.5).
  if (v.install.show) {
    const BuilderInstall& in = v.install;
    std::string tabs_label;
    if (!in.pip_label.empty()) tabs_label = "pip";
    if (!in.docker_label.empty()) tabs_label += tabs_label.empty() ? "Docker" : " / Docker";
    o += "<details class=\"cb-surface cb-install\"><summary class=\"cb-install-head\">" + Svg("package") +
         "<span class=\"cb-upper\">Install</span><span class=\"cb-mono cb-muted\">" + E(in.summary) + "</span>";
    if (in.nightly) o += "<span class=\"cb-badge cb-amber\">nightly</span>";
    o += "<span class=\"cb-grow\"></span><span class=\"cb-muted cb-small cb-when-closed\">" + E(tabs_label) +
         "</span><span class=\"cb-muted cb-small cb-when-open\">hide</span>" + Svg("chevron") + "</summary>";
    o += "<div class=\"cb-install-body\"><div class=\"cb-seg\" role=\"group\" aria-label=\"Install method\">";
    if (!in.pip_label.empty()) {
      o += "<button type=\"button\" data-view-set=\"pip\" aria-pressed=\"" +
           std::string(in.default_tab == "pip" ? "true" : "false") + "\">" + E(in.pip_label) + "</button>";
    }
    if (!in.docker_label.empty()) {
      o += "<button type=\"button\" data-view-set=\"docker\" aria-pressed=\"" +
           std::string(in.default_tab == "docker" ? "true" : "false") + "\">" + E(in.docker_label) + "</button>";
    }
    o += "</div>";
    if (in.cuda_toggle) {
      // Shown on the Docker tab, and on the pip tab when it installs nightly wheels.
      o += "<div class=\"cb-seg cb-cuda" + std::string(in.cuda_in_pip ? "" : " v-docker") +
           "\" role=\"group\" aria-label=\"CUDA build\"><button type=\"button\" data-cuda-set=\"cu130\" "
           "aria-pressed=\"true\" title=\"The default build (CUDA 13)\">default</button><button type=\"button\" "
           "data-cuda-set=\"cu129\" aria-pressed=\"false\" title=\"The legacy CUDA 12.9 build\">cu129</button></div>";
    }
    auto variants = [&](const std::string& id, const std::string& main, const std::string& alt) {
      if (alt.empty()) return "<div id=\"" + id + "\">" + CodeBlock(main, {}, "") + "</div>";
      return "<div id=\"" + id + "\" class=\"v-cu130\">" + CodeBlock(main, {}, "") + "</div><div id=\"" + id +
             "-cu129\" class=\"v-cu129\">" + CodeBlock(alt, {}, "") + "</div>";
    };
    if (!in.pip_label.empty()) {
      o += "<div class=\"v-pip\"><div class=\"cb-codehead\">" + CopyButton("@install") + "</div>";
      if (!in.pip_note.empty()) o += "<p class=\"cb-dim cb-mono cb-small\"># " + E(in.pip_note) + "</p>";
      o += variants("install-pip", in.pip_command, in.pip_command_cu129) + "</div>";
    }
    if (!in.docker_label.empty()) {
      o += "<div class=\"v-docker\"><div class=\"cb-codehead\">" + CopyButton("@install") + "</div>";
      if (!in.docker_note.empty()) o += "<p class=\"cb-dim cb-mono cb-small\"># " + E(in.docker_note) + "</p>";
      o += variants("install-docker", in.docker_command, in.docker_command_cu129) + "</div>";
    }
    o += "</div></details>";
  }

  // Extra installs (§9.6).
  if (!v.extras.empty()) {
    int req = 0, opt = 0;
    for (const auto& e : v.extras) (e.optional ? opt : req)++;
    o += "<div class=\"cb-surface cb-extra\"><div class=\"cb-extra-head\"><span class=\"cb-upper\">extra install</span>";
    if (req) o += "<span class=\"cb-muted cb-small\"> · " + std::to_string(req) + " required</span>";
    if (opt) o += "<span class=\"cb-muted cb-small\"> · " + std::to_string(opt) + " optional</span>";
    o += "<span class=\"cb-grow\"></span>" + CopyButton("extra-required") + "</div>";
    std::string required;
    for (const auto& e : v.extras) {
      std::string modes = std::string(e.pip_mode ? " v-pip-only" : "") + (e.docker_mode ? " v-docker-only" : "");
      if (e.pip_mode && e.docker_mode) modes = "";
      o += "<div class=\"cb-extra-item" + std::string(e.optional ? " is-optional" : "") + modes + "\">";
      if (!e.note.empty()) {
        o += "<div class=\"cb-dim cb-mono cb-small\">" +
             std::string(e.optional ? "<span class=\"cb-tag\">Optional</span> " : "") + "# " + E(e.note) + "</div>";
      }
      o += "<pre class=\"cb-code\">" + E(e.command) + "</pre></div>";
      if (!e.optional) required += (required.empty() ? "" : "\n") + e.command;
    }
    o += "<pre id=\"extra-required\" hidden>" + E(required) + "</pre></div>";
  }

  // VRAM warning (§9.7).
  if (!v.vram_warning.empty()) {
    o += "<div class=\"cb-warn\" role=\"note\"><span aria-hidden=\"true\">⚠</span> <strong>Insufficient VRAM for "
         "single-node:</strong> " +
         E(v.vram_warning) +
         " <span class=\"cb-muted\">Pick a bigger GPU, use multi-node TP, or lower <code>--max-model-len</code>.</span></div>";
  }

  // Memory bar (recipes plan): weights, activation and non-torch memory, KV
  // cache, as shares of the per-GPU budget.
  if (v.memory.present) {
    const BuilderMemory& m = v.memory;
    double total = std::max(m.budget_gib, m.weights_gib + m.overhead_gib + std::max(m.kv_gib, 0.0));
    auto pct = [&](double x) {
      char b[32];
      std::snprintf(b, sizeof b, "%.1f%%", total > 0 ? std::max(x, 0.0) / total * 100 : 0.0);
      return std::string(b);
    };
    auto gib = [](double x) {
      char b[32];
      std::snprintf(b, sizeof b, "%.1f GiB", x);
      return std::string(b);
    };
    o += "<div class=\"cb-mem" + std::string(m.fits ? "" : " cb-mem-short") + "\" id=\"cb-memory\" role=\"note\">";
    o += "<div class=\"cb-mem-bar\" aria-hidden=\"true\"><span class=\"cb-mem-w\" style=\"width:" + pct(m.weights_gib) +
         "\"></span><span class=\"cb-mem-a\" style=\"width:" + pct(m.overhead_gib) +
         "\"></span><span class=\"cb-mem-k\" style=\"width:" + pct(m.kv_gib) + "\"></span></div>";
    o += "<div class=\"cb-mem-legend cb-small\"><span><i class=\"cb-mem-w\"></i>Weights " + gib(m.weights_gib) +
         "</span><span><i class=\"cb-mem-a\"></i>Activation &amp; runtime " + gib(m.overhead_gib) +
         "</span><span><i class=\"cb-mem-k\"></i>KV cache " + gib(m.kv_gib) + "</span><span class=\"cb-muted\">of " +
         gib(m.budget_gib) + " per GPU</span></div>";
    o += "<div class=\"cb-small\">" + E(m.sentence) + " <span class=\"cb-muted\">Max context " +
         std::to_string(m.max_model_len_that_fits) + " tokens · <code>recipes plan</code> for details.</span></div></div>";
  }

  // Command card (§9.8).
  o += "<div class=\"cb-card cb-surface\" id=\"cb-card\">";
  if (!v.resolve_error.empty()) {
    o += "<div class=\"cb-warn\" role=\"alert\">The resolver could not build this command: " + E(v.resolve_error) +
         "</div>";
  }
  bool has_tabs = v.tabs.size() > 1;
  o += "<div class=\"cb-card-head" + std::string(has_tabs ? " has-tabs" : "") + "\">";
  if (!v.status.empty()) {
    o += "<div class=\"cb-status\"><span class=\"cb-dot\" aria-hidden=\"true\"></span>" + E(v.status) + "</div>";
  } else {
    o += "<div class=\"cb-summary cb-mono\">" + E(v.summary) + "</div>";
  }
  o += "<div class=\"cb-card-bar\">";
  if (has_tabs) {
    o += "<div class=\"cb-tabs\" role=\"tablist\" aria-label=\"Launch steps\">";
    for (size_t i = 0; i < v.tabs.size(); ++i) {
      bool sel = i == v.selected_tab;
      const BuilderTab& t = v.tabs[i];
      o += "<button type=\"button\" role=\"tab\" id=\"tab-" + E(t.id) + "\" aria-controls=\"panel-" + E(t.id) +
           "\" aria-selected=\"" + (sel ? "true" : "false") + "\" tabindex=\"" + (sel ? "0" : "-1") +
           "\" data-client=\"" + (t.client_target ? "1" : "0") + "\" data-client-hint=\"" + E(t.client_hint) + "\">";
      if (v.tabs_numbered) o += "<span class=\"cb-dim\">" + std::to_string(i + 1) + "·</span>";
      o += E(t.label) + "</button>";
    }
    o += "</div>";
  }
  o += "<span class=\"cb-grow\"></span><div class=\"cb-actions\">" + CopyButton("@command") +
       "<button type=\"button\" class=\"cb-btn\" data-wrap-toggle aria-pressed=\"false\" title=\"Wrap long lines\">" +
       Svg("wrap") + "<span>Wrap</span></button>";
  bool client_now = v.tabs.empty() || v.tabs[v.selected_tab].client_target;
  auto pop = [&](const char* id, const char* icon, const char* label, const std::string& code, const char* tip) {
    bool off = !client_now && !code.empty();  // Env is always available
    std::string s = "<details class=\"cb-pop\" id=\"pop-" + std::string(id) + "\"" +
                    (off ? " data-off=\"1\"" : "") + "><summary class=\"cb-btn\" title=\"" + tip + "\">" +
                    Svg(icon) + "<span>" + label + "</span></summary><div class=\"cb-pop-panel\">";
    if (!code.empty()) {
      s += "<div class=\"cb-pop-head\">" + Svg(icon) + "<span>" + label + "</span><span class=\"cb-grow\"></span>" +
           CopyButton(std::string("pop-code-") + id) + "</div><div id=\"pop-code-" + id + "\">" +
           CodeBlock(code, defs, "cb-block") + "</div>";
    } else {
      s += "<div class=\"cb-env\" id=\"cb-env\"><p class=\"cb-small cb-muted\">Values you enter here are saved in "
           "this browser and substituted into commands, env exports, cURL and bench. Empty fields stay as "
           "<code>$VAR</code>.</p><noscript>Needs JavaScript.</noscript></div>";
    }
    return s + "</div></details>";
  };
  o += pop("curl", "terminal", "cURL", v.curl, "Example request");
  o += pop("bench", "gauge", "Bench", v.bench, "Benchmark command");
  o += pop("env", "globe", "Env", "", "Cluster env");
  o += "</div></div></div>";  // actions, bar, head

  for (size_t i = 0; i < v.tabs.size(); ++i) {
    const BuilderTab& t = v.tabs[i];
    bool sel = i == v.selected_tab;
    o += "<div class=\"cb-panel" + std::string(sel ? " is-sel" : "") + "\" role=\"tabpanel\" id=\"panel-" + E(t.id) +
         "\" aria-labelledby=\"tab-" + E(t.id) + "\" data-tab=\"" + E(t.id) + "\">";
    if (has_tabs) o += "<h3 class=\"cb-nojs-title\">" + E(t.label) + "</h3>";
    if (!t.description.empty()) o += "<div class=\"cb-dim cb-mono cb-small\"># " + E(t.description) + "</div>";
    for (const auto& l : t.pre_lines) o += "<div class=\"cb-dim cb-mono cb-small\"># " + E(l) + "</div>";
    for (const auto& n : t.numbers) o += "<div class=\"cb-numrow cb-small\">node " + NumberInput(n) + "</div>";
    if (t.wraps && !v.hardware_note_body.empty()) {
      o += "<div class=\"cb-note\">" + Svg("info") + "<div><strong>" + E(v.hardware_note_title) + "</strong> " +
           E(v.hardware_note_body);
      if (!v.hardware_note_href.empty()) {
        o += " <a href=\"" + E(v.hardware_note_href) + "\">" + E(v.hardware_note_link) + "</a>";
      }
      o += "</div></div>";
    }
    if (t.wraps) {
      o += "<div class=\"v-pip\" data-copy-src>";
      if (!t.env.empty()) {
        std::string prelude;
        for (const auto& [k, val] : t.env) prelude += "export " + k + "=" + val + "\n";
        prelude.pop_back();
        o += CodeBlock(prelude, defs, "cb-prelude");
      }
      o += CodeBlock(t.command, defs, "cb-cmd") + "</div>";
      if (t.docker_command_cu129.empty()) {
        o += "<div class=\"v-docker\" data-copy-src>" + CodeBlock(t.docker_command, defs, "cb-cmd") + "</div>";
      } else {
        o += "<div class=\"v-docker v-cu130\" data-copy-src>" + CodeBlock(t.docker_command, defs, "cb-cmd") + "</div>";
        o += "<div class=\"v-docker v-cu129\" data-copy-src>" + CodeBlock(t.docker_command_cu129, defs, "cb-cmd") +
             "</div>";
      }
    } else {
      o += "<div data-copy-src>" + CodeBlock(t.command, defs, "cb-cmd") + "</div>";
    }
    if (!t.after.empty()) o += "<pre class=\"cb-code cb-dim cb-small\">" + E(t.after) + "</pre>";
    o += "</div>";
  }
  if (v.check) o += CheckVerdict(*v.check);
  o += "</div>";  // card

  // Configuration rows (§9.11).
  // The skip link's target (tabindex -1: focusable by the link, not by Tab).
  o += "<div class=\"cb-config\" id=\"cb-config\" tabindex=\"-1\" aria-label=\"Configuration\" role=\"region\">";
  for (const BuilderRow& row : v.rows) {
    o += "<div class=\"cb-row" + std::string(row.nested ? " is-nested" : "") + "\" data-row=\"" + E(row.key) +
         "\"><div class=\"cb-label\"><span>" + E(row.label) + "</span>" + InfoTip(row.hint) +
         "</div><div class=\"cb-content\">";
    bool pd = row.key == "nodes" && !v.pd_numbers.empty();
    for (size_t li = 0; li < row.lines.size(); ++li) {
      const auto& [group, pills] = row.lines[li];
      std::string key = pd ? row.key + "_" + AsciiLower(group) : row.key;
      o += "<div class=\"cb-line\" role=\"group\" aria-label=\"" + E(row.label + (group.empty() ? "" : " " + group)) +
           "\">";
      if (!group.empty()) o += "<span class=\"" + std::string(pd ? "cb-pool" : "cb-brand") + "\">" + E(group) + "</span>";
      for (const auto& p : pills) o += Pill(p, page, key);
      if (pd && li < v.pd_numbers.size()) o += NumberInput(v.pd_numbers[li]);
      o += "</div>";
    }
    for (const auto& n : row.numbers) o += "<div class=\"cb-numrow\">" + NumberInput(n) + "</div>";
    if (row.key == "hardware" && !v.tp_hint.empty()) o += "<p class=\"cb-note-text\">" + E(v.tp_hint) + "</p>";
    if (!row.note.empty() || !row.link.empty() || !row.badge.empty()) {
      o += "<p class=\"cb-note-text\">" + E(row.note);
      if (row.key == "variant" && !row.link.empty()) {
        o += " <a class=\"cb-mono cb-ckpt\" href=\"" + E(row.link) + "\" target=\"_blank\" rel=\"noopener\">" +
             Svg("hf", 12) + E(row.link_text) + Svg("external", 11) + "</a>";
      } else if (!row.link.empty()) {
        o += " <a href=\"" + E(row.link) + "\" target=\"_blank\" rel=\"noopener\">" + E(row.link_text) + "</a>";
      }
      if (!row.badge.empty()) o += " <span class=\"cb-badge cb-" + E(row.badge_kind) + "\">" + E(row.badge) + "</span>";
      o += "</p>";
    }
    if (row.key == "features" && !v.mode_note.empty()) o += "<p class=\"cb-note-text\">" + E(v.mode_note) + "</p>";
    o += "</div></div>";
  }
  // Advanced (§9.11.8).
  size_t checked = 0;
  for (const auto& a : v.advanced_options) checked += a.checked;
  o += "<details class=\"cb-row cb-adv\"" + std::string(checked ? " open" : "") +
       "><summary class=\"cb-label\"><span>Advanced</span><span class=\"cb-muted cb-small\">" +
       (checked ? "(" + std::to_string(checked) + " enabled)" : std::string("— performance tuning")) + "</span>" +
       Svg("chevron") + "</summary><div class=\"cb-adv-grid\">";
  for (const auto& a : v.advanced_options) {
    o += "<a class=\"cb-check" + std::string(a.checked ? " is-active" : "") + "\" data-row=\"advanced\" data-id=\"" +
         E(a.id) + "\" role=\"checkbox\" aria-checked=\"" +
         (a.checked ? "true" : "false") + "\" href=\"" + Href(page, a.query) + "\" data-q><span class=\"cb-box\" aria-hidden=\"true\"></span><span><span class=\"cb-mono cb-check-l\">" +
         E(a.label) + "</span><span class=\"cb-muted cb-small\">" + E(a.description) + "</span></span></a>";
  }
  o += "</div></details></div></div>";
  return o;
}

}  // namespace recipes
