import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** Maps every workspace package name (e.g. `@goe/core`) to its TypeScript source, so tests run without a build. */
export function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  const dirs = ['libs', 'apps'];
  const visit = (dir: string, depth: number) => {
    if (!existsSync(dir)) return;
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const { name } = JSON.parse(readFileSync(pkg, 'utf8')) as { name: string };
      const src = join(dir, 'src', 'index.ts');
      if (existsSync(src)) aliases[name] = src;
      return;
    }
    if (depth === 0) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'node_modules') visit(join(dir, e.name), depth - 1);
    }
  };
  for (const d of dirs) visit(join(root, d), 2);
  return aliases;
}
