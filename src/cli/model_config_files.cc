#include "cli/model_config_files.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parse/json_reader.h"

namespace recipes {
namespace fs = std::filesystem;
namespace {

bool ReadText(const fs::path& p, std::string* out) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  *out = ss.str();
  return true;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : "";
}

}  // namespace

bool ReadModelConfigFiles(const std::string& path, ModelConfigFiles* out, std::string* err) {
  std::error_code ec;
  fs::path p(path);
  fs::path dir = fs::is_directory(p, ec) ? p : p.parent_path();
  fs::path config = fs::is_directory(p, ec) ? p / "config.json" : p;
  std::string text;
  if (!ReadText(config, &text)) {
    *err = "cannot read " + config.string();
    return false;
  }
  std::string perr;
  if (!ParseJson(text, &out->config, &perr) || !out->config.is_object()) {
    *err = config.string() + ": not a JSON object" + (perr.empty() ? "" : " (" + perr + ")");
    return false;
  }
  out->config_path = config.string();
  if (ReadText(dir / "model.safetensors.index.json", &text)) {
    Value index;
    if (ParseJson(text, &index, &perr)) {
      const Value* meta = index.Get("metadata");
      const Value* size = meta ? meta->Get("total_size") : nullptr;
      if (size && size->is_number() && size->number() > 0) out->total_size = size->number();
    }
  }
  return true;
}

std::string FindInHfCache(const std::string& model_id, std::string* searched) {
  fs::path hub;
  if (std::string v = Env("HF_HUB_CACHE"); !v.empty()) {
    hub = v;
  } else if (std::string h = Env("HF_HOME"); !h.empty()) {
    hub = fs::path(h) / "hub";
  } else if (std::string home = Env("HOME"); !home.empty()) {
    hub = fs::path(home) / ".cache" / "huggingface" / "hub";
  }
  if (searched) *searched = hub.string();
  if (hub.empty()) return {};
  std::string name = "models--" + model_id;
  for (size_t i = 0; (i = name.find('/', i)) != std::string::npos;) name.replace(i, 1, "--");
  fs::path repo = hub / name;
  std::error_code ec;
  std::string ref;
  if (ReadText(repo / "refs" / "main", &ref)) {
    while (!ref.empty() && (ref.back() == '\n' || ref.back() == '\r' || ref.back() == ' ')) ref.pop_back();
    fs::path snap = repo / "snapshots" / ref;
    if (!ref.empty() && fs::exists(snap / "config.json", ec)) return snap.string();
  }
  // Otherwise the most recently written snapshot with a config.json.
  fs::path best;
  fs::file_time_type best_time{};
  for (fs::directory_iterator it(repo / "snapshots", ec), end; !ec && it != end; it.increment(ec)) {
    fs::path cfg = it->path() / "config.json";
    if (!fs::exists(cfg, ec)) continue;
    auto t = fs::last_write_time(it->path(), ec);
    if (best.empty() || t > best_time) {
      best = it->path();
      best_time = t;
    }
  }
  return best.string();
}

}  // namespace recipes
