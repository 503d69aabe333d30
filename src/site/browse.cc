#include "site/browse.h"

#include <algorithm>

#include "site/html.h"
#include "site/icons.h"
#include "site/widgets.h"

namespace recipes {
namespace {

const char* const kDims[] = {"task", "arch", "size", "precision", "hw"};

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::vector<std::string>* DimList(BrowseState& s, std::string_view dim) {
  if (dim == "task") return &s.task;
  if (dim == "arch") return &s.arch;
  if (dim == "size") return &s.size;
  if (dim == "precision") return &s.precision;
  return &s.hw;
}
const std::vector<std::string>& DimList(const BrowseState& s, std::string_view dim) {
  return *DimList(const_cast<BrowseState&>(s), dim);
}

// Calls f(value) for each value a recipe contributes to a dimension (what
// its chips count), without copying; stops early when f returns true.
template <typename F>
bool AnyValue(const RecipeSummary& r, std::string_view dim, F f) {
  auto any_of = [&](const std::vector<std::string>& v) {
    for (const std::string& x : v) {
      if (f(x)) return true;
    }
    return false;
  };
  if (dim == "task") return any_of(r.tasks);
  if (dim == "precision") return any_of(r.precisions);
  if (dim == "hw") return any_of(r.verified_hw);
  if (dim == "arch") return !r.architecture.empty() && f(r.architecture);
  static const std::string kBuckets[] = {"xs", "s", "m", "l", "xl"};
  std::string b = SizeBucket(r.billions);
  for (const std::string& k : kBuckets) {
    if (k == b) return f(k);
  }
  return false;
}

bool MatchesDim(const RecipeSummary& r, const BrowseState& s, std::string_view dim) {
  const std::vector<std::string>& selected = DimList(s, dim);
  if (selected.empty()) return true;
  return AnyValue(r, dim, [&](const std::string& v) { return Contains(selected, v); });
}

std::string ValueLabel(std::string_view dim, const std::string& v) {
  if (dim == "task") return v;
  if (dim == "arch") return ArchLabel(v);
  if (dim == "size") return SizeBucketLabel(v);
  if (dim == "precision") return AsciiUpper(v);
  return SiteIndex::BrowseHardwareLabel(v);
}

std::string EncodeList(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += UrlEncode(v[i]);
  }
  return out;
}

}  // namespace

const std::vector<std::string>& BrowseTasks() {
  static const std::vector<std::string> v = {"text", "multimodal", "omni", "embedding"};
  return v;
}
const std::vector<std::string>& BrowseArchs() {
  static const std::vector<std::string> v = {"moe", "dense"};
  return v;
}
const std::vector<std::string>& BrowseSizes() {
  static const std::vector<std::string> v = {"xs", "s", "m", "l", "xl"};
  return v;
}
const std::vector<std::string>& BrowsePrecisions() {
  static const std::vector<std::string> v = {"bf16", "fp8", "fp4", "nvfp4", "mxfp4", "int4", "int8"};
  return v;
}
const std::vector<std::string>& BrowseSorts() {
  static const std::vector<std::string> v = {"released", "updated", "size_desc", "size_asc", "name"};
  return v;
}

std::string SizeBucketLabel(const std::string& id) {
  if (id == "xs") return "<10B";
  if (id == "s") return "10\xE2\x80\x93" "70B";
  if (id == "m") return "70\xE2\x80\x93" "200B";
  if (id == "l") return "200B\xE2\x80\x93" "1T";
  if (id == "xl") return "\xE2\x89\xA5" "1T";
  return id;
}

std::string SizeBucket(double b) {
  if (!(b > 0)) return "";
  if (b < 10) return "xs";
  if (b < 70) return "s";
  if (b < 200) return "m";
  if (b < 1000) return "l";
  return "xl";
}

size_t BrowseState::ActiveCount() const {
  size_t n = task.size() + arch.size() + size.size() + precision.size() + hw.size();
  if (!provider.empty()) ++n;
  if (!Trim(q).empty()) ++n;
  return n;
}

