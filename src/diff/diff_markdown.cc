// FormatDiffMarkdown (declared in diff/diff_report.h): a pull-request comment.
#include <algorithm>

#include "diff/command_changes.h"
#include "diff/diff_report.h"

namespace recipes {

namespace {

constexpr size_t kGroupsPerRecipe = 12;
constexpr size_t kFilesPerList = 12;
constexpr size_t kKeysShown = 8;

// Text inside a code span: backticks would end it.
std::string Code(std::string s) {
  std::replace(s.begin(), s.end(), '`', '\'');
  std::replace(s.begin(), s.end(), '\n', ' ');
  return "`" + s + "`";
}

std::string CodeList(const std::vector<std::string>& v, size_t max) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < max; ++i) out += (i ? ", " : "") + Code(v[i]);
  if (v.size() > max) out += ", … " + std::to_string(v.size() - max) + " more";
  return out;
}

std::string Plural(size_t n, const std::string& one, const std::string& many = "") {
  return std::to_string(n) + " " + (n == 1 ? one : many.empty() ? one + "s" : many);
}

std::string Escape(std::string s) {  // outside code spans: keep HTML and table cells intact
  std::string out;
  for (char ch : s) {
    if (ch == '<') out += "&lt;";
    else if (ch == '>') out += "&gt;";
    else if (ch == '|') out += "\\|";
    else out += ch;
  }
  return out;
}

std::string ApiCounts(size_t a, size_t r, size_t c) {
  return "+" + std::to_string(a) + " −" + std::to_string(r) + " ~" + std::to_string(c);
}

