import { describe, expect, it } from 'vitest';
import {
  aggregateSpecs,
  compareAggregates,
  decideRerun,
  findStep,
  normalizeOffloadOptions,
  OFFLOAD_STEP_LIST,
  parseSkipSteps,
  planOffload,
  planTargetNames,
  standardFileName,
} from '@goe/core';
import type { BackendCapabilities } from '@goe/core';
import { MEMORY_BACKEND_CAPABILITIES } from './support/memory-adapters.js';
import { addSales, createWorld } from './support/memory-world.js';

const caps = (o: Partial<BackendCapabilities> = {}): BackendCapabilities => ({ ...MEMORY_BACKEND_CAPABILITIES, ...o });

describe('steps', () => {
  it("use GOE's codes, ids and titles in GOE's order (verify before save metadata)", () => {
    expect(OFFLOAD_STEP_LIST.map((s) => `${s.code}|${s.id}`)).toEqual([
      'FIND_OFFLOAD_DATA|find_data_to_offload',
      'ANALYZE_DATA_TYPES|analyzing_data_types',
      'DDL_FILE|create_ddl_file',
      'CREATE_DB|create_backend_database',
      'DROP_TABLE|drop_backend_table',
      'CREATE_TABLE|create_backend_table',
      'STAGING_SETUP|setup_staging_area',
      'STAGING_MINI_CLEANUP|empty_staging_area',
      'STAGING_TRANSPORT|transport_data_to_staging',
      'VALIDATE_DATA|validate_staged_data',
      'VALIDATE_CASTS|validate_type_conversions',
      'FINAL_LOAD|load_staged_data',
      'COMPUTE_STATS|compute_backend_statistics',
      'STAGING_CLEANUP|cleanup_staging_area',
      'VERIFY_EXPORTED_DATA|verify_exported_data',
      'SAVE_METADATA|save_offload_metadata',
      'MESSAGES|messages',
    ]);
    expect(findStep('Verify Exported Data').code).toBe('VERIFY_EXPORTED_DATA');
    expect([...parseSkipSteps(['VALIDATE_CASTS', 'messages'])]).toEqual(['VALIDATE_CASTS', 'MESSAGES']);
  });
});

describe('options', () => {
  it('normalizes -t, target name, verify and the execute switch of --ddl-file', () => {
    const n = normalizeOffloadOptions({
      table: 'sh.Sales',
      execute: true,
      targetName: 'Mart.S',
      noVerify: true,
      ddlFile: 'AUTO',
    });
    expect(n).toMatchObject({
      owner: 'sh',
      tableName: 'Sales',
      key: 'SH.SALES',
      target: { database: 'Mart', table: 'S' },
      verify: 'none',
      execute: false,
      ddlFile: 'AUTO',
    });
    expect(() => normalizeOffloadOptions({ table: 'a.b.c' })).toThrow(
      'Option -t or --table required in form SCHEMA.TABLENAME',
    );
    expect(() => normalizeOffloadOptions({ table: 'a.b', verify: 'sum' as never })).toThrow(/Invalid --verify value/);
    expect(
      normalizeOffloadOptions(
        { table: 'a.b' },
        { GOE_TEST_PAUSE_AFTER_STEP: 'final_load', GOE_TEST_PAUSE_FILE: '/tmp/p' },
      ),
    ).toMatchObject({ pauseAfterStep: 'FINAL_LOAD', pauseFile: '/tmp/p' });
  });
});

describe('target naming (§2.3)', () => {
  const base = { owner: 'SH', table: 'SALES', capabilities: caps() };
  it('owner + DB_NAME_PREFIX, case per BACKEND_IDENTIFIER_CASE or the backend default', () => {
    expect(planTargetNames(base)).toMatchObject({
      database: 'sh',
      table: 'sales',
      log: ['Using adjusted backend table name: sh.sales'],
    });
    expect(planTargetNames({ ...base, dbNamePrefix: 'DEV', identifierCase: 'NO_MODIFY' })).toMatchObject({
      database: 'dev_SH',
      table: 'SALES',
      log: [],
    });
    expect(
      planTargetNames({ ...base, identifierCase: 'UPPER', capabilities: caps({ loadDatabase: true }) }),
    ).toMatchObject({ database: 'SH', loadDatabase: 'SH_LOAD' });
    expect(planTargetNames({ ...base, targetName: { database: 'x', table: 'y' } })).toMatchObject({
      database: 'x',
      table: 'y',
    });
  });
  it('metadata names win; over-long names are refused', () => {
    expect(
      planTargetNames({
        ...base,
        targetName: { database: 'x', table: 'y' },
        metadata: { backendDatabase: 'Old', backendTable: 'T' },
      }),
    ).toMatchObject({
      database: 'Old',
      table: 'T',
      log: ['Re-using backend table name from metadata: Old.T'],
    });
    expect(() => planTargetNames({ ...base, table: 'T'.repeat(70) })).toThrow(
      /longer than the backend allows \(64 characters\)/,
    );
  });
});

