#include "site/site_index.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "site/html.h"

namespace recipes {
namespace {

std::string Text(const Value* v) {
  if (v == nullptr) return "";
  switch (v->kind()) {
    case Value::Kind::kString: return v->str();
    case Value::Kind::kDate: return v->DateText();
    case Value::Kind::kNumber: return FormatJsNumber(v->number());
    case Value::Kind::kBool: return v->boolean() ? "true" : "false";
    default: return "";
  }
}

struct ProviderRow {
  const char* org;
  const char* name;
};

// Provider display names (site.md §1.4), keyed by Hugging Face org.
constexpr ProviderRow kProviderTable[] = {
    {"deepseek-ai", "DeepSeek"},         {"Qwen", "Qwen"},
    {"moonshotai", "Moonshot AI"},       {"meta-llama", "Meta"},
    {"Google", "Google"},                {"google", "Google"},
    {"microsoft", "Microsoft"},          {"mistralai", "Mistral AI"},
    {"nvidia", "NVIDIA"},                {"openai", "OpenAI"},
    {"MiniMaxAI", "MiniMax"},            {"zai-org", "GLM (Z-AI)"},
    {"baidu", "Ernie (Baidu)"},          {"arcee-ai", "Arcee AI"},
    {"inclusionAI", "inclusionAI"},      {"fishaudio", "Fish Audio"},
    {"bosonai", "Boson AI"},             {"OpenMOSS-Team", "OpenMOSS"},
    {"IndexTeam", "IndexTeam"},          {"OpenGVLab", "InternVL (OpenGVLab)"},
    {"internlm", "InternLM"},            {"jinaai", "Jina AI"},
    {"PaddlePaddle", "PaddlePaddle"},    {"pfnet", "Preferred Networks"},
    {"ByteDance-Seed", "Seed (ByteDance)"}, {"tencent", "Hunyuan (Tencent)"},
    {"XiaomiMiMo", "MiMo (Xiaomi)"},     {"Wan-AI", "Wan (Alibaba)"},
    {"meituan-longcat", "LongCat (Meituan)"}, {"stabilityai", "Stability AI"},
    {"stepfun-ai", "StepFun"},           {"poolside", "Poolside"},
    {"JetBrains", "JetBrains"},          {"openbmb", "MiniCPM (OpenBMB)"},
    {"LiquidAI", "Liquid AI"},           {"Lightricks", "Lightricks"},
    {"thinkingmachines", "Thinking Machines Lab"}, {"RedHatAI", "Red Hat AI"},
    {"mindlab-research", "MindLab Research"}, {"dots-studio", "Dots"},
    {"meta-models", "Muse (Meta)"},
};

}  // namespace

const std::string& RecipeSummary::primary_task() const {
  static const std::string kNone;
  return tasks.empty() ? kNone : tasks.front();
}

std::string AsciiUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string CountLabel(size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

double ParseBillions(std::string_view text) {
  // "number, optional unit B/T/M", case-insensitive, default unit B.
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t start = i;
  bool dot = false, digits = false;
  while (i < text.size()) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
    ++i;
  }
  if (!digits) return 0;
  double n = std::strtod(std::string(text.substr(start, i - start)).c_str(), nullptr);
  while (i < text.size() && text[i] == ' ') ++i;
  char unit = i < text.size() ? static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))) : 'b';
  if (unit == 't') return n * 1000;
  if (unit == 'm') return n / 1000;
  return n;
}

std::string FormatContextShort(double n) {
  if (!(n > 0)) return "";
  if (n >= 1000000) return std::to_string(static_cast<long long>(std::llround(n / 1000000))) + "M";
  if (n >= 1000) return std::to_string(static_cast<long long>(std::llround(n / 1000))) + "K";
  return FormatJsNumber(n);
}

std::string SizeLabel(const RecipeSummary& r, const char* sep) {
  if (r.parameter_count.empty()) return "";
  if (r.is_moe() && !r.active_parameters.empty() && r.active_parameters != r.parameter_count) {
    return r.parameter_count + sep + r.active_parameters;
  }
  return r.parameter_count;
}

std::string SiteIndex::ProviderDisplayName(std::string_view org) {
  for (const ProviderRow& row : kProviderTable) {
    if (org == row.org) return row.name;
  }
  return std::string(org);
}

