import { describe, expect, it } from 'vitest';
import {
  assertDescribesSlices,
  canonicalColumn,
  describeSliceSources,
  transportReads,
  withPlanColumns,
  type FrontendSession,
  type Slice,
  type SliceSource,
  type SourceTable,
} from '../../src/index.js';

const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
const val = canonicalColumn({ name: 'VAL', dataType: 'VARIABLE_STRING', nullable: true, charLength: 10 });
const table = {
  owner: 'SH',
  name: 'T',
  columns: [
    { name: 'id', dataType: 'bigint', canonical: id },
    { name: 'val', dataType: 'text', canonical: val },
  ],
} as unknown as SourceTable;
const slices: Slice[] = ['s0', 's1'].map((sid) => ({ id: sid, method: 'mod', scope: { kind: 'full' }, params: {} }));
const names = { frontend: 'mydb', transport: 'remote' };

const describing = (describe: FrontendSession['describeSlice']) => ({ describeSlice: describe }) as FrontendSession;

describe('remote transport helpers', () => {
  it('withPlanColumns keeps the plan columns with the plan mapping', () => {
    const narrowed = canonicalColumn({ name: 'ID', dataType: 'INTEGER_4', nullable: false });
    const t = withPlanColumns(table, [narrowed]);
    expect(t.columns.map((c) => [c.name, c.canonical.dataType])).toEqual([['id', 'INTEGER_4']]);
  });

  it('a frontend without describeSlice is refused naming both adapters and the option', async () => {
    expect(() => assertDescribesSlices({} as FrontendSession, names)).toThrow(/remote.*mydb/);
    await expect(describeSliceSources({ frontend: {} as FrontendSession, table, slices, names })).rejects.toMatchObject(
      {
        code: 'CONFIG_INVALID',
        variable: '--offload-transport-method',
      },
    );
  });

  it('describes every slice in order, passing the snapshot', async () => {
    const snapshot = { kind: 'scn' as const, id: '42', release: async () => {} };
    const sources = await describeSliceSources({
      frontend: describing(async (_t, s, o) => ({
        sliceId: s.id,
        frontend: 'mydb',
        connection: { protocol: 'mydb' },
        sql: `SELECT 1 -- ${o?.snapshot?.id}`,
        columns: [],
      })),
      table,
      slices,
      snapshot,
      names,
    });
    expect(sources.map((s) => [s.sliceId, s.sql])).toEqual([
      ['s0', 'SELECT 1 -- 42'],
      ['s1', 'SELECT 1 -- 42'],
    ]);
  });

  it('refuses a source of another slice or one JSON cannot hold', async () => {
    const source = (over: Partial<SliceSource> | Record<string, unknown>) => async (_t: SourceTable, s: Slice) =>
      ({
        sliceId: s.id,
        frontend: 'mydb',
        connection: { protocol: 'mydb' },
        sql: 'x',
        columns: [],
        ...over,
      }) as SliceSource;
    await expect(
      describeSliceSources({ frontend: describing(source({ sliceId: 'zz' })), table, slices, names }),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(
      describeSliceSources({ frontend: describing(source({ extra: 1n })), table, slices, names }),
    ).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/JSON/) });
  });

  it("transportReads defaults to 'session'", () => {
    expect(transportReads({ capabilities: { method: 'X' } } as never)).toBe('session');
    expect(transportReads({ capabilities: { method: 'X', reads: 'source' } } as never)).toBe('source');
  });
});
