#!/usr/bin/env bash
# npm run test:worker [-- vitest args]: the HTTP scenario suite against the real Worker on workerd.
# A fresh, migrated (unseeded) PostgreSQL database -> two `wrangler dev` on free ports with the
# Hyperdrive binding pointed at it: one in sandbox mode (fixed secrets, fixed clock) and one as deployed
# (sandbox off) -> vitest over test/worker with BASE_URL and PRODUCTION_BASE_URL. Both are stopped and
# the database dropped on every path; the exit code is vitest's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
source scripts/worker-lib.sh

started=$(date +%s)
db="yb_worker_t_$$_$(date +%s)"
work="$(mktemp -d "${TMPDIR:-/tmp}/yb-worker-test.XXXXXX")"
pids=()
fixed_now="2026-11-24T10:00:00+08:00"

stop_workers() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=""
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ -n "$alive" ] || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  stop_workers
  drop_db "$db" || echo "warning: could not drop database $db" >&2
  rm -rf "$work"
  echo "test:worker finished in $(( $(date +%s) - started ))s (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

create_db "$db"
migrate_db "$db"

# The Workers are served from one bundle built up front (the artifact `wrangler deploy` would upload),
# not from src/: `wrangler dev` rebuilds and restarts on every source change, and a restart in the
# middle of the suite would reset the isolate's sandbox clock while others edit the tree.
bash scripts/wrangler.sh deploy --dry-run --outdir "$work/bundle" >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}
export WRANGLER_CI_DISABLE_CONFIG_WATCHING=true

# Test-only secrets; the files live outside the tree so a developer's .dev.vars is neither used nor touched.
secrets="TOKEN_SECRET=worker-test-token-secret-0123456789abcdef0123
ENCRYPTION_KEY=worker-test-encryption-key-0123456789abcdef01
LOOKUP_HMAC_KEY=worker-test-lookup-key-0123456789abcdef012345
PASSWORD_PEPPER=worker-test-pepper-0123456789
PIN_KEY=worker-test-pin-key-0123456789abcdef012345"
printf 'SANDBOX=1\nFIXED_NOW=%s\n%s\n' "$fixed_now" "$secrets" >"$work/sandbox.env"
# The second Worker runs as deployed: wrangler.toml's [vars] (sandbox off) plus the secrets.
printf '%s\n' "$secrets" >"$work/production.env"

# start_worker NAME: `wrangler dev` with $work/NAME.env in its own process group (set -m), so that it
# can be stopped together with its workerd and esbuild processes.
start_worker() {
  local name=$1 port
  port="$(free_port)"
  while [[ " ${ports[*]} " == *" $port "* ]]; do port="$(free_port)"; done
  set -m
  CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE="$(pg_url "$db")" \
    bash scripts/wrangler.sh dev "$work/bundle/worker.js" --config wrangler.toml --no-bundle --port "$port" --ip 127.0.0.1 --inspector-port 0 \
    --env-file "$work/$name.env" --persist-to "$work/state-$name" --show-interactive-dev-session=false \
    --log-level info >"$work/$name.log" 2>&1 </dev/null &
  pids+=("$!")
  set +m
  ports[$name]=$port
}

wait_healthy() {
  local name=$1 pid=$2 url="http://127.0.0.1:${ports[$1]}"
  for _ in $(seq 1 180); do
    kill -0 "$pid" 2>/dev/null || break
    if curl -fsS -m 5 "$url/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "wrangler dev ($name) did not become healthy on $url; its log:" >&2
  tail -n 60 "$work/$name.log" >&2
  return 1
}

declare -A ports
start_worker sandbox
start_worker production
wait_healthy sandbox "${pids[0]}"
wait_healthy production "${pids[1]}"
base="http://127.0.0.1:${ports[sandbox]}"
echo "workers ready after $(( $(date +%s) - started ))s: sandbox $base, production mode http://127.0.0.1:${ports[production]} (database $db)"

status=0
BASE_URL="$base" PRODUCTION_BASE_URL="http://127.0.0.1:${ports[production]}" WORKER_FIXED_NOW="$fixed_now" \
  vitest run --config test/worker/vitest.config.ts "$@" || status=$?
if [ "$status" -ne 0 ]; then
  # Keep the Workers' logs (request ids, error codes, no personal data) for the failure report.
  mkdir -p test-results/worker
  cp "$work/sandbox.log" "$work/production.log" test-results/worker/
  echo "--- last lines of the sandbox Worker's log (all of it: test-results/worker/sandbox.log) ---" >&2
  tail -n 40 "$work/sandbox.log" >&2
fi
exit "$status"
