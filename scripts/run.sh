#!/usr/bin/env bash
# The main job: validate the embedded catalog, then show one serve command.
set -euo pipefail
bin=${1:-build/recipes}
"$bin" validate
echo
"$bin" command MiniMaxAI/MiniMax-M3 --hardware b200 --variant nvfp4 --feature spec_decoding=eagle3_gqa || true
