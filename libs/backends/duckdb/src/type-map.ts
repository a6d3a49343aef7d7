/**
 * Pure, table-driven canonical → DuckDB type mapping and back (architecture §4). Lossless by default: what
 * DuckDB cannot hold exactly is refused with the option that allows it.
 *
 * | canonical | DuckDB | notes |
 * |---|---|---|
 * | FIXED_STRING, VARIABLE_STRING, LARGE_STRING | VARCHAR | DuckDB ignores lengths; values kept as is (CHAR padding included) |
 * | BINARY, LARGE_BINARY | BLOB | |
 * | INTEGER_1/2/4/8 | TINYINT / SMALLINT / INTEGER / BIGINT | |
 * | INTEGER_38 | DECIMAL(38,0) | not HUGEINT: the same type every other backend gets, exact through Parquet |
 * | DECIMAL(p,s), p ≤ 38 | DECIMAL(p,s) | negative scale s: DECIMAL(p−s, 0); p > 38 refused (`TYPE_UNSUPPORTED`) |
 * | FLOAT / DOUBLE | FLOAT / DOUBLE | NaN and ±Infinity kept |
 * | DATE | DATE | |
 * | TIME | TIME (scale ≤ 6) / TIME_NS | |
 * | TIMESTAMP | TIMESTAMP (scale ≤ 6) / TIMESTAMP_NS | |
 * | TIMESTAMP_TZ | TIMESTAMP WITH TIME ZONE (µs, UTC instant) | scale > 6 needs `--allow-nanosecond-timestamp-columns` (truncated to µs) |
 * | INTERVAL_YM / INTERVAL_DS / INTERVAL_MDN | INTERVAL | loaded from the staged ISO text; scale > 6 needs `--allow-nanosecond-timestamp-columns` |
 * | BOOLEAN | BOOLEAN | |
 */
import {
  assertNever,
  canonicalColumn,
  GoeError,
  stagingColumn,
  type CanonicalColumn,
  type CanonicalType,
  type LossyAllowances,
} from '@goe/core';

/**
 * Largest DECIMAL precision DuckDB holds.
 *
 * @example
 * DUCKDB_CAPABILITIES.maxDecimalPrecision === DUCKDB_MAX_DECIMAL_PRECISION // 38
 */
export const DUCKDB_MAX_DECIMAL_PRECISION = 38;

/**
 * Column comment recording the canonical interval type (DuckDB has one INTERVAL type for three canonical ones).
 *
 * @example
 * `${CANONICAL_COMMENT_PREFIX}INTERVAL_YM` // 'goe:INTERVAL_YM'
 */
export const CANONICAL_COMMENT_PREFIX = 'goe:';

const NO_ALLOWANCES: LossyAllowances = {
  decimalScaleRounding: false,
  floatingPointConversions: false,
  nanosecondTimestamps: false,
};

function effectiveDecimal(column: CanonicalColumn): { p: number; s: number } {
  if (column.precision === undefined) {
    throw new GoeError(
      'TYPE_UNSUPPORTED',
      `Column ${column.name}: DECIMAL without a precision cannot be created in DuckDB`,
      {
        column: column.name,
        hint: `Give --decimal-columns ${column.name} --decimal-columns-type <p>,<s>, or let data sampling size it (--data-sample-percent AUTO or 1-100)`,
      },
    );
  }
  let p = column.precision;
  let s = column.scale ?? 0;
  if (s < 0) {
    p -= s;
    s = 0;
  }
  if (p > DUCKDB_MAX_DECIMAL_PRECISION) {
    throw new GoeError(
      'TYPE_UNSUPPORTED',
      `Column ${column.name}: DECIMAL(${p},${s}) exceeds DuckDB's ${DUCKDB_MAX_DECIMAL_PRECISION} digits`,
      {
        column: column.name,
        hint: `If the values fit, give --decimal-columns ${column.name} --decimal-columns-type 38,${Math.min(s, 37)} (the load validates every value); DuckDB has no wider exact type`,
      },
    );
  }
  if (s > p) {
    throw new GoeError(
      'TYPE_UNSUPPORTED',
      `Column ${column.name}: DECIMAL(${p},${s}) has a scale larger than its precision`,
      {
        column: column.name,
        hint: `Give --decimal-columns ${column.name} --decimal-columns-type ${Math.min(s, DUCKDB_MAX_DECIMAL_PRECISION)},${s}`,
      },
    );
  }
  return { p: Math.max(p, 1), s };
}

