#include "deploy/yaml_emitter.h"

#include "render/json_writer.h"

namespace recipes {
namespace {

bool PlainKey(const std::string& k) {
  if (k.empty()) return false;
  for (char c : k) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == '/';
    if (!ok) return false;
  }
  return !(k[0] >= '0' && k[0] <= '9') && k != "y" && k != "n" && k != "yes" && k != "no" && k != "on" && k != "off" &&
         k != "true" && k != "false" && k != "null";
}

// A multi-line string that a literal block keeps exactly.
bool BlockString(const std::string& s) {
  if (s.find('\n') == std::string::npos || s.front() == ' ' || s.front() == '\n') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\t' || c == '\r' || (c < 0x20 && c != '\n')) return false;
    if (c == '\n' && i > 0 && s[i - 1] == ' ') return false;
  }
  if (s.back() == ' ') return false;
  return true;
}

void Scalar(std::string* out, const Value& v, int indent) {
  if (v.is_string()) {
    const std::string& s = v.str();
    if (BlockString(s)) {
      bool trailing = s.back() == '\n';
      if (trailing && s.size() > 1 && s[s.size() - 2] == '\n') {
        AppendJsonString(out, s);
        return;
      }
      *out += trailing ? "|" : "|-";
      std::string pad(indent + 2, ' ');
      size_t start = 0;
      std::string body = trailing ? s.substr(0, s.size() - 1) : s;
      while (start <= body.size()) {
        size_t end = body.find('\n', start);
        if (end == std::string::npos) end = body.size();
        std::string line = body.substr(start, end - start);
        *out += "\n";
        if (!line.empty()) *out += pad + line;
        start = end + 1;
      }
      return;
    }
    AppendJsonString(out, s);
    return;
  }
  *out += ToJson(v, 0);
}

bool Nested(const Value& v) { return (v.is_object() || v.is_array()) && v.size() > 0; }

void Node(std::string* out, const Value& v, int indent);

void MapBody(std::string* out, const Value& v, int indent, bool first_inline) {
  std::string pad(indent, ' ');
  bool first = true;
  for (const auto& [k, child] : v.members()) {
    if (!(first && first_inline)) *out += pad;
    first = false;
    if (PlainKey(k)) *out += k;
    else AppendJsonString(out, k);
    *out += ":";
    if (Nested(child)) {
      *out += "\n";
      Node(out, child, child.is_array() ? indent : indent + 2);
    } else {
      *out += " ";
      Scalar(out, child, indent);
      *out += "\n";
    }
  }
}

void Node(std::string* out, const Value& v, int indent) {
  std::string pad(indent, ' ');
  if (v.is_object()) {
    MapBody(out, v, indent, false);
  } else if (v.is_array()) {
    for (const Value& e : v.items()) {
      *out += pad + "- ";
      if (e.is_object() && e.size() > 0) {
        MapBody(out, e, indent + 2, true);
      } else if (e.is_array() && e.size() > 0) {
        *out += "\n";
        Node(out, e, indent + 2);
      } else {
        Scalar(out, e, indent + 2);
        *out += "\n";
      }
    }
  }
}

}  // namespace

std::string EmitYaml(const Value& doc) {
  std::string out;
  if (Nested(doc)) Node(&out, doc, 0);
  else {
    Scalar(&out, doc, 0);
    out += "\n";
  }
  return out;
}

}  // namespace recipes
