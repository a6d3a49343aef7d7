/**
 * Test-only: how each engine renders a value as text, and the minimal per-canonical-type normalization that makes
 * the two renderings comparable. Both engines render in UTC with ISO dates.
 *
 * | canonical type (as the frontend maps the column) | PostgreSQL renders | DuckDB renders | normalization |
 * |---|---|---|---|
 * | FIXED_STRING | `bpcharout(c)` (blank-padded; `c::text` would trim) | `CAST(c AS VARCHAR)` | none |
 * | VARIABLE_STRING, LARGE_STRING | `c::text` | `CAST(c AS VARCHAR)` | none |
 * | BINARY, LARGE_BINARY | `encode(c, 'hex')` | `hex(c)` (upper case) | lower-case hex |
 * | INTEGER_* | `c::text` | `CAST(c AS VARCHAR)` | none |
 * | DECIMAL | `c::text` (exactly `scale` fractional digits) | `CAST(c AS VARCHAR)` (the same, but no `0` before the point when precision = scale: `.5`, `-.5`) | a missing `0` before the point is added |
 * | FLOAT, DOUBLE | `c::text` with `extra_float_digits = 1` (shortest exact) | `CAST(c AS VARCHAR)` (shortest exact) | `nan`/`inf`/`-inf` → `NaN`/`Infinity`/`-Infinity`; finite digits read as a JS number and printed by `Number#toString` (`-0.0` → `-0`, `9007199254740991.0` / `9.007199254740991e+15` → `9007199254740991`), no rounding to float32 |
 * | DATE, TIME, TIMESTAMP | `c::text` | `CAST(c AS VARCHAR)` | none |
 * | TIMESTAMP_TZ | `c::text` (TimeZone UTC: `+00`) | `CAST(c AS VARCHAR)` (TimeZone UTC: `+00`) | a whole-hour offset `±HH` → `±HH:00` |
 * | INTERVAL_* | `c::text` (IntervalStyle iso_8601: `P1Y2M-3DT0.000001S`) | `CAST(c AS VARCHAR)` (`1 year 2 months -3 days 00:00:00.000001`) | parsed into months, days, microseconds, printed in GOE's interval text form (core `formatInterval`, INTERVAL_MDN) |
 * | BOOLEAN | `boolout(c)` (`t`/`f`) | `CAST(c AS VARCHAR)` (`true`/`false`) | `t`/`f` → `true`/`false` |
 *
 * A text that does not have the expected shape is left as it is, so it shows as a difference.
 */
import { canonicalText } from '@goe/conformance';
import { assertNever, formatInterval, type CanonicalColumn, type IntervalValue } from '@goe/core';
import { pgIsoInterval } from '../pg-text.js';

/** The engines whose text is compared. */
export type RenderingEngine = 'postgres' | 'duckdb';

/** PostgreSQL SQL rendering `expr` (a column the frontend maps to `column`) as text. */
export function pgTextSql(column: CanonicalColumn, expr: string): string {
  const t = column.dataType;
  switch (t) {
    case 'FIXED_STRING':
      return `bpcharout(${expr})::text`;
    case 'BOOLEAN':
      return `boolout(${expr})::text`;
    case 'BINARY':
    case 'LARGE_BINARY':
      return `encode(${expr}, 'hex')`;
    default:
      return `${expr}::text`;
  }
}

/** DuckDB SQL rendering `expr` (a column of the backend type of `column`) as text. */
export function duckdbTextSql(column: CanonicalColumn, expr: string): string {
  const t = column.dataType;
  return t === 'BINARY' || t === 'LARGE_BINARY' ? `hex(${expr})` : `CAST(${expr} AS VARCHAR)`;
}

const FINITE = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/;
const FLOAT_WORDS: Readonly<Record<RenderingEngine, Readonly<Record<string, string>>>> = {
  postgres: { NaN: 'NaN', Infinity: 'Infinity', '-Infinity': '-Infinity' },
  duckdb: { nan: 'NaN', inf: 'Infinity', '-inf': '-Infinity' },
};

