/** Test support: `ALL_TAB_COLS` rows as the type mapping reads them. */
import type { OracleColumnType } from '../../src/index.js';

/**
 * A dictionary row with the defaults of a non-character column (22 bytes, no precision, scale or char length).
 *
 * @example
 * oracleType('NUMBER', { dataPrecision: 12, dataScale: 2 })
 */
export function oracleType(dataType: string, over: Partial<OracleColumnType> = {}): OracleColumnType {
  return { dataType, dataLength: 22, dataPrecision: null, dataScale: null, charLength: 0, charUsed: null, ...over };
}
