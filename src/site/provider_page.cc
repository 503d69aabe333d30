#include "site/provider_page.h"

#include <algorithm>
#include <map>

#include "site/html.h"
#include "site/icons.h"
#include "site/widgets.h"

namespace recipes {
namespace {

// Newest first by hf_released (missing = oldest), ties by repo name (§7.1).
std::vector<size_t> SidebarOrder(const SiteIndex& index, const ProviderInfo& p) {
  std::vector<size_t> order = p.recipes;
  const auto& all = index.recipes();
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (all[a].hf_released != all[b].hf_released) return all[a].hf_released > all[b].hf_released;
    return AsciiLower(all[a].repo) < AsciiLower(all[b].repo);
  });
  return order;
}

std::string TaskClass(std::string_view task) {
  return "ti ti-" + std::string(TaskIconName(task));
}

}  // namespace

std::string RenderProviderSidebar(const SiteIndex& index, std::string_view current_org, std::string_view current_hf_id) {
  std::string o = "<aside class=\"sidebar\" data-sidebar><div class=\"sidebar-inner\"><div class=\"eyebrow\">Providers</div><ul class=\"side-orgs\">";
  // Terse markup: this list is on every provider and recipe page.
  size_t n = 0;
  for (const ProviderInfo& p : index.providers()) {
    bool current = AsciiLower(p.org) == AsciiLower(current_org);
    bool on_provider_page = current && current_hf_id.empty();
    std::string id = "so" + std::to_string(n++);
    o += "<li>";
    o += "<div class=\"side-org-row" + std::string(on_provider_page ? " active" : current ? " current" : "") + "\">";
    o += "<a href=\"/" + HtmlEscape(p.org) + "\"><b class=\"tile tile-18\">" + HtmlEscape(AsciiUpper(p.display_name.substr(0, 1))) +
         "</b><span class=\"truncate\">" + HtmlEscape(p.display_name) + "</span></a>";
    o += "<button class=\"side-toggle\" aria-controls=\"" + id + "\" aria-expanded=\"" +
         (current ? "true" : "false") + "\" aria-label=\"" + (current ? "Collapse" : "Expand") + "\">" +
         "<i class=\"ti ti-chev\"></i></button></div>";
    // Only the current org's models are in the HTML; site.js fills the
    // others from the search index when they are expanded (keeps pages small).
    o += "<ul id=\"" + id + "\" data-org=\"" + HtmlEscape(p.org) + "\"" + (current ? "" : " hidden") + ">";
    if (current) {
      for (size_t i : SidebarOrder(index, p)) {
        const RecipeSummary& r = index.recipes()[i];
        bool here = r.hf_id == current_hf_id;
        std::string task = r.tasks.empty() ? "" : r.tasks.front();
        o += "<li><a href=\"/" + HtmlEscape(r.hf_id) + "\"" + (here ? " class=\"here\" aria-current=\"page\"" : "") +
             (task.empty() ? "" : " title=\"" + HtmlEscape(task) + "\"") + "><i class=\"" + TaskClass(task) +
             "\"></i><span class=\"truncate\">" + HtmlEscape(r.repo) + "</span></a></li>";
      }
    }
    o += "</ul></li>";
  }
  o += "</ul></div></aside>";
  return o;
}

std::string WithSidebar(const std::string& sidebar_html, const std::string& content_html) {
  return "<div class=\"container with-sidebar\">" + sidebar_html + "<div class=\"content-col\">" + content_html +
         "</div></div>";
}

