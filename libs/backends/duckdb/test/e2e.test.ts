import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalFixtures, fixtureTable } from '@goe/conformance';
import { differences, duckdbTexts, load, openPipeline, stage, type Pipeline } from './support/pipeline.js';
import { config, plan, tempDir } from './support/harness.js';
import { DUCKDB_FIXTURE_EXCLUSIONS } from './support/exclusions.js';
import { DuckdbConnection, resolveDuckdbSettings, stagedPath } from '../src/index.js';

const fixtures = canonicalFixtures({ lobBytes: 1024 * 1024 }).exclude(DUCKDB_FIXTURE_EXCLUSIONS);
const batch = fixtureTable(fixtures).batches[0]!;

let tmp: Awaited<ReturnType<typeof tempDir>>;
let p: Pipeline;
beforeAll(async () => {
  tmp = await tempDir('goe-duckdb-e2e-');
  p = await openPipeline(tmp.dir);
});
afterAll(async () => {
  await p?.close();
  await tmp?.cleanup();
});

describe('end to end: fixtures → NATIVE transport → Parquet → DuckDB', () => {
  it('loads every supported canonical fixture exactly (DuckDB text = canonical text)', async () => {
    const pl = plan('goe_e2e', 'fixtures', fixtures.tableColumns);
    const files = await stage(p, pl, batch);
    expect(files.files.length).toBe(2);
    const outcome = await load(p, pl, files);
    expect(outcome.staged).toMatchObject({ ok: true });
    expect(outcome.casts, JSON.stringify(outcome.casts)).toMatchObject({ ok: true });
    expect(outcome.rows).toBe(BigInt(fixtures.rowCount));
    const texts = await duckdbTexts(p, 'goe_e2e', 'fixtures', fixtures.tableColumns);
    expect(texts.size).toBe(fixtures.rowCount);
    expect(differences(fixtures, texts)).toEqual([]);
  });

  it('notices one corrupted staged value (the comparison fails on exactly that case)', async () => {
    const pl = plan('goe_e2e', 'corrupted', fixtures.tableColumns);
    const files = await stage(p, pl, batch);
    const target = fixtures.caseById('INTEGER_8.max')!;
    // rewrite the staged file holding the row with one value changed (same rows, same schema)
    for (const f of files.files) {
      const path = stagedPath(f.uri);
      const table = tableFromIPC(parquet.readParquet(await readFile(path)).intoIPCStream());
      const ids = [...table.getChild('ID')!].map(Number);
      const at = ids.indexOf(target.row);
      if (at < 0) continue;
      const values = table.getChild('C_INTEGER_8')!.data[0]!.values as BigInt64Array;
      values[at] = values[at]! - 1n;
      const wasm = parquet.Table.fromIPCStream(tableToIPC(table, 'stream'));
      await writeFile(
        path,
        parquet.writeParquet(
          wasm,
          new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build(),
        ),
      );
    }
    const outcome = await load(p, pl, files);
    expect(outcome.staged.ok).toBe(true); // counts still match: only the value comparison can tell
    expect(outcome.casts.ok).toBe(true);
    const diffs = differences(fixtures, await duckdbTexts(p, 'goe_e2e', 'corrupted', fixtures.tableColumns));
    expect(diffs).toEqual([`INTEGER_8.max: DuckDB "9223372036854775806", expected "9223372036854775807"`]);
  });
});

describe('DuckDB storage', () => {
  it('still folds a checkpointed -0.0 into 0.0 (when this fails, drop DOUBLE.negative-zero from the exclusions)', async () => {
    const settings = resolveDuckdbSettings(config({ DUCKDB_DATABASE: join(tmp.dir, 'zero.duckdb') }));
    const conn = await DuckdbConnection.open(settings);
    try {
      await conn.run(
        `CREATE TABLE z AS SELECT CASE WHEN range % 100 < 50 THEN CAST('-0.0' AS DOUBLE) ELSE 0.0 END AS d FROM range(1000)`,
      );
      const negatives = 'SELECT count(*) FILTER (WHERE signbit(d)) FROM z';
      expect(await conn.rows(negatives)).toEqual([[500n]]);
      await conn.run('CHECKPOINT');
      expect(await conn.rows(negatives)).not.toEqual([[500n]]);
    } finally {
      await conn.close();
    }
  });
});

describe('staged Parquet carries exact logical types', () => {
  it('as DuckDB reads them (parquet_schema)', async () => {
    const pl = plan('goe_e2e', 'schema_check', fixtures.tableColumns);
    const files = await stage(p, pl, batch);
    const conn = await DuckdbConnection.open(resolveDuckdbSettings(config(p.env)));
    try {
      const rows = await conn.rows(
        `SELECT name, type, logical_type, converted_type FROM parquet_schema('${stagedPath(files.files[0]!.uri).replace(/'/g, "''")}') WHERE name LIKE 'C_%' OR name = 'ID'`,
      );
      const by = new Map(
        rows.map((r) => [String(r[0]), `${String(r[1])} ${String(r[2] ?? '')} ${String(r[3] ?? '')}`]),
      );
      expect(by.get('ID')).toMatch(/^INT64/);
      expect(by.get('C_INTEGER_1')).toMatch(/INT32 .*bitWidth=.*INT_8/);
      expect(by.get('C_INTEGER_38')).toMatch(/FIXED_LEN_BYTE_ARRAY DecimalType\(scale=0, precision=38\)/);
      expect(by.get('C_DECIMAL_38_10')).toMatch(/FIXED_LEN_BYTE_ARRAY DecimalType\(scale=10, precision=38\)/);
      expect(by.get('C_DECIMAL_5_M3')).toMatch(/DecimalType\(scale=0, precision=8\)/);
      expect(by.get('C_DATE')).toMatch(/INT32 DateType/);
      expect(by.get('C_TIME')).toMatch(/INT64 TimeType\(isAdjustedToUTC=0, unit=.*MICROS=MicroSeconds/);
      expect(by.get('C_TIMESTAMP')).toMatch(/INT64 TimestampType\(isAdjustedToUTC=0, unit=.*MICROS=MicroSeconds/);
      expect(by.get('C_TIMESTAMP_NS')).toMatch(/INT64 TimestampType\(isAdjustedToUTC=0, unit=.*NANOS=NanoSeconds/);
      expect(by.get('C_TIMESTAMP_TZ')).toMatch(/INT64 TimestampType\(isAdjustedToUTC=1, unit=.*MICROS=MicroSeconds/);
      expect(by.get('C_INTERVAL_DS')).toMatch(/BYTE_ARRAY StringType/);
      expect(by.get('C_VARIABLE_STRING')).toMatch(/BYTE_ARRAY StringType/);
      expect(by.get('C_LARGE_BINARY')).toMatch(/^BYTE_ARRAY\s+$/);
      expect(by.get('C_FLOAT')).toMatch(/^FLOAT/);
      expect(by.get('C_BOOLEAN')).toMatch(/^BOOLEAN/);
    } finally {
      await conn.close();
    }
  });
});
