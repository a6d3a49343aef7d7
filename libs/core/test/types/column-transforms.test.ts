/** `--transform-column` (issue #13): parser, planner checks, plan field, printed plan and aggregate verification. */
import { describe, expect, it } from 'vitest';
import {
  aggregateSpecs,
  backendColumns,
  canonicalColumn,
  columnTransformOf,
  describeColumnTransform,
  formatOffloadPlan,
  parsePredicate,
  parseTransformColumn,
  planColumnTransforms,
  planOffload,
  transformedColumns,
  DEFAULT_BACKEND_CAPABILITIES,
  type BackendCapabilities,
  type ColumnTransformContext,
} from '@goe/core';
import { goeError } from '../support/goe-error.js';
import { MEMORY_BACKEND_CAPABILITIES } from '../runner/support/memory-adapters.js';
import { addSales, createWorld } from '../runner/support/memory-world.js';

const columns = [
  canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
  canonicalColumn({ name: 'Email', dataType: 'VARIABLE_STRING', nullable: false }),
  canonicalColumn({ name: 'NOTE', dataType: 'LARGE_STRING' }),
  canonicalColumn({ name: 'AMOUNT', dataType: 'DECIMAL', precision: 10, scale: 2 }),
];
const ALL = ['null', 'suppress', 'regexp_replace', 'translate'];
const ctx = (o: Partial<ColumnTransformContext> = {}): ColumnTransformContext => ({
  columns,
  supported: ALL,
  backendName: 'Quack',
  ...o,
});

describe('parseTransformColumn', () => {
  it('parses bare functions and quoted parameters with commas, parentheses, quotes and backslashes', () => {
    expect(parseTransformColumn('ssn:NULL')).toEqual({ value: 'ssn:NULL', column: 'ssn', fn: 'null', params: [] });
    expect(parseTransformColumn(' note : suppress() ').fn).toBe('suppress');
    expect(parseTransformColumn("E:regexp_replace('(a,b)', 'x''y\\z')").params).toEqual(['(a,b)', "x'y\\z"]);
    expect(parseTransformColumn('E:translate("ab)", \'\')').params).toEqual(['ab)', '']);
    expect(parseTransformColumn('E:translate(abc , f(x,y))').params).toEqual(['abc', 'f(x,y)']);
  });
  it('refuses malformed values naming the value and the option', () => {
    const e = goeError(() => parseTransformColumn('E:rot13'));
    expect(e.message).toBe(
      '--transform-column E:rot13: expected COLUMN:function[(parameters)] with one of encrypt, null, suppress, tokenize, regexp_replace, translate',
    );
    expect(e.variable).toBe('--transform-column');
    expect(e.code).toBe('OPTION_INVALID');
    expect(goeError(() => parseTransformColumn('no-colon')).message).toContain('expected COLUMN:function');
    expect(goeError(() => parseTransformColumn("E:translate('a)")).message).toContain('malformed parameters');
    expect(goeError(() => parseTransformColumn("E:translate('a' b, 'c')")).message).toContain('malformed');
    expect(goeError(() => parseTransformColumn('E:translate(a), b)')).message).toContain('malformed');
    expect(goeError(() => parseTransformColumn('E:translate(f(a, b)')).message).toContain('malformed');
    expect(goeError(() => parseTransformColumn("E:regexp_replace('a')")).message).toBe(
      "--transform-column E:regexp_replace('a'): regexp_replace takes 2 parameter(s), got 1",
    );
    expect(goeError(() => parseTransformColumn('E:null(1)')).message).toContain('null takes 0 parameter(s), got 1');
  });
});

describe('planColumnTransforms', () => {
  it('matches columns case-insensitively and keeps the source spelling and the order given', () => {
    expect(planColumnTransforms(undefined, ctx())).toEqual([]);
    expect(planColumnTransforms(['email:translate(ab, xy)', 'note:suppress', 'amount:null'], ctx())).toEqual([
      { column: 'Email', fn: 'translate', params: ['ab', 'xy'] },
      { column: 'NOTE', fn: 'suppress', params: [] },
      { column: 'AMOUNT', fn: 'null', params: [] },
    ]);
  });
  it('refuses an unknown column, a column given twice, an unsupported function, a non-string column', () => {
    const unknown = goeError(() => planColumnTransforms(['nope:null'], ctx()));
    expect(unknown.message).toBe("Unknown columns specified for --transform-column: ['nope']");
    expect(unknown.variable).toBe('--transform-column');
    expect(goeError(() => planColumnTransforms(['note:null', 'NOTE:suppress'], ctx())).message).toBe(
      "Data type conflict for columns ['NOTE'] when assigning a transformation with --transform-column",
    );
    expect(goeError(() => planColumnTransforms(['email:tokenize'], ctx())).message).toBe(
      '--transform-column Email:tokenize is not supported by the Quack backend (it supports: null, suppress, regexp_replace, translate)',
    );
    expect(goeError(() => planColumnTransforms(['email:null'], ctx({ supported: [] }))).message).toContain(
      '(it supports: none)',
    );
    expect(goeError(() => planColumnTransforms(["amount:regexp_replace('1', '2')"], ctx())).message).toBe(
      "--transform-column amount:regexp_replace('1', '2'): regexp_replace needs a string column, AMOUNT is DECIMAL",
    );
  });
  it('refuses a transformed key or predicate column and null on a --not-null-columns column', () => {
    const key = goeError(() => planColumnTransforms(['id:null'], ctx({ keyColumns: ['id'] })));
    expect(key.message).toBe(
      '--transform-column id:null: ID is a partition key column of this offload and cannot be transformed',
    );
    expect(key.column).toBe('ID');
    expect(goeError(() => planColumnTransforms(['note:suppress'], ctx({ predicateColumns: ['NOTE'] }))).message).toBe(
      '--transform-column note:suppress: NOTE is referenced by the offload predicate and cannot be transformed',
    );
    expect(goeError(() => planColumnTransforms(['email:null'], ctx({ notNullColumns: 'EM*' }))).message).toContain(
      'Email is also in --not-null-columns',
    );
    expect(planColumnTransforms(['email:suppress'], ctx({ notNullColumns: 'EMAIL' }))).toHaveLength(1);
  });
});

