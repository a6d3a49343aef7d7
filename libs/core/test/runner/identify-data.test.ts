/**
 * "Find data to offload", data half, per offload variant, with fake sessions: which partitions, which verification
 * scopes, which high values, the no-op and catch-up (metadata lagging the backend) cases, one backend key query.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalColumn,
  normalizeDataIdentification,
  parsePredicate,
  printPredicate,
  type DataIdentificationOptions,
  type KeyColumn,
  type OffloadMetadata,
  type OffloadScope,
  type PartitionBound,
  type PartitionScheme,
  type SourcePartition,
  type SourceTable,
} from '@goe/core';
import { identifyData } from '../../src/runner/identify-data.js';
import type { Discovery, RunState } from '../../src/runner/run-state.js';
import type { OffloadMode } from '../../src/runner/offload-mode.js';

const v = (value: string | number): PartitionBound => ({ kind: 'value', value, text: String(value) });
const YR: KeyColumn = { column: 'YR', dataType: 'INTEGER_4', kind: 'number' };
const MO: KeyColumn = { column: 'MO', dataType: 'INTEGER_4', kind: 'number' };
const REGION: KeyColumn = { column: 'REGION', dataType: 'VARIABLE_STRING', kind: 'string' };
const DAY: KeyColumn = { column: 'DAY', dataType: 'DATE', kind: 'datetime' };

function source(partitioning: PartitionScheme): SourceTable {
  const cols: [string, 'INTEGER_4' | 'VARIABLE_STRING' | 'DATE'][] = [
    ['ID', 'INTEGER_4'],
    ['YR', 'INTEGER_4'],
    ['MO', 'INTEGER_4'],
    ['REGION', 'VARIABLE_STRING'],
    ['DAY', 'DATE'],
  ];
  return {
    owner: 'SH',
    name: 'T',
    columns: cols.map(([name, dataType]) => ({
      name,
      dataType,
      nullable: false,
      safeMapping: true,
      canonical: canonicalColumn({ name, dataType }),
    })),
    primaryKey: [],
    partitioning,
  };
}
const rp = (name: string, lower: [number, number], upper: [number, number]): SourcePartition => ({
  name,
  lowerBound: lower.map(v),
  upperBound: upper.map(v),
});
const MONTHLY = source({
  method: 'range',
  columns: ['YR', 'MO'],
  partitions: [rp('M1', [2024, 1], [2024, 2]), rp('M2', [2024, 2], [2024, 3]), rp('M3', [2024, 3], [2024, 4])],
});
const lp = (name: string, ...values: string[]): SourcePartition => ({ name, values: values.map((x) => [v(x)]) });
const REGIONS = source({
  method: 'list',
  columns: ['REGION'],
  partitions: [lp('P_EU', 'EU'), lp('P_US', 'US'), { name: 'P_DEF', isDefault: true }],
});
const DAYS = source({
  method: 'list',
  columns: ['DAY'],
  partitions: [lp('D1', '2024-01-01'), lp('D2', '2024-01-02'), lp('D3', '2024-01-03')],
});

interface Fake {
  readonly notices: string[];
  readonly keyQueries: string[];
  readonly counts: OffloadScope[];
}

function setup(o: {
  mode: OffloadMode;
  table: SourceTable;
  options?: DataIdentificationOptions;
  tableExists?: boolean;
  metadata?: OffloadMetadata;
  action?: 'append' | 'create' | 'reset';
  execute?: boolean;
  backendMax?: (string | null)[] | null;
  backendValues?: string[][];
  sourceRows?: bigint;
  backendRows?: bigint;
  withKeyValues?: boolean;
}): { s: RunState; found: Discovery; fake: Fake } {
  const fake: Fake = { notices: [], keyQueries: [], counts: [] };
  const backend = {
    ...(o.withKeyValues === false
      ? {}
      : {
          partitionKeyValues: async (_db: string, _t: string, columns: readonly string[], mode: 'max' | 'distinct') => {
            fake.keyQueries.push(`${mode}(${columns.join(',')})`);
            if (mode === 'max') return o.backendMax == null ? [] : [o.backendMax];
            return o.backendValues ?? [];
          },
        }),
    maxPartitionValue: async (_db: string, _t: string, column: string) => {
      fake.keyQueries.push(`maxPartitionValue(${column})`);
      return o.backendMax?.[0] ?? null;
    },
    count: async (_db: string, _t: string, scope: OffloadScope) => {
      fake.counts.push(scope);
      return o.backendRows ?? 0n;
    },
  };
  const s = {
    opts: {
      identification: normalizeDataIdentification(o.options ?? {}, '2024-06-01'),
      execute: o.execute ?? true,
    },
    settings: { maxChunkCount: 100, maxChunkBytes: 1e12 },
    logger: { info: () => undefined },
    notice: (m: string) => void fake.notices.push(m),
  } as unknown as RunState;
  const found = {
    mode: o.mode,
    source: o.table,
    target: { database: 'sh', table: 't' },
    tableExists: o.tableExists ?? false,
    action: { kind: o.action ?? 'append', notices: [] },
    ...(o.metadata === undefined ? {} : { metadata: o.metadata }),
    backend,
    frontend: { count: async () => o.sourceRows ?? 0n },
  } as unknown as Discovery;
  return { s, found, fake };
}

const meta = (extra: Partial<OffloadMetadata>): OffloadMetadata => ({
  owner: 'SH',
  table: 'T',
  backendDatabase: 'sh',
  backendTable: 't',
  offloadType: 'INCREMENTAL',
  executionId: 'e0',
  updatedAt: 't0',
  ...extra,
});
const RANGE2: OffloadMode = { kind: 'range', key: YR, keys: [YR, MO], predicateType: 'RANGE' };
const pred = (scope: OffloadScope | undefined) =>
  scope?.kind === 'predicate' ? printPredicate(scope.predicate) : JSON.stringify(scope);

describe('identifyData: RANGE on two columns', () => {
  it('first run: partitions below the tuple, lexicographic backend scope, one key query only when the table exists', async () => {
    const { s, found, fake } = setup({ mode: RANGE2, table: MONTHLY, options: { lessThanValue: '2024,3' } });
    const r = await identifyData(s, found);
    expect(r.planScope).toEqual({ kind: 'partitions', partitions: ['M1', 'M2'] });
    expect(r.highValues).toEqual({ values: [['2024', '3']], partition: 'M2', text: '2024, 3' });
    expect(pred(r.verifyScopes?.backend)).toBe(
      '((column(YR) > numeric(2024) OR (column(YR) = numeric(2024) AND column(MO) >= numeric(1))) AND (column(YR) < numeric(2024) OR (column(YR) = numeric(2024) AND column(MO) < numeric(3))))',
    );
    expect(fake.keyQueries).toEqual([]);
  });

  it('same command again: "No partitions to offload"', async () => {
    const { s, found, fake } = setup({
      mode: RANGE2,
      table: MONTHLY,
      options: { lessThanValue: '2024,3' },
      tableExists: true,
      metadata: meta({ incrementalKey: 'YR,MO', highValues: [['2024', '3']] }),
      backendMax: ['2024', '2'],
    });
    const r = await identifyData(s, found);
    expect(r.noop).toBe('No partitions to offload');
    expect(r.catchUp).toBeUndefined();
    expect(fake.keyQueries).toEqual(['max(YR,MO)']);
  });

  it('killed after the load: the rerun verifies the partitions between the recorded and the backend HWM, then saves', async () => {
    const { s, found, fake } = setup({
      mode: RANGE2,
      table: MONTHLY,
      options: { lessThanValue: '2024,3' },
      tableExists: true,
      metadata: meta({ incrementalKey: 'YR,MO', highValues: [['2024', '2']] }),
      backendMax: ['2024', '2'],
    });
    const r = await identifyData(s, found);
    expect(r.catchUp).toEqual({ from: '2024, 2', to: '2024, 3' });
    expect(r.verifyScopes?.source).toEqual({ kind: 'partitions', partitions: ['M2'] });
    expect(fake.notices[1]).toMatch(/^Offload metadata high-water mark 2024, 2 lags the backend table/);
  });

  it('a first run stopped before saving metadata (table, no metadata): verify from the start', async () => {
    const { s, found } = setup({ mode: RANGE2, table: MONTHLY, tableExists: true, backendMax: ['2024', '1'] });
    const r = await identifyData(s, found);
    expect(r.planScope).toEqual({ kind: 'partitions', partitions: ['M2', 'M3'] });
    expect(r.verifyScopes?.source).toEqual({ kind: 'partitions', partitions: ['M1', 'M2', 'M3'] });
    const noop = setup({
      mode: RANGE2,
      table: MONTHLY,
      options: { lessThanValue: '2024,2' },
      tableExists: true,
      backendMax: ['2024', '1'],
    });
    expect(await identifyData(noop.s, noop.found)).toMatchObject({ catchUp: { from: '', to: '2024, 2' } });
  });

  it('recorded single-column highWaterMark (metadata before highValues) still counts; a lag above it is verified', async () => {
    const RANGE1: OffloadMode = { kind: 'range', key: DAY, keys: [DAY], predicateType: 'RANGE' };
    const daily = source({
      method: 'range',
      columns: ['DAY'],
      partitions: [
        { name: 'J', upperBound: [v('2024-02-01')] },
        { name: 'F', upperBound: [v('2024-03-01')] },
        { name: 'M', upperBound: [v('2024-04-01')] },
      ],
    });
    const { s, found, fake } = setup({
      mode: RANGE1,
      table: daily,
      tableExists: true,
      metadata: meta({ incrementalKey: 'DAY', highWaterMark: '2024-02-01' }),
      backendMax: ['2024-02-15'],
      withKeyValues: false,
    });
    const r = await identifyData(s, found);
    expect(r.planScope).toEqual({ kind: 'partitions', partitions: ['M'] });
    expect(r.verifyScopes?.source).toEqual({ kind: 'partitions', partitions: ['F', 'M'] });
    expect(fake.keyQueries).toEqual(['maxPartitionValue(DAY)']);
  });
});

describe('identifyData: FULL with a boundary, LIST, LIST_AS_RANGE', () => {
  it('FULL with a boundary: the whole table in chunks of partitions, the boundary high value', async () => {
    const { s, found } = setup({
      mode: { kind: 'full', boundary: { keys: [YR, MO] } },
      table: MONTHLY,
      options: { partitionNames: 'M1' },
    });
    Object.assign(s.settings, { maxChunkCount: 2 });
    const parts = (...partitions: string[]) => ({ kind: 'partitions', partitions });
    expect(await identifyData(s, found)).toEqual({
      highValues: { values: [['2024', '2']], partition: 'M1', text: '2024, 2' },
      chunkScopes: [parts('M1', 'M2'), parts('M3')],
    });
    const none = setup({
      mode: { kind: 'full', boundary: { keys: [YR, MO] } },
      table: MONTHLY,
      options: { lessThanValue: '2000' },
    });
    expect(await identifyData(none.s, none.found)).toEqual({ chunkScopes: [parts('M1', 'M2', 'M3')] });
    const plain = setup({ mode: { kind: 'full' }, table: MONTHLY });
    expect(await identifyData(plain.s, plain.found)).toEqual({});
  });

  it('FULL with a boundary killed after a chunk: the rerun loads the partitions the backend lacks, verifies the whole table', async () => {
    const full: OffloadMode = { kind: 'full', boundary: { keys: [YR, MO] } };
    const { s, found, fake } = setup({
      mode: full,
      table: MONTHLY,
      options: { partitionNames: 'M1' },
      tableExists: true,
      backendMax: ['2024', '1'],
    });
    const r = await identifyData(s, found);
    expect(r.append).toEqual({ partitions: ['M2', 'M3'], alreadyOffloaded: ['M1'] });
    expect(r.chunkScopes).toEqual([{ kind: 'partitions', partitions: ['M2', 'M3'] }]);
    expect(r.verifyScopes).toEqual({ source: { kind: 'full' } });
    expect(r.highValues?.partition).toBe('M1');
    expect(fake.keyQueries).toEqual(['max(YR,MO)']);
    // killed after the last chunk: nothing to load; verify the whole table and save the metadata with the boundary
    const done = setup({
      mode: full,
      table: MONTHLY,
      options: { partitionNames: 'M1' },
      tableExists: true,
      backendMax: ['2024', '3'],
    });
    const d = await identifyData(done.s, done.found);
    expect(d).toMatchObject({
      noop: 'No partitions to offload',
      catchUp: { from: '', to: '2024, 2' },
      verifyScopes: { source: { kind: 'full' } },
      highValues: { values: [['2024', '2']] },
    });
    // a table with metadata is never resumed here (the re-run matrix refuses or the recorded variant applies)
    const recorded = setup({
      mode: full,
      table: MONTHLY,
      options: { partitionNames: 'M1' },
      tableExists: true,
      backendMax: ['2024', '1'],
      metadata: meta({ offloadType: 'FULL', incrementalKey: 'YR,MO' }),
    });
    expect((await identifyData(recorded.s, recorded.found)).append).toBeUndefined();
  });

  it('FULL with a boundary: a DEFAULT partition left last is loaded when the backend holds more rows than the others', async () => {
    const withDefault = source({
      method: 'range',
      columns: ['YR', 'MO'],
      partitions: [...MONTHLY.partitioning.partitions, { name: 'P_DEF', isDefault: true }],
    });
    const run = async (backendRows: bigint) => {
      const { s, found, fake } = setup({
        mode: { kind: 'full', boundary: { keys: [YR, MO] } },
        table: withDefault,
        options: { partitionNames: 'M1' },
        tableExists: true,
        backendMax: ['2024', '3'],
        sourceRows: 30n,
        backendRows,
      });
      const r = await identifyData(s, found);
      expect(fake.counts).toEqual([undefined]);
      return r;
    };
    expect((await run(30n)).chunkScopes).toEqual([{ kind: 'partitions', partitions: ['P_DEF'] }]);
    const all = await run(31n);
    expect(all.append?.alreadyOffloaded).toEqual(['M1', 'M2', 'M3', 'P_DEF']);
    expect(all.catchUp).toBeDefined();
  });

  it('LIST: this run, high values accumulated, IN scope; nothing left → no-op; lagging metadata → catch-up', async () => {
    const mode: OffloadMode = { kind: 'list', keys: [REGION], offloadType: 'INCREMENTAL' };
    const a = setup({
      mode,
      table: REGIONS,
      options: { equalToValues: 'US' },
      tableExists: true,
      backendValues: [['EU']],
      metadata: meta({ incrementalKey: 'REGION', predicateType: 'LIST', highValues: [['EU']] }),
    });
    const r = await identifyData(a.s, a.found);
    expect(r.planScope).toEqual({ kind: 'partitions', partitions: ['P_US'] });
    expect(r.highValues?.values).toEqual([['EU'], ['US']]);
    expect(pred(r.verifyScopes?.backend)).toContain('string("US")');
    expect(a.fake.keyQueries).toEqual(['distinct(REGION)']);
    const b = setup({
      mode,
      table: REGIONS,
      options: { equalToValues: 'US' },
      tableExists: true,
      backendValues: [['EU'], ['US']],
      metadata: meta({ incrementalKey: 'REGION', predicateType: 'LIST', highValues: [['EU'], ['US']] }),
    });
    expect(await identifyData(b.s, b.found)).toMatchObject({ noop: 'No partitions to offload' });
    const c = setup({
      mode,
      table: REGIONS,
      options: { equalToValues: 'US' },
      tableExists: true,
      backendValues: [['EU'], ['US']],
      metadata: meta({ incrementalKey: 'REGION', predicateType: 'LIST', highValues: [['EU']] }),
    });
    const lag = await identifyData(c.s, c.found);
    expect(lag.catchUp).toEqual({ from: '(EU)', to: '(EU), (US)' });
    expect(lag.verifyScopes).toEqual({ source: { kind: 'partitions', partitions: ['P_EU', 'P_US'] } });
  });

  it('LIST FULL again after a plain FULL offload: every partition and DEFAULT found in the backend, a no-op without catch-up', async () => {
    const { s, found } = setup({
      mode: { kind: 'list', keys: [REGION], offloadType: 'FULL' },
      table: REGIONS,
      options: { offloadType: 'FULL' },
      tableExists: true,
      backendValues: [['EU'], ['LATAM'], ['US']],
      metadata: meta({ offloadType: 'FULL' }),
    });
    const r = await identifyData(s, found);
    expect(r.noop).toBe('No partitions to offload');
    expect(r.append?.alreadyOffloaded).toEqual(['P_EU', 'P_US', 'P_DEF']);
    expect(r.catchUp).toBeUndefined();
  });

  it('LIST_AS_RANGE: strict --less-than-value, HWM tuple, no-op rerun, catch-up when the metadata lags', async () => {
    const mode: OffloadMode = {
      kind: 'list-as-range',
      keys: [DAY],
      offloadType: 'INCREMENTAL',
      predicateType: 'LIST_AS_RANGE',
    };
    const a = setup({ mode, table: DAYS, options: { lessThanValue: '2024-01-03' } });
    const r = await identifyData(a.s, a.found);
    expect(r.planScope).toEqual({ kind: 'partitions', partitions: ['D1', 'D2'] });
    expect(r.highValues).toEqual({ values: [['2024-01-02']], partition: 'D2', text: '2024-01-02' });
    const b = setup({
      mode,
      table: DAYS,
      options: { lessThanValue: '2024-01-03' },
      tableExists: true,
      backendMax: ['2024-01-02'],
      metadata: meta({ incrementalKey: 'DAY', highValues: [['2024-01-02']] }),
    });
    expect(await identifyData(b.s, b.found)).toMatchObject({ noop: 'No partitions to offload' });
    const c = setup({
      mode,
      table: DAYS,
      options: { lessThanValue: '2024-01-03' },
      tableExists: true,
      backendMax: ['2024-01-02'],
      metadata: meta({ incrementalKey: 'DAY', highValues: [['2024-01-01']] }),
    });
    const lag = await identifyData(c.s, c.found);
    expect(lag.catchUp).toEqual({ from: '2024-01-01', to: '2024-01-02' });
    expect(pred(lag.verifyScopes?.backend)).toBe('column(DAY) <= datetime(2024-01-02)');
  });
});

/** MONTHLY plus a MAXVALUE partition; DAYS plus a DEFAULT partition. */
const MONTHLY_MAX = source({
  method: 'range',
  columns: ['YR', 'MO'],
  partitions: [
    ...MONTHLY.partitioning.partitions,
    { name: 'MMAX', lowerBound: [v(2024), v(4)], upperBound: [{ kind: 'MAXVALUE' }, { kind: 'MAXVALUE' }] },
  ],
});
const DAYS_DEF = source({
  method: 'list',
  columns: ['DAY'],
  partitions: [...DAYS.partitioning.partitions, { name: 'D_DEF', isDefault: true }],
});
const RANGE2_FULL: OffloadMode = { ...RANGE2, offloadType: 'FULL' } as OffloadMode;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: Error & { code?: string; variable?: string }) => e,
  );

