/**
 * PostgreSQL → canonical type mapping: pure and table-driven. Domains arrive here already resolved to their
 * base type (introspection does that); arrays, ranges, geometric and other types are refused, naming the column.
 */
import {
  GoeError,
  integralCanonicalType,
  MAX_ARROW_DECIMAL_PRECISION,
  type CanonicalType,
  type CharSemantics,
} from '@goe/core';

/** A column's type as the catalog describes it (after resolving domains to their base type). */
export interface PgColumnType {
  /** Base type name (`pg_type.typname`), e.g. `int4`, `numeric`, `_int4`. */
  readonly typname: string;
  /** `pg_type.typtype` of the base type: `b` base, `e` enum, `r` range, `m` multirange, `c` composite, `p` pseudo. */
  readonly typtype: string;
  /** `pg_type.typcategory` of the base type (`A` = array, `G` = geometric, `S` = string…). */
  readonly typcategory: string;
  /** Type modifier (column's, else the domain's); -1 when none. */
  readonly typmod: number;
  /** `format_type(base, typmod)`, e.g. `numeric(12,2)`. */
  readonly formatted: string;
  /** The declared type name (a domain, enum or extension type), for messages. */
  readonly declared: string;
}

/** The canonical side of a mapping (attributes a {@link canonicalColumn} takes). */
export interface CanonicalMapping {
  readonly dataType: CanonicalType;
  readonly precision?: number;
  readonly scale?: number;
  readonly charLength?: number;
  readonly charSemantics?: CharSemantics;
  /** `false` for unconstrained numeric before sampling, and for sampled columns (GOE's rule). */
  readonly safeMapping: boolean;
  /** True when the column needs data sampling to get a precision (unconstrained `numeric`). */
  readonly needsSampling?: boolean;
  /** Which special values the column's type may hold (checked at extraction). */
  readonly special?: 'numeric' | 'datetime';
}

/**
 * Decodes a numeric typmod into precision and scale (scale may be negative or above precision since PG 15).
 *
 * @example
 * numericTypmod(786438) // { precision: 12, scale: 2 }
 */
export function numericTypmod(typmod: number): { precision: number; scale: number } | undefined {
  if (typmod < 4) return undefined;
  const t = typmod - 4;
  return { precision: (t >> 16) & 0xffff, scale: ((t & 0x7ff) ^ 1024) - 1024 };
}

/** GOE's integral detection (reference §2.1), shared by every frontend: see {@link integralCanonicalType}. */
export const integralType = integralCanonicalType;

/**
 * The canonical mapping of a decimal of known precision and scale: integral types for scale 0, else DECIMAL.
 *
 * @throws GoeError `TYPE_UNSUPPORTED` naming the column when more than 76 digits are needed (Arrow's limit)
 * @example
 * decimalMapping('AMOUNT', 12, 2, true) // { dataType: 'DECIMAL', precision: 12, scale: 2, safeMapping: true }
 */
export function decimalMapping(column: string, precision: number, scale: number, safe: boolean): CanonicalMapping {
  let p = precision;
  let s = scale;
  if (s < 0) {
    p -= s; // numeric(3,-2) holds up to 99900: five integral digits
    s = 0;
  }
  if (s > p) p = s; // numeric(3,5) holds values below 0.001
  const integral = integralType(p, s, safe);
  if (integral !== undefined)
    return { dataType: integral, precision: p, scale: 0, safeMapping: safe, special: 'numeric' };
  if (p > MAX_ARROW_DECIMAL_PRECISION) {
    throw new GoeError(
      'TYPE_UNSUPPORTED',
      `Column ${column}: numeric(${precision},${scale}) needs ${p} digits; at most ${MAX_ARROW_DECIMAL_PRECISION} can be offloaded exactly`,
      {
        column,
        hint: `Use --decimal-columns ${column} with a smaller --decimal-columns-type, or --double-columns ${column}`,
      },
    );
  }
  return { dataType: 'DECIMAL', precision: p, scale: s, safeMapping: safe, special: 'numeric' };
}

type Rule = (t: PgColumnType, column: string) => CanonicalMapping;

const fixed =
  (dataType: CanonicalType): Rule =>
  () => ({ dataType, safeMapping: true });
const len = (typmod: number): number | undefined => (typmod >= 4 ? typmod - 4 : undefined);
const frac = (typmod: number): number => (typmod >= 0 ? typmod : 6);
const str = (dataType: CanonicalType, charLength?: number): CanonicalMapping => ({
  dataType,
  safeMapping: true,
  charSemantics: 'CHAR',
  ...(charLength === undefined ? {} : { charLength }),
});
const asText: Rule = () => str('VARIABLE_STRING');

