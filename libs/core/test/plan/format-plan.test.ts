import { describe, expect, it } from 'vitest';
import {
  OFFLOAD_PLAN_VERSION,
  canonicalColumn,
  describeOffloadScope,
  formatOffloadPlan,
  isGoeError,
  describeOffloadVariant,
  parseOffloadPlan,
  serializeOffloadPlan,
  type OffloadPlan,
} from '@goe/core';

const columns = [
  canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
  canonicalColumn({ name: 'AMOUNT', dataType: 'DECIMAL', precision: 12, scale: 2, fromOverride: true }),
  canonicalColumn({
    name: 'NOTE',
    dataType: 'VARIABLE_STRING',
    charLength: 100,
    dataLength: 400,
    charSemantics: 'UNICODE',
    safeMapping: false,
  }),
  canonicalColumn({
    name: 'TIME_ID',
    dataType: 'TIMESTAMP',
    scale: 6,
    dataDefault: 'now()',
    partitionInfo: { position: 0, sourceColumnName: 'TIME_ID', granularity: 'M', digits: 1 },
  }),
];

const plan: OffloadPlan = {
  planVersion: 1,
  source: { frontend: 'postgres', owner: 'SH', table: 'SALES' },
  target: { backend: 'bigquery', database: 'sh', table: 'sales', loadDatabase: 'sh_load' },
  columns,
  scope: {
    kind: 'predicate',
    predicate: {
      kind: 'and',
      items: [
        {
          kind: 'comparison',
          op: '>=',
          left: { kind: 'column', name: 'TIME_ID' },
          right: { kind: 'datetime', value: '2020-01-01', hasTime: false, fractionalDigits: 0 },
        },
        {
          kind: 'in',
          negated: false,
          column: { kind: 'column', name: 'REGION' },
          values: [
            { kind: 'string', value: 'EU' },
            { kind: 'string', value: 'US' },
          ],
        },
      ],
    },
  },
  partitioning: {
    columns: [{ sourceColumn: 'TIME_ID', backendColumn: 'TIME_ID', synthetic: false, granularity: 'M', digits: 1 }],
    sortColumns: ['ID', 'AMOUNT'],
  },
  transport: { method: 'NATIVE', parallelism: 4, batchRows: 65536 },
  staging: {
    format: 'PARQUET',
    compression: 'ZSTD',
    prefix: 'sh/sales/20240101',
    maxFileBytes: 256 * 1024 * 1024,
    rowGroupRows: 131072,
  },
  allow: { decimalScaleRounding: true, floatingPointConversions: false, nanosecondTimestamps: true },
  notices: ['Column X: something to know'],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON surgery in tests
type Json = any;

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a GoeError');
}

describe('formatOffloadPlan', () => {
  it('prints every part of the plan', () => {
    expect(formatOffloadPlan(plan)).toBe(
      [
        'Offload plan (version 1)',
        'Source:       postgres SH.SALES',
        'Target:       bigquery sh.sales (load database sh_load)',
        'Scope:        predicate (column(TIME_ID) >= datetime(2020-01-01) AND column(REGION) IN (string("EU"), string("US")))',
        'Columns (4):',
        '  #  Name     Type                       Attributes',
        '  1  ID       INTEGER_8                  NOT NULL',
        '  2  AMOUNT   DECIMAL(12,2)              NULL, override',
        '  3  NOTE     VARIABLE_STRING(100 CHAR)  NULL, UNICODE, unsafe mapping',
        '  4  TIME_ID  TIMESTAMP(6)               NULL, partition key 1, default now()',
        'Partitioning: TIME_ID -> TIME_ID (native, granularity M, digits 1)',
        'Sort columns: ID, AMOUNT',
        'Transport:    NATIVE, parallelism 4, batches of 65536 rows',
        'Staging:      PARQUET/ZSTD under sh/sales/20240101, files up to 256 MiB, row groups of 131072 rows',
        'Allowances:   --allow-decimal-scale-rounding, --allow-nanosecond-timestamp-columns',
        'Notices:',
        '  - Column X: something to know',
        '',
      ].join('\n'),
    );
  });

  it('prints the empty cases', () => {
    const text = formatOffloadPlan({
      ...plan,
      target: { backend: 'duckdb', database: 'main', table: 'sales' },
      columns: [],
      scope: { kind: 'full' },
      partitioning: undefined,
      allow: { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: false },
      notices: [],
      staging: { ...plan.staging, maxFileBytes: 1000 },
    });
    expect(text).toContain('Target:       duckdb main.sales\n');
    expect(text).toContain('Scope:        full table\n');
    expect(text).toContain('Columns (0):\nPartitioning: none\nSort columns: none\n');
    expect(text).toContain('files up to 1000 B');
    expect(text).toContain('Allowances:   none (lossless)\n');
    expect(text).toContain('Notices:      none\n');
  });

  it('lists several partition columns and synthetic details', () => {
    const text = formatOffloadPlan({
      ...plan,
      partitioning: {
        columns: [
          {
            sourceColumn: 'TIME_ID',
            backendColumn: 'GOE_PART_M_TIME_ID',
            synthetic: true,
            granularity: 'M',
            digits: 1,
          },
          {
            sourceColumn: 'ID',
            backendColumn: 'GOE_PART_U1_ID',
            synthetic: true,
            granularity: '10',
            lowerValue: '0',
            upperValue: '100',
            function: 'db.f',
          },
        ],
        sortColumns: [],
      },
    });
    expect(text).toContain(
      'Partitioning:\n  TIME_ID -> GOE_PART_M_TIME_ID (synthetic, granularity M, digits 1)\n  ID -> GOE_PART_U1_ID (synthetic, granularity 10, range 0..100, function db.f)\n',
    );
  });

  it('describes scopes', () => {
    expect(describeOffloadScope({ kind: 'full' })).toBe('full table');
    expect(describeOffloadScope({ kind: 'partitions', partitions: ['P1', 'P2'] })).toBe('partitions P1, P2');
    expect(
      describeOffloadScope({
        kind: 'predicate',
        predicate: { kind: 'null', negated: true, column: { kind: 'column', name: 'X' } },
      }),
    ).toBe('predicate column(X) IS NOT NULL');
  });
});

