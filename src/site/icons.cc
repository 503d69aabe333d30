#include "site/icons.h"

namespace recipes {
namespace {

struct IconDef {
  const char* name;
  const char* body;  // SVG children
};

constexpr IconDef kIcons[] = {
    {"search", "<circle cx='11' cy='11' r='7'/><path d='M20 20l-4-4'/>"},
    {"sliders", "<path d='M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0'/><circle cx='16' cy='6' r='2'/>"
                "<circle cx='10' cy='12' r='2'/><circle cx='18' cy='18' r='2'/>"},
    {"chevron-down", "<path d='M6 9l6 6 6-6'/>"},
    {"chevron-right", "<path d='M9 6l6 6-6 6'/>"},
    {"arrow-right", "<path d='M5 12h14M13 6l6 6-6 6'/>"},
    {"sort", "<path d='M7 4v16M4 7l3-3 3 3M17 20V4M14 17l3 3 3-3'/>"},
    {"x", "<path d='M6 6l12 12M18 6L6 18'/>"},
    {"layers", "<path d='M12 3l9 5-9 5-9-5 9-5z'/><path d='M3 13l9 5 9-5'/>"},
    {"chip", "<rect x='6' y='6' width='12' height='12' rx='2'/><rect x='9.5' y='9.5' width='5' height='5'/>"
             "<path d='M9 2v4M15 2v4M9 18v4M15 18v4M2 9h4M2 15h4M18 9h4M18 15h4'/>"},
    {"type", "<path d='M5 6V4h14v2M12 4v16M9 20h6'/>"},
    {"eye", "<path d='M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z'/><circle cx='12' cy='12' r='3'/>"},
    {"sparkles", "<path d='M10 3l1.8 5.2L17 10l-5.2 1.8L10 17l-1.8-5.2L3 10l5.2-1.8L10 3z'/>"
                 "<path d='M18 15l.8 2.2L21 18l-2.2.8L18 21l-.8-2.2L15 18l2.2-.8L18 15z'/>"},
    {"hash", "<path d='M5 9h15M4 15h15M10 3L8 21M16 3l-2 18'/>"},
    {"sun", "<circle cx='12' cy='12' r='4'/><path d='M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4"
            "M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4'/>"},
    {"moon", "<path d='M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z'/>"},
    {"external", "<path d='M14 4h6v6M20 4l-9 9'/><path d='M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5'/>"},
    {"building", "<rect x='5' y='3' width='14' height='18' rx='1'/><path d='M9 7h2M13 7h2M9 11h2M13 11h2M9 15h2M13 15h2M10 21v-3h4v3'/>"},
    {"file-question", "<path d='M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8z'/><path d='M14 3v5h5'/>"
                      "<path d='M10 12a2 2 0 1 1 3 1.7c-.6.4-1 .8-1 1.5M12 18h0'/>"},
    {"github", "<path d='M9 19c-4 1.5-4-2-6-2.5M15 21v-3.5c0-1 .1-1.4-.5-2 2.8-.3 5.5-1.4 5.5-6a4.6 4.6 0 0 0-1.3-3.2"
               "a4.2 4.2 0 0 0-.1-3.2s-1.1-.3-3.5 1.3a12 12 0 0 0-6.2 0C6.5 2.8 5.4 3.1 5.4 3.1a4.2 4.2 0 0 0-.1 3.2"
               "A4.6 4.6 0 0 0 4 9.5c0 4.6 2.7 5.7 5.5 6-.6.6-.6 1.2-.5 2V21'/>"},
    {"pencil", "<path d='M4 20h4L19 9l-4-4L4 16v4z'/><path d='M13.5 6.5l4 4'/>"},
    {"plus", "<path d='M12 5v14M5 12h14'/>"},
    {"book", "<path d='M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2V5z'/><path d='M4 19a2 2 0 0 1 2-2h13'/>"},
    {"grid", "<rect x='4' y='4' width='7' height='7' rx='1'/><rect x='13' y='4' width='7' height='7' rx='1'/>"
             "<rect x='4' y='13' width='7' height='7' rx='1'/><rect x='13' y='13' width='7' height='7' rx='1'/>"},
    {"alert", "<path d='M12 3l10 18H2L12 3z'/><path d='M12 10v5M12 18h0'/>"},
};

}  // namespace

std::string Icon(std::string_view name, int size, std::string_view extra_class) {
  for (const IconDef& def : kIcons) {
    if (name != def.name) continue;
    std::string s = std::to_string(size);
    std::string out = "<svg class=\"icon";
    if (!extra_class.empty()) {
      out += ' ';
      out += extra_class;
    }
    out += "\" width=\"" + s + "\" height=\"" + s +
           "\" viewBox=\"0 0 24 24\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" "
           "stroke-linecap=\"round\" stroke-linejoin=\"round\" aria-hidden=\"true\">";
    out += def.body;
    out += "</svg>";
    return out;
  }
  return "";
}

std::string_view TaskIconName(std::string_view task) {
  if (task == "text") return "type";
  if (task == "multimodal") return "eye";
  if (task == "omni") return "sparkles";
  if (task == "embedding") return "hash";
  return "chip";
}

}  // namespace recipes
