#!/usr/bin/env bash
# Stub for vllm, vllm-router, mooncake_master, docker...: records its argv
# (NUL-separated) and environment under $RECIPES_RECORD_DIR and exits 0.
set -euo pipefail
dir=${RECIPES_RECORD_DIR:?RECIPES_RECORD_DIR is not set}
name=$(basename "$0")
base="$dir/${SLURM_NODEID:-x}-$name-$$"
printf '%s\0' "$name" "$@" > "$base.argv"
env -0 > "$base.env"