std::string BrowseState::Url() const {
  std::vector<std::string> parts;
  if (!Trim(q).empty()) parts.push_back("q=" + UrlEncode(q));
  if (!task.empty()) parts.push_back("task=" + EncodeList(task));
  if (!arch.empty()) parts.push_back("arch=" + EncodeList(arch));
  if (!size.empty()) parts.push_back("size=" + EncodeList(size));
  if (!precision.empty()) parts.push_back("precision=" + EncodeList(precision));
  if (!hw.empty()) parts.push_back("hw=" + EncodeList(hw));
  if (!provider.empty()) parts.push_back("provider=" + UrlEncode(provider));
  if (!sort.empty() && sort != "released") parts.push_back("sort=" + sort);
  if (panel_open) parts.push_back("panel=open");
  std::string url = "/browse";
  for (size_t i = 0; i < parts.size(); ++i) url += (i ? "&" : "?") + parts[i];
  return url;
}

bool ParseBrowseState(const QueryParams& params, const SiteIndex& index, BrowseState* state, QueryError* error) {
  *state = BrowseState();
  auto list = [&](const char* key, const std::vector<std::string>& valid, std::vector<std::string>* out) {
    for (const std::string& v : SplitList(params.Joined(key))) {
      if (!Contains(valid, v)) {
        *error = {key, "invalid value '" + v + "' for parameter '" + key + "'", valid};
        return false;
      }
      if (!Contains(*out, v)) out->push_back(v);
    }
    return true;
  };
  state->q = params.Joined("q");
  if (state->q.size() > 200) {
    *error = {"q", "parameter 'q' is too long (max 200 bytes)", {}};
    return false;
  }
  if (!list("task", BrowseTasks(), &state->task) || !list("arch", BrowseArchs(), &state->arch) ||
      !list("size", BrowseSizes(), &state->size) || !list("precision", BrowsePrecisions(), &state->precision)) {
    return false;
  }
  for (const std::string& v : SplitList(params.Joined("hw"))) {
    if (!index.KnownHardwareId(v)) {
      std::vector<std::string> valid;
      for (const HardwareLabel& h : SiteIndex::BrowseHardware()) valid.push_back(h.id);
      *error = {"hw", "unknown hardware id '" + v + "' for parameter 'hw'", valid};
      return false;
    }
    if (!Contains(state->hw, v)) state->hw.push_back(v);
  }
  std::string provider = Trim(params.Joined("provider"));
  if (!provider.empty()) {
    const ProviderInfo* p = index.FindProvider(provider);
    if (p == nullptr || provider.find(',') != std::string::npos) {
      std::vector<std::string> valid;
      for (const ProviderInfo& info : index.providers()) valid.push_back(info.org);
      *error = {"provider", "unknown provider '" + provider + "' for parameter 'provider'", valid};
      return false;
    }
    state->provider = p->org;
  }
  std::string sort = params.Joined("sort");
  if (!sort.empty()) {
    if (!Contains(BrowseSorts(), sort)) {
      *error = {"sort", "invalid value '" + sort + "' for parameter 'sort'", BrowseSorts()};
      return false;
    }
    if (sort != "released") state->sort = sort;
  }
  std::string panel = params.Joined("panel");
  if (!panel.empty()) {
    if (panel != "open") {
      *error = {"panel", "invalid value '" + panel + "' for parameter 'panel'", {"open"}};
      return false;
    }
    state->panel_open = true;
  }
  return true;
}

