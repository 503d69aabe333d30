#include "site/home_page.h"

#include <set>

#include "site/html.h"
#include "site/widgets.h"

namespace recipes {

std::vector<size_t> LatestRecipes(const SiteIndex& index, size_t n) {
  std::vector<size_t> out;
  std::set<std::string> orgs;
  for (size_t i : index.LatestOrder()) {
    if (out.size() >= n) break;
    if (orgs.insert(index.recipes()[i].org).second) out.push_back(i);
  }
  return out;
}

std::string RenderHomePage(const SiteConfig& config, const SiteIndex& index) {
  const char kTitle[] = "vLLM Recipes \xE2\x80\x94 Deploy any model on any hardware with vLLM";
  std::vector<size_t> latest = LatestRecipes(index);
  std::string b = "<div class=\"container page\">";
  b += "<h1 class=\"sr-only\">" + HtmlEscape(kTitle) + "</h1>";
  b += "<p class=\"intro\">Pick a model, adjust it to your GPUs, and copy a <code>vllm serve</code> line that works. "
       "Recipes are maintained by the community for NVIDIA H100, H200, B200, B300 and Grace-Blackwell systems and "
       "for AMD MI300X, MI325X and MI355X. "
       "<a class=\"brand-link\" href=\"https://vllm.ai/#compatibility\" target=\"_blank\" rel=\"noopener\">"
       "Full vLLM compatibility \xE2\x86\x92</a></p>";
  b += "<section class=\"home-section\"><div class=\"section-head\"><span class=\"eyebrow\">Latest recipes</span>"
       "<span class=\"eyebrow faint\">newest " +
       std::to_string(latest.size()) + "</span><span class=\"spacer\"></span><a class=\"brand-link small\" href=\"/browse\">View all " +
       std::to_string(index.recipes().size()) + " \xE2\x86\x92</a></div>";
  b += "<div class=\"card-grid\">";
  for (size_t i : latest) b += RecipeCard(index.recipes()[i]);
  b += "</div></section>";
  b += "<section class=\"home-section\"><div class=\"section-head\"><span class=\"eyebrow\">Browse by provider</span></div>";
  b += "<div class=\"tile-grid\">";
  for (const ProviderInfo& p : index.providers()) b += ProviderTile(p);
  b += "</div></section></div>";
  PageMeta meta;
  meta.title = kTitle;
  meta.description =
      "Get a working vllm serve command for any model on any GPU: pick a model and your hardware, copy the command.";
  return RenderPage(config, meta, b);
}

}  // namespace recipes
