#!/usr/bin/env bash
# What .ci/run calls for the engine suites:
#   bash tools/engines/ci.sh RESULT_JSON
# Installs every engine from scratch if missing (npm ci, pip venvs, go install, Maven Central jar), starts them
# all on free 127.0.0.1 ports, runs the smoke tests with Vitest's JSON reporter writing to RESULT_JSON, stops
# what it started (also on failure or interrupt), prints per-phase timings and one line
# `engines: N passed, N failed, N skipped`. Exits non-zero if anything failed.
# CI=true (the default here) makes a supported engine that failed to install/start fail its test instead of skipping.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/.run/vitest-results.json}"
mkdir -p "$(dirname "$OUT")"
OUT="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"
export CI="${CI:-true}"
ENGINES="$HERE/engines"
T_ALL=$(date +%s)
declare -a TIMINGS=()

phase() { # name timeout-seconds command...
  local name=$1 limit=$2; shift 2
  local t0=$(date +%s)
  echo "=== engines ci: $name ($(date -u +%H:%M:%S)) ==="
  timeout --kill-after=30 "$limit" "$@"
  local rc=$?
  local dt=$(( $(date +%s) - t0 ))
  TIMINGS+=("$(printf '%-8s %5ss  exit %s' "$name" "$dt" "$rc")")
  echo "=== engines ci: $name took ${dt}s (exit $rc) ==="
  return $rc
}

cleanup() {
  phase stop 120 "$ENGINES" stop all || true
  echo "=== engines ci: timings ==="
  printf '  %s\n' "${TIMINGS[@]}"
  echo "  total    $(( $(date +%s) - T_ALL ))s"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "engines ci: $tool is required" >&2; exit 2; }
done

# 1. install: failures are reported here, and turn into failing tests below (an engine that is not installed
#    cannot start), so carry on to get a complete picture
phase install 2400 "$ENGINES" install all
INSTALL_RC=$?
# the test runner itself comes from tools/engines' own package.json
if [ ! -x "$HERE/node_modules/.bin/vitest" ]; then
  echo "engines ci: vitest is missing (npm ci failed?)" >&2
  exit 1
fi

# 2. start (sequential, each with its own health-check timeout); failures are recorded in .run/engines.env
phase start 900 "$ENGINES" start all
START_RC=$?
"$ENGINES" status all || true

# 3. smoke tests
rm -f "$OUT"
phase test 1500 "$HERE/node_modules/.bin/vitest" run --root "$HERE" --reporter=default --reporter=json --outputFile="$OUT"
TEST_RC=$?
echo "=== engines ci: status after the tests (RSS after use) ==="
"$ENGINES" status all || true

SUMMARY=$(node -e '
  const fs = require("fs");
  try {
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    console.log(`engines: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + (r.numTodoTests || 0)} skipped`);
    process.exit(r.numFailedTests > 0 || r.numPassedTests === 0 ? 1 : 0);
  } catch (e) { console.log("engines: 0 passed, 1 failed (no Vitest JSON report: " + e.message + ")"); process.exit(1); }
' "$OUT")
SUMMARY_RC=$?
echo "install exit $INSTALL_RC, start exit $START_RC, vitest exit $TEST_RC"
echo "$SUMMARY"
if [ $TEST_RC -ne 0 ] || [ $SUMMARY_RC -ne 0 ]; then exit 1; fi
exit 0