BrowseResult RunBrowse(const SiteIndex& index, const Search& search, const BrowseState& state) {
  const auto& all = index.recipes();
  std::vector<bool> base(all.size(), true);  // q and provider
  std::string q = AsciiLower(Trim(state.q));
  if (!q.empty()) {
    std::fill(base.begin(), base.end(), false);
    for (size_t i : search.Recipes(q)) base[i] = true;
  }
  if (!state.provider.empty()) {
    for (size_t i = 0; i < all.size(); ++i) {
      if (all[i].org != state.provider) base[i] = false;
    }
  }
  BrowseResult result;
  for (const char* dim : kDims) {
    auto& counts = result.counts[dim];
    for (size_t i = 0; i < all.size(); ++i) {
      if (!base[i]) continue;
      bool others = true;
      for (const char* other : kDims) {
        if (std::string_view(other) != dim && !MatchesDim(all[i], state, other)) others = false;
      }
      if (!others) continue;
      std::vector<const std::string*> seen;
      AnyValue(all[i], dim, [&](const std::string& v) {
        for (const std::string* p : seen) {
          if (*p == v) return false;
        }
        seen.push_back(&v);
        ++counts[v];
        return false;
      });
    }
  }
  for (size_t i = 0; i < all.size(); ++i) {
    if (!base[i]) continue;
    bool ok = true;
    for (const char* dim : kDims) ok = ok && MatchesDim(all[i], state, dim);
    if (ok) result.rows.push_back(i);
  }
  // Sorts are stable over catalog order (ties keep it).
  auto& rows = result.rows;
  if (state.sort.empty() || state.sort == "released") {
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return all[a].hf_released > all[b].hf_released; });
  } else if (state.sort == "updated") {
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return all[a].date_updated > all[b].date_updated; });
  } else if (state.sort == "size_desc") {
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return all[a].billions > all[b].billions; });
  } else if (state.sort == "size_asc") {
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return all[a].billions < all[b].billions; });
  } else if (state.sort == "name") {
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
      std::string la = AsciiLower(all[a].hf_id), lb = AsciiLower(all[b].hf_id);
      return la != lb ? la < lb : all[a].hf_id > all[b].hf_id;
    });
  }
  return result;
}

namespace {

std::string Toggled(const BrowseState& s, std::string_view dim, const std::string& value) {
  BrowseState t = s;
  std::vector<std::string>* list = DimList(t, dim);
  auto it = std::find(list->begin(), list->end(), value);
  if (it == list->end()) {
    list->push_back(value);
  } else {
    list->erase(it);
  }
  return t.Url();
}

std::string ClearUrl(const BrowseState& s) {
  BrowseState t;
  t.sort = s.sort;
  return t.Url();
}

std::string Link(const std::string& href, const std::string& cls, const std::string& inner,
                 const std::string& extra = "") {
  return "<a class=\"" + cls + "\" href=\"" + HtmlEscape(href) + "\" data-browse-nav" + extra + ">" + inner + "</a>";
}

// Hidden inputs carrying every state key except `skip`, for the no-script forms.
std::string HiddenState(const BrowseState& s, std::string_view skip) {
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty() || key == skip) return;
    out += "<input type=\"hidden\" name=\"" + std::string(key) + "\" value=\"" + HtmlEscape(value) + "\">";
  };
  auto join = [](const std::vector<std::string>& v) {
    std::string r;
    for (size_t i = 0; i < v.size(); ++i) r += (i ? "," : "") + v[i];
    return r;
  };
  add("q", Trim(s.q).empty() ? "" : s.q);
  add("task", join(s.task));
  add("arch", join(s.arch));
  add("size", join(s.size));
  add("precision", join(s.precision));
  add("hw", join(s.hw));
  add("provider", s.provider);
  add("sort", s.sort);
  add("panel", s.panel_open ? "open" : "");
  return out;
}

std::string Chip(const BrowseState& s, const BrowseResult& r, std::string_view dim, const std::string& value,
                 const std::string& lead, const std::string& label, const std::string& label_class = "") {
  bool on = Contains(DimList(s, dim), value);
  size_t count = 0;
  auto dit = r.counts.find(std::string(dim));
  if (dit != r.counts.end()) {
    auto vit = dit->second.find(value);
    if (vit != dit->second.end()) count = vit->second;
  }
  std::string inner = lead + "<span class=\"chip-label" + (label_class.empty() ? "" : " " + label_class) + "\">" +
                      HtmlEscape(label) + "</span><span class=\"chip-count\">" + std::to_string(count) + "</span>";
  std::string data = " data-dim=\"" + std::string(dim) + "\" data-value=\"" + HtmlEscape(value) + "\"";
  if (!on && count == 0) {
    return "<span class=\"chip disabled\" aria-disabled=\"true\"" + data + ">" + inner + "</span>";
  }
  return Link(Toggled(s, dim, value), on ? "chip on" : "chip", inner,
              std::string(" aria-pressed=\"") + (on ? "true" : "false") + "\"" + data);
}

std::string TaskTone(const std::string& t) {
  if (t == "text") return "tone-sky";
  if (t == "multimodal") return "tone-violet";
  if (t == "omni") return "tone-amber";
  if (t == "embedding") return "tone-cyan";
  return "";
}

