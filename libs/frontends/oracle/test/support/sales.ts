/** Test support: an SH.SALES table for the simulated Oracle, heap or range-partitioned by month. */
import type { SimTable, SimValue } from './simulated-oracle.js';
import { oracleType } from './dictionary.js';

/** Columns: ID NUMBER(10) NOT NULL (the key), TIME_ID DATE, AMOUNT NUMBER(12,2), REGION VARCHAR2(10), SCORE NUMBER. */
export const SALES_COLUMNS: SimTable['columns'] = [
  { name: 'ID', type: oracleType('NUMBER', { dataPrecision: 10, dataScale: 0 }), nullable: false },
  { name: 'TIME_ID', type: oracleType('DATE', { dataLength: 7 }) },
  { name: 'AMOUNT', type: oracleType('NUMBER', { dataPrecision: 12, dataScale: 2 }) },
  { name: 'REGION', type: oracleType('VARCHAR2', { dataLength: 10, charLength: 10, charUsed: 'B' }) },
  { name: 'SCORE', type: oracleType('NUMBER') },
];

/** `TO_DATE(' 2024-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')`, as ALL_TAB_PARTITIONS has it. */
function monthBound(year: number, month: number): string {
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return `TO_DATE(' ${next}-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')`;
}

/** The month partition name of a date: `P2024_01`. */
export const monthOf = (date: string) => `P${date.slice(0, 4)}_${date.slice(5, 7)}`;

/**
 * SH.SALES: heap (`months` 0) or RANGE (TIME_ID) with one partition per month from January 2024; `iot` makes it
 * index-organized.
 */
export function salesTable(options: { months?: number; iot?: boolean; name?: string } = {}): SimTable {
  const months = options.months ?? 0;
  const partitions = Array.from({ length: months }, (_, i) => {
    const year = 2024 + Math.floor(i / 12);
    const month = (i % 12) + 1;
    const name = `P${year}_${String(month).padStart(2, '0')}`;
    return {
      name,
      highValue: monthBound(year, month),
      holds: (row: readonly SimValue[]) => monthOf(String(row[1])) === name,
    };
  });
  return {
    owner: 'SH',
    name: options.name ?? 'SALES',
    columns: SALES_COLUMNS,
    primaryKey: ['ID'],
    ...(options.iot ? { iot: true } : {}),
    ...(months > 0 ? { partitioning: { type: 'RANGE' as const, columns: ['TIME_ID'], partitions } } : {}),
  };
}

/** `n` rows, spread over `months` months from January 2024 (a row a day, cycling), SCORE with up to 3 decimals. */
export function salesRows(n: number, months = 1): SimValue[][] {
  return Array.from({ length: n }, (_, i) => {
    const month = i % Math.max(1, months);
    const year = 2024 + Math.floor(month / 12);
    const day = 1 + (i % 28);
    const date = `${year}-${String((month % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')} 00:00:00`;
    return [
      String(i + 1),
      date,
      `${i}.${String(i % 100).padStart(2, '0')}`,
      ['EU', 'US', 'APAC'][i % 3]!,
      i % 7 === 0 ? null : `${i % 1000}.125`,
    ];
  });
}
