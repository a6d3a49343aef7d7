/**
 * The Oracle frontend session over the simulated Oracle (test/support/simulated-oracle.ts), through the adapter as
 * core uses it: configuration, describe, the SCN snapshot, slice planning (partition, extent, mod, id_range), every
 * row exactly once across slices, AS OF SCN consistency, verification counts, sampling, statement counts, errors.
 */
import { describe, expect, it } from 'vitest';
import {
  COMMON_CONFIG,
  loadConfig,
  parsePredicate,
  type AdapterContext,
  type GoeEvent,
  type OffloadScope,
  type SourceTable,
} from '@goe/core';
import { arrowVectorValues } from '@goe/conformance';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import { ORACLE_CONFIG, createOracleFrontend, oracleFrontend, ORACLE_CAPABILITIES } from '../src/index.js';
import { SimulatedOracle, type SimGrants, type SimSettings, type SimTable } from './support/simulated-oracle.js';
import { oracleType } from './support/dictionary.js';
import { salesRows, salesTable } from './support/sales.js';

const ENV = {
  ORA_CONN: 'db.example:1521/FREEPDB1',
  ORA_APP_USER: 'goe_app',
  ORA_APP_PASS: 'sim-password',
};

/** An adapter context from GOE's variables, with the events kept. */
function context(env: Record<string, string> = {}): { ctx: AdapterContext; events: GoeEvent[] } {
  const events: GoeEvent[] = [];
  const config = loadConfig({ schemas: [COMMON_CONFIG, ORACLE_CONFIG], env: { ...ENV, ...env }, file: false });
  return { ctx: { config, events: { emit: (e) => void events.push(e) } }, events };
}

/** A simulated database holding `tables` (rows: `rows` per table), and a session on it. */
async function open(tables: SimTable[], rows = 40, grants: SimGrants = {}, env: Record<string, string> = {}) {
  const db = new SimulatedOracle(tables, grants);
  for (const t of tables) db.insert(t.owner, t.name, salesRows(rows, t.partitioning?.partitions.length ?? 1));
  const { ctx, events } = context(env);
  const session = await createOracleFrontend({ driver: db.driver }).connect(ctx);
  return { db, session, events };
}

