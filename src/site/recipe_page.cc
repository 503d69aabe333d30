#include "site/recipe_page.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

#include "render/json_writer.h"
#include "site/assets.h"
#include "site/builder_html.h"
#include "site/builder_query.h"
#include "site/builder_state.h"
#include "site/deploy_dialog.h"
#include "site/error_pages.h"
#include "site/gzip.h"
#include "site/html.h"
#include "site/icons.h"
#include "site/provider_page.h"
#include "site/widgets.h"

namespace recipes {

namespace {

std::string E(std::string_view s) { return HtmlEscape(s); }

// Plain text of a node's inline children (for heading slugs).
void InlineText(cmark_node* node, std::string* out) {
  for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    cmark_node_type t = cmark_node_get_type(c);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
      const char* lit = cmark_node_get_literal(c);
      if (lit) *out += lit;
    } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      *out += ' ';
    } else {
      InlineText(c, out);
    }
  }
}

std::string WithThousands(double n) {
  long long v = std::llround(n);
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

std::string LinkIcon() { return Icon("external", 12); }

}  // namespace

std::string HeadingSlug(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') out += static_cast<char>(c);
    else if (c == ' ') out += '-';
    else if (c >= 0x80) out += static_cast<char>(c);  // keep non-ASCII letters, as GitHub does
  }
  return out;
}

std::string RenderGuideMarkdown(std::string_view markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  int options = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* ext : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* e = cmark_find_syntax_extension(ext)) cmark_parser_attach_syntax_extension(parser, e);
  }
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);

  // Heading slugs in document order; duplicates get -1, -2 as on GitHub.
  std::vector<std::string> slugs;
  std::map<std::string, int> used;
  cmark_iter* it = cmark_iter_new(doc);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
      std::string text;
      InlineText(n, &text);
      std::string slug = HeadingSlug(text);
      int k = used[slug]++;
      slugs.push_back(k ? slug + "-" + std::to_string(k) : slug);
    }
  }
  cmark_iter_free(it);
  char* raw = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
  std::string html = raw;
  free(raw);
  cmark_node_free(doc);
  cmark_parser_free(parser);

  // Raw HTML is escaped (no CMARK_OPT_UNSAFE), so these tags come from Markdown.
  std::string out;
  out.reserve(html.size() + 2048);
  size_t slug_i = 0;
  for (size_t i = 0; i < html.size();) {
    if (html.compare(i, 2, "<h") == 0 && i + 3 < html.size() && html[i + 2] >= '1' && html[i + 2] <= '6' &&
        html[i + 3] == '>') {
      std::string id = slug_i < slugs.size() ? slugs[slug_i++] : "";
      out += "<h";
      out += html[i + 2];
      out += " id=\"" + E(id) + "\">";
      i += 4;
    } else if (html.compare(i, 4, "<pre") == 0) {
      out += "<div class=\"g-code\"><button type=\"button\" class=\"cb-copy g-copy\" data-copy=\"@next\">"
             "<span>Copy</span></button><pre";
      i += 4;
    } else if (html.compare(i, 6, "</pre>") == 0) {
      out += "</pre></div>";
      i += 6;
    } else if (html.compare(i, 7, "<table>") == 0) {
      out += "<div class=\"g-table\"><table>";
      i += 7;
    } else if (html.compare(i, 8, "</table>") == 0) {
      out += "</table></div>";
      i += 8;
    } else {
      out += html[i++];
    }
  }
  return out;
}

RecipePages::RecipePages(const SiteConfig& config, const SiteIndex& index, size_t resolve_cache_bytes)
    : config_(config), index_(index), cache_(resolve_cache_bytes) {
  for (const RecipeSummary& r : index_.recipes()) {
    std::string guide = StringOf(r.recipe->doc.Get("guide"));
    if (!guide.empty()) guides_.emplace(r.hf_id, RenderGuideMarkdown(guide));
  }
}

