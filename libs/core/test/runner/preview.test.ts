/**
 * Preview writes nothing: the OFFLOAD_HOME tree (except the log directory), the backend, the staging store and
 * the repository row counts are the same before and after, except for one new log file and one PREVIEW command.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSales } from './support/memory-world.js';
import { createHarness, hashTree, stepsRun } from './support/harness.js';
import { repositoryCounts } from './support/memory-repository.js';

const backendState = (h: ReturnType<typeof createHarness>) =>
  JSON.stringify({
    dbs: [...h.world.databases].sort(),
    tables: [...h.world.tables].sort(),
    objects: [...h.world.objects.keys()].sort(),
    metadata: [...h.repo.metadata],
  });

describe('preview', () => {
  for (const [label, prepare] of [
    ['a first offload', async () => undefined],
    [
      'a reset of an offloaded table',
      async (h: ReturnType<typeof createHarness>) => void (await h.run({ execute: true })),
    ],
  ] as const) {
    it(`writes nothing but one PREVIEW command row and its log: ${label}`, async () => {
      const h = createHarness();
      addSales(h.world);
      h.world.databases.add('sh');
      await prepare(h);
      const logsBefore = existsSync(join(h.home, 'log')) ? readdirSync(join(h.home, 'log')).length : 0;
      const treeBefore = hashTree(h.home, (rel) => rel === 'log' || rel.startsWith('log/'));
      const stateBefore = backendState(h);
      const countsBefore = repositoryCounts(h.repo);
      h.events.length = 0;
      h.world.calls.length = 0;

      const r = await h.run({ resetBackendTable: true, createBackendDb: true });

      expect(r.status).toBe('PREVIEW');
      expect(hashTree(h.home, (rel) => rel === 'log' || rel.startsWith('log/'))).toBe(treeBefore);
      expect(backendState(h)).toBe(stateBefore);
      expect(repositoryCounts(h.repo)).toEqual({ ...countsBefore, commands: countsBefore.commands + 1 });
      expect(h.repo.commands.at(-1)).toMatchObject({ id: r.executionId, status: 'PREVIEW', logPath: r.logPath });
      expect(readdirSync(join(h.home, 'log'))).toHaveLength(logsBefore + 1);
      // every read-only step ran for real against the systems…
      expect(h.world.calls).toEqual(
        expect.arrayContaining(['frontend.connect', 'backend.connect', 'frontend.describeTable']),
      );
      expect(stepsRun(h.events).slice(0, 2)).toEqual(['FIND_OFFLOAD_DATA', 'ANALYZE_DATA_TYPES']);
      // …and nothing that writes: no lock, no staging store, no DDL, no load
      expect(
        h.world.calls.filter((c) =>
          /lock\.|storage\.open|backend\.(create|drop|stage|final)|transport\.run|snapshot/.test(c),
        ),
      ).toEqual([]);
      expect(r.plan.target).toMatchObject({ database: 'sh', table: 'sales' });
      const log = readFileSync(r.logPath, 'utf8');
      expect(log).toContain('Mode: preview');
      expect(log).toContain('CREATE TABLE sh.sales');
      expect(log).toContain('Preview: 3 source rows in scope');
    });
  }
});