describe('transformed shapes', () => {
  const transforms = planColumnTransforms(
    ['email:null', 'note:suppress', 'id:translate(1,2)'],
    ctx({
      columns: [...columns.slice(1), canonicalColumn({ name: 'ID', dataType: 'VARIABLE_STRING', nullable: false })],
    }),
  );
  it('a null column becomes nullable; a suppressed one leaves the backend columns', () => {
    const out = transformedColumns(columns, transforms);
    expect(out.map((c) => [c.name, c.nullable])).toEqual([
      ['ID', false],
      ['Email', true],
      ['NOTE', true],
      ['AMOUNT', true],
    ]);
    expect(backendColumns({ columns: out, columnTransforms: transforms }).map((c) => c.name)).toEqual([
      'ID',
      'Email',
      'AMOUNT',
    ]);
    expect(backendColumns({ columns })).toHaveLength(4);
    expect(columnTransformOf({ columnTransforms: transforms }, 'EMAIL')?.fn).toBe('null');
    expect(columnTransformOf({}, 'EMAIL')).toBeUndefined();
    expect(describeColumnTransform({ column: 'N', fn: 'translate', params: ["a'", 'b'] })).toBe(
      "N:translate('a''', 'b')",
    );
  });
  it('the default backend lists no transformation', () => {
    expect(DEFAULT_BACKEND_CAPABILITIES.transformations).toEqual([]);
  });
});

describe('planOffload with --transform-column', () => {
  const world = createWorld();
  const source = addSales(world);
  const caps = (o: Partial<BackendCapabilities> = {}): BackendCapabilities => ({
    ...MEMORY_BACKEND_CAPABILITIES,
    transformations: ALL,
    ...o,
  });
  const input = {
    options: { table: 'SH.SALES', transformColumns: ['region:null', 'amount:suppress'] },
    source,
    frontend: 'memory',
    backend: { name: 'memory', displayName: 'Memory', capabilities: caps() },
    target: { database: 'sh', table: 'sales', log: [] },
    existingBackendTable: false,
    transport: { method: 'NATIVE' as const, parallelism: 1, batchRows: 5000 },
    staging: { format: 'PARQUET' as const, compress: false, prefix: 'sh/sales/x' },
  };
  it('records the transformations in the plan, the printed plan and the --json plan', () => {
    const plan = planOffload(input);
    expect(plan.columnTransforms).toEqual([
      { column: 'REGION', fn: 'null', params: [] },
      { column: 'AMOUNT', fn: 'suppress', params: [] },
    ]);
    expect(JSON.parse(JSON.stringify(plan)).columnTransforms).toEqual(plan.columnTransforms);
    const text = formatOffloadPlan(plan);
    expect(text).toContain(
      'Transforms:   REGION:null (loaded as NULL)\n              AMOUNT:suppress (left out of the backend table)\n',
    );
    expect(formatOffloadPlan(planOffload({ ...input, options: { table: 'SH.SALES' } }))).not.toContain('Transforms');
    expect(planOffload({ ...input, options: { table: 'SH.SALES' } }).columnTransforms).toBeUndefined();
  });
  it('refuses what the backend does not list (default: nothing) with its display name', () => {
    const e = goeError(() =>
      planOffload({
        ...input,
        backend: { name: 'memory', displayName: 'Memory', capabilities: MEMORY_BACKEND_CAPABILITIES },
      }),
    );
    expect(e.message).toBe('--transform-column REGION:null is not supported by the Memory backend (it supports: none)');
  });
  it('refuses a partition key when data is identified by partitions, and predicate columns', () => {
    const partitioned = {
      ...source,
      partitioning: { method: 'list' as const, columns: ['REGION'], partitions: [] },
    };
    expect(planOffload({ ...input, source: partitioned }).columnTransforms).toHaveLength(2);
    expect(
      goeError(() =>
        planOffload({ ...input, source: partitioned, scope: { kind: 'partitions', partitions: ['P_EU'] } }),
      ).message,
    ).toContain('REGION is a partition key column of this offload');
    expect(
      goeError(() =>
        planOffload({
          ...input,
          scope: { kind: 'predicate', predicate: parsePredicate('column(region) = string("EU")') },
        }),
      ).message,
    ).toContain('REGION is referenced by the offload predicate');
  });
  it('aggregate verification leaves transformed columns out, the counted one included', () => {
    const plan = planOffload({ ...input, options: { table: 'SH.SALES', transformColumns: ['id:null'] } });
    const specs = aggregateSpecs(plan).map((s) => `${s.fn}(${s.column})`);
    expect(specs[0]).toBe('count(REGION)');
    expect(specs.some((s) => s.includes('(ID)'))).toBe(false);
    expect(aggregateSpecs(planOffload({ ...input, options: { table: 'SH.SALES' } }))[0]).toEqual({
      column: 'ID',
      fn: 'count',
    });
  });
});