std::vector<DeployTab> RecipePages::DeployTabs(const RecipeSummary& r, const BuilderView* view,
                                               const std::string& state) const {
  std::vector<DeployTab> tabs;
  if (view && view->resolution.is_object()) {
    tabs = TargetDeployTabs(index_.catalog(), *r.recipe, view->selection, "/api/deploy?" + state);
  }
  for (DeployTab& t : PlatformDeployTabs(index_.catalog(), r.recipe->doc)) tabs.push_back(std::move(t));
  return tabs;
}

namespace {

// The builder state a view was made for, as /api/resolve, /api/check and
// /api/deploy take it.
std::string ViewState(const RecipeSummary& r, const BuilderView* view) {
  std::string state = "recipe=" + UrlEncode(r.hf_id);
  if (view && !view->query.empty()) state += "&" + view->query;
  return state;
}

// A 200 JSON answer that no cache keeps (it depends on the whole query).
HttpResponse NoStoreJson(std::string body) {
  HttpResponse resp = HttpResponse::Json(200, std::move(body));
  resp.SetHeader("Cache-Control", "no-store");
  return resp;
}

}  // namespace

const RecipeSummary* RecipePages::QueryRecipe(std::string_view raw_query, std::optional<BuilderParams>* params,
                                              HttpResponse* error) const {
  std::string bad;
  *params = BuilderParams::Parse(raw_query, &bad);
  if (!*params) {
    *error = HttpResponse::Json(400, BuilderErrorJson({bad, "malformed percent-escape or invalid UTF-8", {}}));
    return nullptr;
  }
  const std::string* id = (*params)->Get("recipe");
  if (!id || id->empty()) {
    *error = HttpResponse::Json(400, BuilderErrorJson({"recipe", "missing recipe (use recipe={org}/{repo})", {}}));
    return nullptr;
  }
  size_t slash = id->find('/');
  const RecipeSummary* r =
      slash == std::string::npos ? nullptr : index_.FindRecipe(id->substr(0, slash), id->substr(slash + 1));
  if (!r) *error = HttpResponse::Json(404, BuilderErrorJson({"recipe", "unknown recipe '" + *id + "'", {}}));
  return r;
}

