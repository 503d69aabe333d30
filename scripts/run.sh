#!/usr/bin/env bash
# The main job: validate the embedded catalog, show one serve command, then
# serve the website on it.
set -euo pipefail
bin=${1:-build/recipes}
"$bin" validate
echo
"$bin" command MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 --feature spec_decoding=eagle3_gqa
echo
port=${PORT:-8080}
echo "Starting the website and JSON API on http://127.0.0.1:$port/ (Ctrl+C to stop)"
exec "$bin" serve --port "$port"