function nanosecondRefusal(column: CanonicalColumn, what: string): GoeError {
  return new GoeError(
    'TYPE_LOSSY_CONVERSION',
    `Column ${column.name}: ${what} holds nanoseconds; DuckDB keeps microseconds`,
    {
      column: column.name,
      hint: 'Include --allow-nanosecond-timestamp-columns to truncate to microseconds',
    },
  );
}

/**
 * The DuckDB type of a canonical column, spelt as DuckDB's `DESCRIBE` reports it.
 *
 * @throws GoeError `TYPE_UNSUPPORTED` (DECIMAL over 38 digits or without precision),
 *   `TYPE_LOSSY_CONVERSION` (nanosecond TIMESTAMP_TZ or interval without the allowance).
 * @example
 * duckdbTypeFor(canonicalColumn({ name: 'T', dataType: 'TIMESTAMP', scale: 9 })) // 'TIMESTAMP_NS'
 */
export function duckdbTypeFor(column: CanonicalColumn, allow: LossyAllowances = NO_ALLOWANCES): string {
  const t = column.dataType;
  switch (t) {
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
    case 'LARGE_STRING':
      return 'VARCHAR';
    case 'BINARY':
    case 'LARGE_BINARY':
      return 'BLOB';
    case 'INTEGER_1':
      return 'TINYINT';
    case 'INTEGER_2':
      return 'SMALLINT';
    case 'INTEGER_4':
      return 'INTEGER';
    case 'INTEGER_8':
      return 'BIGINT';
    case 'INTEGER_38':
      return 'DECIMAL(38,0)';
    case 'DECIMAL': {
      const { p, s } = effectiveDecimal(column);
      return `DECIMAL(${p},${s})`;
    }
    case 'FLOAT':
      return 'FLOAT';
    case 'DOUBLE':
      return 'DOUBLE';
    case 'DATE':
      return 'DATE';
    case 'TIME':
      return (column.scale ?? 6) > 6 ? 'TIME_NS' : 'TIME';
    case 'TIMESTAMP':
      return (column.scale ?? 6) > 6 ? 'TIMESTAMP_NS' : 'TIMESTAMP';
    case 'TIMESTAMP_TZ':
      if ((column.scale ?? 6) > 6 && !allow.nanosecondTimestamps)
        throw nanosecondRefusal(column, `TIMESTAMP_TZ(${column.scale})`);
      return 'TIMESTAMP WITH TIME ZONE';
    case 'INTERVAL_YM':
      return 'INTERVAL';
    case 'INTERVAL_DS':
    case 'INTERVAL_MDN':
      if ((column.scale ?? 6) > 6 && !allow.nanosecondTimestamps)
        throw nanosecondRefusal(column, `${t}(scale ${column.scale})`);
      return 'INTERVAL';
    case 'BOOLEAN':
      return 'BOOLEAN';
    default:
      return assertNever(t, 'canonical type');
  }
}

/**
 * The DuckDB type `read_parquet` reports for a column of the native transport's Parquet files (core's exact
 * canonical → Arrow mapping); differs from {@link duckdbTypeFor} only for intervals (text), nanosecond
 * TIMESTAMP_TZ (DuckDB reads UTC nanoseconds as microsecond TIMESTAMPTZ) and columns rounded by
 * `--allow-decimal-scale-rounding` (staged at their source DECIMAL; the load's `CAST` rounds half away from zero).
 *
 * @example
 * stagedDuckdbType(canonicalColumn({ name: 'I', dataType: 'INTERVAL_DS' })) // 'VARCHAR'
 */
export function stagedDuckdbType(planned: CanonicalColumn): string {
  const column = stagingColumn(planned); // a column DuckDB's cast rounds is staged at its exact source decimal
  const t = column.dataType;
  if (t === 'INTERVAL_YM' || t === 'INTERVAL_DS' || t === 'INTERVAL_MDN') return 'VARCHAR';
  if (t === 'TIMESTAMP_TZ') return 'TIMESTAMP WITH TIME ZONE';
  return duckdbTypeFor(column, { ...NO_ALLOWANCES, nanosecondTimestamps: true });
}