std::string RecipePages::RenderPageHtml(const RecipeSummary& r, const std::string& builder_html,
                                        const std::string& banner, const BuilderView* view) const {
  const Value& doc = r.recipe->doc;
  std::string o;
  o.reserve(64 * 1024);
  o += "<article class=\"rp\">";
  // Model header (§8.3).
  o += "<header class=\"rp-head\"><h1 class=\"rp-title\"><span class=\"rp-org\">" + E(r.org) +
       "/</span><span class=\"rp-repo\">" + E(r.repo) + "</span></h1>";
  if (!r.description.empty()) {
    // Clamped to two lines; the button (shown by site.js when the text is
    // cut) expands it (issue 12 item 14).
    o += "<p class=\"rp-desc\" id=\"rp-desc\">" + E(r.description) +
         "</p><button type=\"button\" class=\"rp-more\" data-expand=\"rp-desc\" aria-controls=\"rp-desc\" "
         "aria-expanded=\"false\" hidden>Show more</button>";
  }
  if (!r.performance_headline.empty()) o += "<p class=\"rp-perf\">" + E(r.performance_headline) + "</p>";
  o += "<a class=\"rp-hf\" href=\"https://huggingface.co/" + E(r.hf_id) +
       "\" target=\"_blank\" rel=\"noopener\">View on HuggingFace " + LinkIcon() + "</a></header>";
  // Tags (§8.4).
  o += "<div class=\"rp-tags\">";
  o += "<span class=\"rp-chip\">" + Icon(r.is_moe() ? "layers" : "chip", 13) + ArchLabel(r.architecture) + "</span>";
  std::string params = r.parameter_count;
  if (!r.active_parameters.empty() && r.active_parameters != r.parameter_count) params += " / " + r.active_parameters;
  if (!params.empty()) o += "<span class=\"rp-chip\">" + E(params) + "</span>";
  o += "<span class=\"rp-chip\">" + WithThousands(r.context_length) + " ctx</span>";
  if (!r.min_vllm_version.empty()) {
    o += "<a class=\"rp-chip rp-link\" href=\"https://vllm.ai/#quick-start\" target=\"_blank\" rel=\"noopener\" "
         "title=\"Install vLLM\">vLLM " +
         E(r.min_vllm_version) + "+ " + LinkIcon() + "</a>";
  }
  bool omni = false;
  for (const auto& t : r.tasks) omni = omni || t == "omni";
  if (omni) {
    o += "<a class=\"rp-chip rp-link\" href=\"https://github.com/vllm-project/vllm-omni\" target=\"_blank\" "
         "rel=\"noopener\" title=\"vLLM-Omni serves the generation path and needs nightly wheels\">vLLM-Omni "
         "<span class=\"cb-badge cb-amber\">nightly</span></a>";
  }
  for (const auto& t : r.tasks) o += "<span class=\"rp-chip rp-task\">" + E(TaskLabel(t)) + "</span>";
  o += "</div>";
  // Builder (§9).
  o += banner;
  std::string state = ViewState(r, view);
  o += "<section class=\"cb\" id=\"builder\" aria-label=\"Command builder\" data-recipe=\"" + E(r.hf_id) +
       "\" data-path=\"/" + E(r.hf_id) + "\" data-state=\"" + E(state) + "\">" + builder_html + "</section>";
  // Guide (§8.5).
  auto g = guides_.find(r.hf_id);
  if (g != guides_.end()) {
    o += "<details class=\"rp-guide\" open><summary><span>Guide</span>" + Icon("chevron-down", 16) +
         "</summary><div class=\"g-body\">" + g->second + "</div></details>";
  }
  // Footer (§8.6).
  std::string repo_url = kRepoUrl;
  o += "<footer class=\"rp-foot\"><span>Updated " + E(r.date_updated) + "</span><a href=\"" + repo_url +
       "/edit/main/models/" + E(r.hf_id) + ".yaml\" target=\"_blank\" rel=\"noopener\">" + Icon("pencil", 13) +
       "Edit recipe</a><a href=\"" + repo_url + "/issues\" target=\"_blank\" rel=\"noopener\">" + Icon("alert", 13) +
       "Report issue</a>";
  // Deploy dialog (§10): the deploy targets for the builder's selection, and
  // the platforms the recipe lists.
  o += RenderDeployDialog(r.hf_id, DeployTabs(r, view, state), view ? state : "");
  const Value* meta = doc.Get("meta");
  const Value* related = meta ? meta->Get("related_recipes") : nullptr;
  std::string rel;
  if (related && related->is_array()) {
    for (const Value& x : related->items()) {
      if (!x.is_string()) continue;
      const RecipeSummary* target = nullptr;
      size_t slash = x.str().find('/');
      if (slash != std::string::npos) target = index_.FindRecipe(x.str().substr(0, slash), x.str().substr(slash + 1));
      if (!target) {
        for (const RecipeSummary& c : index_.recipes()) {
          const Value* cm = c.recipe->doc.Get("meta");
          if (StringOf(cm ? cm->Get("slug") : nullptr) == x.str()) target = &c;
        }
      }
      if (!target) continue;
      rel += (rel.empty() ? "" : " · ") + std::string("<a href=\"/") + E(target->hf_id) + "\">" +
             E(target->title.empty() ? target->hf_id : target->title) + "</a>";
    }
  }
  if (!rel.empty()) o += "<div class=\"rp-related\">Related: " + rel + "</div>";
  o += "</footer></article>";
  return o;
}