describe('re-run decision table', () => {
  const self = { kind: 'self', executionId: 'e0' } as const;
  const other = { kind: 'other', owner: 'SH.OTHER', executionId: 'e9' } as const;
  const none = { kind: 'none' } as const;
  type Owner = typeof self | typeof other | typeof none;
  const s = {
    database: 'sh',
    table: 'sales',
    source: 'SH.SALES',
    tableExists: true,
    hasMetadata: false,
    reset: false,
    reuse: false,
    force: false,
  };
  const state = (over: {
    rows?: number;
    tableExists?: boolean;
    hasMetadata?: boolean;
    reset?: boolean;
    reuse?: boolean;
    force?: boolean;
    incremental?: boolean;
    owner?: Owner;
  }) => ({ ...s, owner: self, ...over, backendRows: BigInt(over.rows ?? 0) });
  it.each([
    [{ reset: true, rows: 9, hasMetadata: true }, 'reset'],
    [{ reset: true, rows: 9, owner: none, force: true }, 'reset'],
    [{ reset: true, rows: 9, owner: other, force: true }, 'reset'],
    [{ reset: true, tableExists: false, owner: none }, 'reset'],
    [{ tableExists: false, hasMetadata: true }, 'create'],
    [{ tableExists: false, owner: none }, 'create'],
    [{ tableExists: false, owner: other, force: true }, 'create'],
    [{}, 'populate'],
    [{ owner: none, force: true }, 'populate'],
    [{ hasMetadata: true, reuse: true }, 'populate'],
    [{ rows: 3 }, 'repair'],
    [{ rows: 3, incremental: true }, 'append'],
    [{ rows: 3, hasMetadata: true, incremental: true }, 'append'],
  ] as const)('%j → %s', (over, kind) => {
    expect(decideRerun(state(over)).kind).toBe(kind);
  });
  it.each([
    [
      { rows: 1, hasMetadata: true },
      'Target table sh.sales already has data. Offload with --reset-backend-table to overwrite table data',
    ],
    [
      { rows: 1, reuse: true, hasMetadata: true },
      'Target table sh.sales already has data. Offload with --reset-backend-table to overwrite table data',
    ],
    [
      { rows: 1, owner: none },
      'Missing metadata for table sh.sales. Offload with --reset-backend-table to overwrite table data',
    ],
    [
      { rows: 1, owner: other, force: true },
      'Missing metadata for table sh.sales. Offload with --reset-backend-table to overwrite table data',
    ],
    [
      { hasMetadata: true },
      'Empty table sh.sales has metadata. Offload with --reuse-backend-table to populate this table',
    ],
  ] as const)('%j → ALREADY_OFFLOADED', (over, message) => {
    expect(() => decideRerun(state(over))).toThrow(message);
    expect(() => decideRerun(state(over))).toThrow(expect.objectContaining({ code: 'ALREADY_OFFLOADED' }));
  });
  it.each([
    [
      { rows: 9, owner: other, reset: true },
      "Backend table sh.sales belongs to the offload of SH.OTHER: offloading SH.SALES into it would overwrite that offload's data",
    ],
    [{ tableExists: false, owner: other }, 'belongs to the offload of SH.OTHER'],
    [{ owner: other }, 'belongs to the offload of SH.OTHER'],
    [
      { rows: 9, owner: none, reset: true },
      'Backend table sh.sales was not created by GOE: --reset-backend-table would drop it',
    ],
    [{ owner: none }, 'Empty table sh.sales was not created by GOE. Offload with --force to populate it'],
  ] as const)('%j → TARGET_NOT_OWNED', (over, message) => {
    expect(() => decideRerun(state(over))).toThrow(message);
    expect(() => decideRerun(state(over))).toThrow(expect.objectContaining({ code: 'TARGET_NOT_OWNED' }));
  });
  it('names --force in the hints of a refusal for a table GOE does not own, never a bare --reset-backend-table', () => {
    const hint = (over: Parameters<typeof state>[0]) => {
      try {
        decideRerun(state(over));
      } catch (e) {
        return (e as { hint?: string }).hint ?? '';
      }
      throw new Error('expected a refusal');
    };
    expect(hint({ rows: 1, owner: none })).toMatch(/--reset-backend-table --force/);
    expect(hint({ owner: other })).toMatch(/--force to take the table over/);
    expect(hint({ rows: 1, owner: none, reset: true })).toMatch(/--force/);
  });
  it('taking a table over with --force says so', () => {
    expect(decideRerun(state({ owner: other, force: true, reset: true })).notices).toEqual([
      '--force: taking over backend table sh.sales from the offload of SH.OTHER (its offload metadata is removed)',
    ]);
  });
});