describe('serializeOffloadPlan / parseOffloadPlan', () => {
  it('round-trips a plan exactly', () => {
    const json = serializeOffloadPlan(plan);
    const back = parseOffloadPlan(json);
    expect(back).toEqual(plan);
    expect(serializeOffloadPlan(back)).toBe(json);
    expect(Object.isFrozen(back.columns[0])).toBe(true);
    const fetching = { ...plan, transport: { ...plan.transport, batchRows: 32768, fetchRows: 5000 } };
    expect(parseOffloadPlan(serializeOffloadPlan(fetching))).toEqual(fetching);
    expect(formatOffloadPlan(fetching)).toContain('NATIVE, parallelism 4, batches of 32768 rows, fetch size 5000');
  });

  it('is stable: sorted keys, undefined members dropped, same text for equal plans', () => {
    const reordered = JSON.parse(JSON.stringify(plan)) as Record<string, unknown>;
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse()) as unknown as OffloadPlan;
    expect(serializeOffloadPlan(shuffled)).toBe(serializeOffloadPlan(plan));
    const json = serializeOffloadPlan({ ...plan, partitioning: undefined });
    expect(json).not.toContain('partitioning');
    const keys = Object.keys(JSON.parse(json) as object);
    expect(keys).toEqual([...keys].sort());
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toContain('\n  "allow": {\n    "decimalScaleRounding": true,');
  });

  it('keeps bigint partition bounds', () => {
    const big = {
      ...plan,
      columns: [
        canonicalColumn({
          name: 'ID',
          dataType: 'INTEGER_8',
          partitionInfo: { position: 0, rangeStart: -(2n ** 63n), rangeEnd: '100' },
        }),
      ],
    };
    const json = serializeOffloadPlan(big);
    expect(json).toContain('"$bigint": "-9223372036854775808"');
    expect(parseOffloadPlan(json).columns[0]!.partitionInfo).toEqual({
      position: 0,
      rangeStart: -(2n ** 63n),
      rangeEnd: '100',
    });
  });

  it("keeps any transport's method name (method names are open; core lists none)", () => {
    const quack = { ...plan, transport: { ...plan.transport, method: 'QUACK_LOADER' } };
    expect(parseOffloadPlan(serializeOffloadPlan(quack)).transport.method).toBe('QUACK_LOADER');
  });

  it('keeps unknown top-level members', () => {
    const json = JSON.stringify({ ...JSON.parse(serializeOffloadPlan(plan)), futureField: { a: 1 } });
    expect((parseOffloadPlan(json) as unknown as Record<string, unknown>).futureField).toEqual({ a: 1 });
  });

  it('rejects garbage with GoeError OPTION_INVALID', () => {
    expect(errorOf(() => parseOffloadPlan('not json'))).toMatchObject({
      code: 'OPTION_INVALID',
      message: expect.stringMatching(/^Invalid offload plan: not JSON/),
    });
    expect(errorOf(() => parseOffloadPlan('[]')).message).toBe('Invalid offload plan at $: expected an object');
    expect(errorOf(() => parseOffloadPlan('{}')).message).toBe(
      'Unsupported offload plan version: undefined (expected 1)',
    );
    expect(errorOf(() => parseOffloadPlan('null')).message).toBe('Invalid offload plan at $: expected an object');
    expect(errorOf(() => parseOffloadPlan('{"planVersion":1}')).message).toBe(
      'Invalid offload plan at $.source: expected an object',
    );
    expect(errorOf(() => parseOffloadPlan('{"planVersion":2}')).message).toBe(
      'Unsupported offload plan version: 2 (expected 1)',
    );
    expect(OFFLOAD_PLAN_VERSION).toBe(1);
  });

  it('names the path of a bad member', () => {
    const good = JSON.parse(serializeOffloadPlan(plan)) as Record<string, Json>;
    const bad = (mutate: (p: Record<string, Json>) => void) => {
      const copy = JSON.parse(JSON.stringify(good)) as Record<string, Json>;
      mutate(copy);
      return errorOf(() => parseOffloadPlan(JSON.stringify(copy))).message;
    };
    expect(bad((p) => (p.columns[1].dataType = 'NUMBER'))).toBe(
      'Invalid offload plan at $.columns[1]: Unknown canonical data type for column AMOUNT: NUMBER',
    );
    expect(bad((p) => (p.columns[0].nullable = 'N'))).toBe(
      'Invalid offload plan at $.columns[0].nullable: expected true or false',
    );
    expect(bad((p) => (p.transport.method = ''))).toBe(
      'Invalid offload plan at $.transport.method: expected a non-empty string',
    );
    expect(bad((p) => (p.transport.method = 7))).toBe(
      'Invalid offload plan at $.transport.method: expected a non-empty string',
    );
    expect(bad((p) => (p.transport.parallelism = 0))).toBe(
      'Invalid offload plan at $.transport.parallelism: expected an integer >= 1',
    );
    expect(bad((p) => (p.staging.format = 'CSV'))).toBe(
      'Invalid offload plan at $.staging.format: expected one of PARQUET, AVRO',
    );
    expect(bad((p) => delete p.allow.nanosecondTimestamps)).toBe(
      'Invalid offload plan at $.allow.nanosecondTimestamps: expected true or false',
    );
    expect(bad((p) => (p.scope = { kind: 'some' }))).toBe(
      'Invalid offload plan at $.scope.kind: expected full, partitions or predicate',
    );
    expect(bad((p) => (p.scope.predicate.items = []))).toMatch(
      /^Invalid offload plan at \$\.scope\.predicate: .*AND needs at least two items/,
    );
    expect(bad((p) => (p.partitioning.columns[0].digits = 0))).toBe(
      'Invalid offload plan at $.partitioning.columns[0].digits: expected an integer >= 1',
    );
    expect(bad((p) => (p.partitioning.sortColumns = 'ID'))).toBe(
      'Invalid offload plan at $.partitioning.sortColumns: expected an array',
    );
    expect(bad((p) => (p.notices = [1]))).toBe('Invalid offload plan at $.notices[0]: expected a string');
    expect(bad((p) => (p.source.owner = ''))).toBe(
      'Invalid offload plan at $.source.owner: expected a non-empty string',
    );
  });
});

