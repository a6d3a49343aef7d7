/**
 * `node --import ./record-modules.mjs program`: registers a resolve hook that appends every resolved module URL to
 * the file named by `GOE_MODULE_LOG` (ESM loads, and in Node ≥ 20.6 every `import()` of a CommonJS program).
 */
import { register } from 'node:module';

register('./record-modules-hook.mjs', import.meta.url, { data: { file: process.env.GOE_MODULE_LOG } });
