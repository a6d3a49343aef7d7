/**
 * One module graph per process (architecture §3): the CommonJS build of core loads packages with `require`
 * (resolved with the `require` condition), the ESM build with `import()` (resolved with the `import` condition), so
 * a program never holds both builds of one package — and so never two copies of `@goe/core` or `apache-arrow`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How a build loads other packages. */
export type ModuleFormat = 'esm' | 'cjs';

/**
 * The format of the running build of core: `cjs` in `dist/index.cjs`, `esm` in `dist/index.js` (injected by tsup
 * as `__GOE_MODULE_FORMAT__`), and `esm` when the TypeScript source runs directly (Vitest).
 *
 * @example
 * MODULE_FORMAT // 'esm' under `import`, 'cjs' under `require`
 */
export const MODULE_FORMAT: ModuleFormat =
  typeof __GOE_MODULE_FORMAT__ === 'undefined' || __GOE_MODULE_FORMAT__ === undefined ? 'esm' : __GOE_MODULE_FORMAT__;

const CONDITIONS: Readonly<Record<ModuleFormat, readonly string[]>> = {
  esm: ['import', 'node', 'default'],
  cjs: ['require', 'node', 'default'],
};

/** Picks the entry of a package `exports` field for a list of conditions (`types` is never an entry). */
function pickExport(target: unknown, conditions: readonly string[]): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map((t) => pickExport(t, conditions)).find((t) => t !== undefined);
  if (typeof target !== 'object' || target === null) return undefined;
  const t = target as Record<string, unknown>;
  if ('.' in t) return pickExport(t['.'], conditions);
  for (const [key, value] of Object.entries(t)) {
    if (!conditions.includes(key)) continue;
    const picked = pickExport(value, conditions);
    if (picked !== undefined) return picked;
  }
  return undefined;
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** `main` as CommonJS resolves it: the file, with `.js`/`.cjs`/`.mjs` added, or its `index.js`. */
function mainFile(dir: string, main: string | undefined): string | undefined {
  const base = join(dir, main ?? 'index.js');
  for (const candidate of [base, `${base}.js`, `${base}.cjs`, `${base}.mjs`, join(base, 'index.js')]) {
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The entry file of package `pkg` installed in `<root>/node_modules` (never a parent directory's, never the
 * current directory's), for a module format: the `exports` entry for its conditions, else `main`.
 *
 * @throws Error with `code` `MODULE_NOT_FOUND` when the package is not there or has no entry for the format
 * @example
 * resolvePackageEntry('goe-backend-quack', '/home/me/.goe/plugins', 'cjs') // '…/plugins/node_modules/goe-backend-quack/dist/index.cjs'
 */
export function resolvePackageEntry(pkg: string, root: string, format: ModuleFormat = MODULE_FORMAT): string {
  const dir = join(root, 'node_modules', pkg);
  const manifestPath = join(dir, 'package.json');
  if (!isFile(manifestPath)) {
    throw Object.assign(new Error(`Cannot find package '${pkg}' in ${join(root, 'node_modules')}`), {
      code: 'MODULE_NOT_FOUND',
    });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: unknown;
    main?: string;
    type?: string;
  };
  const entry =
    manifest.exports !== undefined
      ? pickExport(manifest.exports, CONDITIONS[format])
      : mainFile(dir, manifest.main)?.slice(dir.length + 1);
  if (entry === undefined) {
    throw Object.assign(new Error(`Package '${pkg}' has no entry for ${format === 'cjs' ? 'require' : 'import'}`), {
      code: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  }
  return join(dir, entry);
}

/** True when Node would load `file` of the package as an ES module (`.mjs`, or `.js` in a `"type": "module"` package). */
function isEsmFile(file: string, pkg: string, root: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as {
    type?: string;
  };
  return manifest.type === 'module';
}

/**
 * Loads package `pkg` from `<root>/node_modules` the way the running build of core loads modules: `require` in the
 * CommonJS build, `import()` in the ESM build. A package with no CommonJS entry is imported in either.
 *
 * @throws the resolution or evaluation error of the package
 * @example
 * const mod = await loadPackageFrom('goe-backend-quack', join(offloadHome, 'plugins'));
 */
export async function loadPackageFrom(
  pkg: string,
  root: string,
  format: ModuleFormat = MODULE_FORMAT,
): Promise<unknown> {
  if (format === 'cjs') {
    let file: string | undefined;
    try {
      file = resolvePackageEntry(pkg, root, 'cjs');
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
    }
    if (file !== undefined && !isEsmFile(file, pkg, root)) return createRequire(file)(file) as unknown;
  }
  return import(pathToFileURL(resolvePackageEntry(pkg, root, 'esm')).href);
}
