/**
 * Fixture-derived expectations for `count`/`aggregate`, and the normalization that makes engine-rendered aggregate
 * text comparable (`1.50` = `1.5` = `1.5E0`; `0001-01-01 00:00:00` = `0001-01-01` for dates).
 */
import type { AggregateResult, AggregateSpec, CanonicalType, OffloadScope, PredicateAst } from '@goe/core';
import { fail } from './check.js';
import type { FixtureColumn } from './fixtures.js';
import {
  canonicalText,
  formatDate,
  formatDecimal,
  parseDate,
  parseDecimal,
  toDecimalValue,
  type DecimalValue,
} from './values.js';

const NUMERIC: readonly CanonicalType[] = ['INTEGER_1', 'INTEGER_2', 'INTEGER_4', 'INTEGER_8', 'INTEGER_38', 'DECIMAL'];

function compareDecimal(a: DecimalValue, b: DecimalValue): number {
  const s = Math.max(a.scale, b.scale);
  const x = a.unscaled * 10n ** BigInt(s - a.scale);
  const y = b.unscaled * 10n ** BigInt(s - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Normalizes aggregate text an engine rendered for a column of `type`: numbers to their shortest exact decimal,
 * dates to `YYYY-MM-DD`; other text as is. `null` stays `null`.
 *
 * @example
 * normalizeAggregateText('DECIMAL', '1.500') // '1.5'
 * normalizeAggregateText('DATE', '0001-01-01 00:00:00') // '0001-01-01'
 */
export function normalizeAggregateText(type: CanonicalType, text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const t = String(text).trim();
  if (NUMERIC.includes(type) || /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    try {
      return formatDecimal(parseDecimal(t));
    } catch {
      return t;
    }
  }
  if (type === 'DATE') {
    const m = /^([+-]?\d{1,6})-(\d{1,2})-(\d{1,2})/.exec(t);
    if (m)
      return formatDate(
        parseDate(`${m[1]!.padStart(4, '0')}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`).days,
      );
  }
  if (type === 'TIMESTAMP' || type === 'TIMESTAMP_TZ') return normalizeTimestampText(t);
  return t;
}

/**
 * A timestamp's text in one spelling: `YYYY-MM-DDTHH:MM:SS[.fraction without trailing zeros]`, a date alone at
 * midnight (a DATE fixture read as a timestamp), a UTC zone (`Z`, `+00`, `+00:00`) as `+00:00`; other text unchanged.
 */
function normalizeTimestampText(t: string): string {
  const m =
    /^([+-]?\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      t,
    );
  if (!m) return t;
  const fraction = (m[7] ?? '').replace(/0+$/, '');
  const zone = m[8] === undefined ? '' : /^(z|[+-]00(:?00)?)$/i.test(m[8]) ? '+00:00' : m[8];
  return `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${fraction === '' ? '' : `.${fraction}`}${zone}`;
}

/**
 * The expected normalized result of one aggregate over a fixture column (its non-NULL, non-excluded cases):
 * `count`, `count_distinct` (distinct canonical text), `min`/`max`/`sum` for numbers, `min`/`max` for dates.
 *
 * @example
 * expectedAggregate(fixtures.column('INTEGER_8')!, 'max') // '9223372036854775807'
 */
export function expectedAggregate(fc: FixtureColumn, fn: AggregateSpec['fn']): string | null {
  const values = fc.cases.map((k) => k.value).filter((v) => v !== null && v !== undefined);
  switch (fn) {
    case 'count':
      return String(values.length);
    case 'count_distinct':
      return String(new Set(values.map((v) => canonicalText(fc.column, v))).size);
    case 'min':
    case 'max':
    case 'sum': {
      if (values.length === 0) return null;
      if (NUMERIC.includes(fc.type)) {
        const decimals = values.map((v) => toDecimalValue(v));
        if (fn === 'sum') {
          const s = Math.max(...decimals.map((d) => d.scale));
          const total = decimals.reduce((acc, d) => acc + d.unscaled * 10n ** BigInt(s - d.scale), 0n);
          return formatDecimal({ unscaled: total, scale: s });
        }
        const sorted = [...decimals].sort(compareDecimal);
        return formatDecimal((fn === 'min' ? sorted[0] : sorted[sorted.length - 1])!);
      }
      if (fc.type === 'DATE' && fn !== 'sum') {
        const texts = values.map((v) => canonicalText(fc.column, v)!).sort();
        return (fn === 'min' ? texts[0] : texts[texts.length - 1])!;
      }
      return fail(`no fixture-derived ${fn} for ${fc.type}`);
    }
    default: {
      const never: never = fn;
      return fail(`unknown aggregate ${String(never)}`);
    }
  }
}

/**
 * The single value of an aggregate result asked for one spec (the suites ask one spec per call, so they do not
 * depend on how an adapter names result keys).
 *
 * @example
 * singleAggregateValue(await session.aggregate(table, FULL_SCOPE, [{ column: 'ID', fn: 'max' }]), 'max(ID)')
 */
export function singleAggregateValue(result: AggregateResult, what: string): string | null {
  const values = Object.values(result);
  if (values.length !== 1)
    fail(`${what}: expected one result entry for one aggregate spec, got ${JSON.stringify(result)}`);
  return values[0] ?? null;
}

/** The whole table. @example session.count(table, FULL_SCOPE) */
export const FULL_SCOPE: OffloadScope = Object.freeze({ kind: 'full' });

/** `ID < n` as a predicate scope (what the parser makes of `column(ID) < numeric(n)`). @example idBelow(5) */
export function idBelow(n: number): OffloadScope {
  return {
    kind: 'predicate',
    predicate: comparison('ID', '<', { kind: 'numeric', value: String(n), isDecimal: false }),
  };
}

/** @internal A comparison of a column with a value. */
export function comparison(
  column: string,
  op: '=' | '<',
  value: Extract<PredicateAst, { kind: 'comparison' }>['right'],
): PredicateAst {
  return { kind: 'comparison', op, left: { kind: 'column', name: column.toUpperCase() }, right: value };
}
