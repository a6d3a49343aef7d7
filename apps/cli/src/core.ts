/**
 * `dist/core.js`: the CLI's bundled `@goe/core` as a module file of its own. `goe.js` and this entry share one core
 * chunk, so a plugin whose `import '@goe/core'` is sent here (see `plugin-graph.ts`) gets the very module instances
 * the CLI runs on — one core per process.
 *
 * @example
 * // a plugin under GOE_PLUGINS_ROOT, loaded by the bundled CLI:
 * import { defineBackend } from '@goe/core'; // → <cli>/dist/core.js
 */
export * from '@goe/core';
