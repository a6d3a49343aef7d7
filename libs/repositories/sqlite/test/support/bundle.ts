/**
 * Bundles a TypeScript test entry (with workspace packages resolved to their sources) into a temporary `.mjs`
 * that a plain `node` child process can run; every other package stays external (resolved from the workspace's
 * node_modules at run time).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundles `entry` and returns the path of the runnable `.mjs`. */
export async function bundleForChild(entry: string): Promise<string> {
  // Inside the workspace, so the child resolves external packages from its node_modules.
  const cache = join(workspaceRoot(), 'node_modules', '.cache', 'goe-test-children');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'child-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'child.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: workspaceAliases(),
    packages: 'external',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
  return outfile;
}

/** `@goe/*` package name → its `src/index.ts`, found under the workspace's `libs/` folders. */
function workspaceAliases(): Record<string, string> {
  const root = workspaceRoot();
  const out: Record<string, string> = {};
  const visit = (dir: string, depth: number): void => {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const src = join(dir, 'src', 'index.ts');
      if (existsSync(src)) out[(JSON.parse(readFileSync(pkg, 'utf8')) as { name: string }).name] = src;
      return;
    }
    if (depth === 0 || !existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'node_modules') visit(join(dir, e.name), depth - 1);
    }
  };
  visit(join(root, 'libs'), 2);
  return out;
}

function workspaceRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
}
