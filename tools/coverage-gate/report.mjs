#!/usr/bin/env node
/**
 * Prints coverage per workspace package (statements, branches, functions, lines) from the `json-summary` report
 * of `npm test -- --coverage`, and exits 1 when a package is below its thresholds (issue #11: 90 % statements,
 * 85 % branches; see tools/coverage-gate/packages.mjs for the thresholds and any explicit exemption).
 *
 * Usage: node tools/coverage-gate/report.mjs [coverage/coverage-summary.json]
 * A missing summary is a failure (the coverage run did not finish). A package with no source file in the
 * summary counts as 0 %.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ROOT, sourcePackages, thresholdsFor } from './packages.mjs';

const METRICS = ['statements', 'branches', 'functions', 'lines'];
const file = process.argv[2] ?? join(ROOT, 'coverage', 'coverage-summary.json');
if (!existsSync(file)) {
  console.log(`coverage: missing ${file} (run npm test -- --coverage first)`);
  process.exit(1);
}
const summary = JSON.parse(readFileSync(file, 'utf8'));

const packages = sourcePackages()
  .map((p) => ({ ...p, files: 0, totals: Object.fromEntries(METRICS.map((m) => [m, { total: 0, covered: 0 }])) }))
  .sort((a, b) => b.dir.length - a.dir.length); // most specific directory first
for (const [path, data] of Object.entries(summary)) {
  if (path === 'total') continue;
  const rel = (isAbsolute(path) ? relative(ROOT, path) : path).split(sep).join('/');
  const pkg = packages.find((p) => rel.startsWith(`${p.dir}/src/`));
  if (pkg === undefined) continue;
  pkg.files++;
  for (const m of METRICS) {
    pkg.totals[m].total += data[m].total;
    pkg.totals[m].covered += data[m].covered;
  }
}

/** Percent with two decimals, floored like Vitest's thresholds compare (100 when there is nothing to cover). */
const pct = ({ total, covered }) => (total === 0 ? 100 : Math.floor((covered / total) * 10_000) / 100);
const rows = [];
let failed = 0;
for (const p of packages.sort((a, b) => a.dir.localeCompare(b.dir))) {
  const t = thresholdsFor(p.dir);
  const values = Object.fromEntries(METRICS.map((m) => [m, pct(p.totals[m])]));
  const problems = [];
  if (p.files === 0) problems.push('no source file in the report');
  if (values.statements < t.statements) problems.push(`statements ${values.statements} < ${t.statements}`);
  if (values.branches < t.branches) problems.push(`branches ${values.branches} < ${t.branches}`);
  if (problems.length) failed++;
  rows.push([
    p.name,
    String(p.files),
    ...METRICS.map((m) => `${values[m].toFixed(2)} (${p.totals[m].covered}/${p.totals[m].total})`),
    problems.length
      ? `FAIL: ${problems.join(', ')}`
      : t.exempt === undefined
        ? 'ok'
        : `ok (exempt: ${t.statements}/${t.branches}, ${t.exempt})`,
  ]);
}

const header = ['package', 'files', '% statements', '% branches', '% functions', '% lines', `gate`];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) =>
  cells
    .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(
  failed
    ? `coverage: ${failed} of ${rows.length} packages below their thresholds`
    : `coverage: all ${rows.length} packages meet their thresholds`,
);
process.exit(failed ? 1 : 0);
