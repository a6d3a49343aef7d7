/**
 * Test-only: compares, row by row and column by column, the text PostgreSQL renders for each source value with
 * the text DuckDB renders for the loaded value (after `normalizeText`), and both with the fixture's expected
 * canonical text.
 */
import { canonicalText, type CanonicalFixtures } from '@goe/conformance';
import type { CanonicalColumn } from '@goe/core';
import type { TableTexts } from './offload.js';
import { asCanonical, normalizeText, type RenderingEngine } from './render.js';

/** The differences found by {@link compareTexts}. */
export interface Comparison {
  /** PostgreSQL's text ≠ DuckDB's text: one line per value. */
  readonly engines: string[];
  /** An engine's text ≠ the fixture's canonical text: one line per value and engine. */
  readonly fixture: string[];
  /** Values compared between the engines (rows × fixture columns). */
  readonly values: number;
}

const show = (text: string | null) =>
  text === null ? 'NULL' : JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}… (${text.length} chars)` : text);

function canonicalOf(column: CanonicalColumn, text: string | null): string {
  try {
    return show(asCanonical(column, text));
  } catch (e) {
    return `unparsable ${show(text)}: ${(e as Error).message}`;
  }
}

/**
 * Compares every fixture row and column.
 *
 * @param columns the canonical columns the frontend mapped the fixture columns to, in `fixtures.columns` order
 *   (the texts hold `ID` first, then these).
 * @param skipFixtureText case ids whose fixture text is not checked (reason printed by the caller).
 */
export function compareTexts(
  fixtures: CanonicalFixtures,
  columns: readonly CanonicalColumn[],
  texts: Readonly<Record<RenderingEngine, TableTexts>>,
  skipFixtureText: Readonly<Record<string, string>> = {},
): Comparison {
  const engines: string[] = [];
  const fixture: string[] = [];
  let values = 0;
  for (let row = 0; row < fixtures.rowCount; row++) {
    const pg = texts.postgres.get(row);
    const duck = texts.duckdb.get(row);
    if (!pg || !duck) {
      engines.push(`ID ${row}: row ${pg ? '' : 'missing in PostgreSQL '}${duck ? '' : 'missing in DuckDB'}`.trim());
      continue;
    }
    fixtures.columns.forEach((fc, i) => {
      const column = columns[i]!;
      const k = fc.cases[row];
      const where = `${k?.id ?? `${fc.key}@row${row}`} (ID ${row}, ${fc.column.name})`;
      const p = normalizeText('postgres', column, pg[i + 1] ?? null);
      const d = normalizeText('duckdb', column, duck[i + 1] ?? null);
      values++;
      if (p !== d) engines.push(`${where}: PostgreSQL ${show(p)}, DuckDB ${show(d)}`);
      if (k !== undefined && skipFixtureText[k.id] !== undefined) return;
      const expected = show(canonicalText(column, k?.value ?? null));
      for (const [engine, text] of [
        ['PostgreSQL', p],
        ['DuckDB', d],
      ] as const) {
        const got = canonicalOf(column, text);
        if (got !== expected) fixture.push(`${where}: ${engine} ${got}, fixture ${expected}`);
      }
    });
  }
  for (const [engine, rows] of [
    ['PostgreSQL', texts.postgres],
    ['DuckDB', texts.duckdb],
  ] as const) {
    const extra = [...rows.keys()].filter((id) => !(id >= 0 && id < fixtures.rowCount));
    if (extra.length > 0) engines.push(`unexpected ${engine} rows with ID ${extra.join(', ')}`);
  }
  return { engines, fixture, values };
}