std::string PanelRow(const char* label, const std::string& content) {
  return "<div class=\"panel-row\"><div class=\"panel-label\">" + std::string(label) +
         "</div><div class=\"panel-chips\">" + content + "</div></div>";
}

std::string RenderPanel(const SiteIndex& index, const BrowseState& s, const BrowseResult& r) {
  std::string out = "<div class=\"filter-panel\" id=\"filter-panel\">";
  std::string tasks;
  for (const std::string& t : BrowseTasks()) {
    tasks += Chip(s, r, "task", t, Icon(TaskIconName(t), 14, TaskTone(t)), Capitalize(t));
  }
  out += PanelRow("Task", tasks);
  std::string archs = Chip(s, r, "arch", "moe", Icon("layers", 14, "tone-violet"), "MoE") +
                      Chip(s, r, "arch", "dense", Icon("chip", 14, "tone-sky"), "Dense");
  out += PanelRow("Arch", archs);
  std::string sizes;
  int step = 0;
  for (const std::string& b : BrowseSizes()) {
    int px = 6 + step * 2;
    sizes += Chip(s, r, "size", b,
                  "<span class=\"dot size-dot\" style=\"width:" + std::to_string(px) + "px;height:" + std::to_string(px) +
                      "px;opacity:" + std::to_string(50 + step * 12) + "%\"></span>",
                  SizeBucketLabel(b));
    ++step;
  }
  out += PanelRow("Size", sizes);
  std::string precisions;
  for (const std::string& p : BrowsePrecisions()) {
    precisions += Chip(s, r, "precision", p, "<span class=\"dot prec-" + p + "\"></span>", AsciiUpper(p), "mono");
  }
  out += PanelRow("Precision", precisions);
  std::string hw = "<div class=\"hw-groups\">";
  std::string brand;
  for (const HardwareLabel& h : SiteIndex::BrowseHardware()) {
    if (h.brand != brand) {
      if (!brand.empty()) hw += "</div></div>";
      brand = h.brand;
      hw += "<div class=\"hw-group\"><div class=\"hw-brand\">" + LetterTile(brand, "tile-20") + "<span>" +
            AsciiUpper(brand) + "</span></div><div class=\"hw-chips\">";
    }
    hw += Chip(s, r, "hw", h.id, "", h.label);
  }
  hw += "</div></div></div>";
  out += PanelRow("Hardware", hw);
  // Provider select, ordered by display name.
  std::vector<const ProviderInfo*> providers;
  for (const ProviderInfo& p : index.providers()) providers.push_back(&p);
  std::stable_sort(providers.begin(), providers.end(), [](const ProviderInfo* a, const ProviderInfo* b) {
    return AsciiLower(a->display_name) < AsciiLower(b->display_name);
  });
  std::string sel = "<form class=\"inline-form\" method=\"get\" action=\"/browse\" data-browse-form>" +
                    HiddenState(s, "provider") +
                    "<select name=\"provider\" aria-label=\"Provider\" class=\"select\"><option value=\"\">All providers</option>";
  for (const ProviderInfo* p : providers) {
    sel += "<option value=\"" + HtmlEscape(p->org) + "\"" + (p->org == s.provider ? " selected" : "") + ">" +
           HtmlEscape(p->display_name) + "</option>";
  }
  sel += "</select><noscript><button class=\"btn\">Apply</button></noscript></form>";
  out += PanelRow("Provider", sel);
  out += "</div>";
  return out;
}

std::string Pills(const SiteIndex& index, const BrowseState& s) {
  std::string out;
  auto pill = [&](const std::string& label, const std::string& href) {
    out += Link(href, "pill", HtmlEscape(label) + Icon("x", 12),
                " aria-label=\"Remove " + HtmlEscape(label) + " filter\"");
  };
  if (!Trim(s.q).empty()) {
    BrowseState t = s;
    t.q.clear();
    pill("\"" + AsciiLower(Trim(s.q)) + "\"", t.Url());
  }
  for (const char* dim : kDims) {
    for (const std::string& v : DimList(s, dim)) {
      std::string label = ValueLabel(dim, v);
      if (label.empty()) continue;  // hardware without a label still filters
      pill(label, Toggled(s, dim, v));
    }
  }
  if (!s.provider.empty()) {
    BrowseState t = s;
    t.provider.clear();
    const ProviderInfo* p = index.FindProvider(s.provider);
    pill(p ? p->display_name : s.provider, t.Url());
  }
  return out;
}