function floatText(engine: RenderingEngine, text: string): string {
  const word = FLOAT_WORDS[engine][text];
  if (word !== undefined) return word;
  if (!FINITE.test(text)) return text;
  const n = Number(text);
  return Object.is(n, -0) ? '-0' : String(n);
}

const DUCKDB_INTERVAL =
  /^(?:(-?\d+) years? ?)?(?:(-?\d+) months? ?)?(?:(-?\d+) days? ?)?(?:(-)?(\d+):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/;

/**
 * DuckDB's interval text (`1 year 2 months -3 days -00:00:00.000001`, `00:00:00`) → months, days, microseconds.
 *
 * @throws Error when the text is not in that form.
 */
export function duckdbInterval(text: string): IntervalValue {
  const m = DUCKDB_INTERVAL.exec(text);
  if (!m || text === '' || text.endsWith(' ')) throw new Error(`not a DuckDB interval: ${JSON.stringify(text)}`);
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  const us =
    ((BigInt(n(m[5])) * 60n + BigInt(n(m[6]))) * 60n + BigInt(n(m[7]))) * 1_000_000n +
    BigInt((m[8] ?? '').padEnd(6, '0'));
  return { months: n(m[1]) * 12 + n(m[2]), days: n(m[3]), nanoseconds: (m[4] ? -us : us) * 1000n };
}

function intervalText(engine: RenderingEngine, text: string): string {
  try {
    if (engine === 'duckdb') return formatInterval('INTERVAL_MDN', duckdbInterval(text));
    const v = pgIsoInterval(text);
    return formatInterval('INTERVAL_MDN', { months: v.months, days: v.days, nanoseconds: v.micros * 1000n });
  } catch {
    return text;
  }
}

/**
 * The normalized text of one engine's rendering of a value of `column` (see the module table); `null` stays
 * `null`.
 *
 * @example
 * normalizeText('postgres', booleanColumn, 't') // 'true'
 */
export function normalizeText(engine: RenderingEngine, column: CanonicalColumn, text: string | null): string | null {
  if (text === null) return null;
  const t = column.dataType;
  switch (t) {
    case 'FIXED_STRING':
    case 'VARIABLE_STRING':
    case 'LARGE_STRING':
    case 'INTEGER_1':
    case 'INTEGER_2':
    case 'INTEGER_4':
    case 'INTEGER_8':
    case 'INTEGER_38':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      return text;
    case 'DECIMAL':
      return text.replace(/^(-?)\./, '$10.');
    case 'BINARY':
    case 'LARGE_BINARY':
      return text.toLowerCase();
    case 'FLOAT':
    case 'DOUBLE':
      return floatText(engine, text);
    case 'TIMESTAMP_TZ':
      return text.replace(/([+-]\d{2})$/, '$1:00');
    case 'INTERVAL_YM':
    case 'INTERVAL_DS':
    case 'INTERVAL_MDN':
      return intervalText(engine, text);
    case 'BOOLEAN':
      return engine === 'postgres' ? ({ t: 'true', f: 'false' }[text] ?? text) : text;
    default:
      return assertNever(t, 'canonical type');
  }
}

/**
 * A normalized text as `@goe/conformance` canonical text of `column` (binaries already are lower-case hex), to
 * compare with a fixture's expected text.
 *
 * @throws GoeError `VALIDATION_MISMATCH` when the text is not a value of the column's type.
 */
export function asCanonical(column: CanonicalColumn, normalized: string | null): string | null {
  if (normalized === null) return null;
  if (column.dataType === 'BINARY' || column.dataType === 'LARGE_BINARY') {
    if (!/^(?:[0-9a-f]{2})*$/.test(normalized)) throw new Error(`not hex: ${JSON.stringify(normalized.slice(0, 40))}`);
    return normalized;
  }
  return canonicalText(column, normalized);
}
