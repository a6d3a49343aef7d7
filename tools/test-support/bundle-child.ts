/**
 * Bundles a TypeScript test entry (with workspace packages resolved to their sources) into a temporary `.mjs`
 * that a plain `node` child process can run; every other package stays external (resolved from the workspace's
 * node_modules at run time).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { workspaceAliases } from '../../vitest.aliases.ts';
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

function workspaceRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../..');
}