bool SiteIndex::InProviderTable(std::string_view org) {
  for (const ProviderRow& row : kProviderTable) {
    if (org == row.org) return true;
  }
  return false;
}

const std::vector<HardwareLabel>& SiteIndex::BrowseHardware() {
  static const std::vector<HardwareLabel> kList = {
      {"h100", "NVIDIA", "H100"},       {"h200", "NVIDIA", "H200"},
      {"b200", "NVIDIA", "B200"},       {"b300", "NVIDIA", "B300"},
      {"gb200", "NVIDIA", "GB200"},     {"gb300", "NVIDIA", "GB300"},
      {"dgx_station_gb300", "NVIDIA", "DGX Station"},
      {"mi300x", "AMD", "MI300X"},      {"mi325x", "AMD", "MI325X"},
      {"mi355x", "AMD", "MI355X"},      {"trillium", "Google", "TPU v6e"},
      {"ironwood", "Google", "TPU v7"}, {"xeon6", "Intel", "Xeon 6"},
      {"xeon5", "Intel", "Xeon 5"},
  };
  return kList;
}

std::string SiteIndex::BrowseHardwareLabel(std::string_view id) {
  for (const HardwareLabel& h : BrowseHardware()) {
    if (h.id == id) return h.label;
  }
  return "";
}

SiteIndex::SiteIndex(const Catalog& catalog) : catalog_(catalog) {
  std::vector<RecipeSummary> all;
  for (const Recipe& recipe : catalog.recipes) {
    RecipeSummary r;
    r.recipe = &recipe;
    r.hf_id = recipe.hf_id;
    size_t slash = recipe.hf_id.find('/');
    r.org = recipe.hf_id.substr(0, slash);
    r.repo = slash == std::string::npos ? "" : recipe.hf_id.substr(slash + 1);
    const Value* meta = recipe.doc.Get("meta");
    const Value* model = recipe.doc.Get("model");
    if (meta != nullptr) {
      r.title = Text(meta->Get("title"));
      r.provider = Text(meta->Get("provider"));
      r.description = Text(meta->Get("description"));
      r.performance_headline = Text(meta->Get("performance_headline"));
      r.date_added = Text(meta->Get("date_added"));
      r.date_updated = Text(meta->Get("date_updated"));
      if (const Value* tasks = meta->Get("tasks"); tasks != nullptr && tasks->is_array()) {
        for (const Value& t : tasks->items()) {
          if (t.is_string()) r.tasks.push_back(t.str());
        }
      }
      if (const Value* hw = meta->Get("hardware"); hw != nullptr && hw->is_object()) {
        for (const auto& [id, status] : hw->members()) {
          std::string s = Text(&status);
          r.hardware.emplace_back(id, s);
          if (s == "verified") r.verified_hw.push_back(id);
        }
      }
    }
    if (model != nullptr) {
      r.architecture = Text(model->Get("architecture"));
      r.parameter_count = Text(model->Get("parameter_count"));
      r.active_parameters = Text(model->Get("active_parameters"));
      if (const Value* ctx = model->Get("context_length"); ctx != nullptr && ctx->is_number()) {
        r.context_length = ctx->number();
      }
      r.min_vllm_version = Text(model->Get("min_vllm_version"));
    }
    if (const Value* variants = recipe.doc.Get("variants"); variants != nullptr && variants->is_object()) {
      for (const auto& [key, v] : variants->members()) {
        VariantSummary vs;
        vs.key = key;
        vs.label = Text(v.Get("label"));
        vs.precision = Text(v.Get("precision"));
        if (const Value* g = v.Get("vram_minimum_gb"); g != nullptr && g->is_number()) vs.vram_minimum_gb = g->number();
        vs.model_id = Text(v.Get("model_id"));
        if (key == "default") r.default_precision = vs.precision;
        if (!vs.precision.empty() &&
            std::find(r.precisions.begin(), r.precisions.end(), vs.precision) == r.precisions.end()) {
          r.precisions.push_back(vs.precision);
        }
        r.variants.push_back(std::move(vs));
      }
    }
    r.billions = ParseBillions(r.parameter_count);
    all.push_back(std::move(r));
  }
  // Catalog order: date_updated descending, ties keep walk order.
  std::stable_sort(all.begin(), all.end(), [](const RecipeSummary& a, const RecipeSummary& b) {
    return a.date_updated > b.date_updated;
  });
  recipes_ = std::move(all);
  for (size_t i = 0; i < recipes_.size(); ++i) {
    RecipeSummary& r = recipes_[i];
    r.order = i;
    by_lower_id_.emplace(AsciiLower(r.hf_id), i);
    for (const auto& [id, status] : r.hardware) hardware_ids_.push_back(id);
  }
  // Variant checkpoints in walk order (first wins).
  for (const Recipe& recipe : catalog.recipes) {
    size_t idx = by_lower_id_[AsciiLower(recipe.hf_id)];
    for (const VariantSummary& v : recipes_[idx].variants) {
      if (v.model_id.empty() || AsciiLower(v.model_id) == AsciiLower(recipe.hf_id)) continue;
      checkpoints_.emplace(AsciiLower(v.model_id), std::make_pair(idx, v.key));
    }
  }
  if (const Value* profiles = catalog.HardwareProfiles(); profiles != nullptr && profiles->is_object()) {
    for (const auto& [id, p] : profiles->members()) hardware_ids_.push_back(id);
  }
  std::sort(hardware_ids_.begin(), hardware_ids_.end());
  hardware_ids_.erase(std::unique(hardware_ids_.begin(), hardware_ids_.end()), hardware_ids_.end());

  // Providers: one per org (exact folder name), ordered case-insensitively.
  std::map<std::string, size_t> by_org;
  for (size_t i = 0; i < recipes_.size(); ++i) {
    auto [it, added] = by_org.emplace(recipes_[i].org, providers_.size());
    if (added) {
      ProviderInfo p;
      p.org = recipes_[i].org;
      p.display_name = ProviderDisplayName(p.org);
      p.in_table = InProviderTable(p.org);
      providers_.push_back(std::move(p));
    }
    providers_[it->second].recipes.push_back(i);
  }
  // By the name people read (issue 12 item 14), then by org.
  std::stable_sort(providers_.begin(), providers_.end(), [](const ProviderInfo& a, const ProviderInfo& b) {
    std::string x = AsciiLower(a.display_name), y = AsciiLower(b.display_name);
    return x != y ? x < y : AsciiLower(a.org) < AsciiLower(b.org);
  });
  for (size_t i = 0; i < providers_.size(); ++i) by_lower_org_.emplace(AsciiLower(providers_[i].org), i);
}