// The hardware's name as the site shows it: the browse label, else the
// taxonomy's display name, else the id.
std::string HardwareName(const SiteIndex& index, const std::string& id) {
  std::string label = SiteIndex::BrowseHardwareLabel(id);
  if (!label.empty()) return label;
  const Value* p = index.catalog().FindHardware(id);
  const Value* name = p ? p->Get("display_name") : nullptr;
  return name && name->is_string() ? name->str() : id;
}

std::string RenderRow(const SiteIndex& index, const RecipeSummary& r) {
  // Full sizes (issue 12 item 14): "229B / 10B active", never cut short.
  std::string size = SizeLabel(r, " / ");
  if (size != r.parameter_count) size += " active";
  std::string arch = ArchLabel(r.architecture);
  std::string prec = AsciiUpper(r.default_precision);
  std::string hw_chips, hw_text;
  for (const std::string& id : r.verified_hw) {
    std::string label = HardwareName(index, id);
    hw_chips += "<span class=\"hw-chip\">" + HtmlEscape(label) + "</span>";
    hw_text += (hw_text.empty() ? "" : " ") + label;
  }
  std::string provider = SiteIndex::ProviderDisplayName(r.org);
  std::string sub = HtmlEscape(provider);
  for (const std::string& t : r.tasks) sub += " \xC2\xB7 " + HtmlEscape(t);
  std::string notes = r.description.empty() ? r.performance_headline : r.description;
  std::string strip = HtmlEscape(size.empty() ? "\xE2\x80\x94" : size) + " \xC2\xB7 " + HtmlEscape(arch.empty() ? "\xE2\x80\x94" : arch);
  if (!prec.empty()) strip += " \xC2\xB7 " + HtmlEscape(prec);
  if (!hw_text.empty()) strip += " \xC2\xB7 " + HtmlEscape(hw_text);
  std::string o;
  o += "<a class=\"result-row\" href=\"/" + HtmlEscape(r.hf_id) + "\">";
  o += "<div class=\"cell-model\">" + LetterTile(provider, "tile-24") + "<div class=\"min0\"><div class=\"row-name\">" +
       HtmlEscape(r.repo) + "</div><div class=\"row-sub mono\">" + sub + "</div><div class=\"row-strip\">" + strip +
       "</div></div></div>";
  o += std::string("<div class=\"cell cell-size\"><i class=\"ti ti-") + (r.is_moe() ? "layers" : "chip") + "\"></i><span>" +
       HtmlEscape(size.empty() ? "\xE2\x80\x94" : size) + "</span></div>";
  o += "<div class=\"cell\">" + HtmlEscape(arch.empty() ? "\xE2\x80\x94" : arch) + "</div>";
  o += "<div class=\"cell mono\">" + HtmlEscape(prec.empty() ? "\xE2\x80\x94" : prec) + "</div>";
  o += "<div class=\"cell cell-hw\">" + (hw_chips.empty() ? std::string("\xE2\x80\x94") : hw_chips) + "</div>";
  o += "<div class=\"cell cell-notes\">" + HtmlEscape(notes) + "</div>";
  o += "</a>";
  return o;
}

}  // namespace

