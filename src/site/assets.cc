#include "site/assets.h"

#include <algorithm>
#include <cstdio>

#include "site/embedded_assets.h"

namespace recipes {

bool FindAsset(std::string_view name, std::string_view* content) {
  for (const EmbeddedAsset& a : EmbeddedSiteAssets()) {
    if (name == a.name) {
      *content = std::string_view(a.data, a.size);
      return true;
    }
  }
  return false;
}

uint64_t Fnv1a(std::string_view data) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string ETagFor(std::string_view body) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(Fnv1a(body)));
  return buf;
}

std::string AssetUrl(std::string_view name) {
  std::string_view content;
  std::string url = "/assets/" + std::string(name);
  if (FindAsset(name, &content)) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(Fnv1a(content) & 0xffffffffull));
    url += "?v=";
    url += buf;
  }
  return url;
}

std::string MinifyCss(std::string_view css) {
  std::string out;
  out.reserve(css.size());
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; };
  auto tight = [](char c) { return c == '{' || c == '}' || c == ';' || c == ','; };
  bool pending_space = false;
  for (size_t i = 0; i < css.size(); ++i) {
    char c = css[i];
    if (c == '/' && i + 1 < css.size() && css[i + 1] == '*') {
      size_t end = css.find("*/", i + 2);
      i = end == std::string_view::npos ? css.size() : end + 1;
      pending_space = true;
      continue;
    }
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (c == '"' || c == '\'') {  // copy strings verbatim
      if (pending_space && !out.empty() && !tight(out.back())) out += ' ';
      pending_space = false;
      size_t j = i + 1;
      while (j < css.size() && css[j] != c) j += css[j] == '\\' ? 2 : 1;
      out.append(css.substr(i, std::min(j, css.size() - 1) - i + 1));
      i = j;
      continue;
    }
    if (pending_space && !out.empty() && !tight(out.back()) && !tight(c)) out += ' ';
    pending_space = false;
    if (c == '}' && !out.empty() && out.back() == ';') out.pop_back();
    out += c;
  }
  return out;
}

std::string MimeTypeFor(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".json")) return "application/json";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".html")) return "text/html; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace recipes
