#include "site/sitemap.h"

#include <map>
#include <vector>

#include "site/html.h"

namespace recipes {
namespace {

std::string Url(const std::string& loc, const std::string& lastmod, const char* freq, const char* priority) {
  std::string o = "  <url>\n    <loc>" + HtmlEscape(loc) + "</loc>\n";
  if (!lastmod.empty()) o += "    <lastmod>" + HtmlEscape(lastmod) + "</lastmod>\n";
  o += "    <changefreq>" + std::string(freq) + "</changefreq>\n    <priority>" + priority + "</priority>\n  </url>\n";
  return o;
}

}  // namespace

std::string RenderSitemap(const SiteConfig& config, const SiteIndex& index) {
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  o += Url(config.site_url, index.LatestUpdate(), "daily", "1.0");
  // Orgs by first appearance in catalog order; lastmod = their newest update.
  std::vector<std::string> orgs;
  std::map<std::string, std::string> latest;
  for (const RecipeSummary& r : index.recipes()) {
    auto [it, added] = latest.emplace(r.org, r.date_updated);
    if (added) orgs.push_back(r.org);
    else if (r.date_updated > it->second) it->second = r.date_updated;
  }
  for (const std::string& org : orgs) o += Url(config.site_url + "/" + org, latest[org], "weekly", "0.6");
  for (const RecipeSummary& r : index.recipes()) {
    o += Url(config.site_url + "/" + r.hf_id, r.date_updated, "weekly", "0.8");
  }
  o += "</urlset>\n";
  return o;
}

std::string RenderRobots(const SiteConfig& config) {
  return "User-agent: *\nAllow: /\nDisallow: /og\nDisallow: /api/\n\nHost: " + config.site_url +
         "\nSitemap: " + config.site_url + "/sitemap.xml\n";
}

}  // namespace recipes
