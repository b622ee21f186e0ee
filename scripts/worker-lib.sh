# Sourced by scripts/worker-*.sh: the local PostgreSQL behind the Hyperdrive binding.
# WORKER_PG_BASE is the server without a database name. Hyperdrive's local emulation wants a password
# in the URL even though the machine's PostgreSQL uses trust auth and ignores it.
WORKER_PG_BASE="${WORKER_PG_BASE:-postgres://postgres:postgres@127.0.0.1:5432}"

pg_url() { printf '%s/%s' "$WORKER_PG_BASE" "$1"; }

pg_admin() { psql "$(pg_url postgres)" -v ON_ERROR_STOP=1 -qAtX "$@"; }

db_exists() { [ "$(pg_admin -c "select 1 from pg_database where datname = '$1'")" = "1" ]; }

create_db() {
  [[ "$1" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "bad database name: $1" >&2; return 1; }
  db_exists "$1" || pg_admin -c "create database $1" >/dev/null
}

drop_db() {
  [[ "$1" =~ ^[a-z_][a-z0-9_]*$ ]] || return 1
  pg_admin -c "drop database if exists $1 with (force)" >/dev/null
}

# Applies the committed migrations through the project's migrator.
migrate_db() {
  DATABASE_URL="$(pg_url "$1")" npm run --silent db:migrate >/dev/null
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