std::string RenderBrowseApp(const SiteIndex& index, const BrowseState& s, const BrowseResult& r) {
  size_t total = index.recipes().size();
  size_t shown = r.rows.size();
  size_t active = s.ActiveCount();
  std::string o = "<div class=\"browse-app\" id=\"browse-app\" data-url=\"" + HtmlEscape(s.Url()) + "\">";
  o += "<div class=\"status-bar\">";
  o += "<span class=\"result-count\"><b class=\"num\">" + std::to_string(shown) + "</b>";
  if (s.AnyFilter()) o += " of " + std::to_string(total);
  o += shown == 1 ? " recipe" : " recipes";
  o += "</span>";
  BrowseState toggled = s;
  toggled.panel_open = !s.panel_open;
  std::string badge = active > 0 ? "<span class=\"badge\">" + std::to_string(active) + "</span>" : "";
  o += Link(toggled.Url(), std::string("filter-toggle") + (s.panel_open ? " open" : ""),
            Icon("sliders", 15) + "<span>Filter</span>" + badge + Icon("chevron-down", 14, "chev"),
            std::string(" role=\"button\" aria-controls=\"filter-panel\" aria-expanded=\"") +
                (s.panel_open ? "true" : "false") + "\"");
  if (!s.panel_open && s.AnyFilter()) o += "<span class=\"pills\">" + Pills(index, s) + "</span>";
  o += "<span class=\"spacer\"></span>";
  o += "<form class=\"inline-form sort-form\" method=\"get\" action=\"/browse\" data-browse-form>" + HiddenState(s, "sort") +
       "<label class=\"sort-label\">" + Icon("sort", 14) + "<span class=\"sr-only\">Sort</span>" +
       "<select name=\"sort\" class=\"select\" aria-label=\"Sort\">";
  const char* labels[][2] = {{"released", "Newest"}, {"updated", "Recently updated"}, {"size_desc", "Largest"},
                             {"size_asc", "Smallest"}, {"name", "Name"}};
  std::string current = s.sort.empty() ? "released" : s.sort;
  for (auto& l : labels) {
    o += "<option value=\"" + std::string(l[0]) + "\"" + (current == l[0] ? " selected" : "") + ">" + l[1] + "</option>";
  }
  o += "</select></label><noscript><button class=\"btn\">Sort</button></noscript></form>";
  if (s.AnyFilter()) o += Link(ClearUrl(s), "btn btn-ghost clear", Icon("x", 14) + "<span>Clear</span>");
  o += "</div>";
  if (s.panel_open) o += RenderPanel(index, s, r);
  if (r.rows.empty()) {
    o += "<div class=\"empty\"><p>No recipes match these filters.</p>" +
         Link(ClearUrl(s), "btn", "Clear all") + "</div>";
  } else {
    o += "<div class=\"results\"><div class=\"results-head\"><div>Model</div><div>Size</div><div>Arch</div>"
         "<div>Precision</div><div>Verified on</div><div>Notes</div></div>";
    for (size_t i : r.rows) o += RenderRow(index, index.recipes()[i]);
    o += "</div>";
  }
  o += "</div>";
  return o;
}

std::string RenderCrawlIndex(const SiteIndex& index) {
  // Every recipe linked from static HTML, whatever the filters.
  std::vector<std::string> ids;
  for (const RecipeSummary& r : index.recipes()) ids.push_back(r.hf_id);
  std::stable_sort(ids.begin(), ids.end(), [](const std::string& a, const std::string& b) {
    std::string la = AsciiLower(a), lb = AsciiLower(b);
    return la != lb ? la < lb : a > b;
  });
  std::string out = "<section class=\"crawl-index\"><h2>All recipes</h2><ul>";
  for (const std::string& id : ids) {
    out += "<li><a href=\"/" + HtmlEscape(id) + "\">" + HtmlEscape(id) + "</a></li>";
  }
  out += "</ul></section>";
  return out;
}

std::string RenderBrowsePage(const SiteConfig& config, const SiteIndex& index, const Search& search,
                             const BrowseState& state, std::string_view crawl_index_html) {
  BrowseResult result = RunBrowse(index, search, state);
  size_t total = index.recipes().size();
  std::string body = "<div class=\"container page\">";
  body += "<h1 class=\"page-title\">Browse all recipes</h1>";
  body += "<p class=\"lead muted\">Filter all " + std::to_string(total) +
          " recipes by task, architecture, size, precision and hardware.</p>";
  body += RenderBrowseApp(index, state, result);
  body += crawl_index_html.empty() ? RenderCrawlIndex(index) : std::string(crawl_index_html);
  body += "</div>";
  PageMeta meta;
  meta.title = PageTitle("Browse all recipes");
  meta.description =
      "Filter every vLLM recipe by task, architecture, parameter size, precision, hardware and provider.";
  meta.canonical_path = "/browse";
  return RenderPage(config, meta, body);
}

}  // namespace recipes