/** Every ID extracted from `slices` of `table` at `snapshot`, sorted. */
async function idsOf(
  session: Awaited<ReturnType<typeof open>>['session'],
  table: SourceTable,
  scope: OffloadScope,
  parallelism: number,
  snapshotId?: string,
) {
  const snapshot = snapshotId === undefined ? await session.snapshot() : await session.snapshot(snapshotId);
  const slices = await session.planSlices(table, scope, parallelism);
  const ids: number[] = [];
  for (const slice of slices) {
    for await (const batch of session.extract(table, slice, { snapshot, batchRows: 7 })) {
      ids.push(...(arrowVectorValues(batch.getChild('ID')!) as bigint[]).map(Number));
    }
  }
  return { slices, ids: ids.sort((a, b) => a - b) };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('oracleFrontend', () => {
  it('is a frontend named oracle reading ORA_* with an SCN snapshot', () => {
    expect(oracleFrontend).toMatchObject({ kind: 'frontend', name: 'oracle', displayName: 'Oracle' });
    expect(oracleFrontend.capabilities).toEqual(ORACLE_CAPABILITIES);
    expect(oracleFrontend.capabilities.snapshot).toBe('scn');
    expect(oracleFrontend.configSchema).toBe(ORACLE_CONFIG);
  });

  it('a wrong password fails at connect with CONNECTION_FAILED and ORA-01017, the password never shown', async () => {
    const db = new SimulatedOracle([salesTable()]);
    const { ctx } = context({ ORA_APP_PASS: 'wrong-secret' });
    const e = await goeErrorOf(() => createOracleFrontend({ driver: db.driver }).connect(ctx));
    expect(e).toMatchObject({ code: 'CONNECTION_FAILED', engineCode: 'ORA-01017' });
    expect(e.message).toContain('Cannot connect to Oracle at db.example:1521/FREEPDB1 as goe_app');
    expect(`${e.message} ${e.hint}`).not.toContain('wrong-secret');
  });
});

describe('describeTable', () => {
  it('columns, key, partitions and sizes in a bounded number of statements; the session set up first', async () => {
    const { db, session } = await open([salesTable({ months: 3 })]);
    const table = await session.describeTable('sh', 'sales', { sampling: { percent: 0, paddingDigits: 2 } });
    expect(table.columns.map((c) => `${c.name} ${c.dataType} ${c.canonical.dataType}`)).toEqual([
      'ID NUMBER(10) INTEGER_8',
      'TIME_ID DATE TIMESTAMP',
      'AMOUNT NUMBER(12,2) DECIMAL',
      'REGION VARCHAR2(10 BYTE) VARIABLE_STRING',
      'SCORE NUMBER DECIMAL',
    ]);
    expect(table.primaryKey).toEqual(['ID']);
    expect(table.partitioning.partitions.map((p) => p.name)).toEqual(['P2024_01', 'P2024_02', 'P2024_03']);
    expect(db.statements[0]!.sql).toMatch(/^ALTER SESSION SET NLS_DATE_FORMAT/);
    await session.close();
    expect(db.open).toBe(0);
  });

  it('no N+1: 40 partitions cost the statements 2 partitions cost', async () => {
    const counts: number[] = [];
    for (const months of [2, 40]) {
      const { db, session } = await open([salesTable({ months })]);
      const before = db.statements.length;
      const table = await session.describeTable('SH', 'SALES', { sampling: { percent: 0, paddingDigits: 2 } });
      await session.count(table, { kind: 'partitions', partitions: table.partitioning.partitions.map((p) => p.name) });
      counts.push(db.statements.length - before);
      await session.close();
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(8);
  });

  it('samples plain NUMBER: sized from the data, with the options that skip sampling next time', async () => {
    const { session, events } = await open([salesTable()]);
    const table = await session.describeTable('SH', 'SALES', { sampling: { percent: -1, paddingDigits: 2 } });
    const score = table.columns.find((c) => c.name === 'SCORE')!;
    // values up to 39.125: 2 integral digits, scale 3, padded by 2 → DECIMAL(9,5)
    expect(score.canonical).toMatchObject({ dataType: 'DECIMAL', precision: 9, scale: 5, safeMapping: false });
    expect(events.map((e) => ('message' in e ? e.message : ''))).toContainEqual(
      expect.stringContaining(
        'Sampled NUMBER column SCORE: 2 integral digits, scale 3 → DECIMAL(9,5); to skip sampling next time: --decimal-columns SCORE --decimal-columns-type 9,5',
      ),
    );
    await session.close();
  });

  it('an unknown table: TABLE_NOT_FOUND naming it', async () => {
    const { session } = await open([salesTable()]);
    const e = await goeErrorOf(() => session.describeTable('SH', 'NOPE'));
    expect(e).toMatchObject({ code: 'TABLE_NOT_FOUND' });
    expect(e.message).toContain('SH.NOPE');
    await session.close();
  });

  it('without DBA_SEGMENTS: a notice, and the row estimate stands in', async () => {
    const { session, events } = await open([salesTable()], 10, { dba: false });
    const table = await session.describeTable('SH', 'SALES', { sampling: { percent: 0, paddingDigits: 2 } });
    expect(table.sizeBytes).toBeUndefined();
    expect(table.rowEstimate).toBe(10);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'notice', message: expect.stringContaining('DBA_SEGMENTS') }),
    );
    await session.close();
  });
});