describe('offload variant (issue #13)', () => {
  const variant = {
    kind: 'range',
    offloadType: 'INCREMENTAL',
    predicateType: 'RANGE',
    keyColumns: ['YR', 'MO'],
    partitions: ['P_2024_03'],
    alreadyOffloaded: ['P_2024_01', 'P_2024_02'],
    highValues: [['2024', '4']],
  } as const;

  it('is printed on its own line and round-trips through the JSON plan', () => {
    const withVariant: OffloadPlan = { ...plan, variant };
    expect(formatOffloadPlan(withVariant)).toContain(
      'Variant:      RANGE partition append (INCREMENTAL, RANGE) on YR, MO; high values (2024, 4); already offloaded P_2024_01, P_2024_02\n',
    );
    expect(formatOffloadPlan(plan)).not.toContain('Variant:');
    expect(parseOffloadPlan(serializeOffloadPlan(withVariant)).variant).toEqual(variant);
  });

  it('describeOffloadVariant names every kind and the predicate case', () => {
    expect(describeOffloadVariant({ kind: 'full', offloadType: 'FULL' })).toBe('full offload (FULL)');
    expect(
      describeOffloadVariant({
        kind: 'list',
        offloadType: 'INCREMENTAL',
        predicateType: 'LIST',
        keyColumns: ['REGION'],
        highValues: [['EU'], ['US']],
      }),
    ).toBe('LIST partition append (INCREMENTAL, LIST) on REGION; high values (EU), (US)');
    expect(
      describeOffloadVariant({
        kind: 'predicate',
        offloadType: 'INCREMENTAL',
        predicateType: 'RANGE',
        predicateCase: 'late-arriving',
        keyColumns: ['TIME_ID'],
      }),
    ).toBe('predicate-based offload (INCREMENTAL, RANGE, late-arriving) on TIME_ID');
    expect(
      describeOffloadVariant({
        kind: 'list-as-range',
        offloadType: 'INCREMENTAL',
        predicateType: 'LIST_AS_RANGE',
        keyColumns: [],
      }),
    ).toBe('LIST_AS_RANGE partition append (INCREMENTAL, LIST_AS_RANGE)');
  });
});
