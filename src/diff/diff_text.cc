// FormatDiffText and FormatDiffMarkdown (declared in diff/diff_report.h).
#include <algorithm>
#include <functional>

#include "diff/command_changes.h"
#include "diff/diff_report.h"

namespace recipes {

namespace {

std::string Join(const std::vector<std::string>& v, const std::string& sep = ", ", size_t max = 12) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < max; ++i) out += (i ? sep : "") + v[i];
  if (v.size() > max) out += sep + "… (" + std::to_string(v.size() - max) + " more)";
  return out;
}

std::string Plural(size_t n, const std::string& one, const std::string& many = "") {
  return std::to_string(n) + " " + (n == 1 ? one : many.empty() ? one + "s" : many);
}

std::string NoTicks(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '`'), s.end());
  return s;
}

// "on b200, b300, gb200 (12 renderings; variants default, nvfp4; …)".
std::string GroupHeadline(const ChangeGroup& g) {
  std::string out = "on " + Join(g.hardware) + " (" + Plural(g.renderings, "rendering");
  if (g.variants.size() <= 4) out += "; variant" + std::string(g.variants.size() == 1 ? " " : "s ") + Join(g.variants);
  if (g.strategies.size() <= 3) {
    out += "; strateg" + std::string(g.strategies.size() == 1 ? "y " : "ies ") + Join(g.strategies);
  }
  std::vector<std::string> choices;
  for (const std::string& c : g.choices) choices.push_back(c.empty() ? "default features" : c);
  if (choices.size() <= 3) out += "; " + Join(choices);
  return out + ")";
}

std::string Provenance(const CommandChange& c, bool ticks) {
  auto side = [&](const std::string& word, const std::string& at, const std::string& line) {
    if (at.empty()) return std::string();
    std::string q = ticks ? "`" : "";
    std::string l = line;
    if (ticks) std::replace(l.begin(), l.end(), '`', '\'');
    return word + " " + at + (l.empty() ? "" : " " + q + l + q);
  };
  if (!c.base_at.empty() && c.base_at == c.head_at) {
    std::string q = ticks ? "`" : "";
    return "at " + c.head_at + ": was " + q + c.base_line + q + ", now " + q + c.head_line + q;
  }
  std::string b = side("was", c.base_at, c.base_line), h = side("now", c.head_at, c.head_line);
  if (b.empty()) return h;
  if (h.empty()) return b;
  return b + "; " + h;
}

struct Colors {
  bool on;
  std::string Wrap(const char* code, const std::string& s) const {
    return on ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s;
  }
  std::string Bold(const std::string& s) const { return Wrap("1", s); }
  std::string Red(const std::string& s) const { return Wrap("31", s); }
  std::string Green(const std::string& s) const { return Wrap("32", s); }
  std::string Yellow(const std::string& s) const { return Wrap("33", s); }
  std::string Dim(const std::string& s) const { return Wrap("2", s); }
};

std::string ApiCounts(const RecipeDiff& d) {
  return "+" + std::to_string(d.api_added.size()) + " −" + std::to_string(d.api_removed.size()) + " ~" +
         std::to_string(d.api_changed.size());
}

std::string RenderingCounts(const RecipeDiff& d) {
  return std::to_string(d.renderings_changed) + " changed, " + std::to_string(d.renderings_added) + " added, " +
         std::to_string(d.renderings_removed) + " removed, " + std::to_string(d.renderings_same) + " same";
}

void ShapeLines(const RecipeDiff& d, const std::function<void(const std::string&, const AddedRemoved&)>& f) {
  f("variants", d.variants);
  f("hardware", d.hardware);
  f("strategies", d.strategies);
  f("features", d.features);
  f("modes", d.modes);
}

}  // namespace

