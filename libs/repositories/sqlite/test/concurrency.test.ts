import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteRepository } from '../src/index.js';
import { bundleForChild } from '../../../../tools/test-support/bundle-child.js';

let child = '';
beforeAll(async () => {
  child = await bundleForChild(fileURLToPath(new URL('./support/writer-child.ts', import.meta.url)));
});

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolveFn) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => resolveFn({ code, out, err }));
  });
}

describe('SQLite repository with two processes', () => {
  it('creates, migrates and writes one new file from two processes at once without losing a row', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'goe-repo-conc-')), 'repo', 'goe.sqlite');
    const n = 150;
    const [a, b] = await Promise.all([run([path, 'A', String(n)]), run([path, 'B', String(n)])]);
    expect(a.err + b.err).toBe('');
    expect([a.code, b.code, a.out.trim(), b.out.trim()]).toEqual([0, 0, `done ${n}`, `done ${n}`]);

    const repo = await openSqliteRepository({ path });
    try {
      const all = await repo.listCommands();
      expect(all).toHaveLength(2 * n);
      expect(all.every((c) => c.status === 'SUCCESS')).toBe(true);
      for (const tag of ['A', 'B']) {
        expect(await repo.listCommands({ owner: tag })).toHaveLength(n);
        expect((await repo.listSteps(`${tag}-${n - 1}`)).map((s) => s.status)).toEqual(['SUCCESS']);
        expect(await repo.listChunks(`${tag}-7`)).toEqual([expect.objectContaining({ rows: 7, status: 'SUCCESS' })]);
        expect(await repo.getMetadata(tag, 'SHARED')).toMatchObject({ executionId: `${tag}-${n - 1}` });
      }
    } finally {
      await repo.close();
    }
  });
});
