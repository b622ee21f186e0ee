#!/usr/bin/env bash
# The Chromium tests (the console, and the mini-program's pages as rendered by the simulator):
# makes sure the browser is there, then runs them. Screenshots land
# in test-results/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/browser-setup.sh
npx vitest run --config test/browser/vitest.config.ts "$@"