const RecipeSummary* SiteIndex::FindRecipe(std::string_view org, std::string_view repo) const {
  std::string key = AsciiLower(org) + "/" + AsciiLower(repo);
  auto it = by_lower_id_.find(key);
  return it == by_lower_id_.end() ? nullptr : &recipes_[it->second];
}

const ProviderInfo* SiteIndex::FindProvider(std::string_view org) const {
  auto it = by_lower_org_.find(AsciiLower(org));
  return it == by_lower_org_.end() ? nullptr : &providers_[it->second];
}

std::pair<const RecipeSummary*, std::string> SiteIndex::FindVariantCheckpoint(std::string_view model_id) const {
  auto it = checkpoints_.find(AsciiLower(model_id));
  if (it == checkpoints_.end()) return {nullptr, ""};
  return {&recipes_[it->second.first], it->second.second};
}

bool SiteIndex::KnownHardwareId(std::string_view id) const {
  return std::binary_search(hardware_ids_.begin(), hardware_ids_.end(), std::string(id));
}

std::vector<size_t> SiteIndex::LatestOrder() const {
  std::vector<size_t> order(recipes_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto added = [&](size_t i) {
    const RecipeSummary& r = recipes_[i];
    const std::string& d = r.date_added.empty() ? r.date_updated : r.date_added;
    // Unparseable dates count as the epoch; YYYY-MM-DD compares as text.
    bool ok = d.size() >= 10 && std::isdigit(static_cast<unsigned char>(d[0]));
    return ok ? d.substr(0, 10) : std::string();
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    std::string da = added(a), db = added(b);
    if (da != db) return da > db;
    return AsciiLower(recipes_[a].hf_id) < AsciiLower(recipes_[b].hf_id);
  });
  return order;
}

std::string SiteIndex::LatestUpdate() const {
  std::string best;
  for (const RecipeSummary& r : recipes_) best = std::max(best, r.date_updated);
  return best;
}

}  // namespace recipes