describe('snapshot, slices and extraction', () => {
  it('reads every row exactly once at parallelism 1–4 over partitions, ROWID ranges and MOD slices', async () => {
    for (const [spec, grants, method] of [
      [salesTable({ months: 4 }), {}, 'partition'],
      [salesTable(), {}, 'extent'],
      [salesTable(), { dba: false }, 'mod'],
    ] as const) {
      const { session, events } = await open([spec], 45, grants);
      const table = await session.describeTable('SH', 'SALES');
      for (const p of [1, 2, 3, 4]) {
        const { slices, ids } = await idsOf(session, table, { kind: 'full' }, p);
        expect(ids).toEqual(range(45));
        expect(slices.length).toBeLessThanOrEqual(p);
        if (p > 1) expect(slices[0]!.method).toBe(method);
        expect(JSON.parse(JSON.stringify(slices))).toEqual(slices);
      }
      if (method === 'mod') {
        expect(events).toContainEqual(
          expect.objectContaining({ type: 'notice', message: expect.stringContaining('No SELECT on DBA_EXTENTS') }),
        );
      }
      await session.close();
    }
  });

  it('an index-organized table splits by id_range over its key, read as of the snapshot', async () => {
    const { session, db } = await open([salesTable({ iot: true })], 30);
    const table = await session.describeTable('SH', 'SALES');
    const { slices, ids } = await idsOf(session, table, { kind: 'full' }, 3);
    expect(slices.map((s) => [s.method, s.params])).toEqual([
      ['id_range', { column: 'ID', lo: '1', hi: '11' }],
      ['id_range', { column: 'ID', lo: '11', hi: '21' }],
      ['id_range', { column: 'ID', lo: '21', hi: null }],
    ]);
    expect(ids).toEqual(range(30));
    expect(db.statements.some((s) => s.sql.includes('AS "LO"'))).toBe(true);
    await session.close();
  });

  it('a partition scope reads its partitions only, whatever the split', async () => {
    const { session } = await open([salesTable({ months: 4 })], 40);
    const table = await session.describeTable('SH', 'SALES');
    const scope: OffloadScope = { kind: 'partitions', partitions: ['P2024_02', 'P2024_04'] };
    const expected = range(40).filter((id) => (id - 1) % 4 === 1 || (id - 1) % 4 === 3);
    for (const p of [1, 2, 3]) expect((await idsOf(session, table, scope, p)).ids).toEqual(expected);
    expect(await session.count(table, scope)).toBe(20n);
    await session.close();
  });

  it('a predicate scope: binds, never literals, and the same rows from count and extract', async () => {
    const { session, db } = await open([salesTable()], 30);
    const table = await session.describeTable('SH', 'SALES');
    const scope: OffloadScope = {
      kind: 'predicate',
      predicate: parsePredicate('column(REGION) = string("EU") AND column(TIME_ID) < datetime(2024-01-10)'),
    };
    const { ids } = await idsOf(session, table, scope, 2);
    expect(ids).toEqual([1, 4, 7]);
    expect(await session.count(table, scope)).toBe(3n);
    const read = db.statements.find((s) => s.sql.includes('"REGION" = :bind_0'))!;
    expect(read.binds).toMatchObject({ bind_0: 'EU', bind_1: '2024-01-10 00:00:00' });
    expect(session.renderPredicate(scope.predicate, table)).toEqual({
      sql: `("REGION" = :bind_0 AND "TIME_ID" < TO_DATE(:bind_1, 'YYYY-MM-DD HH24:MI:SS'))`,
      params: ['EU', '2024-01-10 00:00:00'],
    });
    await session.close();
  });

  it('AS OF SCN: rows committed after the snapshot are neither extracted nor counted', async () => {
    const { session, db } = await open([salesTable({ months: 2 })], 20);
    const table = await session.describeTable('SH', 'SALES');
    const snapshot = await session.snapshot();
    expect(snapshot).toMatchObject({ kind: 'scn', id: String(db.currentScn) });
    db.insert('SH', 'SALES', [['1000', '2024-01-05 00:00:00', '1.00', 'EU', null]]);
    const { ids } = await idsOf(session, table, { kind: 'full' }, 2, snapshot.id);
    expect(ids).toEqual(range(20));
    expect(await session.count(table, { kind: 'full' }, snapshot)).toBe(20n);
    expect(await session.count(table, { kind: 'full' })).toBe(21n);
    await session.close();
    expect(db.open).toBe(0);
  });

  it('a given snapshot must be an SCN; without V$DATABASE the error says what to grant', async () => {
    const { session } = await open([salesTable()], 5, { vDatabase: false });
    expect(await goeErrorOf(() => session.snapshot('1; DROP TABLE x'))).toMatchObject({
      code: 'OPTION_INVALID',
      variable: '--offload-transport-snapshot',
    });
    const e = await goeErrorOf(() => session.snapshot());
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', variable: 'ORA_ADM_USER' });
    expect(e.hint).toContain('GRANT SELECT ON V_$DATABASE TO goe_app');
    expect((await session.snapshot('4242')).id).toBe('4242');
    await session.close();
  });

  it('the admin user has a session of its own when ORA_ADM_USER is set; all are closed', async () => {
    const { session, db } = await open(
      [salesTable()],
      5,
      {},
      { ORA_ADM_USER: 'goe_adm', ORA_ADM_PASS: 'sim-password' },
    );
    await session.snapshot();
    const sessions = new Set(db.statements.map((s) => s.session));
    expect(sessions.size).toBe(2);
    await session.close();
    expect(db.open).toBe(0);
  });

  it('an abort stops extraction with its reason, and the slice session is closed', async () => {
    const { session, db } = await open([salesTable()], 50);
    const table = await session.describeTable('SH', 'SALES');
    const [slice] = await session.planSlices(table, { kind: 'full' }, 1);
    const controller = new AbortController();
    const e = await (async () => {
      try {
        for await (const _ of session.extract(table, slice!, { batchRows: 5, signal: controller.signal })) {
          controller.abort(new Error('stop here'));
        }
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(e?.message).toBe('stop here');
    await session.close();
    expect(db.open).toBe(0);
  });
});

describe('verification reads', () => {
  it('aggregates in one statement as exact text, over the full table, a predicate and partitions, at the snapshot', async () => {
    const { session, db } = await open([salesTable({ months: 3 })], 30);
    const table = await session.describeTable('SH', 'SALES');
    const specs = [
      { column: 'ID', fn: 'count' },
      { column: 'REGION', fn: 'count_distinct' },
      { column: 'AMOUNT', fn: 'sum' },
      { column: 'TIME_ID', fn: 'min' },
      { column: 'AMOUNT', fn: 'max' },
      { column: 'region', fn: 'max' },
    ] as const;
    const snapshot = await session.snapshot();
    db.insert('SH', 'SALES', [['999', '2024-01-01 00:00:00', '-5000.00', 'ZZ', null]]);
    const before = db.statements.length;
    expect(await session.aggregate(table, { kind: 'full' }, specs, snapshot, { parallelism: 4 })).toEqual({
      'count(ID)': '30',
      'count_distinct(REGION)': '3',
      // 0.00 + 1.01 + … + 29.29: Σi + Σ(i mod 100)/100 over i < 30 = 435 + 4.35
      'sum(AMOUNT)': '439.35',
      'min(TIME_ID)': '2024-01-01 00:00:00',
      'max(AMOUNT)': '29.29',
      'max(region)': 'US',
    });
    expect(db.statements.length - before).toBe(1);
    expect(db.statements.at(-1)!.sql).toMatch(/^SELECT \/\*\+ PARALLEL\(4\) \*\/ COUNT\("ID"\)/);
    const eu = { kind: 'predicate', predicate: parsePredicate('column(REGION) = string("EU")') } as const;
    expect(await session.aggregate(table, eu, [{ column: 'ID', fn: 'max' }], snapshot)).toEqual({ 'max(ID)': '28' });
    const feb = { kind: 'partitions', partitions: ['P2024_02', 'P2024_03'] } as const;
    expect(await session.aggregate(table, feb, [{ column: 'ID', fn: 'count' }], snapshot)).toEqual({
      'count(ID)': '20',
    });
    expect(await session.aggregate(table, feb, [])).toEqual({});
    await expect(session.aggregate(table, { kind: 'full' }, [{ column: 'NOPE', fn: 'max' }])).rejects.toMatchObject({
      code: 'OPTION_INVALID',
      column: 'NOPE',
    });
    await session.close();
  });

  it('a scope of more than 1,024 partitions: counts summed over a few statements, aggregates refused naming --verify', async () => {
    const { session, db } = await open([salesTable({ months: 1030 })], 20, {}, {});
    const table = await session.describeTable('SH', 'SALES');
    const all = { kind: 'partitions', partitions: table.partitioning.partitions.map((p) => p.name) } as const;
    const before = db.statements.length;
    expect(await session.count(table, all)).toBe(20n);
    expect(db.statements.length - before).toBe(2);
    expect(await goeErrorOf(() => session.aggregate(table, all, [{ column: 'ID', fn: 'count' }]))).toMatchObject({
      code: 'OPTION_INVALID',
      variable: '--verify',
    });
    await session.close();
  });

  it('time-zoned aggregates are UTC instants, spelled with their zone', async () => {
    const tz: SimTable = {
      owner: 'SH',
      name: 'EVENTS',
      columns: [
        {
          name: 'ID',
          type: oracleType('NUMBER', { dataPrecision: 5, dataScale: 0 }),
        },
        {
          name: 'AT',
          type: oracleType('TIMESTAMP(6) WITH TIME ZONE', { dataLength: 13, dataScale: 6 }),
        },
      ],
    };
    const db = new SimulatedOracle([tz]);
    db.insert('SH', 'EVENTS', [
      ['1', '2024-03-31 00:30:00.5'],
      ['2', null],
    ]);
    const { ctx } = context();
    const session = await createOracleFrontend({ driver: db.driver }).connect(ctx);
    const table = await session.describeTable('SH', 'EVENTS');
    expect(await session.aggregate(table, { kind: 'full' }, [{ column: 'AT', fn: 'max' }])).toEqual({
      'max(AT)': '2024-03-31 00:30:00.500000000+00:00',
    });
    await session.close();
  });
});

describe('sampling edge cases', () => {
  const plain: SimTable = {
    owner: 'SH',
    name: 'NUMS',
    columns: [
      { name: 'EMPTY', type: oracleType('NUMBER') },
      { name: 'HUGE', type: oracleType('NUMBER') },
      { name: 'INTS', type: oracleType('NUMBER') },
    ],
  };

  it('a column with no value or with values beyond 64 characters stays unsized, with a warning naming the options', async () => {
    const db = new SimulatedOracle([plain]);
    db.insert('SH', 'NUMS', [[null, `1${'0'.repeat(70)}`, '-17']]);
    const { ctx, events } = context();
    const session = await createOracleFrontend({ driver: db.driver }).connect(ctx);
    const table = await session.describeTable('SH', 'NUMS', {
      sampling: { percent: 5, parallelism: 2, paddingDigits: 2 },
    });
    expect(table.columns.map((c) => [c.name, c.canonical.dataType, c.canonical.precision])).toEqual([
      ['EMPTY', 'DECIMAL', undefined],
      ['HUGE', 'DECIMAL', undefined],
      ['INTS', 'INTEGER_1', 2],
    ]);
    const warnings = events.filter((e) => e.type === 'warning').map((e) => ('message' in e ? e.message : ''));
    expect(warnings).toEqual([
      expect.stringContaining(
        'Column EMPTY: NUMBER without precision and no value in the sample; give --decimal-columns EMPTY',
      ),
      expect.stringContaining('Column HUGE: the sample holds values Oracle writes in exponent notation'),
    ]);
    expect(db.statements.find((s) => s.sql.includes('SAMPLE BLOCK'))!.sql).toContain('SAMPLE BLOCK (5)');
    expect(db.statements.find((s) => s.sql.includes('SAMPLE BLOCK'))!.sql).toContain('PARALLEL(2)');
    await session.close();
  });
});

describe('goe connect checks', () => {
  async function checksOf(grants: SimGrants, settings: SimSettings = {}) {
    const db = new SimulatedOracle([salesTable()], grants, '19.3.0.0.0', settings);
    const { ctx } = context({ ORA_ADM_USER: 'goe_adm', ORA_ADM_PASS: 'sim-password' });
    const session = await createOracleFrontend({ driver: db.driver }).connect(ctx);
    const checks = await session.connectChecks!();
    await session.close();
    expect(db.open).toBe(0);
    return Object.fromEntries(checks.map((c) => [c.name, c]));
  }

  it('all granted: database and character sets, the SCN, undo retention, FLASHBACK ANY TABLE, DBA views', async () => {
    const checks = await checksOf({});
    expect(Object.keys(checks)).toEqual([
      'Database',
      'Snapshot SCN',
      'Undo retention',
      'Flashback privilege',
      'DBA views',
    ]);
    expect(checks['Database']).toEqual({
      name: 'Database',
      status: 'ok',
      detail: 'Oracle 19.3.0.0.0, character set AL32UTF8, national AL16UTF16',
    });
    expect(checks['Snapshot SCN']).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^current SCN \d+ \(V\$DATABASE readable by goe_adm\)$/),
    });
    expect(checks['Undo retention']).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('undo_retention 900 s'),
    });
    expect(checks['Flashback privilege']).toMatchObject({ status: 'ok', detail: 'goe_app has FLASHBACK ANY TABLE' });
    expect(checks['DBA views']).toMatchObject({ status: 'ok', detail: 'goe_adm reads DBA_SEGMENTS and DBA_EXTENTS' });
  });

  it('what is missing is a warning or a failure saying what to grant or change', async () => {
    const checks = await checksOf(
      { vDatabase: false, dba: false, flashback: 0 },
      { undoRetention: 300, ncharset: 'UTF8' },
    );
    expect(checks['Database']).toMatchObject({
      status: 'warning',
      detail: expect.stringContaining('cannot be read in thin mode'),
    });
    expect(checks['Snapshot SCN']).toMatchObject({ status: 'failed', detail: expect.stringContaining('ORA-00942') });
    expect(checks['Undo retention']).toMatchObject({
      status: 'warning',
      detail: expect.stringContaining('ALTER SYSTEM SET UNDO_RETENTION = 900'),
    });
    expect(checks['Flashback privilege']).toMatchObject({
      status: 'warning',
      detail: expect.stringContaining('GRANT FLASHBACK ON owner.table TO goe_app'),
    });
    expect(checks['DBA views']).toMatchObject({
      status: 'warning',
      detail: expect.stringContaining('cannot read DBA_SEGMENTS (table sizes estimated from row counts), DBA_EXTENTS'),
    });
    const granted = await checksOf({ flashback: 3, vParameter: false });
    expect(granted['Flashback privilege']).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('FLASHBACK on 3 table(s)'),
    });
    expect(granted['Undo retention']).toMatchObject({
      status: 'warning',
      detail: expect.stringContaining('ORA-00942'),
    });
  });

  it('NCHAR data in a UTF8 national character set is refused at describe, naming the column and the view to offload', async () => {
    const table: SimTable = {
      owner: 'SH',
      name: 'NAMES',
      columns: [
        { name: 'ID', type: oracleType('NUMBER', { dataPrecision: 5, dataScale: 0 }) },
        { name: 'NAME', type: oracleType('NVARCHAR2', { dataLength: 40, charLength: 20, charUsed: 'C' }) },
      ],
    };
    for (const [ncharset, refused] of [
      ['UTF8', true],
      ['AL16UTF16', false],
    ] as const) {
      const db = new SimulatedOracle([table], {}, '19.3.0.0.0', { ncharset });
      const { ctx } = context();
      const session = await createOracleFrontend({ driver: db.driver }).connect(ctx);
      const described = session.describeTable('SH', 'NAMES');
      if (refused) {
        const e = await goeErrorOf(() => described);
        expect(e).toMatchObject({ code: 'TYPE_UNSUPPORTED', column: 'NAME' });
        expect(e.hint).toContain('TO_CHAR(NAME)');
      } else {
        expect((await described).columns.map((c) => c.name)).toEqual(['ID', 'NAME']);
      }
      await session.close();
    }
  });
});