HttpResponse RecipePages::HandleRecipe(std::string_view org, std::string_view repo, std::string_view raw_query) const {
  const RecipeSummary* r = index_.FindRecipe(org, repo);
  std::string id = std::string(org) + "/" + std::string(repo);
  if (!r) {
    auto [parent, variant] = index_.FindVariantCheckpoint(id);
    if (parent && AsciiLower(parent->hf_id) != AsciiLower(id)) {
      std::string loc = "/" + parent->hf_id;
      if (variant != "default") loc += "?variant=" + UrlEncode(variant);
      return HttpResponse::Redirect(loc);
    }
    std::vector<std::string> ids;
    for (const auto& x : index_.recipes()) ids.push_back(x.hf_id);
    HttpResponse nf = HttpResponse::Html(404, RenderNotFoundPage(config_, "/" + id, ids));
    return nf;
  }
  if (r->org != org || r->repo != repo) {
    return HttpResponse::Redirect("/" + r->hf_id + (raw_query.empty() ? "" : "?" + std::string(raw_query)));
  }
  return Page(*r, raw_query);
}

HttpResponse RecipePages::Page(const RecipeSummary& recipe, std::string_view raw_query) const {
  const RecipeSummary* r = &recipe;

  std::string bad;
  auto params = BuilderParams::Parse(raw_query, &bad);
  std::string banner;
  int status = 200;
  BuildResult built;
  if (params) built = BuildBuilderView(index_.catalog(), *r->recipe, *params);
  if (!params || !built.view) {
    std::string param = params ? built.error->param : bad;
    std::string msg = params ? built.error->message : "malformed value";
    banner = "<div class=\"cb-warn\" role=\"alert\"><strong>Bad <code>" + E(param) + "</code>:</strong> " + E(msg);
    if (params && !built.error->valid.empty()) {
      banner += ". Valid values: ";
      for (size_t i = 0; i < built.error->valid.size(); ++i) {
        banner += (i ? ", " : "") + std::string("<code>") + E(built.error->valid[i]) + "</code>";
      }
    }
    banner += ". Showing the default configuration.</div>";
    status = 400;
    built = BuildBuilderView(index_.catalog(), *r->recipe, BuilderParams());
  }
  std::string page_path = "/" + r->hf_id;
  std::string builder = built.view ? RenderBuilderHtml(*built.view, page_path) : "";
  std::string content = RenderPageHtml(*r, builder, banner, built.view ? &*built.view : nullptr);

  // Metadata (§8.1).
  const Value* model = r->recipe->doc.Get("model");
  std::string params_part = r->parameter_count;
  if (!r->active_parameters.empty() && r->active_parameters != r->parameter_count) {
    params_part += " / " + r->active_parameters + " active";
  }
  std::vector<std::string> parts;
  if (!params_part.empty()) parts.push_back(params_part);
  if (!r->architecture.empty()) parts.push_back(AsciiUpper(r->architecture));
  if (r->context_length > 0) parts.push_back(std::to_string(std::lround(r->context_length / 1024)) + "K ctx");
  std::string meta_line;
  for (const auto& p : parts) meta_line += (meta_line.empty() ? "" : " · ") + p;
  std::string version = "vLLM " + StringOf(model ? model->Get("min_vllm_version") : nullptr) + "+";
  PageMeta meta;
  meta.title = PageTitle(r->hf_id);
  meta.description = r->description.empty() ? r->title : r->description;
  meta.canonical_path = page_path;
  meta.og_type = "article";
  meta.og_title = meta_line.empty() ? r->hf_id : r->hf_id + " — " + meta_line;
  meta.og_image = "/og?title=" + UrlEncode(r->hf_id) + "&meta=" + UrlEncode(meta_line) + "&version=" +
                  UrlEncode(version) + "&path=" + UrlEncode(page_path);
  meta.og_image_alt = r->hf_id;
  std::string url = AbsoluteUrl(config_, page_path);
  std::string ld = "{\"@context\":\"https://schema.org\",\"@type\":\"SoftwareApplication\",\"name\":" +
                   JsonQuote(r->hf_id) + ",\"alternateName\":" + JsonQuote(r->title) +
                   ",\"description\":" + JsonQuote(meta.description) +
                   ",\"applicationCategory\":\"DeveloperApplication\",\"operatingSystem\":\"Linux\",\"url\":" +
                   JsonQuote(url) + ",\"softwareRequirements\":" + JsonQuote(version) +
                   ",\"creator\":{\"@type\":\"Organization\",\"name\":" + JsonQuote(r->provider) +
                   ",\"url\":" + JsonQuote("https://huggingface.co/" + r->org) +
                   "},\"sameAs\":" + JsonQuote("https://huggingface.co/" + r->hf_id) + "}";
  meta.json_ld.push_back(ld);
  meta.json_ld.push_back(
      "{\"@context\":\"https://schema.org\",\"@type\":\"BreadcrumbList\",\"itemListElement\":["
      "{\"@type\":\"ListItem\",\"position\":1,\"name\":\"vLLM Recipes\",\"item\":" +
      JsonQuote(config_.site_url) + "},{\"@type\":\"ListItem\",\"position\":2,\"name\":" + JsonQuote(r->provider) +
      ",\"item\":" + JsonQuote(config_.site_url + "/" + r->org) +
      "},{\"@type\":\"ListItem\",\"position\":3,\"name\":" + JsonQuote(r->repo) + ",\"item\":" + JsonQuote(url) +
      "}]}");
  meta.builder = built.view.has_value();
  meta.extra_head = "<link rel=\"stylesheet\" href=\"" + AssetUrl("builder.css") + "\"><script src=\"" +
                    AssetUrl("builder.js") + "\" defer></script>";
  std::string body = WithSidebar(RenderProviderSidebar(index_, r->org, r->hf_id), content);
  return HttpResponse::Html(status, RenderPage(config_, meta, body));
}

