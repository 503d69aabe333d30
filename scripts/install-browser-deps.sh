#!/usr/bin/env bash
# Installs what the browser tests and screenshots need: Debian's chromium and,
# from npm into tests/browser/node_modules, playwright-core (which drives that
# chromium; it downloads no browser of its own). Idempotent: does nothing when
# both are present. Needs only the Debian and npm registries.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core
fi

dir="$here/tests/browser"
mkdir -p "$dir"
if [ ! -f "$dir/node_modules/playwright-core/package.json" ]; then
  # playwright-core never downloads browsers; the tests point it at Debian's chromium.
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  if grep -q '"playwright-core"' "$dir/package.json" 2>/dev/null; then
    (cd "$dir" && npm install --no-audit --no-fund --silent)
  else
    [ -f "$dir/package.json" ] || printf '{\n  "name": "recipes-browser-tests",\n  "private": true\n}\n' > "$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --silent playwright-core)
  fi
fi
echo "chromium: $(command -v chromium)"
echo "playwright-core: $(node -e "console.log(require('$dir/node_modules/playwright-core/package.json').version)")"
