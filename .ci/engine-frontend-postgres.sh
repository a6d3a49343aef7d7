#!/usr/bin/env bash
# Engine suite: the PostgreSQL frontend's tests (frontendSuite, decoder, snapshot…) against Debian's PostgreSQL
# server started by tools/engines, writing a Vitest JSON report to $1.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$1
tools/engines/engines start postgres || exit 1
trap 'tools/engines/engines stop postgres >/dev/null 2>&1 || true' EXIT
url=$(grep '^GOE_TEST_PG_URL=' tools/engines/.run/engines.env | head -1 | cut -d= -f2-)
[ -n "$url" ] || { echo "GOE_TEST_PG_URL missing from tools/engines/.run/engines.env" >&2; exit 1; }
GOE_TEST_PG_URL="$url" npx vitest run --project frontend-postgres --reporter=default --reporter=json --outputFile="$out"