describe('identifyData: switching OFFLOAD_TYPE (INCREMENTAL → FULL, FULL again, INCREMENTAL after FULL)', () => {
  it('RANGE FULL append: the partitions above the backend max and MAXVALUE, no OUT-OF-RANGE notice, backend scope above the offloaded ones', async () => {
    const { s, found, fake } = setup({
      mode: RANGE2_FULL,
      table: MONTHLY_MAX,
      tableExists: true,
      backendMax: ['2024', '2'],
      metadata: meta({ incrementalKey: 'YR,MO', highValues: [['2024', '3']] }),
    });
    const r = await identifyData(s, found);
    expect(r.planScope).toEqual({ kind: 'partitions', partitions: ['M3', 'MMAX'] });
    expect(r.chunkScopes).toEqual([{ kind: 'partitions', partitions: ['M3', 'MMAX'] }]);
    expect(r.append?.alreadyOffloaded).toEqual(['M1', 'M2']);
    expect(r.highValues).toEqual({ values: [['2024', '4']], partition: 'M3', text: '2024, 4' });
    expect(pred(r.verifyScopes?.backend)).toBe(
      '(column(YR) > numeric(2024) OR (column(YR) = numeric(2024) AND column(MO) >= numeric(3)))',
    );
    expect(fake.notices).toEqual([]);
  });

  it('RANGE FULL append with a filter: every remaining partition, the filter places the HWM; nothing offloaded yet → whole backend', async () => {
    const { s, found } = setup({
      mode: RANGE2_FULL,
      table: MONTHLY_MAX,
      options: { lessThanValue: '2024,2' },
      tableExists: true,
      backendMax: null,
      metadata: meta({ incrementalKey: 'YR,MO' }),
    });
    const r = await identifyData(s, found);
    expect(r.planScope).toEqual({ kind: 'partitions', partitions: ['M1', 'M2', 'M3', 'MMAX'] });
    expect(r.highValues?.partition).toBe('M1');
    expect(r.verifyScopes?.backend).toBeUndefined();
  });

  it('RANGE FULL again: MAXVALUE loaded (backend max in it, or FULL recorded) → "No partitions to offload"', async () => {
    for (const [backendMax, offloadType] of [
      [['2024', '7'], 'INCREMENTAL'],
      [['2024', '3'], 'FULL'],
    ] as const) {
      const { s, found } = setup({
        mode: RANGE2_FULL,
        table: MONTHLY_MAX,
        tableExists: true,
        backendMax: [...backendMax],
        metadata: meta({ offloadType, incrementalKey: 'YR,MO', highValues: [['2024', '4']] }),
      });
      const r = await identifyData(s, found);
      expect(r.noop).toBe('No partitions to offload');
      expect(r.append?.alreadyOffloaded).toEqual(['M1', 'M2', 'M3', 'MMAX']);
      expect(r.highValues?.values).toEqual([['2024', '4']]);
    }
  });

  it("RANGE INCREMENTAL once rows of MAXVALUE are in the backend: GOE's refusal; below it, allowed", async () => {
    const refused = setup({
      mode: RANGE2,
      table: MONTHLY_MAX,
      tableExists: true,
      backendMax: ['2024', '4'],
      metadata: meta({ offloadType: 'FULL', incrementalKey: 'YR,MO' }),
    });
    const e = await failure(identifyData(refused.s, refused.found));
    expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: '--offload-type' });
    expect(e.message).toBe('Offload type INCREMENTAL invalid when OUT-OF-RANGE partition has been offloaded');
    const ok = setup({ mode: RANGE2, table: MONTHLY_MAX, tableExists: true, backendMax: ['2024', '3'] });
    expect(await identifyData(ok.s, ok.found)).toMatchObject({ noop: 'No partitions to offload' });
  });

  it('LIST INCREMENTAL with DEFAULT rows in the backend: "Offload type invalid when DEFAULT partition has been offloaded"', async () => {
    const { s, found } = setup({
      mode: { kind: 'list', keys: [REGION], offloadType: 'INCREMENTAL' },
      table: REGIONS,
      options: { equalToValues: 'US' },
      tableExists: true,
      backendValues: [['EU'], ['LATAM']],
      metadata: meta({ offloadType: 'FULL' }),
    });
    const e = await failure(identifyData(s, found));
    expect(e).toMatchObject({ code: 'OPTION_INVALID', variable: '--offload-type' });
    expect(e.message).toBe('Offload type invalid when DEFAULT partition has been offloaded');
  });

  it('LIST_AS_RANGE: INCREMENTAL refused after FULL (or with the backend max above every listed day); FULL again leaves DEFAULT out', async () => {
    const inc: OffloadMode = {
      kind: 'list-as-range',
      keys: [DAY],
      offloadType: 'INCREMENTAL',
      predicateType: 'LIST_AS_RANGE',
    };
    for (const [backendMax, offloadType] of [
      [['2024-01-01'], 'FULL'],
      [['2024-01-09'], 'INCREMENTAL'],
    ] as const) {
      const { s, found } = setup({
        mode: inc,
        table: DAYS_DEF,
        options: { lessThanValue: '2024-01-04' },
        tableExists: true,
        backendMax: [...backendMax],
        metadata: meta({ offloadType, incrementalKey: 'DAY', predicateType: 'LIST_AS_RANGE' }),
      });
      expect((await failure(identifyData(s, found))).message).toBe(
        'Offload type invalid when DEFAULT partition has been offloaded',
      );
    }
    // INCREMENTAL → FULL: the last day and DEFAULT
    const full: OffloadMode = { ...inc, offloadType: 'FULL' };
    const sw = setup({
      mode: full,
      table: DAYS_DEF,
      tableExists: true,
      backendMax: ['2024-01-02'],
      metadata: meta({ incrementalKey: 'DAY', predicateType: 'LIST_AS_RANGE', highValues: [['2024-01-02']] }),
    });
    expect((await identifyData(sw.s, sw.found)).planScope).toEqual({ kind: 'partitions', partitions: ['D3', 'D_DEF'] });
    // FULL again after it: DEFAULT is not loaded twice
    const again = setup({
      mode: full,
      table: DAYS_DEF,
      tableExists: true,
      backendMax: ['2024-01-09'],
      metadata: meta({ offloadType: 'FULL', incrementalKey: 'DAY', predicateType: 'LIST_AS_RANGE' }),
    });
    const r = await identifyData(again.s, again.found);
    expect(r.noop).toBe('No partitions to offload');
    expect(r.append?.alreadyOffloaded).toEqual(['D1', 'D2', 'D3', 'D_DEF']);
    // a new day partition after it: only that one (DEFAULT stays out), the HWM moves to it
    const added = setup({
      mode: full,
      table: source({
        method: 'list',
        columns: ['DAY'],
        partitions: [...DAYS_DEF.partitioning.partitions, lp('D4', '2024-01-04')],
      }),
      tableExists: true,
      backendMax: ['2024-01-03'],
      metadata: meta({ offloadType: 'FULL', incrementalKey: 'DAY', predicateType: 'LIST_AS_RANGE' }),
    });
    const more = await identifyData(added.s, added.found);
    expect(more.planScope).toEqual({ kind: 'partitions', partitions: ['D4'] });
    expect(more.highValues?.values).toEqual([['2024-01-04']]);
    expect(pred(more.verifyScopes?.backend)).toContain('2024-01-04');
  });
});

