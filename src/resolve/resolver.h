// ResolveCommand: recipe + selection → the serve deployment (resolution.md
// §1–§14), as the object the reference's resolveCommand returns, plus the
// provenance of every argument token and environment entry.
//
// Pure: no I/O, no mutable statics; safe to call from many threads on one
// const Catalog. Errors (e.g. a non-string argument element) are values that
// carry the position of the offending YAML node.
#ifndef RECIPES_RESOLVE_RESOLVER_H_
#define RECIPES_RESOLVE_RESOLVER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "model/source.h"
#include "model/value.h"

namespace recipes {

/// The user's choices; mirrors the recorded `input` object of combos.jsonl.
struct Selection {
  std::string variant = "default";
  std::string strategy = "single_node_tp";
  std::string hardware;
  std::vector<std::string> features;       // emission order
  std::vector<std::string> advanced_args;  // spliced in as they are
  int node_count = 1;
  Value pd_nodes;  // null, or {prefill: R, decode: R}; R = number or {nodes?, rank?, parallelism?}
  std::vector<std::pair<std::string, std::string>> feature_modes;  // feature → mode, ordered
  std::optional<std::string> kv_offload;  // taxonomy kv_offload key or kv-store id
  Value kv_instances;                     // null, a number, or {count?, current?}

  /// Reads the `input` object. Returns false and sets *err on a malformed shape.
  static bool FromJson(const Value& input, Selection* out, std::string* err);
  /// The `input` object, keys in the recorded order.
  Value ToJson() const;
};

// ---------------------------------------------------------------------------
// Provenance

/// Where a token or env entry came from. `layer` names the source in catalog
/// terms, e.g. "model.base_args", "variants.nvfp4.extra_args",
/// "strategy single_node_tp vllm_args", "parallelism (single-node TP)",
/// "features.spec_decoding.modes.eagle3_gqa.args", "advanced",
/// "taxonomy.kv_offload.lmcache.args". `pos` is the YAML node that supplied the
/// value (unknown for synthesized tokens such as TP sizes or user input).
struct Origin {
  std::string layer;
  Pos pos;
};

/// One emitted unit: a flag with its value, a lone flag, or a positional.
struct ArgUnit {
  std::vector<std::string> tokens;  // 1 or 2 tokens
  Origin origin;                    // origin of the first token (flag or positional)
  Origin value_origin;              // origin of the value token (pairs only)
};

/// A unit that did not reach the final argv, and why.
struct DroppedArg {
  ArgUnit unit;
  std::string reason;            // e.g. "overridden by a later --port" or "empty element"
  std::optional<Origin> winner;  // the unit that replaced it (overrides only)
};

/// One env entry of the final map, with the layers that set it.
struct EnvProvenance {
  std::string key;
  Origin origin;                   // the layer whose value won
  std::vector<Origin> overridden;  // earlier layers that set this key, in order
};

/// A source that was considered and left out (a gated feature, an inactive
/// KV-offload option, a removed env key...).
struct SkippedSource {
  std::string what;    // e.g. "features.text_only", "env NCCL_CUMEM_ENABLE"
  std::string reason;  // e.g. "not allowed for strategy multi_node_tp"
  Pos pos;
};

/// Provenance of one rendered process (one serve command).
struct ProcessProvenance {
  std::string process;            // "serve", "head", "worker 1", "prefill", "decode", "vllm", ...
  std::vector<ArgUnit> args;      // the final units, in argv order (after "vllm serve <model>")
  std::vector<DroppedArg> dropped;
  std::vector<EnvProvenance> env;  // final env order
  std::vector<SkippedSource> skipped;
};

struct ResolveError {
  Pos pos;
  std::string message;
};

/// One process's argv as ResolveOptions::argv_only gives it, with the YAML
/// position behind each item: `flag_pos[i]` is the position of the first
/// token of item i's unit (flag or positional), `value_pos[i]` the value
/// token's own position when known, else `flag_pos[i]`. The leading
/// "vllm", "serve", model items have unknown positions.
struct ProcessArgv {
  std::string process;  // as ProcessProvenance::process
  std::vector<std::string> argv;
  std::vector<Pos> flag_pos;
  std::vector<Pos> value_pos;
};

struct Resolution {
  /// The returned object exactly as the reference produces it (camelCase keys:
  /// deployType, command, argv, env, companions, nodeCount, headCommand,
  /// workerCommand(s), headArgv, workerArgv(s), servingStrategy, instances,
  /// currentInstance, master, store, vllm, router, mooncakeConfig(Note),
  /// mooncake, prefill, decode, routerConfig). Null when `error` is set.
  Value output;
  std::string model_id;  // the served checkpoint
  std::vector<ProcessProvenance> processes;
  /// ResolveOptions::argv_only: one entry per process, in the order
  /// `processes` would list them.
  std::vector<ProcessArgv> argvs;
  std::optional<ResolveError> error;

