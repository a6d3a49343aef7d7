/**
 * Test support: the canonical fixtures (`@goe/conformance`) as an Oracle table — each fixture column's nearest
 * Oracle type, its values in the simulated Oracle's form (test/support/simulated-oracle.ts), and for a real database
 * the DDL and one INSERT per row with binds (the opt-in live suite).
 */
import oracledb from 'oracledb';
import { canonicalColumn, type IntervalValue } from '@goe/core';
import { canonicalText, type CanonicalFixtures, type CanonicalValue, type FixtureColumn } from '@goe/conformance';
import { formatOracleType, type OracleColumnType } from '../../src/index.js';
import { oracleType } from './dictionary.js';
import type { SimColumn, SimTable, SimValue } from './simulated-oracle.js';

/** Fixture columns and cases Oracle cannot hold, with the reason (the suite skips them and says why). */
export const ORACLE_EXCLUSIONS: Readonly<Record<string, string>> = {
  TIME: 'Oracle has no TIME type',
  INTERVAL_MDN: 'Oracle has no month-day-nanosecond interval',
  DECIMAL_76_38: 'Oracle NUMBER holds at most 38 digits',
  'VARIABLE_STRING.empty': "Oracle stores '' as NULL",
  'LARGE_STRING.empty': "Oracle stores an empty CLOB written as '' as NULL",
  'BINARY.empty': 'Oracle stores an empty RAW as NULL',
};

/** Fixture types whose Oracle column maps to another canonical type (no 1-byte integer; DATE holds a time). */
export const ORACLE_EXPECTED_MAPPING = {
  INTEGER_1: { dataType: 'INTEGER_2', precision: 3 },
  INTEGER_2: { dataType: 'INTEGER_4', precision: 5 },
  INTEGER_4: { dataType: 'INTEGER_8', precision: 10 },
  INTEGER_8: { dataType: 'INTEGER_38', precision: 19 },
  DECIMAL_5_M3: { dataType: 'INTEGER_4', precision: 8 },
  DATE: { dataType: 'TIMESTAMP', scale: 0 },
} as const;

/** The Oracle column of a fixture column. */
export function oracleColumnType(fc: Pick<FixtureColumn, 'key' | 'type' | 'column'>): OracleColumnType {
  const c = fc.column;
  const num = (p: number, s: number) => oracleType('NUMBER', { dataPrecision: p, dataScale: s });
  switch (fc.type) {
    case 'FIXED_STRING':
      return oracleType('CHAR', { dataLength: 4 * c.charLength!, charLength: c.charLength!, charUsed: 'C' });
    case 'VARIABLE_STRING':
      return oracleType('VARCHAR2', { dataLength: 4000, charLength: c.charLength!, charUsed: 'C' });
    case 'LARGE_STRING':
      return oracleType('CLOB', { dataLength: 4000 });
    case 'BINARY':
      return oracleType('RAW', { dataLength: c.dataLength! });
    case 'LARGE_BINARY':
      return oracleType('BLOB', { dataLength: 4000 });
    case 'INTEGER_1':
      return num(3, 0);
    case 'INTEGER_2':
      return num(5, 0);
    case 'INTEGER_4':
      return num(10, 0);
    case 'INTEGER_8':
      return num(19, 0);
    case 'INTEGER_38':
      return num(38, 0);
    case 'DECIMAL':
      return num(c.precision!, c.scale!);
    case 'FLOAT':
      return oracleType('BINARY_FLOAT', { dataLength: 4 });
    case 'DOUBLE':
      return oracleType('BINARY_DOUBLE', { dataLength: 8 });
    case 'DATE':
      return oracleType('DATE', { dataLength: 7 });
    case 'TIMESTAMP':
      return oracleType(`TIMESTAMP(${c.scale ?? 6})`, { dataLength: 11, dataScale: c.scale ?? 6 });
    case 'TIMESTAMP_TZ':
      return oracleType(`TIMESTAMP(${c.scale ?? 6}) WITH TIME ZONE`, { dataLength: 13, dataScale: c.scale ?? 6 });
    case 'INTERVAL_DS':
      return oracleType('INTERVAL DAY(9) TO SECOND(9)', { dataLength: 11, dataPrecision: 9, dataScale: 9 });
    case 'INTERVAL_YM':
      return oracleType('INTERVAL YEAR(9) TO MONTH', { dataLength: 5, dataPrecision: 9, dataScale: 0 });
    case 'BOOLEAN':
      return oracleType('BOOLEAN', { dataLength: 1 });
    default:
      throw new Error(`no Oracle type for fixture ${fc.key}`);
  }
}

