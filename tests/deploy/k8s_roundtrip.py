#!/usr/bin/env python3
"""Kubernetes argv round trip: runs every vLLM container's command (exec form
or /bin/sh -c script) with a stub vllm on PATH and the pod's env — the
container env, POD_IP, and for LeaderWorkerSet pods LWS_LEADER_ADDRESS and
LWS_WORKER_INDEX for each index — recording as node N (nodes numbered in
document order). Prints the address of every node, comma-separated, for
compare_ranks.py: pod DNS names for LWS pods, Service names for Deployments.

usage: k8s_roundtrip.py MANIFEST.yaml RECORD_DIR STUB_BIN_DIR
"""
import os
import subprocess
import sys

import yaml


def env_of(container, pod_ip):
    env = {}
    for e in container.get("env") or []:
        if "value" in e:
            env[e["name"]] = str(e["value"])
        elif e.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "status.podIP":
            env[e["name"]] = pod_ip
    return env


def run(container, env, node, records, stub_bin):
    full = dict(os.environ)
    full.update(env)
    full["PATH"] = stub_bin + ":" + full["PATH"]
    full["RECIPES_RECORD_DIR"] = records
    full["SLURM_NODEID"] = str(node)  # the stub names its record after it
    subprocess.run(container["command"], env=full, check=True, timeout=60)


def main():
    manifest, records, stub_bin = sys.argv[1:4]
    docs = [d for d in yaml.safe_load_all(open(manifest)) if d]
    addrs, node = [], 0
    for d in docs:
        if d["kind"] == "LeaderWorkerSet":
            name = d["metadata"]["name"]
            t = d["spec"]["leaderWorkerTemplate"]
            leader = f"{name}-0.{name}"
            for r in range(t["size"]):
                spec = (t["leaderTemplate"] if r == 0 else t["workerTemplate"])["spec"]
                addr = leader if r == 0 else f"{name}-0-{r}.{name}"
                addrs.append(addr)
                for c in spec["containers"]:
                    env = env_of(c, addr)
                    env.update({"LWS_LEADER_ADDRESS": leader, "LWS_WORKER_INDEX": str(r)})
                    run(c, env, node, records, stub_bin)
                node += 1
        elif d["kind"] == "Deployment":
            spec = d["spec"]["template"]["spec"]
            gpu = any("limits" in (c.get("resources") or {}) for c in spec["containers"])
            if not gpu:
                continue  # router, Mooncake helpers
            addrs.append(d["metadata"]["name"])
            for c in spec["containers"]:
                if (c.get("resources") or {}).get("limits") is None:
                    continue
                run(c, env_of(c, d["metadata"]["name"]), node, records, stub_bin)
            node += 1
    print(",".join(addrs))


if __name__ == "__main__":
    main()
