#include "site/deploy_dialog.h"

#include "site/html.h"
#include "site/icons.h"

namespace recipes {

namespace {

std::string Str(const Value* v) { return v && v->is_string() ? v->str() : std::string(); }

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
    std::string id = entry.is_string() ? entry.str() : Str(entry.Get("id"));
    const Value* base = nullptr;
    for (const Value& p : known->items()) {
      if (Str(p.Get("id")) == id) base = &p;
    }
    if (!base) continue;  // unknown to platforms.yaml: ignored (§10)
    auto field = [&](const char* key) {
      if (entry.is_object() && entry.Get(key)) return Str(entry.Get(key));
      return Str(base->Get(key));
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

std::string RenderDeployDialog(const std::string& hf_id, const std::vector<DeployTab>& tabs) {
  if (tabs.empty()) return "";
  std::string o;
  // Trigger: overlapping marks, the label and a chevron (§10).
  o += "<button type=\"button\" class=\"deploy-trigger\" data-dialog-open=\"deploy-dialog\" aria-haspopup=\"dialog\" "
       "aria-controls=\"deploy-dialog\"><span class=\"deploy-marks\" aria-hidden=\"true\">";
  for (size_t i = 0; i < tabs.size() && i < 3; ++i) {
    o += "<span class=\"deploy-mark dm-" + E(tabs[i].id) + "\">" + E(tabs[i].mark) + "</span>";
  }
  o += "</span><span>Self host vLLM</span>" + Icon("chevron-right", 14, "deploy-chev") + "</button>";

  o += "<dialog class=\"deploy-dialog\" id=\"deploy-dialog\" aria-label=\"Self host vLLM for " + E(hf_id) + "\">";
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
    if (!t.code.empty()) {
      o += "<div class=\"dd-code\"><div class=\"dd-code-head\"><span>" + E(t.code_label) +
           "</span><button type=\"button\" class=\"dd-copy\" data-copy-next>Copy</button></div><pre aria-label=\"" +
           E(t.code_label) + "\">" + E(t.code) + "</pre></div>";
    }
    if (!t.hint.empty()) o += "<p class=\"dd-hint\">" + E(t.hint) + "</p>";
    o += "</div>";
  }
  o += "</dialog>";
  return o;
}

}  // namespace recipes
