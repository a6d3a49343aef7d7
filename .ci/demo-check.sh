#!/usr/bin/env bash
# Runs the README's first command (the demo) at 10k rows in a fresh OFFLOAD_HOME and checks the DuckDB row count,
# so that command cannot rot.
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
OFFLOAD_HOME="$home" npm run --silent demo -- --rows 10000 --json > "$home/demo.json"
cat "$home/demo.json"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").pop());
if (r.status !== "success" || r.sourceRows !== 10000 || r.backendRows !== 10000) {
  console.error("demo check FAILED: expected 10000 rows in DuckDB, got", r.backendRows);
  process.exit(1);
}
console.log("demo check ok: DuckDB holds", r.backendRows, "rows");
' "$home/demo.json"
