#!/usr/bin/env bash
# Installs what the deploy target tests need (tests/deploy/): from Debian,
# munge + slurmctld + slurmd + the SLURM client (a real 2-node cluster on this
# machine), docker-compose (config -q), shellcheck, python3-yaml; from npm into
# tests/deploy/k8s/node_modules, kubernetes-models, @kubernetes-models/crd-generate,
# kubernetes-types, typescript and js-yaml (pinned by its package-lock.json).
# Idempotent; needs only the Debian and npm registries.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

pkgs=(munge slurmctld slurmd slurm-client docker-compose shellcheck python3-yaml iproute2)
# Node.js may come from another source with npm bundled; Debian's npm would conflict with it.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  # The packages' services are not started here; the tests start their own daemons.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

dir="$here/tests/deploy/k8s"
if [ ! -f "$dir/node_modules/kubernetes-models/package.json" ] || [ ! -x "$dir/node_modules/.bin/tsc" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --silent)
fi
echo "deploy test tools: slurm $(slurmd -V | cut -d' ' -f2), $(docker-compose version --short 2>/dev/null || echo docker-compose), shellcheck $(shellcheck -V | sed -n 's/^version: //p'), kubernetes-models $(node -e "console.log(require('$dir/node_modules/kubernetes-models/package.json').version)")"
