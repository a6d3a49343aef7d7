/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS program */
/**
 * Counts the distinct package roots of `@goe/core` and `apache-arrow` among module paths or file URLs (a root is
 * the path up to and including `node_modules/<name>`), and the `@goe/core` entries loaded.
 */
const { readFileSync, existsSync } = require('node:fs');
const { fileURLToPath } = require('node:url');

const PACKAGES = ['@goe/core', 'apache-arrow'];

function rootsOf(paths) {
  const roots = Object.fromEntries(PACKAGES.map((p) => [p, new Set()]));
  for (const raw of paths) {
    const path = raw.startsWith('file:') ? fileURLToPath(raw) : raw;
    for (const p of PACKAGES) {
      const marker = `/node_modules/${p}/`;
      const at = path.lastIndexOf(marker);
      if (at >= 0) roots[p].add(path.slice(0, at + marker.length - 1));
    }
  }
  return Object.fromEntries(PACKAGES.map((p) => [p, [...roots[p]]]));
}

/** Module paths this process loaded: `require.cache` keys plus the resolve hook's log. */
function loadedModules(requireCache, logFile) {
  const paths = Object.keys(requireCache ?? {});
  if (logFile && existsSync(logFile)) paths.push(...readFileSync(logFile, 'utf8').split('\n').filter(Boolean));
  return paths;
}

module.exports = { rootsOf, loadedModules, PACKAGES };