HttpResponse RecipePages::HandlePlan(std::string_view raw_query) const {
  HttpResponse error;
  std::optional<BuilderParams> params;
  const RecipeSummary* r = QueryRecipe(raw_query, &params, &error);
  if (!r) return error;
  BuildResult built = BuildBuilderView(index_.catalog(), *r->recipe, *params);
  if (!built.view) return HttpResponse::Json(400, BuilderErrorJson(*built.error));
  if (!built.view->memory.present) {
    return HttpResponse::Json(422, BuilderErrorJson({"recipe", "no architecture facts to plan " + r->hf_id + " with", {}}));
  }
  return NoStoreJson(ToJson(built.view->memory.plan, 0));
}

HttpResponse RecipePages::HandleCheck(std::string_view raw_query) const {
  HttpResponse error;
  std::optional<BuilderParams> params;
  const RecipeSummary* r = QueryRecipe(raw_query, &params, &error);
  if (!r) return error;
  const VllmTables& tables = VllmTables::Builtin();
  std::vector<size_t> versions;  // empty = every version (the view's report)
  if (const std::string* v = params->Get("vllm"); v && *v != "all") {
    int at = tables.IndexOf(*v);
    if (at < 0) {
      std::vector<std::string> valid = {"all"};
      for (const auto& t : tables.versions()) valid.push_back(t.key);
      return HttpResponse::Json(400, BuilderErrorJson({"vllm", "unknown vLLM version '" + *v + "'", valid}));
    }
    versions.push_back(static_cast<size_t>(at));
  }
  BuildResult built = BuildBuilderView(index_.catalog(), *r->recipe, *params);
  if (!built.view) return HttpResponse::Json(400, BuilderErrorJson(*built.error));
  const BuilderView& view = *built.view;
  if (!view.check) {
    return HttpResponse::Json(422, BuilderErrorJson({"recipe", "the selection does not resolve: " + view.resolve_error, {}}));
  }
  CheckReport report = versions.empty() ? *view.check
                                        : CheckSelection(index_.catalog(), *r->recipe, view.selection, tables, versions);
  return NoStoreJson(ToJson(CheckReportToJson(report), 0));
}