/** `YYYY-MM-DD HH:MI:SS.fffffffff` of a canonical timestamp value (nanoseconds), in UTC for TIMESTAMP_TZ. */
function timestampText(value: CanonicalValue, zoned: boolean): string {
  const text = canonicalText(
    canonicalColumn({ name: 'T', dataType: zoned ? 'TIMESTAMP_TZ' : 'TIMESTAMP', scale: 9 }),
    value,
  )!;
  return text.replace('T', ' ').replace(/Z$/, '');
}

/** An INTERVAL DAY TO SECOND as the driver's object: every field carries the sign. */
function dayToSecond(v: IntervalValue): Record<string, number> {
  const total = BigInt(v.days) * 86_400_000_000_000n + v.nanoseconds;
  const sign = total < 0n ? -1 : 1;
  let n = total < 0n ? -total : total;
  const part = (unit: bigint) => {
    const q = n / unit;
    n %= unit;
    return sign * Number(q);
  };
  const days = part(86_400_000_000_000n);
  const hours = part(3_600_000_000_000n);
  const minutes = part(60_000_000_000n);
  const seconds = part(1_000_000_000n);
  return { days, hours, minutes, seconds, fseconds: sign * Number(n) };
}

/** A fixture value as the simulated Oracle holds it. */
export function oracleValue(fc: Pick<FixtureColumn, 'type'>, value: CanonicalValue): SimValue {
  if (value === null || value === undefined) return null;
  switch (fc.type) {
    case 'BINARY':
    case 'LARGE_BINARY':
      return Buffer.from(value as Uint8Array);
    case 'INTEGER_1':
    case 'INTEGER_2':
    case 'INTEGER_4':
    case 'INTEGER_8':
    case 'INTEGER_38':
    case 'DECIMAL':
      return String(value);
    case 'DATE':
      return `${canonicalText(canonicalColumn({ name: 'D', dataType: 'DATE' }), value)} 00:00:00`;
    case 'TIMESTAMP':
      return timestampText(value, false);
    case 'TIMESTAMP_TZ':
      return timestampText(value, true);
    case 'INTERVAL_DS':
      return dayToSecond(value as IntervalValue);
    case 'INTERVAL_YM': {
      const months = (value as IntervalValue).months;
      return { years: Math.trunc(months / 12), months: months % 12 };
    }
    default:
      return value as SimValue;
  }
}

/** The fixture table as a simulated Oracle table (`SH.<name>`) and its rows. */
export function simulatedFixtureTable(
  fixtures: CanonicalFixtures,
  name: string,
): { table: SimTable; rows: SimValue[][] } {
  const columns: SimColumn[] = [
    { name: 'ID', type: oracleType('NUMBER', { dataPrecision: 18, dataScale: 0 }), nullable: false },
    ...fixtures.columns.map((fc) => ({ name: fc.column.name, type: oracleColumnType(fc) })),
  ];
  const rows: SimValue[][] = [];
  for (const row of fixtures.rows()) {
    rows.push([String(row.ID), ...fixtures.columns.map((fc) => oracleValue(fc, row[fc.column.name]))]);
  }
  return { table: { owner: 'SH', name, columns, primaryKey: ['ID'] }, rows };
}

