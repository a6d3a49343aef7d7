#!/usr/bin/env node
/**
 * Runs publint (--strict) and @arethetypeswrong/cli (node16 profile) on every publishable workspace package.
 * Packages must be built first (`npx nx run-many -t build`). Exits 1 when any package reports a problem.
 *
 * Usage: node tools/check-packages.mjs [--json <file>]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = execFileSync('npm', ['query', '.workspace'], { cwd: root, encoding: 'utf8' });
const packages = JSON.parse(out).filter((p) => !p.private);
const results = [];
for (const pkg of packages) {
  const dir = join(root, pkg.location);
  for (const [tool, args] of [
    ['publint', ['publint', '--strict']],
    ['attw', ['attw', '--pack', '.', '--profile', 'node16', '--format', 'ascii']],
  ]) {
    const name = `${pkg.name} ${tool}`;
    try {
      execFileSync('npx', ['--no-install', ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      results.push({ name, ok: true });
      console.log(`ok      ${name}`);
    } catch (e) {
      results.push({ name, ok: false });
      console.log(`FAILED  ${name}\n${String(e.stdout ?? '')}${String(e.stderr ?? '')}`);
    }
  }
}
const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], JSON.stringify(results, null, 2));
const failed = results.filter((r) => !r.ok).length;
console.log(`check-packages: ${results.length - failed} ok, ${failed} failed (${packages.length} packages)`);
process.exit(failed ? 1 : 0);
