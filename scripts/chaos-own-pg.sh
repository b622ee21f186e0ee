#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster of its own (never the shared one on 5432):
#   bash scripts/chaos-own-pg.sh npx vitest run test/fuzz-api.test.ts test/authz-matrix.test.ts
# The command sees TEST_DATABASE_URL; the cluster is removed afterwards.
set -Eeuo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
dir=$(mktemp -d /tmp/yb-own-pg-XXXXXX)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown postgres "$dir"
cleanup() { as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "$BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$@"
