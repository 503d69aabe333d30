#!/usr/bin/env python3
"""Argv round trip: the argv and env each node's stub recorded, against
`recipes command --format json` for that node's rank (one command per rank),
with the target's bindings of the placeholders ($HEAD_IP, $IFACE_NAME, ...).

usage: compare_ranks.py --recipes BIN --records DIR --addrs A0,A1,.. --iface IF
                        [--config-dir D] [--source vllm|docker] -- SELECTION ARGS
Node i's address is A_i. Prints "round trip: N/M ranks equal"; exit 1 unless all.
"""
import argparse
import json
import os
import re
import subprocess
import sys


def command(recipes, args):
    out = subprocess.run([recipes, "command", *args, "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["resolution"]


def expected(recipes, sel):
    """[(node, group, rank, argv, env)] in `recipes command` form, and the layout."""
    res = command(recipes, sel)
    kind = res.get("deployType")
    rows, layout = [], {}
    if kind == "pd_cluster":
        p = int(res["prefill"]["nodes"])
        d = int(res["decode"]["nodes"])
        layout = {"prefill": 0, "decode": p if p else 0, "nodes": max(1, p + d)}
        for role, first, count in (("prefill", 0, p), ("decode", p, d)):
            for r in range(max(1, count)):
                rr = command(recipes, sel + [f"--{role}-rank", str(r)])[role]
                rows.append((first + r if count else 0, role, r, rr["argv"], rr["env"]))
    elif kind == "kv_store_lb":
        inst = int(res["instances"])
        n = max(1, int(res["nodeCount"]))
        layout = {"instance_nodes": n, "nodes": inst * n, "router_port": (res.get("router") or {}).get("port", 8000)}
        for i in range(inst):
            v = command(recipes, sel + ["--kv-instance", str(i)])["vllm"]
            rows.append((i * n, f"vllm-{i + 1}", 0, v["argv"], v["env"]))
            for r in range(1, n):
                rows.append((i * n + r, f"vllm-{i + 1}", r, v["workerArgvs"][r - 1], v["env"]))
    elif res.get("headArgv"):
        n = int(res["nodeCount"])
        layout = {"nodes": n}
        rows.append((0, "serve", 0, res["headArgv"], res["env"]))
        for r in range(1, n):
            rows.append((r, "serve", r, res["workerArgvs"][r - 1], res["env"]))
    else:
        layout = {"nodes": 1}
        rows.append((0, "serve", 0, res["argv"], res["env"]))
    return kind, layout, rows


def bind(token, node, kind, layout, addrs, opts):
    def one(m):
        name = m.group(1)
        if name == "HEAD_IP":
            if kind == "kv_store_lb":
                return addrs[(node // layout["instance_nodes"]) * layout["instance_nodes"]]
            return addrs[0]
        if name == "IFACE_NAME":
            return opts.iface
        mm = re.fullmatch(r"(PREFILL|DECODE)_NODE_(\d+)", name)
        if mm:
            first = layout["prefill" if mm.group(1) == "PREFILL" else "decode"]
            return addrs[first + int(mm.group(2)) - 1]
        mm = re.fullmatch(r"VLLM_INSTANCE_(\d+)", name)
        if mm:
            return addrs[(int(mm.group(1)) - 1) * layout["instance_nodes"]]
        if name == "MOONCAKE_MASTER_IP":
            return addrs[0]
        if name == "MOONCAKE_CONFIG_PATH":
            return os.path.join(opts.config_dir, "mooncake_vllm_config.json")
        if name == "MOONCAKE_STORE_CONFIG_PATH":
            return os.path.join(opts.config_dir, "mooncake_store_config.json")
        if name.endswith("DEVICE_NAME"):
            return ""
        if name == "ROUTER_HOST":
            return "0.0.0.0"
        if name == "ROUTER_PORT":
            return str(layout.get("router_port", 8000))
        if name == "PREFILL_DP_RPC_PORT":
            return "13345"
        if name == "DECODE_DP_RPC_PORT":
            return "13346"
        return m.group(0)
    return re.sub(r"\$([A-Z][A-Z0-9_]*)", one, token)


def records(opts, addrs):
    """[(node, argv, env)] of every recorded vllm process."""
    out = []
    for f in sorted(os.listdir(opts.records)):
        if not f.endswith(".argv"):
            continue
        base = os.path.join(opts.records, f[:-5])
        with open(base + ".argv", "rb") as fh:
            argv = [a.decode() for a in fh.read().split(b"\0")[:-1]]
        with open(base + ".env", "rb") as fh:
            env = dict(e.decode().split("=", 1) for e in fh.read().split(b"\0") if b"=" in e)
        if opts.source == "docker":
            if argv[:2] != ["docker", "run"]:
                continue
            image_at = argv.index(opts.image)
            flags, rest = argv[2:image_at], argv[image_at + 1:]
            entry = None
            denv = {}
            i = 0
            while i < len(flags):
                if flags[i] == "--entrypoint":
                    entry = flags[i + 1]
                    i += 1
                elif flags[i] == "-e":
                    k, _, v = flags[i + 1].partition("=")
                    denv[k] = v
                    i += 1
                i += 1
            if entry is not None:
                continue  # helpers (router, Mooncake) are not serve ranks
            node = addrs.index(env["RECIPES_SSH_HOST"])
            out.append((node, ["vllm", "serve", *rest], denv))
        else:
            if argv[0] != "vllm":
                continue
            node = int(f.split("-", 1)[0]) if f[0].isdigit() else 0
            out.append((node, argv, env))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--recipes", required=True)
    ap.add_argument("--records", required=True)
    ap.add_argument("--addrs", required=True)
    ap.add_argument("--iface", default="eth0")
    ap.add_argument("--config-dir", default="/etc/mooncake")
    ap.add_argument("--source", default="vllm", choices=["vllm", "docker"])
    ap.add_argument("--image", default="")
    ap.add_argument("selection", nargs="+")
    opts = ap.parse_args()
    addrs = opts.addrs.split(",")
    kind, layout, rows = expected(opts.recipes, opts.selection)
    got = records(opts, addrs)
    equal = 0
    for node, group, rank, argv, env in rows:
        want_argv = [bind(t, node, kind, layout, addrs, opts) for t in argv]
        want_env = {k: bind(str(v), node, kind, layout, addrs, opts) for k, v in env.items()}
        match = [g for g in got if g[0] == node and g[1] == want_argv]
        if not match:
            print(f"MISMATCH node {node} ({group} rank {rank}): expected argv {want_argv}", file=sys.stderr)
            for g in got:
                if g[0] == node:
                    print(f"  recorded: {g[1]}", file=sys.stderr)
            continue
        bad = {k: (v, match[0][2].get(k)) for k, v in want_env.items() if match[0][2].get(k) != v}
        if bad:
            print(f"MISMATCH node {node} ({group} rank {rank}) env: {bad}", file=sys.stderr)
            continue
        equal += 1
    extra = len(got) - len(rows)
    print(f"round trip: {equal}/{len(rows)} ranks equal ({kind}, {layout['nodes']} nodes)"
          + (f"; {extra} unexpected vllm processes" if extra else ""))
    sys.exit(0 if equal == len(rows) and extra == 0 else 1)


if __name__ == "__main__":
    main()
