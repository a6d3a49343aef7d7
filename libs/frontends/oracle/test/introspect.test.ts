/**
 * `describeOracleTable` over a scripted dictionary (the rows Oracle's views return), counting statements: at most
 * seven whatever the partition count, fewer for an unpartitioned table.
 */
import { describe, expect, it } from 'vitest';
import { GoeError } from '@goe/core';
import { goeErrorOf } from '../../../../tools/test-support/goe-error.js';
import { describeOracleTable, ORACLE_SQL, type DictionaryReader, type OracleBinds } from '../src/index.js';

const TO_DATE = (d: string) => `TO_DATE(' ${d} 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')`;

/** ALL_TAB_COLS rows: name, type, length, precision, scale, char length, char used, nullable, virtual. */
const COLUMNS: unknown[][] = [
  ['ID', 'NUMBER', 22, 12, 0, 0, null, 'N', 'NO'],
  ['TIME_ID', 'DATE', 7, null, null, 0, null, 'N', 'NO'],
  ['REGION', 'VARCHAR2', 40, null, null, 10, 'C', 'Y', 'NO'],
  ['AMOUNT', 'NUMBER', 22, 10, 2, 0, null, 'Y', 'NO'],
  ['AMOUNT_X2', 'NUMBER', 22, null, null, 0, null, 'Y', 'YES'],
];

interface Script {
  readonly tableInfo?: unknown[][];
  readonly columns?: unknown[][];
  readonly keys?: unknown[][];
  readonly partitions?: unknown[][];
  readonly subpartitions?: unknown[][];
  readonly sizes?: unknown[][] | Error;
}

/** A dictionary answering each builder's statement with scripted rows; records every statement and its binds. */
function dictionary(script: Script) {
  const calls: { sql: string; binds?: OracleBinds; who: string }[] = [];
  const answers = new Map<string, unknown[][] | Error | undefined>([
    [ORACLE_SQL.tableInfo(), script.tableInfo],
    [ORACLE_SQL.describeColumns(), script.columns ?? COLUMNS],
    [ORACLE_SQL.primaryKey(), [['ID']]],
    [ORACLE_SQL.partitionKeys(), script.keys],
    [ORACLE_SQL.partitions(), script.partitions],
    [ORACLE_SQL.subpartitions(), script.subpartitions],
    [ORACLE_SQL.dbaSegmentSizes(), script.sizes ?? [[null, 8_388_608]]],
  ]);
  const reader = (who: string): DictionaryReader => ({
    async query(sql, binds) {
      calls.push({ sql, ...(binds === undefined ? {} : { binds }), who });
      const answer = answers.get(sql);
      if (answer instanceof Error) throw answer;
      if (answer === undefined) throw new Error(`unexpected statement: ${sql}`);
      return answer;
    },
  });
  return { app: reader('app'), adm: reader('adm'), calls };
}

const HEAP = [[null, 'N', 'NO', 1000, 'DISABLED', null, null, null]];
const RANGE_LIST = [[null, 'N', 'YES', 5000, 'DISABLED', 'RANGE', 'LIST', "NUMTOYMINTERVAL(1,'MONTH')"]];
const KEYS = [
  ['PARTITION', 'TIME_ID', 1],
  ['SUBPARTITION', 'REGION', 1],
];

function rangePartitions(n: number): unknown[][] {
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(2000, i + 1, 1)).toISOString().slice(0, 10);
    return [`P${i}`, i + 1, TO_DATE(d), 100, 2];
  });
}
function listSubpartitions(n: number): unknown[][] {
  return Array.from({ length: n }, (_, i) => [
    [`P${i}`, `P${i}_EU`, 1, "'EU', 'UK'", 40],
    [`P${i}`, `P${i}_OTHER`, 2, 'DEFAULT', 60],
  ]).flat();
}

