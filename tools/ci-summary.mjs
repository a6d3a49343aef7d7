#!/usr/bin/env node
/**
 * Prints the one line CI reads, `N passed, N failed`, from Vitest JSON reports and check result files.
 *
 * Usage: node tools/ci-summary.mjs <vitest-report.json | checks.json> ...
 * A Vitest report counts its tests (skipped tests are neither); a checks file is `[{name, ok}]`.
 * A file that is missing counts as one failure (the step that should have written it did not finish).
 */
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`missing report: ${file}`);
    failed += 1;
    continue;
  }
  const data = JSON.parse(readFileSync(file, 'utf8'));
  if (Array.isArray(data)) {
    for (const r of data) {
      if (r.ok) passed++;
      else failed++;
    }
  } else {
    passed += data.numPassedTests ?? 0;
    failed += (data.numFailedTests ?? 0) + (data.numFailedTestSuites ?? 0);
    skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
  }
}
if (skipped) console.log(`${skipped} skipped (each prints its reason above)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