/** `CREATE TABLE` of the fixture table on a real database (the live suite). */
export function fixtureTableDdl(fixtures: CanonicalFixtures, owner: string, name: string): string {
  const columns = [
    '"ID" NUMBER(18) NOT NULL PRIMARY KEY',
    ...fixtures.columns.map((fc) => `"${fc.column.name}" ${formatOracleType(oracleColumnType(fc))}`),
  ];
  return `CREATE TABLE "${owner}"."${name}" (\n  ${columns.join(',\n  ')}\n)`;
}

/**
 * The INSERT of one fixture row on a real database with its binds: datetimes and intervals as text converted by
 * Oracle (`TO_TIMESTAMP`, `TO_TIMESTAMP_TZ`, `TO_DSINTERVAL`, `TO_YMINTERVAL`), the rest bound as values.
 */
export function fixtureInsert(
  fixtures: CanonicalFixtures,
  owner: string,
  name: string,
): { sql: string; binds: (row: Readonly<Record<string, CanonicalValue>>) => Record<string, unknown> } {
  const expr = (fc: FixtureColumn, bind: string) => {
    switch (fc.type) {
      case 'DATE':
        return `TO_DATE(${bind}, 'YYYY-MM-DD HH24:MI:SS')`;
      case 'TIMESTAMP':
        return `TO_TIMESTAMP(${bind}, 'YYYY-MM-DD HH24:MI:SS.FF9')`;
      case 'TIMESTAMP_TZ':
        return `FROM_TZ(TO_TIMESTAMP(${bind}, 'YYYY-MM-DD HH24:MI:SS.FF9'), '+00:00')`;
      case 'INTERVAL_DS':
        return `TO_DSINTERVAL(${bind})`;
      case 'INTERVAL_YM':
        return `TO_YMINTERVAL(${bind})`;
      default:
        return bind;
    }
  };
  const names = fixtures.columns.map((fc, i) => ({ fc, bind: `:c${i}` }));
  const sql = `INSERT INTO "${owner}"."${name}" ("ID", ${names.map((n) => `"${n.fc.column.name}"`).join(', ')})\nVALUES (:id, ${names.map((n) => expr(n.fc, n.bind)).join(', ')})`;
  return {
    sql,
    binds: (row) => {
      const binds: Record<string, unknown> = { id: String(row.ID) };
      for (const [i, { fc }] of names.entries()) {
        const v = oracleValue(fc, row[fc.column.name]);
        if (v !== null && fc.type === 'INTERVAL_DS') {
          const d = v as Record<string, number>;
          const neg = Object.values(d).some((x) => x < 0);
          const abs = (x: number) => Math.abs(x);
          binds[`c${i}`] =
            `${neg ? '-' : '+'}${abs(d.days!)} ${String(abs(d.hours!)).padStart(2, '0')}:${String(abs(d.minutes!)).padStart(2, '0')}:` +
            `${String(abs(d.seconds!)).padStart(2, '0')}.${String(abs(d.fseconds!)).padStart(9, '0')}`;
        } else if (v !== null && fc.type === 'INTERVAL_YM') {
          const y = v as Record<string, number>;
          const neg = y.years! < 0 || y.months! < 0;
          binds[`c${i}`] = `${neg ? '-' : '+'}${Math.abs(y.years!)}-${Math.abs(y.months!)}`;
        } else if (fc.type === 'FLOAT' || fc.type === 'DOUBLE') {
          // NaN, ±Infinity and −0 exist only in BINARY_FLOAT/DOUBLE: bind them as such, not as NUMBER
          binds[`c${i}`] = {
            val: v,
            type: fc.type === 'FLOAT' ? oracledb.DB_TYPE_BINARY_FLOAT : oracledb.DB_TYPE_BINARY_DOUBLE,
          };
        } else {
          binds[`c${i}`] = v;
        }
      }
      return binds;
    },
  };
}