/** The mapping table: PostgreSQL base type name → canonical mapping. */
const RULES: Readonly<Record<string, Rule>> = {
  int2: fixed('INTEGER_2'),
  int4: fixed('INTEGER_4'),
  int8: fixed('INTEGER_8'),
  oid: fixed('INTEGER_8'),
  float4: fixed('FLOAT'),
  float8: fixed('DOUBLE'),
  bool: fixed('BOOLEAN'),
  numeric: (t, column) => {
    const ps = numericTypmod(t.typmod);
    if (ps === undefined) return { dataType: 'DECIMAL', safeMapping: false, needsSampling: true, special: 'numeric' };
    return decimalMapping(column, ps.precision, ps.scale, true);
  },
  bpchar: (t) => (len(t.typmod) === undefined ? str('VARIABLE_STRING') : str('FIXED_STRING', len(t.typmod))),
  char: () => str('FIXED_STRING', 1),
  varchar: (t) => str('VARIABLE_STRING', len(t.typmod)),
  text: () => str('VARIABLE_STRING'),
  name: () => str('VARIABLE_STRING', 63),
  citext: asText,
  uuid: () => str('VARIABLE_STRING', 36),
  json: () => str('LARGE_STRING'),
  jsonb: () => str('LARGE_STRING'),
  xml: () => str('LARGE_STRING'),
  inet: asText,
  cidr: asText,
  macaddr: asText,
  macaddr8: asText,
  bytea: fixed('LARGE_BINARY'),
  date: () => ({ dataType: 'DATE', safeMapping: true, special: 'datetime' }),
  timestamp: (t) => ({ dataType: 'TIMESTAMP', scale: frac(t.typmod), safeMapping: true, special: 'datetime' }),
  timestamptz: (t) => ({ dataType: 'TIMESTAMP_TZ', scale: frac(t.typmod), safeMapping: true, special: 'datetime' }),
  time: (t) => ({ dataType: 'TIME', scale: frac(t.typmod), safeMapping: true }),
  interval: () => ({ dataType: 'INTERVAL_MDN', scale: 6, safeMapping: true }),
};

function refuse(column: string, t: PgColumnType, why: string): never {
  throw new GoeError('TYPE_UNSUPPORTED', `Column ${column}: PostgreSQL type ${t.declared} is not supported (${why})`, {
    column,
    hint: 'Exclude the column, or offload a view that casts it (e.g. to text)',
  });
}

/**
 * Maps a PostgreSQL column type to its canonical type.
 *
 * | PostgreSQL | canonical |
 * |---|---|
 * | smallint / integer / bigint / oid | INTEGER_2 / INTEGER_4 / INTEGER_8 / INTEGER_8 |
 * | numeric(p,0) | INTEGER_1/2/4/8/38 by p, DECIMAL(p,0) above 38 |
 * | numeric(p,s) | DECIMAL(p,s); p > 76 refused |
 * | numeric | DECIMAL sized by data sampling |
 * | real / double precision | FLOAT / DOUBLE |
 * | char(n) / varchar(n) / text / name / "char" | FIXED_STRING(n) / VARIABLE_STRING(n) / VARIABLE_STRING / VARIABLE_STRING(63) / FIXED_STRING(1) |
 * | uuid, citext, enums, inet, cidr, macaddr | VARIABLE_STRING |
 * | json, jsonb, xml | LARGE_STRING |
 * | bytea | LARGE_BINARY |
 * | date / timestamp(p) / timestamptz(p) / time(p) | DATE / TIMESTAMP(p) / TIMESTAMP_TZ(p) / TIME(p) |
 * | interval | INTERVAL_MDN |
 * | boolean | BOOLEAN |
 * | domains | their base type |
 *
 * @throws GoeError `TYPE_UNSUPPORTED` naming the column for arrays, ranges, multiranges, composites,
 *   geometric, timetz, money, bit strings, text search and every other type.
 * @example
 * mapPostgresType('AMOUNT', { typname: 'numeric', typtype: 'b', typcategory: 'N', typmod: 786438, formatted: 'numeric(12,2)', declared: 'numeric' })
 * // { dataType: 'DECIMAL', precision: 12, scale: 2, safeMapping: true, special: 'numeric' }
 */
export function mapPostgresType(column: string, t: PgColumnType): CanonicalMapping {
  if (t.typcategory === 'A') refuse(column, t, 'arrays have no canonical type');
  if (t.typtype === 'e') return str('VARIABLE_STRING');
  if (t.typtype === 'r' || t.typtype === 'm') refuse(column, t, 'ranges have no canonical type');
  if (t.typtype === 'c') refuse(column, t, 'composite types have no canonical type');
  if (t.typcategory === 'G') refuse(column, t, 'geometric types have no canonical type');
  const rule = Object.prototype.hasOwnProperty.call(RULES, t.typname) ? RULES[t.typname] : undefined;
  if (rule === undefined) refuse(column, t, 'no exact canonical type');
  return rule(t, column);
}

/**
 * The canonical mapping of an unconstrained numeric after sampling (GOE §2.1): precision = integral digits +
 * scale, `safeMapping: false`, then integral detection.
 *
 * @example
 * sampledNumericMapping('X', 17, 0) // { dataType: 'INTEGER_38', precision: 17, scale: 0, safeMapping: false, … }
 */
export function sampledNumericMapping(column: string, integralDigits: number, scale: number): CanonicalMapping {
  return decimalMapping(column, Math.max(1, integralDigits + scale), scale, false);
}