std::string RenderProviderPage(const SiteConfig& config, const SiteIndex& index, const ProviderInfo& p) {
  const auto& all = index.recipes();
  size_t n = p.recipes.size();
  std::string count = CountLabel(n, "recipe", "recipes");
  std::string c = "<div class=\"provider-page\">";
  c += "<div class=\"provider-head\">" + LetterTile(p.display_name, "tile-56") + "<div><h1>" + HtmlEscape(p.display_name) +
       "</h1><div class=\"muted provider-sub\"><span class=\"mono\">" + HtmlEscape(p.org) + "</span> \xC2\xB7 " + count +
       " \xC2\xB7 <a href=\"https://huggingface.co/" + HtmlEscape(p.org) +
       "\" target=\"_blank\" rel=\"noopener\">HuggingFace" + Icon("external", 12) + "</a></div></div></div>";

  // Groups by primary task, fixed order first, others in first-seen order.
  std::vector<std::string> order = {"multimodal", "text", "omni", "embedding"};
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t i : p.recipes) {
    std::string t = all[i].tasks.empty() ? "other" : all[i].tasks.front();
    if (std::find(order.begin(), order.end(), t) == order.end()) order.push_back(t);
    groups[t].push_back(i);
  }
  for (const std::string& t : order) {
    auto it = groups.find(t);
    if (it == groups.end()) continue;
    std::vector<size_t> rows = it->second;
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
      const std::string& ka = all[a].hf_released.empty() ? all[a].date_updated : all[a].hf_released;
      const std::string& kb = all[b].hf_released.empty() ? all[b].date_updated : all[b].hf_released;
      return ka > kb;
    });
    c += "<section class=\"task-group\"><div class=\"group-head\">" + Icon(TaskIconName(t), 14) + "<span>" +
         HtmlEscape(AsciiUpper(TaskLabel(t))) + "</span><span class=\"faint num\">" + std::to_string(rows.size()) +
         "</span></div><div class=\"list\">";
    for (size_t i : rows) {
      const RecipeSummary& r = all[i];
      c += "<a class=\"list-row\" href=\"/" + HtmlEscape(r.hf_id) + "\"><div class=\"min0 grow\"><div class=\"row-name mono\">" +
           HtmlEscape(r.repo) + "</div><div class=\"row-sub\">" + HtmlEscape(SizeLabel(r, " / ")) + "</div></div>";
      if (!r.architecture.empty()) c += "<span class=\"badge-outline\">" + HtmlEscape(ArchLabel(r.architecture)) + "</span>";
      for (size_t k = 1; k < r.tasks.size(); ++k) {
        c += "<span class=\"also\" title=\"Also: " + HtmlEscape(TaskLabel(r.tasks[k])) + "\">" +
             Icon(TaskIconName(r.tasks[k]), 14) + "</span>";
      }
      c += "<span class=\"variant-chips\">";
      for (const VariantSummary& v : r.variants) {
        c += "<span class=\"variant-chip\"><b>" + HtmlEscape(AsciiUpper(v.precision)) + "</b>";
        if (v.vram_minimum_gb > 0) c += " " + FormatJsNumber(v.vram_minimum_gb) + "G";
        c += "</span>";
      }
      c += "</span>";
      if (!r.min_vllm_version.empty()) c += "<span class=\"version mono\">v" + HtmlEscape(r.min_vllm_version) + "+</span>";
      c += Icon("arrow-right", 14, "nudge") + "</a>";
    }
    c += "</div></section>";
  }
  c += "</div>";

  PageMeta meta;
  meta.title = p.display_name + " on vLLM \xE2\x80\x94 " + count;
  meta.description = "Deploy " + std::to_string(n) + " " + p.display_name + " model" + (n == 1 ? "" : "s") +
                     " with vLLM: hardware-tuned serve commands for each recipe.";
  meta.canonical_path = "/" + p.org;
  meta.og_image = "/og?title=" + UrlEncode(p.display_name) + "&subtitle=" + UrlEncode(count) + "&path=" + UrlEncode("/" + p.org);
  meta.og_image_alt = p.display_name;
  meta.json_ld.push_back(
      "{\"@context\":\"https://schema.org\",\"@type\":\"BreadcrumbList\",\"itemListElement\":["
      "{\"@type\":\"ListItem\",\"position\":1,\"name\":\"vLLM Recipes\",\"item\":" +
      JsonQuote(config.site_url) + "},{\"@type\":\"ListItem\",\"position\":2,\"name\":" + JsonQuote(p.display_name) +
      ",\"item\":" + JsonQuote(config.site_url + "/" + p.org) + "}]}");
  return RenderPage(config, meta, WithSidebar(RenderProviderSidebar(index, p.org, ""), c));
}

}  // namespace recipes
