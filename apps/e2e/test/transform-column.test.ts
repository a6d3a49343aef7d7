/**
 * `--transform-column` end to end (issue #13): PGlite → DuckDB through the real adapters and `offload()`. Each
 * function is shown by the DuckDB values (NULL vs '', multi-byte text through translate, quotes and backslashes in
 * the parameters) and the DDL (a suppressed column is absent); refusals name the option and the column.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { offload } from '@goe/stack';
import type { GoeEvent, OffloadOptions, OffloadResult } from '@goe/core';
import { createSourceTemplate, embeddedHome, repositoryOf, warehouse } from './support.js';

const SOURCE = `
  CREATE SCHEMA sh;
  CREATE TABLE sh.people (
    id integer PRIMARY KEY, name text, phone varchar(20), secret text NOT NULL, salary numeric(10,2) NOT NULL
  );
  INSERT INTO sh.people VALUES
    (1, 'Jörg Ærø', '555-1234', 's1', 100.50),
    (2, '', '12-34', 's2', 200.00),
    (3, NULL, NULL, 's3', 300.25);
  CREATE TABLE sh.regions (id integer, region text, note text) PARTITION BY LIST (region);
  CREATE TABLE sh.regions_eu PARTITION OF sh.regions FOR VALUES IN ('EU');
  CREATE TABLE sh.regions_us PARTITION OF sh.regions FOR VALUES IN ('US');
  CREATE TABLE sh.regions_apac PARTITION OF sh.regions FOR VALUES IN ('APAC');
  INSERT INTO sh.regions VALUES (1, 'EU', 'a'), (2, 'US', 'b'), (3, 'APAC', 'c');
`;

let template = '';
beforeAll(async () => {
  template = await createSourceTemplate(SOURCE);
}, 180_000);

type Failure = Error & { code?: string; variable?: string; column?: string };

async function metadataOf(home: string, table: string) {
  const repo = await repositoryOf(home);
  try {
    return await repo.getMetadata('sh', table);
  } finally {
    await repo.close();
  }
}

async function run(options: Partial<OffloadOptions>) {
  const { env } = embeddedHome(template);
  const events: GoeEvent[] = [];
  const result = await offload(
    { table: 'SH.PEOPLE', execute: true, createBackendDb: true, ...options } as OffloadOptions,
    { env, events: { emit: (e) => void events.push(e) } },
  ).catch((e: Failure) => e);
  const logs = events.flatMap((e) => (e.type === 'log' || e.type === 'notice' ? [e.message] : []));
  const columns = async (table = 'people') =>
    (await warehouse(
      env,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'sh' AND table_name = '${table}' ORDER BY ordinal_position`,
    )) as [string, string, string][];
  const rows = (sql: string) => warehouse(env, sql);
  return { env, result, logs, columns, rows };
}

function failure(result: unknown): Failure {
  if (!(result instanceof Error)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result as Failure;
}

describe('e2e: --transform-column (PGlite → DuckDB)', { timeout: 240_000 }, () => {
  it('null: the column keeps its type, becomes nullable and holds NULL; aggregate verification skips it', async () => {
    const r = await run({ transformColumns: ['SALARY:null', 'name:null'], verify: 'aggregate' });
    expect(r.result).toMatchObject({ status: 'SUCCESS', rows: 3 });
    expect(await r.columns()).toEqual([
      ['id', 'INTEGER', 'NO'],
      ['name', 'VARCHAR', 'YES'],
      ['phone', 'VARCHAR', 'YES'],
      ['secret', 'VARCHAR', 'NO'],
      ['salary', 'DECIMAL(10,2)', 'YES'],
    ]);
    expect(await r.rows('SELECT id, name, salary FROM sh.people ORDER BY id')).toEqual([
      [1, null, null],
      [2, null, null],
      [3, null, null],
    ]);
    expect(r.logs).toContain('Aggregate verification skipped transformed column(s) (--transform-column): salary, name');
    expect(r.logs).toContain('Source and DuckDB table data matches: offload successful');
    expect(
      r.logs.some((l) =>
        l.includes('Transforms:   salary:null (loaded as NULL)\n              name:null (loaded as NULL)\n'),
      ),
    ).toBe(true);
  });

  it('suppress: the column is absent from the DDL and the table; the other values are exact', async () => {
    const r = await run({ transformColumns: ['secret:suppress'] });
    expect(r.result).toMatchObject({ status: 'SUCCESS', rows: 3 });
    expect((await r.columns()).map((c) => c[0])).toEqual(['id', 'name', 'phone', 'salary']);
    expect(await r.rows('SELECT id, name, CAST(salary AS VARCHAR) FROM sh.people ORDER BY id')).toEqual([
      [1, 'Jörg Ærø', '100.50'],
      [2, '', '200.00'],
      [3, null, '300.25'],
    ]);
    const plan = (r.result as { plan: { columnTransforms?: unknown } }).plan;
    expect(plan.columnTransforms).toEqual([{ column: 'secret', fn: 'suppress', params: [] }]);
  });

  it("translate: multi-byte characters mapped, '' stays '' and NULL stays NULL; quotes and backslashes are literals", async () => {
    const r = await run({ transformColumns: ["NAME:translate('öÆø''', 'oA\\')"] });
    expect(r.result).toMatchObject({ status: 'SUCCESS', rows: 3 });
    expect(await r.rows('SELECT id, name FROM sh.people ORDER BY id')).toEqual([
      [1, 'Jorg Ar\\'], // ö→o, Æ→A, ø→\, ' deleted (no counterpart)
      [2, ''],
      [3, null],
    ]);
    expect((await r.columns())[1]).toEqual(['name', 'VARCHAR', 'YES']);
  });

  it('regexp_replace: every match replaced with group references; a quote in the replacement is a literal', async () => {
    const r = await run({ transformColumns: ["phone:regexp_replace('([0-9]+)-([0-9])', '\\2''-\\1')"] });
    expect(r.result).toMatchObject({ status: 'SUCCESS', rows: 3 });
    expect(await r.rows('SELECT id, phone FROM sh.people ORDER BY id')).toEqual([
      [1, "1'-555234"],
      [2, "3'-124"],
      [3, null],
    ]);
  });

  it('refuses an unknown column, an unsupported function and a non-string column before anything is created', async () => {
    const unknown = failure((await run({ transformColumns: ['nope:null'] })).result);
    expect(unknown).toMatchObject({ code: 'OPTION_INVALID', variable: '--transform-column', column: 'nope' });
    expect(unknown.message).toBe("Unknown columns specified for --transform-column: ['nope']");
    const tokenize = await run({ transformColumns: ['name:tokenize'] });
    expect(failure(tokenize.result).message).toBe(
      '--transform-column name:tokenize is not supported by the DuckDB backend (it supports: null, suppress, regexp_replace, translate)',
    );
    expect(await tokenize.columns()).toEqual([]);
    expect(failure((await run({ transformColumns: ['salary:translate(1,2)'] })).result).message).toContain(
      'translate needs a string column, salary is DECIMAL',
    );
    expect(
      failure((await run({ transformColumns: ['secret:null'], notNullColumns: 'SECRET' })).result).message,
    ).toContain('secret is also in --not-null-columns');
  });

  it('LIST partition append into the existing table: the recorded suppress is retained, with or without the option', async () => {
    const { home, env } = embeddedHome(template);
    const go = (options: Partial<OffloadOptions>) =>
      offload({ table: 'SH.REGIONS', execute: true, createBackendDb: true, ...options } as OffloadOptions, {
        env,
      }).catch((e: Failure) => e);
    expect(await go({ transformColumns: ['note:suppress'], equalToValues: ['EU'] })).toMatchObject({ rows: 1 });
    expect((await metadataOf(home, 'REGIONS'))?.columnTransforms).toEqual(['note:suppress']);
    const plain = await go({ equalToValues: ['US'] });
    expect(plain).toMatchObject({ status: 'SUCCESS', rows: 1 });
    expect((plain as OffloadResult).notices).toContain(
      'Retaining --transform-column settings of the existing backend table: note:suppress',
    );
    const same = await go({ transformColumns: ['NOTE:suppress'], equalToValues: ['APAC'] });
    expect(same).toMatchObject({ rows: 1 });
    expect((same as OffloadResult).notices.filter((n) => n.startsWith('Retaining --transform-column'))).toEqual([
      'Retaining --transform-column settings of the existing backend table: note:suppress',
    ]);
    expect(await warehouse(env, 'SELECT * FROM sh.regions ORDER BY id')).toEqual([
      [1, 'EU'],
      [2, 'US'],
      [3, 'APAC'],
    ]);
    expect((await metadataOf(home, 'REGIONS'))?.columnTransforms).toEqual(['note:suppress']);
  });

  it('an append without --transform-column still nulls the column (no leak of real values); a different one given is ignored with a notice', async () => {
    const { home, env } = embeddedHome(template);
    const go = (options: Partial<OffloadOptions>) =>
      offload({ table: 'SH.REGIONS', execute: true, createBackendDb: true, ...options } as OffloadOptions, {
        env,
      }).catch((e: Failure) => e);
    expect(await go({ transformColumns: ["note:translate('a', 'x')"], equalToValues: ['EU'] })).toMatchObject({
      rows: 1,
    });
    expect((await metadataOf(home, 'REGIONS'))?.columnTransforms).toEqual(["note:translate('a', 'x')"]);
    const plain = (await go({ equalToValues: ['US'] })) as OffloadResult;
    expect(plain.rows).toBe(1);
    expect(plain.notices).toContain(
      "Retaining --transform-column settings of the existing backend table: note:translate('a', 'x')",
    );
    const other = (await go({ transformColumns: ['note:null'], equalToValues: ['APAC'] })) as OffloadResult;
    expect(other.rows).toBe(1);
    expect(other.notices).toContain(
      'Retaining --transform-column settings of the existing backend table: ignoring --transform-column note:null',
    );
    expect(other.plan.columnTransforms).toEqual([{ column: 'note', fn: 'translate', params: ['a', 'x'] }]);
    // the source holds 'a', 'b', 'c': every row was translated ('a' → 'x'), none nulled, none loaded as is
    expect(await warehouse(env, 'SELECT id, note FROM sh.regions ORDER BY id')).toEqual([
      [1, 'x'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect((await metadataOf(home, 'REGIONS'))?.columnTransforms).toEqual(["note:translate('a', 'x')"]);
    // --reset-backend-table starts again: the options apply and are recorded
    expect(await go({ resetBackendTable: true, transformColumns: ['note:null'] })).toMatchObject({ rows: 3 });
    expect(await warehouse(env, 'SELECT count(note) FROM sh.regions')).toEqual([[0n]]);
    expect((await metadataOf(home, 'REGIONS'))?.columnTransforms).toEqual(['note:null']);
  });

  it('refuses a transformed partition key of a LIST partition append, and a column of the offload predicate', async () => {
    const key = failure(
      (await run({ table: 'SH.REGIONS', transformColumns: ['region:null'], equalToValues: ['EU'] })).result,
    );
    expect(key).toMatchObject({ code: 'OPTION_INVALID', variable: '--transform-column', column: 'region' });
    expect(key.message).toContain('region is a partition key column of this offload and cannot be transformed');
    const full = await run({ table: 'SH.REGIONS', transformColumns: ['note:suppress'] });
    expect(full.result).toMatchObject({ status: 'SUCCESS', rows: 3 });
    const predicate = failure(
      (
        await run({
          transformColumns: ['phone:null'],
          offloadPredicate: 'column(phone) = string("555-1234")',
          offloadType: 'INCREMENTAL',
        })
      ).result,
    );
    expect(predicate.message).toContain('phone is referenced by the offload predicate and cannot be transformed');
  });
});
