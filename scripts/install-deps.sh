#!/usr/bin/env bash
# Installs everything the build, the tests and the benchmarks need, from Debian's
# packages (and playwright-core from npm for the browser tests). Idempotent.
set -euo pipefail
pkgs=(build-essential cmake pkg-config git zstd python3
      libyaml-dev nlohmann-json3-dev rapidjson-dev libmicrohttpd-dev libcli11-dev
      libfmt-dev zlib1g-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgtest-dev libgmock-dev libgit2-dev
      libjemalloc-dev
      librsvg2-dev libcairo2-dev fonts-dejavu-core
      wrk hyperfine
      munge slurmctld slurmd slurm-client docker-compose shellcheck python3-yaml iproute2)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
