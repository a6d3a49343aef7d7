/**
 * Pure, table-driven canonical → BigQuery type mapping and back (reference `goe-types-and-dialects.md` §3.1, §3.6),
 * lossless by default: what BigQuery cannot hold exactly is refused with the option that allows it.
 *
 * | canonical | BigQuery | rule |
 * |---|---|---|
 * | FIXED_STRING, VARIABLE_STRING | STRING(n) (bare STRING without a length) | §3.1 |
 * | LARGE_STRING | STRING | §3.6 |
 * | BINARY | BYTES(n) (bare BYTES without a length) | §3.1 |
 * | LARGE_BINARY | BYTES | §3.6 |
 * | INTEGER_1/2/4/8 | INT64 | §3.1 |
 * | INTEGER_38 | NUMERIC(p,0) when p ≤ 29, else BIGNUMERIC(38,0) | §3.1 |
 * | DECIMAL(p,s) | NUMERIC(p,s) when p − s ≤ 29 and s ≤ 9, else BIGNUMERIC(p,s) (≤ 76 digits, scale ≤ 38) | §3.1, GOE's DECIMAL(5,5) → BIGNUMERIC quirk fixed |
 * | DECIMAL without precision | BIGNUMERIC | §3.6 (values checked by the load's cast check) |
 * | FLOAT, DOUBLE | FLOAT64 | §3.1 |
 * | DATE | DATE | §3.1 |
 * | TIME | TIME (scale ≤ 6) | §3.1; scale > 6 needs `--allow-nanosecond-timestamp-columns` |
 * | TIMESTAMP | DATETIME (scale ≤ 6) | §3.1; idem |
 * | TIMESTAMP_TZ | TIMESTAMP (UTC instant, scale ≤ 6) | §3.1; idem |
 * | INTERVAL_YM / INTERVAL_DS / INTERVAL_MDN | STRING (ISO 8601 text), canonical type kept in the column description | §3.1 |
 * | BOOLEAN | BOOL | §3.1 |
 */
import {
  assertNever,
  canonicalColumn,
  GoeError,
  type CanonicalColumn,
  type CanonicalType,
  type LossyAllowances,
} from '@goe/core';

/** BigQuery's limits (reference §3.0): decimal digits, NUMERIC's integral digits and scale, BIGNUMERIC's scale. */
export const BIGQUERY_LIMITS = Object.freeze({
  maxDecimalPrecision: 76,
  maxNumericIntegralDigits: 29,
  maxNumericScale: 9,
  maxBignumericIntegralDigits: 38,
  maxBignumericScale: 38,
  maxDatetimeScale: 6,
  /** Column names: at most 300 characters. */
  maxColumnNameLength: 300,
  /** Dataset and table names: at most 1,024 characters. */
  maxNameLength: 1024,
});

/**
 * Column description recording the canonical type BigQuery's type alone does not tell (intervals held as STRING).
 *
 * @example
 * `${CANONICAL_DESCRIPTION_PREFIX}INTERVAL_DS` // 'goe:INTERVAL_DS'
 */
export const CANONICAL_DESCRIPTION_PREFIX = 'goe:';

const NO_ALLOWANCES: LossyAllowances = {
  decimalScaleRounding: false,
  floatingPointConversions: false,
  nanosecondTimestamps: false,
};

