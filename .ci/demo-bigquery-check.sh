#!/usr/bin/env bash
# Runs the README's BigQuery demo (`goe demo --backend bigquery` against the emulators tools/engines starts) at 5,000
# rows in a fresh OFFLOAD_HOME and checks the BigQuery row count, so that command cannot rot.
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d)
started=$(tools/engines/engines status fake-gcs bigquery 2>/dev/null | grep -c "'running'" || true)
cleanup() {
  rm -rf "$home"
  [ "$started" = 2 ] || tools/engines/engines stop bigquery fake-gcs >/dev/null 2>&1 || true
}
trap cleanup EXIT
tools/engines/engines start fake-gcs bigquery
eval "$(tools/engines/engines env fake-gcs bigquery | grep '^GOE_TEST_' | sed 's/^/export /')"
OFFLOAD_HOME="$home" npm run --silent demo -- --backend bigquery --rows 5000 --json > "$home/demo.json"
cat "$home/demo.json"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").pop());
if (r.status !== "success" || r.sourceRows !== 5000 || r.backendRows !== 5000) {
  console.error("BigQuery demo check FAILED: expected 5000 rows in BigQuery, got", r.backendRows);
  process.exit(1);
}
console.log("BigQuery demo check ok: BigQuery holds", r.backendRows, "rows");
' "$home/demo.json"
