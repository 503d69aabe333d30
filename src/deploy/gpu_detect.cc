#include "deploy/gpu_detect.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

#include "parse/json_reader.h"

namespace recipes {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool Alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// `key` appears in `text` as whole words.
bool ContainsWords(const std::string& text, const std::string& key) {
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    bool left = at == 0 || !Alnum(text[at - 1]);
    bool right = at + key.size() == text.size() || !Alnum(text[at + key.size()]);
    if (left && right) return true;
  }
  return false;
}

// "rtx_pro_6000_8x" → "RTX PRO 6000": the id without its count suffix, as words.
std::string ProfileKey(std::string id) {
  size_t us = id.rfind('_');
  if (us != std::string::npos && id.size() > us + 2 && id.back() == 'x') {
    bool digits = true;
    for (size_t i = us + 1; i + 1 < id.size(); ++i) digits = digits && std::isdigit(static_cast<unsigned char>(id[i]));
    if (digits) id.resize(us);
  }
  std::replace(id.begin(), id.end(), '_', ' ');
  return Upper(id);
}

double ParseNumber(const std::string& s) {
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  return end == s.c_str() ? 0 : d;
}

void Summarize(const Catalog& catalog, GpuDetection* d) {
  if (d->gpus.empty()) {
    d->error = "no GPU found";
    return;
  }
  std::map<std::string, int> names;
  for (const DetectedGpu& g : d->gpus) names[g.name]++;
  if (names.size() > 1) {
    std::string list;
    for (const auto& [n, c] : names) list += (list.empty() ? "" : ", ") + std::to_string(c) + "x " + n;
    d->error = "mixed GPUs (" + list + "); a hardware profile describes one kind — pass --hardware";
    return;
  }
  d->count = static_cast<int>(d->gpus.size());
  d->memory_gib = std::round(d->gpus.front().memory_mib / 1024.0 * 10) / 10;
  d->hardware = MatchHardwareProfile(catalog, d->gpus.front().name, d->count);
  if (d->hardware.empty()) d->error = "unknown GPU '" + d->gpus.front().name + "': no hardware profile matches it";
}

}  // namespace

std::string MatchHardwareProfile(const Catalog& catalog, std::string_view name, int count) {
  const Value* profiles = catalog.HardwareProfiles();
  if (!profiles || !profiles->is_object()) return "";
  std::string text = Upper(name);
  std::string best;
  size_t best_len = 0;
  int best_count = 0;
  for (const auto& [id, p] : profiles->members()) {
    std::string key = ProfileKey(id);
    if (key.empty() || !ContainsWords(text, key)) continue;
    const Value* gc = p.Get("gpu_count");
    int n = gc && gc->is_number() ? static_cast<int>(gc->number()) : 1;
    // Longest name first; then the count that equals this machine's, else the
    // largest that fits, else the smallest.
    auto score = [&](int c) { return c == count ? 3 * 1000 + c : c < count ? 2 * 1000 + c : 1000 - c; };
    if (key.size() > best_len || (key.size() == best_len && score(n) > score(best_count))) {
      best = id;
      best_len = key.size();
      best_count = n;
    }
  }
  return best;
}

GpuDetection ParseGpuQuery(const Catalog& catalog, std::string_view tool, int exit_code, std::string_view output) {
  GpuDetection d;
  if (exit_code == 127) {
    d.error = std::string(tool) + " not found";
    return d;
  }
  if (exit_code != 0) {
    std::string first = Trim(output.substr(0, output.find('\n')));
    d.error = std::string(tool) + " failed (exit " + std::to_string(exit_code) + ")" + (first.empty() ? "" : ": " + first);
    return d;
  }
  if (tool == "nvidia-smi") {
    size_t start = 0, line_no = 0;
    while (start < output.size()) {
      size_t end = output.find('\n', start);
      if (end == std::string_view::npos) end = output.size();
      std::string line = Trim(output.substr(start, end - start));
      start = end + 1;
      ++line_no;
      if (line.empty()) continue;
      std::vector<std::string> cols;
      size_t s = 0;
      while (true) {
        size_t c = line.find(',', s);
        cols.push_back(Trim(line.substr(s, c == std::string::npos ? std::string::npos : c - s)));
        if (c == std::string::npos) break;
        s = c + 1;
      }
      if (cols.size() < 2 || cols[0].empty()) {
        d.error = "nvidia-smi output line " + std::to_string(line_no) + ": expected 'name, memory, compute_cap', got '" + line + "'";
        return d;
      }
      d.gpus.push_back({cols[0], ParseNumber(cols[1]), cols.size() > 2 ? cols[2] : ""});
    }
  } else if (tool == "rocm-smi") {
    Value doc;
    std::string err;
    if (!ParseJson(output, &doc, &err) || !doc.is_object()) {
      d.error = "rocm-smi output is not a JSON object" + (err.empty() ? "" : ": " + err);
      return d;
    }
    for (const auto& [card, v] : doc.members()) {
      if (card.rfind("card", 0) != 0 || !v.is_object()) continue;
      DetectedGpu g;
      std::string series, device, model;
      for (const auto& [k, f] : v.members()) {
        std::string uk = Upper(k);
        std::string val = Trim(f.is_string() ? f.str() : f.ToDisplayString());
        if (uk == "CARD SERIES") series = val;
        else if (uk == "DEVICE NAME") device = val;
        else if (uk == "CARD MODEL") model = val;
        else if (uk.find("VRAM TOTAL MEMORY") != std::string::npos) g.memory_mib = ParseNumber(val) / (1024.0 * 1024.0);
      }
      g.name = !series.empty() ? series : !device.empty() ? device : model;
      if (!g.name.empty()) d.gpus.push_back(g);
    }
  } else {
    d.error = "unknown tool " + std::string(tool);
    return d;
  }
  Summarize(catalog, &d);
  return d;
}

}  // namespace recipes
