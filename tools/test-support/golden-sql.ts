/**
 * Golden SQL, the same way for every engine: each builder renders one representative statement that must equal
 * its hand-written golden file `<dir>/<name>.sql`; every golden file starts with `-- rule:` lines citing the
 * reference rule it implements (a file without one fails); and every golden file parses with sqlglot in the
 * engine's dialect (tools/sql-check), except the ones recorded as rejected, which must still be rejected with
 * their recorded error.
 *
 * `UPDATE_GOLDEN=1` rewrites the statements of the golden files (keeping their `-- rule:` header; a new file gets
 * `-- rule: TODO`, which fails until a person writes the rule); it is refused when `CI=true`.
 *
 * @example
 * goldenSqlSuite({ title: 'DuckDB SQL', dir: join(import.meta.dirname, 'golden'), dialect: 'duckdb',
 *   builders: Object.keys(DUCKDB_SQL), cases: { count: () => DUCKDB_SQL.count(sh, 'sales', '') } });
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEGATIVE_CORPUS } from '../sql-check/negative-corpus.js';
import { checkSql, type SqlCheckResult } from '../sql-check/sql-check.js';

/** What {@link goldenSqlSuite} checks. */
export interface GoldenSqlOptions {
  /** Shown as the describe title. */
  readonly title: string;
  /** Directory of the golden files. */
  readonly dir: string;
  /** sqlglot dialect of the engine (`duckdb`, `postgres`, `bigquery`…). */
  readonly dialect: string;
  /** One representative rendering per builder name (statements without a trailing `;`). */
  readonly cases: Readonly<Record<string, () => string | readonly string[]>>;
  /** Every builder name of the engine's registry: each must have a case. Default: the case names. */
  readonly builders?: readonly string[];
  /** Golden files sqlglot rejects, by name: a substring of its error and why the statement is right anyway. */
  readonly parserRejects?: Readonly<Record<string, { readonly error: string; readonly why: string }>>;
}

const RULE_RE = /^-- rule: (.+)$/;

/** Statements as a golden file holds them: each followed by `;`, a blank line between them. */
export function renderStatements(out: string | readonly string[]): string {
  return (typeof out === 'string' ? [out] : out).map((s) => `${s};\n`).join('\n');
}

/** Splits a golden file into its leading `--` header lines and the statements after them. */
export function splitGolden(text: string): { readonly header: readonly string[]; readonly body: string } {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('--')) i++;
  return { header: lines.slice(0, i), body: lines.slice(i).join('\n') };
}

/**
 * Registers the golden tests of one engine's SQL builders (see the module comment).
 *
 * @example
 * goldenSqlSuite({ title: 'PostgreSQL SQL', dir, dialect: 'postgres', cases });
 */
export function goldenSqlSuite(options: GoldenSqlOptions): void {
  const { dir, cases } = options;
  const names = Object.keys(cases).sort();
  const update = process.env.UPDATE_GOLDEN === '1';
  const file = (name: string) => join(dir, `${name}.sql`);

  describe(`${options.title} golden files (${options.dialect})`, () => {
    it('cover every builder, and no file is left without a builder', () => {
      expect(names).toEqual([...(options.builders ?? names)].sort());
      const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
      expect(files.sort()).toEqual(names.map((n) => `${n}.sql`).sort());
    });

    if (update && process.env.CI === 'true') {
      it('UPDATE_GOLDEN is refused in CI', () => {
        throw new Error('UPDATE_GOLDEN=1 is refused with CI=true: golden files are written by a person and reviewed');
      });
    }

    for (const name of names) {
      it(`${name} matches ${name}.sql, which cites its rule`, () => {
        const text = renderStatements(cases[name]!());
        if (update && process.env.CI !== 'true') {
          const header = existsSync(file(name)) ? splitGolden(readFileSync(file(name), 'utf8')).header : [];
          writeFileSync(file(name), `${(header.length > 0 ? header : ['-- rule: TODO']).join('\n')}\n${text}`);
        }
        expect(existsSync(file(name)), `missing ${file(name)}: write it (UPDATE_GOLDEN=1 drafts it)`).toBe(true);
        const golden = splitGolden(readFileSync(file(name), 'utf8'));
        const rules = golden.header.map((l) => RULE_RE.exec(l)?.[1]?.trim()).filter((r) => r !== undefined);
        expect(rules.length, `${name}.sql has no "-- rule: <reference rule>" line`).toBeGreaterThan(0);
        expect(
          rules.some((r) => r === '' || r === 'TODO'),
          `${name}.sql has an empty or TODO rule`,
        ).toBe(false);
        expect(text).toBe(golden.body);
      });
    }

    it(`every golden file parses with sqlglot (${options.dialect}), or is rejected as recorded`, () => {
      const items = names
        .filter((n) => existsSync(file(n)))
        .map((n) => ({ id: n, dialect: options.dialect, sql: readFileSync(file(n), 'utf8') }));
      const { sqlglot, results } = checkSql(items);
      const problems: string[] = [];
      for (const r of results as readonly SqlCheckResult[]) {
        const recorded = options.parserRejects?.[r.id];
        if (r.ok && recorded) problems.push(`${r.id}: sqlglot ${sqlglot} now parses it; drop it from parserRejects`);
        else if (!r.ok && !recorded) problems.push(`${r.id}: sqlglot ${sqlglot} rejects it: ${r.error}`);
        else if (!r.ok && recorded && !r.error.includes(recorded.error)) {
          problems.push(`${r.id}: rejected with another error than recorded (${recorded.error}): ${r.error}`);
        }
      }
      for (const id of Object.keys(options.parserRejects ?? {})) {
        if (!names.includes(id)) problems.push(`parserRejects names ${id}, which is not a builder`);
      }
      expect(problems).toEqual([]);
    }, 120_000);

    const negative = NEGATIVE_CORPUS[options.dialect] ?? [];
    it.skipIf(negative.length === 0)(
      `the ${options.dialect} negative corpus is refused by the checker, each case for its recorded reason`,
      () => {
        const { results } = checkSql(negative.map((c, i) => ({ id: String(i), dialect: options.dialect, sql: c.sql })));
        const wrong = results
          .map((r, i) => ({ r, c: negative[i]! }))
          .filter(({ r, c }) => r.ok || !r.error.includes(c.error))
          .map(({ r, c }) => `${c.sql} (${c.why}): ${r.ok ? 'accepted' : r.error}`);
        expect(wrong).toEqual([]);
      },
      120_000,
    );
  });
}