std::string FormatDiffText(const CatalogDiff& diff, bool color) {
  Colors c{color};
  std::string out = c.Bold("recipes diff " + diff.base + " → " + diff.head) + "\n";
  if (!diff.api_error.empty()) out += c.Red("API not compared: " + diff.api_error) + "\n";
  if (diff.equal()) return out + "no differences\n";
  size_t added = 0, removed = 0;
  for (const RecipeDiff& d : diff.recipes) {
    added += d.status == "added";
    removed += d.status == "removed";
  }
  out += Plural(diff.recipes.size(), "recipe") + (diff.recipes.size() == 1 ? " differs (" : " differ (") + std::to_string(added) + " added, " +
         std::to_string(removed) + " removed); API files: +" + std::to_string(diff.api_files_added.size()) + " −" +
         std::to_string(diff.api_files_removed.size()) + " ~" + std::to_string(diff.api_files_changed.size()) + "\n";
  for (const RecipeDiff& d : diff.recipes) {
    std::string status = d.status == "added" ? c.Green(d.status) : d.status == "removed" ? c.Red(d.status)
                                                                                         : c.Yellow(d.status);
    out += "\n" + c.Bold(d.recipe) + "  " + status + "\n";
    ShapeLines(d, [&](const std::string& what, const AddedRemoved& ar) {
      if (ar.empty()) return;
      out += "  " + what + ":";
      for (const std::string& x : ar.added) out += " " + c.Green("+" + x);
      for (const std::string& x : ar.removed) out += " " + c.Red("-" + x);
      out += "\n";
    });
    if (d.renderings_changed + d.renderings_added + d.renderings_removed + d.renderings_same > 0) {
      out += "  renderings: " + RenderingCounts(d) + "\n";
    }
    for (const ChangeGroup& g : d.groups) {
      out += "    " + GroupHeadline(g) + ":\n";
      for (const CommandChange& ch : g.changes) {
        std::string line = NoTicks(DescribeChange(ch));
        bool plus = ch.kind == CommandChange::Kind::kFlagAdded || ch.kind == CommandChange::Kind::kEnvAdded;
        bool minus = ch.kind == CommandChange::Kind::kFlagRemoved || ch.kind == CommandChange::Kind::kEnvRemoved;
        out += "      " + (plus ? c.Green(line) : minus ? c.Red(line) : c.Yellow(line)) + "\n";
        std::string prov = Provenance(ch, false);
        if (!prov.empty()) out += "        " + c.Dim(prov) + "\n";
      }
    }
    if (!d.added_keys.empty()) out += "    added: " + c.Green(Join(d.added_keys, ", ", 6)) + "\n";
    if (!d.removed_keys.empty()) out += "    removed: " + c.Red(Join(d.removed_keys, ", ", 6)) + "\n";
    for (const std::string& e : d.errors) out += "    " + c.Red(e) + "\n";
    for (const FindingDelta& f : d.findings_new) {
      out += "  " + c.Red("new finding") + ": " + f.finding + " (on " + Join(f.hardware) + ")\n";
    }
    for (const FindingDelta& f : d.findings_fixed) {
      out += "  " + c.Green("fixed finding") + ": " + f.finding + " (on " + Join(f.hardware) + ")\n";
    }
    for (const PlanDelta& p : d.plan_changed) {
      out += "  plan " + p.rendering + ": " + (p.before.empty() ? "(none)" : p.before) + " → " +
             (p.after.empty() ? "(none)" : p.after) + "\n";
    }
    if (!d.guide_diff.empty()) {
      out += "  guide:\n";
      size_t start = 0;
      while (start < d.guide_diff.size()) {
        size_t nl = d.guide_diff.find('\n', start);
        std::string line = d.guide_diff.substr(start, nl - start);
        start = nl == std::string::npos ? d.guide_diff.size() : nl + 1;
        std::string shown = line[0] == '+' ? c.Green(line) : line[0] == '-' ? c.Red(line)
                            : line[0] == '@' ? c.Dim(line) : line;
        out += "    " + shown + "\n";
      }
    }
    if (!d.api_added.empty() || !d.api_removed.empty() || !d.api_changed.empty()) {
      out += "  API files " + ApiCounts(d) + "\n";
      size_t shown = 0;
      for (const std::string& p : d.api_added) {
        if (shown++ < 8) out += "    " + c.Green("+ " + p) + "\n";
      }
      for (const std::string& p : d.api_removed) {
        if (shown++ < 8) out += "    " + c.Red("- " + p) + "\n";
      }
      for (const ApiFileChange& f : d.api_changed) {
        if (shown++ < 8) out += "    " + c.Yellow("~ " + f.path) + "  " + c.Dim(Join(f.json_paths, ", ", 4)) + "\n";
      }
      if (shown > 8) out += "    … " + std::to_string(shown - 8) + " more\n";
    }
  }
  // API files no recipe owns (models.json, taxonomy.json, strategies…).
  std::vector<std::string> shared;
  for (const std::string& p : diff.shared_added) shared.push_back(c.Green("+ " + p));
  for (const std::string& p : diff.shared_removed) shared.push_back(c.Red("- " + p));
  for (const ApiFileChange& f : diff.shared_changed) {
    shared.push_back(c.Yellow("~ " + f.path) + "  " + c.Dim(Join(f.json_paths, ", ", 4)));
  }
  if (!shared.empty()) {
    out += "\n" + c.Bold("shared API files") + "\n";
    for (const std::string& s : shared) out += "  " + s + "\n";
  }
  return out;
}

}  // namespace recipes
