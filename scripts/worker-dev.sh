#!/usr/bin/env bash
# npm run dev:worker [-- wrangler dev flags]: the Worker on workerd, locally, in sandbox mode, over the
# local PostgreSQL database that wrangler.toml's Hyperdrive localConnectionString names (migrated first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
source scripts/worker-lib.sh

db="${WORKER_DB:-yibao_worker}"
url="$(pg_url "$db")"
create_db "$db"
migrate_db "$db"
echo "database $db migrated"

# Local secrets, generated once and kept (sessions survive restarts). .dev.vars is gitignored and
# overrides [vars] of wrangler.toml for `wrangler dev` only; it is never deployed.
if [ ! -f .dev.vars ]; then
  secret() { node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))'; }
  umask 077
  cat > .dev.vars <<VARS
SANDBOX=1
TOKEN_SECRET=$(secret)
ENCRYPTION_KEY=$(secret)
LOOKUP_HMAC_KEY=$(secret)
PASSWORD_PEPPER=$(secret)
PIN_KEY=$(secret)
VARS
  echo "wrote .dev.vars (sandbox mode, generated secrets)"
fi

export CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE="$url"
exec bash scripts/wrangler.sh dev "$@"