/**
 * The column comment recording a canonical type DuckDB's type alone does not tell (intervals), or undefined.
 *
 * @example
 * canonicalComment(canonicalColumn({ name: 'I', dataType: 'INTERVAL_DS' })) // 'goe:INTERVAL_DS'
 */
export function canonicalComment(column: CanonicalColumn): string | undefined {
  return column.dataType.startsWith('INTERVAL_') ? `${CANONICAL_COMMENT_PREFIX}${column.dataType}` : undefined;
}

const SIMPLE: Readonly<Record<string, { type: CanonicalType; scale?: number; precision?: number }>> = {
  VARCHAR: { type: 'VARIABLE_STRING' },
  BLOB: { type: 'LARGE_BINARY' },
  TINYINT: { type: 'INTEGER_1' },
  SMALLINT: { type: 'INTEGER_2' },
  INTEGER: { type: 'INTEGER_4' },
  BIGINT: { type: 'INTEGER_8' },
  HUGEINT: { type: 'INTEGER_38', precision: 38 },
  UTINYINT: { type: 'INTEGER_2' },
  USMALLINT: { type: 'INTEGER_4' },
  UINTEGER: { type: 'INTEGER_8' },
  UBIGINT: { type: 'INTEGER_38', precision: 20 },
  FLOAT: { type: 'FLOAT' },
  DOUBLE: { type: 'DOUBLE' },
  DATE: { type: 'DATE' },
  TIME: { type: 'TIME', scale: 6 },
  TIME_NS: { type: 'TIME', scale: 9 },
  TIMESTAMP_S: { type: 'TIMESTAMP', scale: 0 },
  TIMESTAMP_MS: { type: 'TIMESTAMP', scale: 3 },
  TIMESTAMP: { type: 'TIMESTAMP', scale: 6 },
  TIMESTAMP_NS: { type: 'TIMESTAMP', scale: 9 },
  'TIMESTAMP WITH TIME ZONE': { type: 'TIMESTAMP_TZ', scale: 6 },
  INTERVAL: { type: 'INTERVAL_MDN', scale: 6 },
  BOOLEAN: { type: 'BOOLEAN' },
  UUID: { type: 'VARIABLE_STRING' },
};

/**
 * The canonical column of a DuckDB column (for `describeTable`): `comment` carries the canonical interval type
 * written by `createTable` (`goe:INTERVAL_YM`); an INTERVAL without one is `INTERVAL_MDN`.
 *
 * @throws GoeError `TYPE_UNSUPPORTED` for nested and other types no canonical type holds.
 * @example
 * canonicalFromDuckdb('AMOUNT', 'DECIMAL(12,2)', true).precision // 12
 */
export function canonicalFromDuckdb(
  name: string,
  duckdbType: string,
  nullable: boolean,
  comment?: string | null,
): CanonicalColumn {
  const type = duckdbType.trim().toUpperCase();
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (dec)
    return canonicalColumn({ name, dataType: 'DECIMAL', precision: Number(dec[1]), scale: Number(dec[2]), nullable });
  const simple = SIMPLE[type];
  if (simple === undefined) {
    throw new GoeError('TYPE_UNSUPPORTED', `Column ${name}: DuckDB type ${duckdbType} has no canonical type`, {
      column: name,
    });
  }
  let dataType = simple.type;
  if (type === 'INTERVAL' && comment?.startsWith(CANONICAL_COMMENT_PREFIX)) {
    const recorded = comment.slice(CANONICAL_COMMENT_PREFIX.length);
    if (recorded === 'INTERVAL_YM' || recorded === 'INTERVAL_DS' || recorded === 'INTERVAL_MDN') dataType = recorded;
  }
  return canonicalColumn({
    name,
    dataType,
    nullable,
    ...(simple.precision === undefined ? {} : { precision: simple.precision }),
    ...(simple.scale === undefined || dataType === 'INTERVAL_YM' ? {} : { scale: simple.scale }),
    ...(simple.type === 'INTEGER_38' ? { scale: 0 } : {}),
  });
}
