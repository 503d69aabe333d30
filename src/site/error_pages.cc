#include "site/error_pages.h"

#include <vector>

#include "site/html.h"
#include "site/icons.h"
#include "validate/suggest.h"

namespace recipes {
namespace {

std::vector<std::string> Segments(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::vector<std::string> out;
  if (path.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    out.emplace_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string HelpCard(const std::string& href, const char* icon, const std::string& title, const std::string& blurb,
                     bool external) {
  return "<a class=\"card help-card\" href=\"" + HtmlEscape(href) + "\"" +
         (external ? " target=\"_blank\" rel=\"noopener\"" : "") + "><div class=\"help-icon\">" + Icon(icon, 18) +
         "</div><div><div class=\"card-title\">" + title + "</div><p class=\"muted small\">" + blurb + "</p></div></a>";
}

}  // namespace

std::vector<std::string> NotFoundSuggestions(std::string_view path, const std::vector<std::string>& recipe_ids,
                                             size_t limit) {
  std::vector<std::string> seg = Segments(path);
  if (seg.empty() || seg.size() > 2) return {};
  std::string word = seg.size() == 2 ? seg[0] + "/" + seg[1] : seg[0];
  std::vector<Candidate> candidates;
  candidates.reserve(recipe_ids.size());
  for (const auto& id : recipe_ids) candidates.push_back({id, ""});  // as the CLI ranks recipe ids
  std::vector<std::string> out;
  for (size_t i : RankMatches(word, candidates)) {
    if (out.size() == limit) break;
    out.push_back(recipe_ids[i]);
  }
  return out;
}

std::string RenderNotFoundPage(const SiteConfig& config, std::string_view path,
                               const std::vector<std::string>& recipe_ids) {
  std::vector<std::string> seg = Segments(path);
  bool model = seg.size() == 2 && seg[0] != "_next" && seg[0] != "api" && seg[0] != "og" && seg[0] != "providers" &&
               seg[0] != "assets";
  std::string id = model ? seg[0] + "/" + seg[1] : "";
  std::string b = "<div class=\"container narrow not-found\">";
  b += "<div class=\"nf-eyebrow\"><span class=\"help-icon\">" + Icon("file-question", 18) +
       "</span><span class=\"eyebrow mono\">404</span></div>";
  if (model) {
    b += "<h1>No recipe yet for this model</h1><p class=\"muted\">You were looking for <code>" + HtmlEscape(id) +
         "</code>. There is no recipe for it yet \xE2\x80\x94 request one, or contribute it yourself.</p>";
  } else {
    b += "<h1>Page not found</h1><p class=\"muted\"><code>" + HtmlEscape(path) +
         "</code> doesn't match a recipe. Recipes live at <code>/&lt;hf_org&gt;/&lt;hf_repo&gt;</code>, the same path as "
         "on Hugging Face.</p>";
  }
  std::vector<std::string> near = NotFoundSuggestions(path, recipe_ids);
  if (!near.empty()) {
    b += "<div class=\"did-you-mean\"><span class=\"muted\">Did you mean</span><ul>";
    for (const auto& id : near) {
      b += "<li><a class=\"brand-link mono\" href=\"/" + HtmlEscape(id) + "\">" + HtmlEscape(id) + "</a></li>";
    }
    b += "</ul></div>";
  }
  std::string body = "## Model\n" + std::string(model ? "https://huggingface.co/" + id : "") +
                     "\n\n## " + (model ? "Hardware I'm targeting" : "Hardware") +
                     "\n<!-- e.g. 8x H200, MI355X, B200 -->\n\n## Precision / variant\n<!-- e.g. BF16, FP8, NVFP4 -->\n\n## Notes\n";
  std::string issue = std::string(kRepoUrl) + "/issues/new?title=" +
                      UrlEncode("Recipe request: " + (model ? id : std::string("<org>/<repo>"))) + "&body=" +
                      UrlEncode(body) + "&labels=recipe-request";
  std::string contributing = std::string(kRepoUrl) + "/blob/main/CONTRIBUTING.md";
  b += "<div class=\"help-grid\">";
  b += HelpCard(issue, "plus", model ? "Request this recipe" : "Request a recipe",
                "Opens a pre-filled GitHub issue; it takes seconds. Maintainers prioritise requests by hardware "
                "availability.",
                true);
  b += HelpCard(contributing, "pencil", "Contribute one yourself",
                "A recipe is one YAML file at <code>models/&lt;org&gt;/&lt;repo&gt;.yaml</code>; the contributing guide "
                "has the schema, the VRAM formula and the validation steps.",
                true);
  if (model) {
    b += HelpCard("https://huggingface.co/" + id, "external", "Open on HuggingFace",
                  "Check the model card for vLLM support and the hardware it needs.", true);
  }
  b += HelpCard("/browse", "grid", "Browse all recipes",
                "Search by name, provider or task; the recipe may live under a slightly different path.", false);
  b += "</div><p class=\"muted small\">Prefer a guided path? Follow the repository's <a href=\"" + std::string(kRepoUrl) +
       "/blob/main/.claude/skills/add-recipe/SKILL.md\" target=\"_blank\" rel=\"noopener\">add-recipe walkthrough</a>.</p>";
  b += "</div>";
  PageMeta meta;
  meta.noindex = true;
  meta.canonical_path = std::string(path.empty() ? "/" : path);
  return RenderPage(config, meta, b);
}

std::string RenderErrorPage(const SiteConfig& config, std::string_view message) {
  std::string b = "<div class=\"container narrow not-found\"><h1>Something went wrong</h1><p class=\"muted\">" +
                  HtmlEscape(message.empty() ? "An unexpected error occurred while rendering this page." : message) +
                  "</p><a class=\"btn\" href=\"\" onclick=\"location.reload();return false\">Try again</a></div>";
  PageMeta meta;
  meta.noindex = true;
  return RenderPage(config, meta, b);
}

}  // namespace recipes
