/**
 * Compares Arrow data an adapter produced with the fixtures, row by row (matched on `ID`) and value by value in the
 * canonical text form.
 */
import type { RecordBatch, Table } from 'apache-arrow';
import type { CanonicalColumn } from '@goe/core';
import { arrowVectorValues } from './arrow-values.js';
import { fail, shorten } from './check.js';
import type { CanonicalFixtures, FixtureColumn } from './fixtures.js';
import { canonicalText, type CanonicalValue } from './values.js';

/** Rows collected from record batches: values by upper-cased field name, and where each `ID` was seen. */
export interface CollectedRows {
  readonly rowCount: number;
  /** Upper-cased field name → values in arrival order. */
  readonly columns: ReadonlyMap<string, readonly CanonicalValue[]>;
  /** `ID` value → positions where it arrived (more than one = a duplicate). */
  readonly positions: ReadonlyMap<number, readonly number[]>;
}

/**
 * Decodes record batches (or a table) into {@link CollectedRows}; the id column is found case-insensitively.
 *
 * @example
 * const rows = collectRows(batches); rows.positions.get(3) // [3]
 */
export function collectRows(data: Table | readonly RecordBatch[], idColumn = 'ID'): CollectedRows {
  const batches = Array.isArray(data) ? (data as readonly RecordBatch[]) : (data as Table).batches;
  const columns = new Map<string, CanonicalValue[]>();
  let rowCount = 0;
  for (const batch of batches) {
    batch.schema.fields.forEach((field, i) => {
      const key = field.name.toUpperCase();
      let list = columns.get(key);
      if (!list) columns.set(key, (list = new Array<CanonicalValue>(rowCount).fill(null)));
      for (const v of arrowVectorValues(batch.getChildAt(i)!)) list.push(v);
    });
    rowCount += batch.numRows;
    for (const list of columns.values()) while (list.length < rowCount) list.push(null);
  }
  const positions = new Map<number, number[]>();
  (columns.get(idColumn.toUpperCase()) ?? []).forEach((id, at) => {
    const n = Number(id);
    const list = positions.get(n);
    if (list) list.push(at);
    else positions.set(n, [at]);
  });
  return { rowCount, columns, positions };
}

/**
 * Fails unless every fixture row arrived exactly once and nothing else did.
 *
 * @example
 * checkRowCoverage(collectRows(batches), fixtures.rowCount, 'slices of parallelism 3');
 */
export function checkRowCoverage(rows: CollectedRows, expectedIds: Iterable<number>, what: string): void {
  const expected = new Set(expectedIds);
  const missing = [...expected].filter((id) => !rows.positions.has(id));
  const duplicated = [...rows.positions].filter(([, at]) => at.length > 1).map(([id]) => id);
  const unexpected = [...rows.positions.keys()].filter((id) => !expected.has(id));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing ID ${missing.join(', ')}`);
  if (duplicated.length > 0) problems.push(`duplicated ID ${duplicated.join(', ')}`);
  if (unexpected.length > 0) problems.push(`unexpected ID ${unexpected.join(', ')}`);
  if (rows.positions.size === 0 && expected.size > 0 && !rows.columns.has('ID')) problems.push('no ID column');
  if (problems.length > 0)
    fail(`${what}: ${rows.rowCount} rows arrived, ${expected.size} expected; ${problems.join('; ')}`);
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

function describeText(text: string | null): string {
  return text === null ? 'NULL' : JSON.stringify(shorten(text, 60));
}

/**
 * Fails with one line per differing fixture case (case id, expected and actual text) when the values of a fixture
 * column in `rows` differ from the fixtures. Both sides are rendered with `column` (the adapter's canonical column,
 * which may be a documented widening of the fixture type).
 *
 * @example
 * checkColumnValues(rows, fixtures, fixtures.column('TIMESTAMP_NS')!, describedColumn);
 */
export function checkColumnValues(
  rows: CollectedRows,
  fixtures: CanonicalFixtures,
  fc: FixtureColumn,
  column: CanonicalColumn,
): void {
  const values = rows.columns.get(fc.column.name.toUpperCase());
  if (!values) fail(`no column named ${fc.column.name} (case-insensitively) in the data`);
  const problems: string[] = [];
  for (let row = 0; row < fixtures.rowCount; row++) {
    const fixtureCase = fc.cases[row];
    const label = fixtureCase ? fixtureCase.id : `${fc.key}@row${row}`;
    const at = rows.positions.get(row);
    if (!at || at.length === 0) {
      problems.push(`${label} (ID ${row}): row missing`);
      continue;
    }
    let expected: string | null;
    let actual: string | null;
    try {
      expected = canonicalText(column, fixtureCase?.value ?? null);
    } catch (error) {
      problems.push(`${label} (ID ${row}): fixture value does not fit ${column.dataType}: ${(error as Error).message}`);
      continue;
    }
    try {
      actual = canonicalText(column, values[at[0]!] ?? null);
    } catch (error) {
      problems.push(`${label} (ID ${row}): ${(error as Error).message}`);
      continue;
    }
    if (expected !== actual) {
      const where =
        expected !== null && actual !== null && expected.length > 60
          ? ` (first difference at ${firstDifference(expected, actual)})`
          : '';
      problems.push(`${label} (ID ${row}): got ${describeText(actual)}, expected ${describeText(expected)}${where}`);
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 12);
    if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
    fail(
      `${fc.column.name} (${column.dataType}): ${problems.length} value(s) differ from the fixtures\n  ${shown.join('\n  ')}`,
    );
  }
}