  bool ok() const { return !error.has_value(); }
};

struct ResolveOptions {
  /// Fill Resolution::processes. Off saves most of the allocation work for
  /// callers that only need the output (batch resolve, the JSON builder).
  bool provenance = true;
  /// Symbolic ranks (deploy/): each multi-node pool's followers are rendered
  /// once, with `$NODE_RANK` (or `$((NODE_RANK*K))`, K = GPUs-per-node DP
  /// width) where a literal rendering has the rank's numbers, and PD DEP
  /// followers' own-address env values as `$PREFILL_NODE_SELF` /
  /// `$DECODE_NODE_SELF`. PD role objects then hold the head (rank 0) as
  /// argv/env plus `workerArgv`/`workerEnv`; Mooncake instances keep
  /// `$HEAD_IP` as their head address. Binding NODE_RANK to r gives rank r's
  /// literal argv (deploy/symbols.h).
  bool symbolic_ranks = false;
  /// Shell-quote every token of the command text (flags and lone tokens too),
  /// so the text parses back to argv. The CLI sets it; the JSON API keeps the
  /// reference layout, where only flag values are quoted.
  bool quote_every_token = false;
  /// Fill only Resolution::argvs (and error): no output object, command
  /// text, env or provenance. For callers that judge argvs by the thousand
  /// (check); errors are the same as a full resolution's.
  bool argv_only = false;
};

/// Resolves one selection. `recipe` must belong to `catalog` (strategies,
/// kv stores and the taxonomy are read from it).
Resolution ResolveCommand(const Catalog& catalog, const Recipe& recipe, const Selection& selection,
                          const ResolveOptions& options = {});

/// Provenance as data, for JSON output: one object per process,
/// {process, args: [{tokens, layer, at, value_layer?, value_at?}], dropped:
/// [{tokens, layer, at, reason, winner_layer?, winner_at?}], env: [{key,
/// layer, at, overridden: [{layer, at}]}], skipped: [{what, reason, at}]}
/// where `at` is "path:line:col" or null when synthesized.
Value ProvenanceToValue(const std::vector<ProcessProvenance>& processes);

// ---------------------------------------------------------------------------
// Helpers shared with selection defaults and the JSON builder.

/// Hardware-keyed lookup (§1.1): map[hw], map[gen], map[lower(brand)],
/// map["default"]; the first non-null. nullptr when `map` is not a map.
const Value* HardwareKeyedLookup(const Value* map, const std::string& hardware_id, const Value* profile);

/// The profile's generation (`generation`, else `gpu_generation`; first
/// element of a list), or "".
std::string ProfileGeneration(const Value* profile);

/// PD pool modes (§17.7) of a recipe, in the order tp, tep, dep.
std::vector<std::string> PdPoolModes(const Value& recipe_doc);

}  // namespace recipes

#endif  // RECIPES_RESOLVE_RESOLVER_H_
