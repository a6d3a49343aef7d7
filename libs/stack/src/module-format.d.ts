/**
 * The output format of the build this code is in, injected by tsup (`tsup.base.ts`: `esm` or `cjs`); undefined when
 * the TypeScript source runs directly (Vitest), which is ESM. Read it through `MODULE_FORMAT`
 * (registry/load-module.ts), never directly.
 */
declare const __GOE_MODULE_FORMAT__: 'esm' | 'cjs' | undefined;