describe('describeOracleTable', () => {
  it('a range (interval) × list table: columns, key, partitions and subpartitions decoded, sizes summed', async () => {
    const d = dictionary({
      tableInfo: RANGE_LIST,
      keys: KEYS,
      partitions: rangePartitions(2),
      subpartitions: listSubpartitions(2),
      sizes: [
        ['P0_EU', 65536],
        ['P0_OTHER', 65536],
      ],
    });
    const { table, info, notices } = await describeOracleTable(d.app, d.adm, 'sh', 'sales');
    expect(table).toMatchObject({
      owner: 'SH',
      name: 'SALES',
      primaryKey: ['ID'],
      sizeBytes: 131072,
      rowEstimate: 5000,
    });
    expect(table.columns.map((c) => [c.name, c.dataType, c.nullable, c.canonical.dataType])).toEqual([
      ['ID', 'NUMBER(12)', false, 'INTEGER_8'],
      ['TIME_ID', 'DATE', false, 'TIMESTAMP'],
      ['REGION', 'VARCHAR2(10 CHAR)', true, 'VARIABLE_STRING'],
      ['AMOUNT', 'NUMBER(10,2)', true, 'DECIMAL'],
      ['AMOUNT_X2', 'NUMBER', true, 'DECIMAL'],
    ]);
    expect(table.columns[4]!.canonical.safeMapping).toBe(false); // plain NUMBER: sampled
    expect(table.partitioning).toMatchObject({
      method: 'range',
      columns: ['TIME_ID'],
      subpartitioning: { method: 'list', columns: ['REGION'] },
    });
    const [p0] = table.partitioning.partitions;
    expect(p0).toMatchObject({
      name: 'P0',
      upperBound: [{ kind: 'value', value: '2000-02-01 00:00:00' }],
      rowEstimate: 100,
      subpartitions: [
        { name: 'P0_EU', values: [[{ value: 'EU' }], [{ value: 'UK' }]], rowEstimate: 40 },
        { name: 'P0_OTHER', values: [], isDefault: true },
      ],
    });
    expect(info).toEqual({
      iotType: null,
      temporary: false,
      interval: "NUMTOYMINTERVAL(1,'MONTH')",
      virtualColumns: ['AMOUNT_X2'],
    });
    expect(notices).toEqual([]);
    expect(d.calls.every((c) => c.binds?.owner === 'SH' && c.binds?.table_name === 'SALES')).toBe(true);
    expect(d.calls.filter((c) => c.who === 'adm').map((c) => c.sql)).toEqual([ORACLE_SQL.dbaSegmentSizes()]);
  });

  it('issues the same seven statements for 3 partitions and for 3,000 (no N+1)', async () => {
    const counts = [];
    for (const n of [3, 3000]) {
      const d = dictionary({
        tableInfo: RANGE_LIST,
        keys: KEYS,
        partitions: rangePartitions(n),
        subpartitions: listSubpartitions(n),
      });
      const { table } = await describeOracleTable(d.app, d.adm, 'SH', 'SALES');
      expect(table.partitioning.partitions).toHaveLength(n);
      counts.push(d.calls.length);
    }
    expect(counts).toEqual([7, 7]);
  });

  it('an unpartitioned heap table takes four statements', async () => {
    const d = dictionary({ tableInfo: HEAP });
    const { table } = await describeOracleTable(d.app, d.adm, 'SH', 'SALES');
    expect(table.partitioning).toEqual({ method: 'none', columns: [], partitions: [] });
    expect(d.calls).toHaveLength(4);
    expect(table.sizeBytes).toBe(8_388_608);
  });

  it('an IOT with list partitions (DEFAULT included) and hash subpartitions', async () => {
    const d = dictionary({
      tableInfo: [['IOT', 'N', 'YES', null, null, 'LIST', 'HASH', null]],
      keys: [
        ['PARTITION', 'REGION', 1],
        ['SUBPARTITION', 'ID', 1],
      ],
      partitions: [
        ['P_EU', 1, "'EU'", null, 2],
        ['P_REST', 2, 'DEFAULT', null, 2],
      ],
      subpartitions: [['P_EU', 'SYS_SUBP1', 1, null, null]],
    });
    const { table, info } = await describeOracleTable(d.app, d.adm, 'SH', 'SALES');
    expect(info.iotType).toBe('IOT');
    expect(table.rowEstimate).toBeUndefined();
    expect(table.partitioning.partitions).toEqual([
      {
        name: 'P_EU',
        values: [[{ kind: 'value', value: 'EU', text: "'EU'" }]],
        boundText: "'EU'",
        subpartitions: [{ name: 'SYS_SUBP1' }],
      },
      { name: 'P_REST', values: [], isDefault: true, boundText: 'DEFAULT' },
    ]);
  });

  it('without SELECT on DBA_SEGMENTS the size is unknown, with a notice; other errors are not swallowed', async () => {
    const denied = new GoeError('ENGINE_ERROR', 'Oracle: ORA-00942: table or view does not exist', {
      engineCode: 'ORA-00942',
    });
    const d = dictionary({ tableInfo: HEAP, sizes: denied });
    const { table, notices } = await describeOracleTable(d.app, d.adm, 'SH', 'SALES');
    expect(table.sizeBytes).toBeUndefined();
    expect(notices).toEqual([
      'Table size of SH.SALES unknown (no SELECT on DBA_SEGMENTS for ORA_ADM_USER): the row estimate is used instead',
    ]);
    const broken = dictionary({ tableInfo: HEAP, sizes: new Error('network down') });
    await expect(describeOracleTable(broken.app, broken.adm, 'SH', 'SALES')).rejects.toThrow('network down');
  });

  it('refuses a table it cannot see, and a column type it cannot offload, by name', async () => {
    const missing = dictionary({ tableInfo: [] });
    expect(await goeErrorOf(() => describeOracleTable(missing.app, missing.adm, 'sh', 'nope'))).toMatchObject({
      code: 'TABLE_NOT_FOUND',
      message: 'Table SH.NOPE does not exist in Oracle, or ORA_APP_USER cannot see it',
    });
    const long = dictionary({
      tableInfo: HEAP,
      columns: [...COLUMNS, ['NOTES', 'LONG', 0, null, null, 0, null, 'Y', 'NO']],
    });
    expect(await goeErrorOf(() => describeOracleTable(long.app, long.adm, 'SH', 'SALES'))).toMatchObject({
      code: 'TYPE_UNSUPPORTED',
      column: 'NOTES',
    });
  });

  it('a HIGH_VALUE it cannot decode names the partition', async () => {
    const d = dictionary({
      tableInfo: [[null, 'N', 'YES', 1, null, 'RANGE', null, null]],
      keys: [['PARTITION', 'TIME_ID', 1]],
      partitions: [['P_ODD', 1, 'SYSDATE', 1, 0]],
    });
    expect((await goeErrorOf(() => describeOracleTable(d.app, d.adm, 'SH', 'SALES'))).message).toContain(
      'Cannot decode the HIGH_VALUE of partition P_ODD: SYSDATE',
    );
  });
});
