#include "site/widgets.h"

#include "site/html.h"
#include "site/icons.h"

namespace recipes {

std::string LetterTile(std::string_view name, std::string_view size_class) {
  std::string letter = name.empty() ? "?" : AsciiUpper(name.substr(0, 1));
  return "<span class=\"tile " + std::string(size_class) + "\" aria-hidden=\"true\">" + HtmlEscape(letter) + "</span>";
}

std::string ArchLabel(std::string_view arch) {
  if (arch == "moe") return "MoE";
  if (arch == "dense") return "Dense";
  return std::string(arch);
}

std::string Capitalize(std::string_view text) {
  std::string s(text);
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string TaskLabel(std::string_view task) {
  if (task == "text" || task == "multimodal" || task == "omni" || task == "embedding") return Capitalize(task);
  return std::string(task);
}

std::string RecipeCard(const RecipeSummary& r) {
  std::string o = "<a class=\"card recipe-card\" href=\"/" + HtmlEscape(r.hf_id) + "\">";
  o += "<div class=\"card-head\">" + LetterTile(r.provider.empty() ? r.org : r.provider, "tile-28") +
       "<div class=\"min0\"><div class=\"card-title\">" + HtmlEscape(r.repo) + "</div><div class=\"card-org mono\">" +
       HtmlEscape(r.org) + "</div></div></div>";
  o += "<div class=\"spec-chips\">";
  std::string size = SizeLabel(r);
  if (!size.empty()) {
    o += "<span class=\"spec-chip\">" + Icon(r.is_moe() ? "layers" : "chip", 12) + HtmlEscape(size) + "</span>";
  }
  if (!r.default_precision.empty()) o += "<span class=\"spec-chip mono\">" + HtmlEscape(AsciiUpper(r.default_precision)) + "</span>";
  std::string ctx = FormatContextShort(r.context_length);
  if (!ctx.empty()) o += "<span class=\"spec-chip\">" + ctx + " ctx</span>";
  for (const std::string& t : r.tasks) {
    o += "<span class=\"spec-chip subtle\">" + Icon(TaskIconName(t), 12) + HtmlEscape(Capitalize(t)) + "</span>";
  }
  o += "</div>";
  std::string blurb = r.description.empty() ? r.performance_headline : r.description;
  o += "<p class=\"card-blurb\">" + HtmlEscape(blurb) + "</p></a>";
  return o;
}

std::string ProviderTile(const ProviderInfo& p) {
  std::string o = "<a class=\"card provider-tile\" href=\"/" + HtmlEscape(p.org) + "\">";
  o += "<div class=\"card-head\">" + LetterTile(p.display_name, "tile-28") + "<div class=\"min0\"><div class=\"card-title\">" +
       HtmlEscape(p.display_name) + "</div><div class=\"card-org mono\">" + HtmlEscape(p.org) + "</div></div></div>";
  o += "<div class=\"tile-foot\"><span><b class=\"num\">" + std::to_string(p.recipes.size()) + "</b> " +
       (p.recipes.size() == 1 ? "recipe" : "recipes") + "</span>" + Icon("arrow-right", 14, "nudge") + "</div></a>";
  return o;
}

}  // namespace recipes
