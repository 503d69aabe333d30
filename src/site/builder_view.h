// BuilderView: the command builder's view model (site.md §9): which pills
// exist, which are active or disabled and why, where each click leads (as the
// query string it produces), and the resolved commands. Plain data; filled by
// BuildBuilderView (site/builder_state.h), written by site/builder_json.h and
// site/builder_html.h.
#ifndef RECIPES_SITE_BUILDER_VIEW_H_
#define RECIPES_SITE_BUILDER_VIEW_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "check/catalog_check.h"
#include "model/catalog.h"
#include "model/value.h"
#include "resolve/resolver.h"
#include "site/builder_query.h"

namespace recipes {

/// One selectable pill (site.md §9.11).
struct BuilderPill {
  std::string id;
  std::string label;
  std::string detail;   // muted suffix: "80G/GPU", "257 GB", "16×GPU"
  std::string tooltip;  // the hint, or the reason it is disabled
  std::string query;    // the builder query a click produces (empty when disabled)
  bool active = false;
  bool disabled = false;
  bool verified = false;     // green dot (hardware)
  bool recommended = false;  // sparkle (strategy)
  std::string icon;          // "bolt", "wrench", "brain" (features)
};

/// A number input row part (PD pool nodes, Mooncake instances, shown rank).
struct BuilderNumber {
  std::string param;  // URL key it writes
  std::string label;  // accessible name
  int value = 1;
  int min = 1;
  int max = 16;
  std::string suffix;  // "× 8 = 16"
};

struct BuilderRow {
  std::string key;    // "hardware", "variant", "strategy", "kv_offload", "nodes", ...
  std::string label;  // "Hardware"
  std::string hint;   // info-icon tooltip
  bool nested = false;
  /// Pills grouped in lines (hardware: one line per brand; others: one line).
  std::vector<std::pair<std::string, std::vector<BuilderPill>>> lines;
  std::string note;       // muted text under the pills
  std::string link;       // optional link under the pills (served checkpoint, docs)
  std::string link_text;
  std::vector<BuilderNumber> numbers;  // number inputs under the pills
  std::string badge;      // orientation badge text
  std::string badge_kind; // latency | balanced | production | throughput
};

struct BuilderAdvanced {
  std::string id;
  std::string label;
  std::string description;
  std::string query;  // query after toggling
  bool checked = false;
};

/// One launch step / process (site.md §9.8.5).
struct BuilderTab {
  std::string id;
  std::string label;
  std::string description;  // shown as "# ..." line
  std::vector<std::string> pre_lines;  // extra dim comment lines (pool line, HEAD_IP hints)
  std::string command;                 // plain command (may start with # lines)
  std::string docker_command;          // wrapped; empty = never wrapped
  std::string docker_command_cu129;    // wrapped with the CUDA 12.9 image ("" = same image)
  std::vector<std::pair<std::string, std::string>> env;  // prelude exports (pip view)
  bool wraps = false;                  // has a docker form
  bool client_target = false;          // cURL/Bench enabled
  std::string client_hint;             // tooltip when they are disabled
  std::vector<BuilderNumber> numbers;  // shown-node / instance selectors
  std::string after;                   // trailing dim lines
};

struct BuilderInstall {
  bool show = false;
  std::string summary;  // "vLLM 0.24.0+ · CUDA"
  bool nightly = false;
  std::string pip_label, docker_label;  // "" = tab hidden
  std::string pip_command, pip_note;
  std::string docker_command, docker_note;
  std::string default_tab;  // "pip" | "docker"
  // CUDA build toggle (NVIDIA only): the cu129 alternatives, "" = none.
  bool cuda_toggle = false;
  bool cuda_in_pip = false;  // the pip tab changes too (nightly wheels)
  std::string pip_command_cu129, docker_command_cu129;
};

struct BuilderExtra {
  std::string note;
  std::string command;
  bool optional = false;
  bool pip_mode = true, docker_mode = false;
};

/// The planner's memory bar for the selection (src/plan), when the recipe
/// has architecture facts: per-GPU GiB and the KV figures vLLM would log.
struct BuilderMemory {
  bool present = false;
  bool fits = false;
  double budget_gib = 0, weights_gib = 0, overhead_gib = 0, kv_gib = 0;  // overhead: activation + non-torch
  int64_t tokens = 0, max_model_len = 0, max_model_len_that_fits = 0;
  double max_concurrency = 0;
  std::string sentence;  // PlanAdvice
  Value plan;            // the whole plan in `recipes plan --format json`'s shape (/api/plan)
};

struct BuilderView {
  const Recipe* recipe = nullptr;
  std::string query;  // canonical builder query (what the URL should show)
  std::vector<BuilderError> corrections;  // URL values that were replaced (hardware not runnable...)

  // Effective state.
  std::string variant, hardware, strategy, deploy_type;
  int nodes = 1;
  std::vector<std::string> features;
  std::vector<std::pair<std::string, std::string>> modes;
  std::vector<std::string> advanced;
  std::string kv_offload;  // "" = Off
  std::string model_id;    // served checkpoint

  // Controls, top to bottom.
  std::vector<BuilderRow> rows;
  std::vector<BuilderNumber> numbers_after_kv;  // Mooncake instances
  std::vector<BuilderNumber> pd_numbers;        // PD pool node inputs
  std::vector<BuilderAdvanced> advanced_options;
  std::string tp_hint;
  std::string vram_warning;  // "" = none (also when `memory` replaces the guess)
  BuilderMemory memory;
  std::string mode_note;

  // Command card.
  std::string status;   // "Verified on NVIDIA B200" (green) or ""
  std::string summary;  // "B200 · TP=8 · NVFP4"
  std::vector<BuilderTab> tabs;
  bool tabs_numbered = false;
  size_t selected_tab = 0;
  std::string hardware_note_title, hardware_note_body, hardware_note_link, hardware_note_href;
  std::string curl, bench;  // with $HOST/$PORT placeholders
  std::vector<std::pair<std::string, std::string>> env_defaults;  // merged under saved values
  std::string host_var, port_var;

  BuilderInstall install;
  std::vector<BuilderExtra> extras;

  Value resolution;  // the resolver's output object (null on error)
  std::string resolve_error;

  /// The settled selection handed to the resolver (what `recipes command`
  /// takes as flags), so callers can check, plan or deploy the same thing.
  Selection selection;
  /// `recipes check` of the selection's argv on every vLLM version in the
  /// flag tables (oldest first); nullopt when the selection did not resolve.
  std::optional<CheckReport> check;
};

}  // namespace recipes

#endif  // RECIPES_SITE_BUILDER_VIEW_H_