function decimalType(column: CanonicalColumn): string {
  if (column.precision === undefined) return 'BIGNUMERIC';
  let p = column.precision;
  let s = column.scale ?? 0;
  if (s < 0) {
    p -= s;
    s = 0;
  }
  const refuse = (why: string, hint: string): never => {
    throw new GoeError('TYPE_UNSUPPORTED', `Column ${column.name}: DECIMAL(${p},${s}) ${why}`, {
      column: column.name,
      hint,
    });
  };
  if (s > p)
    refuse(
      'has a scale larger than its precision',
      `Give --decimal-columns ${column.name} --decimal-columns-type ${Math.min(s, 76)},${s}`,
    );
  const integral = p - s;
  if (integral <= BIGQUERY_LIMITS.maxNumericIntegralDigits && s <= BIGQUERY_LIMITS.maxNumericScale) {
    return `NUMERIC(${Math.max(p, 1)},${s})`;
  }
  if (
    p > BIGQUERY_LIMITS.maxDecimalPrecision ||
    s > BIGQUERY_LIMITS.maxBignumericScale ||
    integral > BIGQUERY_LIMITS.maxBignumericIntegralDigits
  ) {
    refuse(
      `exceeds BigQuery's BIGNUMERIC (at most ${BIGQUERY_LIMITS.maxBignumericIntegralDigits} integral and ${BIGQUERY_LIMITS.maxBignumericScale} fractional digits)`,
      `If the values fit, give --decimal-columns ${column.name} --decimal-columns-type ${Math.min(integral, 38) + Math.min(s, 38)},${Math.min(s, 38)} (the load checks every value)`,
    );
  }
  return `BIGNUMERIC(${p},${s})`;
}

function subMicrosecond(column: CanonicalColumn, what: string, allow: LossyAllowances): void {
  if ((column.scale ?? 6) > BIGQUERY_LIMITS.maxDatetimeScale && !allow.nanosecondTimestamps) {
    throw new GoeError(
      'TYPE_LOSSY_CONVERSION',
      `Column ${column.name}: ${what}(${column.scale}) holds nanoseconds; BigQuery keeps microseconds`,
      {
        column: column.name,
        hint: 'Include --allow-nanosecond-timestamp-columns to truncate to microseconds',
      },
    );
  }
}

const sized = (base: string, length: number | undefined) =>
  length === undefined || length <= 0 ? base : `${base}(${length})`;

/**
 * The BigQuery type of a canonical column, as DDL spells it.
 *
 * @throws GoeError `TYPE_UNSUPPORTED` (decimals beyond BIGNUMERIC), `TYPE_LOSSY_CONVERSION` (sub-microsecond
 *   TIME/TIMESTAMP/TIMESTAMP_TZ without `--allow-nanosecond-timestamp-columns`)
 * @example
 * bigqueryTypeFor(canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 40, scale: 10 })) // 'BIGNUMERIC(40,10)'
 */
export function bigqueryTypeFor(column: CanonicalColumn, allow: LossyAllowances = NO_ALLOWANCES): string {
  const t = column.dataType;
  switch (t) {
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
      return sized('STRING', column.charLength ?? column.dataLength);
    case 'LARGE_STRING':
      return 'STRING';
    case 'BINARY':
      return sized('BYTES', column.dataLength);
    case 'LARGE_BINARY':
      return 'BYTES';
    case 'INTEGER_1':
    case 'INTEGER_2':
    case 'INTEGER_4':
    case 'INTEGER_8':
      return 'INT64';
    case 'INTEGER_38':
      return column.precision !== undefined && column.precision <= BIGQUERY_LIMITS.maxNumericIntegralDigits
        ? `NUMERIC(${column.precision},0)`
        : 'BIGNUMERIC(38,0)';
    case 'DECIMAL':
      return decimalType(column);
    case 'FLOAT':
    case 'DOUBLE':
      return 'FLOAT64';
    case 'DATE':
      return 'DATE';
    case 'TIME':
      subMicrosecond(column, 'TIME', allow);
      return 'TIME';
    case 'TIMESTAMP':
      subMicrosecond(column, 'TIMESTAMP', allow);
      return 'DATETIME';
    case 'TIMESTAMP_TZ':
      subMicrosecond(column, 'TIMESTAMP_TZ', allow);
      return 'TIMESTAMP';
    case 'INTERVAL_YM':
    case 'INTERVAL_DS':
    case 'INTERVAL_MDN':
      return 'STRING';
    case 'BOOLEAN':
      return 'BOOL';
    default:
      return assertNever(t, 'canonical type');
  }
}

/**
 * The column description recording a canonical type the BigQuery type does not tell (intervals), or undefined.
 *
 * @example
 * canonicalDescription(canonicalColumn({ name: 'I', dataType: 'INTERVAL_YM' })) // 'goe:INTERVAL_YM'
 */
