#!/usr/bin/env python3
"""Writes the `architecture:` block of our recipes from the planner facts.

Reads ../shared/reference/planner/architectures.jsonl (config.json facts with
their sources) and, for each LLM recipe under catalog/models/, writes the
facts the memory planner reads (src/plan/architecture.h) as a top-level
`architecture:` mapping under the config.json key names, with a comment
naming the source. Only facts go in; the block is regenerated, so edit the
facts file's source rather than the block. MiniMax recipes come first.

usage: scripts/architecture_facts.py [--facts PATH] [--catalog DIR] [--check]
"""
import argparse
import glob
import json
import os
import re
import sys

KEYS = [
    "architectures", "model_type", "num_hidden_layers", "hidden_size", "num_attention_heads",
    "num_key_value_heads", "head_dim", "vocab_size", "intermediate_size", "tie_word_embeddings",
    "max_position_embeddings", "torch_dtype",
    "q_lora_rank", "kv_lora_rank", "qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim", "index_head_dim",
    "sliding_window", "layer_types", "global_head_dim", "num_global_key_value_heads",
    "full_attention_interval", "linear_num_key_heads", "linear_num_value_heads", "linear_key_head_dim",
    "linear_value_head_dim", "linear_conv_kernel_dim", "mamba_num_heads", "mamba_head_dim", "ssm_state_size",
    "n_groups", "conv_kernel", "hybrid_override_pattern", "attn_type_list", "layers_block_type",
    "num_local_experts", "n_routed_experts", "num_experts", "num_experts_per_tok", "moe_intermediate_size",
    "n_shared_experts", "num_shared_experts", "shared_intermediate_size", "shared_expert_intermediate_size",
    "first_k_dense_replace", "mlp_only_layers", "num_nextn_predict_layers", "mtp_num_hidden_layers",
]
# Facts kept inside other_attention_moe_keys (config keys the collector did not list separately).
NESTED = {"routed_expert_hidden_size", "num_experts_per_token"}


def unwrap(v):
    if isinstance(v, dict) and "list" in v:
        return v["list"]
    return v


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if v is None:
        return "null"
    return json.dumps(str(v))


def flow(v):
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
    return scalar(v)


def facts_block(rec):
    facts = rec.get("facts", {})
    out = {}
    for key in KEYS:
        f = facts.get(key)
        if not f or f.get("value") is None:
            continue
        out[key] = unwrap(f["value"])
    other = (facts.get("other_attention_moe_keys") or {}).get("value") or {}
    for k, v in other.items():
        name = k.split(".", 1)[1] if k.startswith("text_config.") else k
        if name in NESTED and v is not None:
            out[name] = v
        if name == "sparse_attention_config" and isinstance(v, dict):
            out["sparse_attention_config"] = {
                "use_sparse_attention": v.get("use_sparse_attention", False),
                "sparse_index_dim": v.get("sparse_index_dim"),
            }
    lac = (facts.get("linear_attn_config") or {}).get("value")
    if isinstance(lac, dict):
        out["linear_attn_config"] = {k: unwrap(lac[k]) for k in
                                     ("full_attn_layers", "num_heads", "head_dim", "short_conv_kernel_size") if k in lac}
    q = (facts.get("quantization_config") or {}).get("value")
    if isinstance(q, dict):
        out["quantization_config"] = {k: q[k] for k in ("quant_method", "quant_algo", "format", "fmt") if k in q}
    size = (facts.get("checkpoint_total_size_bytes") or {}).get("value")
    if size:
        out["checkpoint_bytes"] = size
    return out


def source_note(rec):
    srcs = rec.get("sources") or {}
    parts = []
    for s in srcs.values():
        if s.get("repo"):
            parts.append(f"{s['repo']}/{s.get('path', '')}@{str(s.get('commit', ''))[:12]}")
        elif s.get("url"):
            parts.append(s["url"])
    derived = (rec.get("derived_from") or {}).get("model_id")
    return parts, derived


def render(model_id, rec, drafts):
    facts = facts_block(rec)
    parts, derived = source_note(rec)
    lines = ["# Config facts for the memory planner (`recipes plan`), config.json key names.",
             f"# Source: {model_id}'s config.json" + (f" (facts of {derived})" if derived else "") + " as collected in",
             "# reference/planner/architectures.jsonl" + (":" if parts else ".")]
    for p in parts[:2]:
        lines.append(f"#   {p}")
    lines.append("architecture:")
    for k, v in facts.items():
        lines.append(f"  {k}: {flow(v)}")
    if drafts:
        lines.append("  draft_models:")
        for mid, d in drafts.items():
            lines.append(f"    {json.dumps(mid)}: {flow(d)}")
    return "\n".join(lines) + "\n"


def existing_drafts(text):
    # draft_models are ours (from the recipe's own mode descriptions); keep them.
    m = re.search(r"^  draft_models:\n((?:    .*\n)+)", text, re.M)
    if not m:
        return {}
    out = {}
    for line in m.group(1).splitlines():
        mm = re.match(r'\s+"([^"]+)":\s*\{(.*)\}\s*$', line)
        if mm:
            d = {}
            for kv in mm.group(2).split(","):
                k, v = kv.split(":")
                d[k.strip()] = int(v)
            out[mm.group(1)] = d
    return out


def replace_block(text, block):
    # Drop an earlier generated block (its comment lines and the mapping).
    text = re.sub(r"(?m)^# Config facts for the memory planner.*\n(?:#.*\n)*architecture:\n(?:[ ].*\n|\n(?=[ ]))*\n?", "", text)
    text = re.sub(r"(?m)^architecture:\n(?:[ ].*\n)*\n?", "", text)
    m = re.search(r"(?m)^guide:", text)
    if m:
        return text[:m.start()] + block + "\n" + text[m.start():]
    return text.rstrip("\n") + "\n\n" + block


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--facts", default=os.path.join(here, "..", "shared", "reference", "planner", "architectures.jsonl"))
    ap.add_argument("--catalog", default=os.path.join(here, "catalog"))
    ap.add_argument("--check", action="store_true", help="exit 1 when a recipe's block is out of date")
    args = ap.parse_args()
    recs = {}
    with open(args.facts) as f:
        for line in f:
            r = json.loads(line)
            recs[r["model_id"]] = r
    files = sorted(glob.glob(os.path.join(args.catalog, "models", "*", "*.yaml")),
                   key=lambda p: (0 if "MiniMax" in p else 1, p))
    stale = 0
    for path in files:
        text = open(path).read()
        m = re.search(r'(?m)^model:\n(?:(?:  .*|)\n)*?  model_id:\s*"?([^"\s]+)', text)
        if not m:
            continue
        mid = m.group(1)
        rec = recs.get(mid)
        if not rec or rec.get("status") in ("missing", "not_applicable") or not rec.get("facts"):
            print(f"skip {mid}: {rec.get('status') if rec else 'no record'}")
            continue
        new = replace_block(text, render(mid, rec, existing_drafts(text)))
        if new != text:
            stale += 1
            if not args.check:
                with open(path, "w") as f:
                    f.write(new)
            print(("stale " if args.check else "wrote ") + os.path.relpath(path, here))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
