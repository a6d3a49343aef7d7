/** Expected canonical mappings of fixture columns, shared by the frontend and backend suites. */
import type { CanonicalColumn, CanonicalType } from '@goe/core';
import { checkEqual } from './check.js';
import type { FixtureColumn } from './fixtures.js';

/**
 * The canonical mapping a harness expects for a fixture column when it differs from the fixture's own type (an
 * engine without a 1-byte integer maps INTEGER_1 to INTEGER_2, PostgreSQL `interval` is INTERVAL_MDN…). With
 * `precision`/`scale`, those are checked instead of the fixture's.
 */
export type ExpectedMapping =
  | CanonicalType
  | { readonly dataType: CanonicalType; readonly precision?: number; readonly scale?: number };

/** Types whose precision/scale the mapping cases check (exactness depends on them). */
function checkedAttributes(type: CanonicalType): { precision: boolean; scale: boolean } {
  if (type === 'DECIMAL') return { precision: true, scale: true };
  if (type === 'TIME' || type === 'TIMESTAMP' || type === 'TIMESTAMP_TZ') return { precision: false, scale: true };
  return { precision: false, scale: false };
}

function expected(fc: FixtureColumn, expectation: ExpectedMapping | undefined) {
  const exp = typeof expectation === 'string' ? { dataType: expectation } : expectation;
  const type = exp?.dataType ?? fc.type;
  const attrs = checkedAttributes(type);
  const precision = exp && 'precision' in exp ? exp.precision : type === fc.type ? fc.column.precision : undefined;
  const scale = exp && 'scale' in exp ? exp.scale : type === fc.type ? fc.column.scale : undefined;
  return {
    type,
    precision: attrs.precision || (exp !== undefined && 'precision' in exp) ? precision : undefined,
    scale: attrs.scale || (exp !== undefined && 'scale' in exp) ? scale : undefined,
  };
}

/** @internal Fails unless `actual` is the expected canonical mapping of a fixture column. */
export function checkMapping(
  actual: CanonicalColumn,
  fc: FixtureColumn,
  expectation: ExpectedMapping | undefined,
): void {
  const want = expected(fc, expectation);
  checkEqual(actual.dataType, want.type, `${fc.column.name}: canonical type`);
  if (want.precision !== undefined)
    checkEqual(actual.precision, want.precision, `${fc.column.name}: canonical precision`);
  if (want.scale !== undefined) checkEqual(actual.scale ?? 0, want.scale, `${fc.column.name}: canonical scale`);
}

/** @internal `DECIMAL(38,10)`, `TIMESTAMP(9)`, `INTEGER_2`: the expectation, for case titles. */
export function describeMapping(fc: FixtureColumn, expectation: ExpectedMapping | undefined): string {
  const want = expected(fc, expectation);
  const shown = [want.precision, want.scale].filter((x) => x !== undefined);
  return shown.length > 0 ? `${want.type}(${shown.join(',')})` : want.type;
}

/** @internal `{ skip: reason }` when there is a reason. */
export function skipIf(reason: string | undefined): { skip?: string } {
  return reason === undefined ? {} : { skip: reason };
}

/** @internal The reason a fixture column was excluded (by key or `C_` name), if it was. */
export function columnExclusion(exclusions: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.entries(exclusions).find(([k]) => k.toUpperCase().replace(/^C_/, '') === key)?.[1];
}