export function canonicalDescription(column: CanonicalColumn): string | undefined {
  return column.dataType.startsWith('INTERVAL_') ? `${CANONICAL_DESCRIPTION_PREFIX}${column.dataType}` : undefined;
}

const SIMPLE: Readonly<Record<string, { type: CanonicalType; precision?: number; scale?: number }>> = {
  STRING: { type: 'VARIABLE_STRING' },
  BYTES: { type: 'BINARY' },
  INT64: { type: 'INTEGER_8' },
  INTEGER: { type: 'INTEGER_8' },
  NUMERIC: { type: 'DECIMAL', precision: 38, scale: 9 },
  DECIMAL: { type: 'DECIMAL', precision: 38, scale: 9 },
  BIGNUMERIC: { type: 'DECIMAL', precision: 76, scale: 38 },
  BIGDECIMAL: { type: 'DECIMAL', precision: 76, scale: 38 },
  FLOAT64: { type: 'DOUBLE' },
  FLOAT: { type: 'DOUBLE' },
  /** bigquery-emulator's INFORMATION_SCHEMA spelling of FLOAT64. */
  DOUBLE: { type: 'DOUBLE' },
  DATE: { type: 'DATE' },
  DATETIME: { type: 'TIMESTAMP', scale: 6 },
  TIME: { type: 'TIME', scale: 6 },
  TIMESTAMP: { type: 'TIMESTAMP_TZ', scale: 6 },
  BOOL: { type: 'BOOLEAN' },
  BOOLEAN: { type: 'BOOLEAN' },
};

/**
 * The canonical column of a BigQuery column (for `describeTable`; reference §3.1 "BigQuery → canonical"):
 * parameterized types keep their parameters, bare NUMERIC is DECIMAL(38,9) and bare BIGNUMERIC DECIMAL(76,38), a
 * `goe:INTERVAL_*` description turns a STRING back into its interval type.
 *
 * @throws GoeError `TYPE_UNSUPPORTED` for types no canonical type holds (STRUCT, ARRAY, GEOGRAPHY, JSON, RANGE…)
 * @example
 * canonicalFromBigquery('AMT', 'NUMERIC(12,2)', true) // DECIMAL(12,2)
 */
export function canonicalFromBigquery(
  name: string,
  bigqueryType: string,
  nullable: boolean,
  description?: string | null,
): CanonicalColumn {
  const type = bigqueryType.trim().toUpperCase().replace(/\s+/g, '');
  const params = /^(NUMERIC|DECIMAL|BIGNUMERIC|BIGDECIMAL)\((\d+)(?:,(\d+))?\)$/.exec(type);
  if (params) {
    return canonicalColumn({
      name,
      dataType: 'DECIMAL',
      precision: Number(params[2]),
      scale: Number(params[3] ?? 0),
      nullable,
    });
  }
  const length = /^(STRING|BYTES)\((\d+)\)$/.exec(type);
  if (length) {
    return length[1] === 'STRING'
      ? canonicalColumn({ name, dataType: 'VARIABLE_STRING', charLength: Number(length[2]), nullable })
      : canonicalColumn({ name, dataType: 'BINARY', dataLength: Number(length[2]), nullable });
  }
  const simple = SIMPLE[type];
  if (simple === undefined) {
    throw new GoeError('TYPE_UNSUPPORTED', `Column ${name}: BigQuery type ${bigqueryType} has no canonical type`, {
      column: name,
    });
  }
  if (simple.type === 'VARIABLE_STRING' && description?.startsWith(CANONICAL_DESCRIPTION_PREFIX)) {
    const recorded = description.slice(CANONICAL_DESCRIPTION_PREFIX.length);
    if (recorded === 'INTERVAL_YM' || recorded === 'INTERVAL_DS' || recorded === 'INTERVAL_MDN') {
      return canonicalColumn({
        name,
        dataType: recorded,
        nullable,
        ...(recorded === 'INTERVAL_YM' ? {} : { scale: 6 }),
      });
    }
  }
  return canonicalColumn({
    name,
    dataType: simple.type,
    nullable,
    ...(simple.precision === undefined ? {} : { precision: simple.precision }),
    ...(simple.scale === undefined ? {} : { scale: simple.scale }),
  });
}