describe('planOffload', () => {
  const world = createWorld();
  const source = addSales(world);
  const input = {
    options: { table: 'SH.SALES' },
    source,
    frontend: 'memory',
    backend: { name: 'memory', capabilities: caps() },
    target: { database: 'sh', table: 'sales', log: [] },
    existingBackendTable: false,
    transport: { method: 'NATIVE' as const, parallelism: 2, batchRows: 5000 },
    staging: { format: 'PARQUET' as const, compress: true, prefix: 'sh/sales/x' },
  };
  it('is pure and JSON-serializable, applying data-type controls', () => {
    const plan = planOffload({
      ...input,
      options: { table: 'SH.SALES', integer38Columns: 'ID', notNullColumns: 'REGION' },
    });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(plan.columns.map((c) => [c.name, c.dataType, c.nullable])).toEqual([
      ['ID', 'INTEGER_38', true],
      ['REGION', 'VARIABLE_STRING', false],
      ['AMOUNT', 'DECIMAL', true],
    ]);
    expect(plan.staging).toMatchObject({ format: 'PARQUET', compression: 'SNAPPY', prefix: 'sh/sales/x' });
    expect(plan.scope).toEqual({ kind: 'full' });
    expect(plan.staging.encoding).toBeUndefined();
  });
  it("copies the backend's staging encoding into the plan", () => {
    const encoding = { decimal: 'text', timelike: 'epoch-int64' } as const;
    const staging = { schemes: ['file'], formats: ['PARQUET' as const], encoding };
    const plan = planOffload({
      ...input,
      backend: { name: 'memory', capabilities: caps({ staging }) },
      options: { table: 'SH.SALES' },
    });
    expect(plan.staging.encoding).toEqual(encoding);
  });
  it('refuses types the backend cannot hold and lossy conversions', () => {
    expect(() =>
      planOffload({ ...input, backend: { name: 'memory', capabilities: caps({ unsupportedTypes: ['DECIMAL'] }) } }),
    ).toThrow(/Column AMOUNT .* cannot be offloaded to memory/);
    expect(() =>
      planOffload({ ...input, backend: { name: 'memory', capabilities: caps({ maxDecimalScale: 1 }) } }),
    ).toThrow(/--allow-decimal-scale-rounding/);
  });
  it('ignores controls with a notice when populating an existing table', () => {
    const plan = planOffload({
      ...input,
      existingBackendTable: true,
      options: { table: 'SH.SALES', integer4Columns: 'ID' },
    });
    expect(plan.columns[0]?.dataType).toBe('INTEGER_8');
    expect(plan.notices[0]).toMatch(/^Retaining column data types of the existing backend table/);
  });
});

describe('aggregate verification helpers', () => {
  it('normalize engine spellings of numbers and timestamps', () => {
    expect(
      compareAggregates(
        { 'sum(X)': '1.50', 'min(X)': '-0.0', 'max(X)': '1.5E2' },
        { 'sum(X)': '1.5', 'min(X)': '0', 'max(X)': '150' },
      ),
    ).toEqual([]);
    expect(
      compareAggregates(
        {
          'max(T)': '9999-12-31 23:59:59.999999',
          'min(T)': '1969-12-31 23:59:59',
          'max(Z)': '2024-01-01 00:00:00+00',
          'max(D)': '2024-01-01 00:00:00',
        },
        {
          'max(T)': '9999-12-31T23:59:59.999999',
          'min(T)': '1969-12-31T23:59:59.000000',
          'max(Z)': '2024-01-01T00:00:00Z',
          'max(D)': '2024-01-01',
        },
        { 'max(T)': 'datetime', 'min(T)': 'datetime', 'max(Z)': 'datetime', 'max(D)': 'date' },
      ),
    ).toEqual([]);
    expect(compareAggregates({ 'max(S)': '1.50' }, { 'max(S)': '1.5' }, { 'max(S)': 'text' })).toEqual([
      'max(S): source 1.50, backend 1.5',
    ]);
    expect(compareAggregates({ 'count(X)': '3' }, {})).toEqual(['count(X): source 3, backend NULL']);
  });
  it('sample the first, middle and last aggregatable columns', () => {
    const world = createWorld();
    const plan = planOffload({
      options: { table: 'SH.SALES' },
      source: addSales(world),
      frontend: 'memory',
      backend: { name: 'memory', capabilities: caps() },
      target: { database: 'sh', table: 'sales', log: [] },
      existingBackendTable: false,
      transport: { method: 'NATIVE', parallelism: 1, batchRows: 1 },
      staging: { format: 'PARQUET', compress: false, prefix: 'p' },
    });
    expect(aggregateSpecs(plan).map((s) => `${s.fn}(${s.column})`)).toEqual([
      'count(ID)',
      'min(ID)',
      'max(ID)',
      'count_distinct(ID)',
      'min(REGION)',
      'max(REGION)',
      'count_distinct(REGION)',
      'min(AMOUNT)',
      'max(AMOUNT)',
      'count_distinct(AMOUNT)',
    ]);
  });
});

describe('file names', () => {
  it("GOE's standard_file_name: safe, at most 255 bytes", () => {
    expect(standardFileName('offload', 'SH.SALES', '20250101_000000_000000', '.log')).toBe(
      'offload_SH.SALES_20250101_000000_000000.log',
    );
    expect(standardFileName('offload', 'a/b c', 't', '.log')).toBe('offload_a_b_c_t.log');
    const long = standardFileName('offload', 'X'.repeat(400), 't', '.log');
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(255);
    expect(long.endsWith('.log')).toBe(true);
  });
});