std::string GroupLine(const ChangeGroup& g) {
  std::string out = "- on " + CodeList(g.hardware, 12) + " — " + Plural(g.renderings, "rendering");
  if (g.variants.size() <= 4) out += "; variant" + std::string(g.variants.size() == 1 ? " " : "s ") + CodeList(g.variants, 4);
  if (g.strategies.size() <= 3) {
    out += "; strateg" + std::string(g.strategies.size() == 1 ? "y " : "ies ") + CodeList(g.strategies, 3);
  }
  std::vector<std::string> choices;
  for (const std::string& c : g.choices) choices.push_back(c.empty() ? "default features" : c);
  if (choices.size() <= 3) out += "; " + Escape([&] {
    std::string s;
    for (size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
    return s;
  }());
  out += "\n";
  for (const CommandChange& c : g.changes) {
    out += "  - " + DescribeChange(c);
    auto side = [](const char* word, const std::string& at, const std::string& line) {
      return at.empty() ? std::string() : std::string(word) + " " + Code(at) + (line.empty() ? "" : " " + Code(line));
    };
    std::string b = side("was", c.base_at, c.base_line), h = side("now", c.head_at, c.head_line);
    std::string prov = b.empty() ? h : h.empty() ? b : b + "; " + h;
    if (!c.base_at.empty() && c.base_at == c.head_at) {
      prov = "at " + Code(c.head_at) + ": was " + Code(c.base_line) + ", now " + Code(c.head_line);
    }
    if (!prov.empty()) out += " — " + prov;
    out += "\n";
  }
  return out;
}

std::string Summary(const RecipeDiff& d) {
  std::vector<std::string> parts;
  auto shape = [&](const char* what, const AddedRemoved& ar) {
    if (!ar.added.empty()) parts.push_back(std::string(what) + " +" + std::to_string(ar.added.size()));
    if (!ar.removed.empty()) parts.push_back(std::string(what) + " −" + std::to_string(ar.removed.size()));
  };
  shape("variants", d.variants);
  shape("hardware", d.hardware);
  shape("strategies", d.strategies);
  shape("features", d.features);
  shape("modes", d.modes);
  if (d.renderings_changed) parts.push_back(Plural(d.renderings_changed, "rendering") + " changed");
  if (d.renderings_added) parts.push_back(std::to_string(d.renderings_added) + " added");
  if (d.renderings_removed) parts.push_back(std::to_string(d.renderings_removed) + " removed");
  if (!d.guide_diff.empty()) parts.push_back("guide");
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

std::string Section(const CatalogDiff& diff, const RecipeDiff& d) {
  std::string s = "<details><summary><code>" + Escape(d.recipe) + "</code> — " + d.status;
  std::string sum = Summary(d);
  if (!sum.empty()) s += ": " + Escape(sum);
  s += "</summary>\n\n";
  auto shape = [&](const char* what, const AddedRemoved& ar) {
    if (ar.empty()) return;
    s += std::string("**") + what + ":**";
    if (!ar.added.empty()) s += " added " + CodeList(ar.added, 20);
    if (!ar.added.empty() && !ar.removed.empty()) s += ";";
    if (!ar.removed.empty()) s += " removed " + CodeList(ar.removed, 20);
    s += "  \n";
  };
  shape("Variants", d.variants);
  shape("Hardware", d.hardware);
  shape("Strategies", d.strategies);
  shape("Features", d.features);
  shape("Modes", d.modes);
  size_t total = d.renderings_changed + d.renderings_added + d.renderings_removed + d.renderings_same;
  if (total) {
    s += "\n**Renderings:** " + std::to_string(d.renderings_changed) + " changed, " +
         std::to_string(d.renderings_added) + " added, " + std::to_string(d.renderings_removed) + " removed, " +
         std::to_string(d.renderings_same) + " unchanged\n\n";
  }
  for (size_t i = 0; i < d.groups.size() && i < kGroupsPerRecipe; ++i) s += GroupLine(d.groups[i]);
  if (d.groups.size() > kGroupsPerRecipe) {
    s += "- … " + Plural(d.groups.size() - kGroupsPerRecipe, "more kind") + " of change left out\n";
  }
  if (!d.added_keys.empty()) s += "- added: " + CodeList(d.added_keys, kKeysShown) + "\n";
  if (!d.removed_keys.empty()) s += "- removed: " + CodeList(d.removed_keys, kKeysShown) + "\n";
  for (const std::string& e : d.errors) s += "- ⚠️ " + Escape(e) + "\n";
  if (!d.findings_new.empty() || !d.findings_fixed.empty()) {
    s += "\n**Check findings (newest vLLM):**\n\n";
    for (const FindingDelta& f : d.findings_new) {
      s += "- new: " + Escape(f.finding) + " — on " + CodeList(f.hardware, 12) + " (" +
           Plural(f.renderings, "rendering") + ")\n";
    }
    for (const FindingDelta& f : d.findings_fixed) {
      s += "- fixed: " + Escape(f.finding) + " — on " + CodeList(f.hardware, 12) + " (" +
           Plural(f.renderings, "rendering") + ")\n";
    }
  }
  if (!d.plan_changed.empty()) {
    s += "\n**Plan verdicts:**\n\n";
    for (size_t i = 0; i < d.plan_changed.size() && i < kFilesPerList; ++i) {
      const PlanDelta& p = d.plan_changed[i];
      s += "- " + Code(p.rendering) + ": " + Escape(p.before.empty() ? "(none)" : p.before) + " → " +
           Escape(p.after.empty() ? "(none)" : p.after) + "\n";
    }
    if (d.plan_changed.size() > kFilesPerList) s += "- … " + std::to_string(d.plan_changed.size() - kFilesPerList) + " more\n";
  }
  if (!d.guide_diff.empty()) s += "\n**Guide:**\n\n`````diff\n" + d.guide_diff + "`````\n";
  if (!d.api_added.empty() || !d.api_removed.empty() || !d.api_changed.empty()) {
    s += "\n**API files** (" + ApiCounts(d.api_added.size(), d.api_removed.size(), d.api_changed.size()) + "):\n\n";
    if (!d.api_added.empty()) s += "- added: " + CodeList(d.api_added, kFilesPerList) + "\n";
    if (!d.api_removed.empty()) s += "- removed: " + CodeList(d.api_removed, kFilesPerList) + "\n";
    for (size_t i = 0; i < d.api_changed.size() && i < kFilesPerList; ++i) {
      s += "- changed: " + Code(d.api_changed[i].path) + " at " + CodeList(d.api_changed[i].json_paths, 6) + "\n";
    }
    if (d.api_changed.size() > kFilesPerList) {
      s += "- … " + std::to_string(d.api_changed.size() - kFilesPerList) + " more changed files\n";
    }
  }
  (void)diff;
  return s + "\n</details>\n";
}

}  // namespace

std::string FormatDiffMarkdown(const CatalogDiff& diff, size_t limit) {
  std::string out = "## recipes diff\n\n" + Code(diff.base) + " → " + Code(diff.head) + ": ";
  if (diff.equal()) return out + "no differences.\n";
  size_t added = 0, removed = 0, rc = 0, ra = 0, rr = 0, rs = 0;
  for (const RecipeDiff& d : diff.recipes) {
    added += d.status == "added";
    removed += d.status == "removed";
    rc += d.renderings_changed, ra += d.renderings_added, rr += d.renderings_removed, rs += d.renderings_same;
  }
  out += "**" + Plural(diff.recipes.size(), "recipe") + (diff.recipes.size() == 1 ? " differs** (" : " differ** (") + std::to_string(added) + " added, " +
         std::to_string(removed) + " removed) · renderings " + std::to_string(rc) + " changed, " +
         std::to_string(ra) + " added, " + std::to_string(rr) + " removed, " + std::to_string(rs) +
         " unchanged · API files " +
         ApiCounts(diff.api_files_added.size(), diff.api_files_removed.size(), diff.api_files_changed.size()) + "\n\n";
  if (!diff.api_error.empty()) out += "⚠️ API not compared: " + Escape(diff.api_error) + "\n\n";
  if (!diff.findings_checked || !diff.plan_checked) {
    out += "_Not compared: " + std::string(!diff.findings_checked ? "check findings" : "") +
           (!diff.findings_checked && !diff.plan_checked ? ", " : "") + (!diff.plan_checked ? "plan verdicts" : "") +
           "._\n\n";
  }

  const size_t reserve = 1200;  // the closing note
  const size_t budget = limit > reserve ? limit - reserve : 0;
  std::string table = "| Recipe | Status | Renderings changed | added | removed | unchanged | API files |\n"
                      "|---|---|--:|--:|--:|--:|---|\n";
  size_t rows = 0;
  for (const RecipeDiff& d : diff.recipes) {
    std::string row = "| " + Code(d.recipe) + " | " + d.status + " | " + std::to_string(d.renderings_changed) + " | " +
                      std::to_string(d.renderings_added) + " | " + std::to_string(d.renderings_removed) + " | " +
                      std::to_string(d.renderings_same) + " | " +
                      ApiCounts(d.api_added.size(), d.api_removed.size(), d.api_changed.size()) + " |\n";
    if (out.size() + table.size() + row.size() > budget / 3) break;
    table += row;
    ++rows;
  }
  if (rows < diff.recipes.size()) {
    table += "| … " + Plural(diff.recipes.size() - rows, "more recipe") + " | | | | | | |\n";
  }
  out += table + "\n";

  size_t shared = diff.shared_added.size() + diff.shared_removed.size() + diff.shared_changed.size();
  if (shared) {
    std::string s = "**Shared API files** (" +
                    ApiCounts(diff.shared_added.size(), diff.shared_removed.size(), diff.shared_changed.size()) +
                    "): ";
    std::vector<std::string> names;
    for (const std::string& p : diff.shared_added) names.push_back("+" + p);
    for (const std::string& p : diff.shared_removed) names.push_back("−" + p);
    for (const ApiFileChange& c : diff.shared_changed) names.push_back(c.path);
    s += CodeList(names, kFilesPerList) + "\n\n";
    if (out.size() + s.size() <= budget) out += s;
  }

  std::vector<std::string> left_out;
  for (const RecipeDiff& d : diff.recipes) {
    std::string s = Section(diff, d);
    if (out.size() + s.size() + 1 > budget) {
      left_out.push_back(d.recipe);
      continue;
    }
    out += s + "\n";
  }
  if (!left_out.empty() || rows < diff.recipes.size()) {
    std::string note = "_Left out to stay under " + std::to_string(limit) + " characters: ";
    if (!left_out.empty()) {
      note += "the details of " + Plural(left_out.size(), "recipe") + " (";
      for (size_t i = 0; i < left_out.size() && i < 5; ++i) note += (i ? ", " : "") + left_out[i];
      if (left_out.size() > 5) note += ", …";
      note += ")";
    }
    if (rows < diff.recipes.size()) {
      note += std::string(left_out.empty() ? "" : "; ") + Plural(diff.recipes.size() - rows, "table row");
    }
    note += ". Run `recipes diff` locally (or `--format json`) for everything._\n";
    out += note;
  }
  if (out.size() > limit) out.resize(limit);  // cannot happen with the reserve; never exceed it
  return out;
}

}  // namespace recipes
