#!/usr/bin/env bash
# `npm run deploy` runs this first (npm's pre-script): the committed migrations are applied to the
# production database before the new Worker goes live, so the code never runs ahead of its schema.
# Migrations are additive, so the Worker still serving requests keeps working while they apply.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${DATABASE_URL:-}" ]; then
  echo "predeploy: set DATABASE_URL to the production database (the origin Hyperdrive points at) to migrate it" >&2
  exit 1
fi
npm run --silent db:migrate
