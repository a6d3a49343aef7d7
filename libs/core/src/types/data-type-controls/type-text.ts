/** Canonical type text for messages and plans (`DECIMAL(12,2)`, `TIMESTAMP(9)`, `VARIABLE_STRING(100 CHAR)`). */
import type { CanonicalColumn } from '../column.js';

/**
 * A compact canonical type text for messages and plans: `DECIMAL(12,2)`, `TIMESTAMP(9)`, `VARIABLE_STRING(100 CHAR)`,
 * `BINARY(16)`, `INTEGER_8`.
 *
 * @example
 * describeCanonicalType(canonicalColumn({ name: 'A', dataType: 'DECIMAL', precision: 12, scale: 2 })) // 'DECIMAL(12,2)'
 */
export function describeCanonicalType(column: CanonicalColumn): string {
  const t = column.dataType;
  const { precision: p, scale: s } = column;
  switch (t) {
    case 'DECIMAL':
    case 'INTERVAL_DS':
      if (p === undefined && s === undefined) return t;
      return `${t}(${p ?? '*'}${s === undefined ? '' : `,${s}`})`;
    case 'INTEGER_38':
    case 'INTERVAL_YM':
      return p === undefined ? t : `${t}(${p})`;
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_TZ':
      return s === undefined ? t : `${t}(${s})`;
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
    case 'LARGE_STRING':
      if (column.charLength !== undefined) return `${t}(${column.charLength} CHAR)`;
      return column.dataLength === undefined ? t : `${t}(${column.dataLength} BYTE)`;
    case 'BINARY':
    case 'LARGE_BINARY':
      return column.dataLength === undefined ? t : `${t}(${column.dataLength})`;
    default:
      return t;
  }
}
