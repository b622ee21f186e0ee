#!/usr/bin/env bash
# Runs the project's wrangler under Node 22 (the `node` devDependency): wrangler 4 needs Node >= 22,
# while the machine's own node is 20. Offline-friendly: no metrics, no request.cf fetch.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/node_modules/.bin:$PATH"
export CLOUDFLARE_CF_FETCH_ENABLED=false
export WRANGLER_SEND_METRICS=false
cd "$root"
exec "$root/node_modules/.bin/wrangler" "$@"