HttpResponse RecipePages::HandleDeploy(std::string_view raw_query) const {
  HttpResponse error;
  std::optional<BuilderParams> params;
  const RecipeSummary* r = QueryRecipe(raw_query, &params, &error);
  if (!r) return error;
  BuildResult built = BuildBuilderView(index_.catalog(), *r->recipe, *params);
  if (!built.view) return HttpResponse::Json(400, BuilderErrorJson(*built.error));
  const BuilderView& view = *built.view;
  if (!view.resolution.is_object()) {
    return HttpResponse::Json(422, BuilderErrorJson({"recipe", "the selection does not resolve: " + view.resolve_error, {}}));
  }
  const std::string* target = params->Get("target");
  const std::string* file = params->Get("file");
  const std::vector<std::string> targets = {"k8s", "slurm", "compose", "ssh"};
  if (target && std::find(targets.begin(), targets.end(), *target) == targets.end()) {
    return HttpResponse::Json(400, BuilderErrorJson({"target", "unknown deploy target '" + *target + "'", targets}));
  }
  if (target && file) {
    DeployResult files = DeployTargetFiles(index_.catalog(), *r->recipe, view.selection, *target, nullptr);
    if (!files.ok()) return HttpResponse::Json(422, BuilderErrorJson({"target", files.error, {}}));
    std::vector<std::string> names;
    for (const Artifact& a : files.files) {
      names.push_back(a.path);
      if (a.path != *file) continue;
      HttpResponse resp;
      resp.status = 200;
      resp.content_type = "text/plain; charset=utf-8";
      resp.body = a.content;
      resp.SetHeader("Content-Disposition", "attachment; filename=\"" + a.path + "\"");
      resp.SetHeader("Cache-Control", "no-store");
      return resp;
    }
    return HttpResponse::Json(404, BuilderErrorJson({"file", "no file '" + *file + "' for target " + *target, names}));
  }
  std::string state = ViewState(*r, &view);
  std::vector<DeployTab> tabs = DeployTabs(*r, &view, state);
  ObjectItems root;
  root.Set("recipe", Value::String(r->hf_id));
  root.Set("selection", view.selection.ToJson());
  root.Set("state", Value::String(state));
  ArrayItems list;
  for (const DeployTab& t : tabs) {
    if (std::find(targets.begin(), targets.end(), t.id) == targets.end()) continue;
    if (target && *target != t.id) continue;
    ObjectItems o;
    o.Set("target", Value::String(t.id));
    o.Set("command", Value::String(t.command));
    ArrayItems fs;
    for (const DeployFile& f : t.files) {
      ObjectItems fo;
      fo.Set("path", Value::String(f.name));
      fo.Set("content", Value::String(f.content));
      fs.push_back(Value::Object(std::move(fo)));
    }
    o.Set("files", Value::Array(std::move(fs)));
    if (!t.error.empty()) o.Set("error", Value::String(t.error));
    list.push_back(Value::Object(std::move(o)));
  }
  root.Set("targets", Value::Array(std::move(list)));
  root.Set("html", Value::String(RenderDeployDialogBody(r->hf_id, tabs)));
  return NoStoreJson(ToJson(Value::Object(std::move(root)), 0));
}

HttpResponse RecipePages::HandleResolve(std::string_view raw_query, bool gzip) const {
  auto answer = [gzip](const std::string& body) {
    HttpResponse resp = NoStoreJson(body);
    resp.gzipped = gzip;
    resp.SetHeader("Vary", "Accept-Encoding");
    return resp;
  };
  HttpResponse error;
  std::optional<BuilderParams> params;
  const RecipeSummary* r = QueryRecipe(raw_query, &params, &error);
  if (!r) return error;
  std::string key = NormalizedBuilderQuery(*params);
  key += gzip ? "\ngz" : "\nid";
  if (std::shared_ptr<const std::string> cached = cache_.Get(key)) return answer(*cached);

  BuildResult built = BuildBuilderView(index_.catalog(), *r->recipe, *params);
  if (!built.view) return HttpResponse::Json(400, BuilderErrorJson(*built.error));
  std::string html = RenderBuilderHtml(*built.view, "/" + r->hf_id);
  std::string json = BuilderViewJson(*built.view, html);
  // Level 3: within ~10% of level 6's size at well under half its time.
  auto body = std::make_shared<const std::string>(gzip ? GzipCompress(json, 3) : std::move(json));
  cache_.Put(std::move(key), body, body->capacity());
  return answer(*body);
}

}  // namespace recipes
