/** Every SQL builder's example rendering equals its golden file (UPDATE_GOLDEN=1 rewrites them). */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQL_BUILDERS } from '../src/sql.js';

const dir = join(import.meta.dirname, 'golden');

describe('SQL golden files', () => {
  it.each(SQL_BUILDERS.map((b) => [b.name, b] as const))('%s', (name, builder) => {
    const file = join(dir, `${name}.sql`);
    const sql = builder.render() + '\n';
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, sql);
    expect(sql).toBe(readFileSync(file, 'utf8'));
  });

  it('has one golden file per builder and no other', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(files).toEqual(SQL_BUILDERS.map((b) => `${b.name}.sql`).sort());
  });
});
