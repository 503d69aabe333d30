#include "site/layout.h"

#include "site/assets.h"
#include "site/html.h"
#include "site/icons.h"

namespace recipes {

const char kSiteName[] = "vLLM Recipes";
const char kDefaultDescription[] =
    "Deploy any model on any hardware with vLLM: an interactive builder that assembles the exact serve command "
    "for your GPUs.";
const char kDefaultOgImage[] = "/og?title=vLLM%20Recipes&subtitle=Deploy%20any%20model%20on%20any%20hardware";
const char kRepoUrl[] = "https://github.com/vllm-project/recipes";

namespace {

// Runs before first paint so a stored dark theme never flashes light (§3.3).
constexpr char kThemeScript[] =
    "<script>(function(){try{var t=localStorage.getItem('theme');"
    "if(t!=='light'&&t!=='dark')t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';"
    "if(t==='dark')document.documentElement.classList.add('dark');}catch(e){}})();</script>";

constexpr char kFavicon[] = "/favicon.ico";

std::string MetaTag(std::string_view attr, std::string_view key, std::string_view content) {
  return "<meta " + std::string(attr) + "=\"" + HtmlEscape(key) + "\" content=\"" + HtmlEscape(content) + "\">";
}

std::string Header() {
  std::string h;
  h += "<header class=\"site-header\"><div class=\"container header-inner\">";
  h += "<a class=\"home-link\" href=\"/\" aria-label=\"vLLM Recipes home\">";
  // A text wordmark rather than the hosted logo images: pages stay
  // self-contained and never show a broken image offline.
  h += "<span class=\"wordmark\" aria-label=\"vLLM\"><span class=\"wm-v\">v</span><span class=\"wm-llm\">LLM</span></span>";
  h += "<span class=\"home-sep\">/</span><span class=\"home-word\">Recipes</span></a>";
  h += "<div class=\"search\" data-search>";
  h += "<form class=\"search-box\" action=\"/browse\" method=\"get\" role=\"search\">" + Icon("search", 16, "search-icon");
  h += "<input type=\"search\" name=\"q\" autocomplete=\"off\" spellcheck=\"false\" "
       "placeholder=\"Search models or providers...  \xE2\x8C\x98K\" aria-label=\"Search models or providers\" "
       "role=\"combobox\" aria-expanded=\"false\" aria-controls=\"search-results\" aria-autocomplete=\"list\">";
  h += "</form><div class=\"search-results\" id=\"search-results\" role=\"listbox\" hidden></div></div>";
  h += "<nav class=\"header-nav\"><a class=\"nav-link\" href=\"/browse\">Browse</a>";
  h += "<a class=\"nav-link\" href=\"https://docs.vllm.ai\">Docs</a>";
  h += "<a class=\"nav-link\" href=\"" + std::string(kRepoUrl) + "\">GitHub</a>";
  h += "<button type=\"button\" class=\"theme-toggle\" data-theme-toggle aria-label=\"Switch to dark mode\">";
  h += Icon("moon", 18, "icon-moon") + Icon("sun", 18, "icon-sun") + "</button></nav>";
  h += "</div></header>";
  return h;
}

std::string Footer() {
  struct Link {
    const char* label;
    std::string href;
  };
  const Link links[] = {
      {"GitHub", kRepoUrl},
      {"Request a recipe", std::string(kRepoUrl) + "/issues"},
      {"Documentation", "https://docs.vllm.ai"},
      {"Supported Models & Hardware", "https://vllm.ai/#compatibility"},
      {"Install vLLM", "https://vllm.ai/#quick-start"},
      {"JSON API", "/models.json"},
  };
  std::string f = "<footer class=\"site-footer\"><div class=\"container footer-inner\">";
  for (const Link& l : links) f += "<a href=\"" + HtmlEscape(l.href) + "\">" + l.label + "</a>";
  f += "</div></footer>";
  return f;
}

}  // namespace

std::string PageTitle(std::string_view page_title) { return std::string(page_title) + " | " + kSiteName; }

std::string AbsoluteUrl(const SiteConfig& config, std::string_view url) {
  if (url.substr(0, 7) == "http://" || url.substr(0, 8) == "https://") return std::string(url);
  return config.site_url + (url.empty() || url[0] != '/' ? "/" : "") + std::string(url);
}

std::string RenderPage(const SiteConfig& config, const PageMeta& meta, std::string_view body_html) {
  std::string og_title = meta.og_title.empty() ? meta.title : meta.og_title;
  std::string canonical = AbsoluteUrl(config, meta.canonical_path);
  std::string image = AbsoluteUrl(config, meta.og_image);
  std::string out;
  out.reserve(body_html.size() + 6000);
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += kThemeScript;
  out += "<title>" + HtmlEscape(meta.title) + "</title>";
  out += MetaTag("name", "description", meta.description);
  if (meta.noindex) out += "<meta name=\"robots\" content=\"noindex\">";
  out += "<link rel=\"canonical\" href=\"" + HtmlEscape(canonical) + "\">";
  out += "<link rel=\"icon\" href=\"" + std::string(kFavicon) + "\" sizes=\"16x16 32x32 48x48\">";
  out += "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">";
  out += "<link rel=\"stylesheet\" href=\"" + AssetUrl("site.css") + "\">";
  out += MetaTag("property", "og:type", meta.og_type);
  out += MetaTag("property", "og:locale", "en_US");
  out += MetaTag("property", "og:url", canonical);
  out += MetaTag("property", "og:site_name", kSiteName);
  out += MetaTag("property", "og:title", og_title);
  out += MetaTag("property", "og:description", meta.description);
  out += MetaTag("property", "og:image", image);
  out += MetaTag("property", "og:image:width", "1200");
  out += MetaTag("property", "og:image:height", "630");
  out += MetaTag("property", "og:image:alt", meta.og_image_alt);
  out += MetaTag("name", "twitter:card", "summary_large_image");
  out += MetaTag("name", "twitter:site", "@vllm_project");
  out += MetaTag("name", "twitter:creator", "@vllm_project");
  out += MetaTag("name", "twitter:title", og_title);
  out += MetaTag("name", "twitter:description", meta.description);
  out += MetaTag("name", "twitter:image", image);
  for (const std::string& ld : meta.json_ld) out += "<script type=\"application/ld+json\">" + ld + "</script>";
  out += "<script src=\"" + AssetUrl("site.js") + "\" defer></script>";
  out += meta.extra_head;
  out += "</head><body";
  if (!meta.body_class.empty()) out += " class=\"" + HtmlEscape(meta.body_class) + "\"";
  out += ">";
  // Skip links (issue 12 item 13): the first Tab stops, shown only on focus.
  out += "<nav class=\"skip-links\" aria-label=\"Skip links\"><a class=\"skip-link\" href=\"#main\">Skip to content</a>";
  if (meta.builder) out += "<a class=\"skip-link\" href=\"#cb-config\">Skip to the command builder</a>";
  out += "</nav>";
  out += Header();
  out += "<main id=\"main\" tabindex=\"-1\">";
  out += body_html;
  out += "</main>";
  out += Footer();
  out += "</body></html>\n";
  return out;
}

}  // namespace recipes