describe('identifyData: predicates', () => {
  const late: OffloadMode = {
    kind: 'predicate',
    predicate: parsePredicate('column(ID) >= numeric(1000)'),
    dsl: 'column(ID) >= numeric(1000)',
    variant: { kind: 'late-arriving', keys: [YR, MO] },
    predicateType: 'RANGE',
  };
  it('late-arriving: ANDs the backend maximum tuple (inclusive), notice "Appended IPA high value to offload predicate"', async () => {
    const { s, found, fake } = setup({
      mode: late,
      table: MONTHLY,
      tableExists: true,
      backendMax: ['2024', '2'],
      sourceRows: 2n,
    });
    const r = await identifyData(s, found);
    expect(fake.notices).toEqual(['Appended IPA high value to offload predicate']);
    expect(pred(r.planScope)).toBe(
      '(column(ID) >= numeric(1000) AND (column(YR) < numeric(2024) OR (column(YR) = numeric(2024) AND column(MO) <= numeric(2))))',
    );
  });

  it('intra-day killed after the load: "Already offloaded", and the catch-up records the new type and predicate', async () => {
    const dsl = 'column(YR) = numeric(2024) AND column(MO) = numeric(3) AND column(ID) < numeric(5)';
    const intraDay: OffloadMode = {
      kind: 'predicate',
      predicate: parsePredicate(dsl),
      dsl,
      variant: { kind: 'intra-day', keys: [YR, MO] },
      predicateType: 'RANGE_AND_PREDICATE',
    };
    const ranged = meta({ incrementalKey: 'YR,MO', predicateType: 'RANGE', highValues: [['2024', '3']] });
    const run = (metadata: OffloadMetadata, options: DataIdentificationOptions = {}) => {
      const { s, found } = setup({
        mode: intraDay,
        table: MONTHLY,
        options: { offloadPredicate: dsl, ...options },
        tableExists: true,
        metadata,
        sourceRows: 4n,
        backendRows: 4n,
      });
      return identifyData(s, found);
    };
    const lag = await run(ranged);
    expect(lag.noop).toBe(`Already offloaded: ${dsl}`);
    expect(lag.catchUp).toEqual({ from: 'RANGE', to: `RANGE_AND_PREDICATE ${dsl}` });
    expect(pred(lag.verifyScopes?.source)).toBe(pred(lag.verifyScopes?.backend));
    expect(pred(lag.verifyScopes?.source)).toContain('numeric(5)');
    // recorded by the completed run: a plain no-op
    const saved = await run({ ...ranged, predicateType: 'RANGE_AND_PREDICATE', predicates: [dsl] });
    expect(saved).toEqual({ noop: `Already offloaded: ${dsl}` });
    // the type recorded but not this predicate (a second intra-day predicate killed after its load)
    expect((await run({ ...ranged, predicateType: 'RANGE_AND_PREDICATE', predicates: ['x'] })).catchUp).toBeDefined();
    // --no-modify-hybrid-view records no predicate: only the type counts
    const noModify = await run(
      { ...ranged, predicateType: 'RANGE_AND_PREDICATE', predicates: ['x'] },
      { noModifyHybridView: true },
    );
    expect(noModify.catchUp).toBeUndefined();
  });

  it('late-arriving data with every row already in the backend: no catch-up (its metadata is never modified)', async () => {
    const { s, found } = setup({
      mode: late,
      table: MONTHLY,
      tableExists: true,
      backendMax: ['2024', '2'],
      metadata: meta({ incrementalKey: 'YR,MO', predicateType: 'RANGE', highValues: [['2024', '3']] }),
      sourceRows: 2n,
      backendRows: 2n,
    });
    const r = await identifyData(s, found);
    expect(r.noop).toMatch(/^Already offloaded: /);
    expect(r.catchUp).toBeUndefined();
  });

  it('late-arriving on an empty backend: a no-op saying why', async () => {
    const { s, found } = setup({ mode: late, table: MONTHLY, tableExists: true, backendMax: null });
    expect((await identifyData(s, found)).noop).toBe(
      'No rows to offload: the backend table holds no partition-append rows to bound the late-arriving data',
    );
  });
});
