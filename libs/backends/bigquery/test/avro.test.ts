/**
 * Avro staging for BigQuery: the NATIVE transport stages the fixtures as Avro with the backend's staging encoding into
 * GCS (fake-gcs-server); fastavro (tools/avro-read, independent of the avsc writer) reads every value back exactly.
 * bigquery-emulator loads no Avro (recorded below, asserted to still fail), so the Avro load job runs on real BigQuery
 * only (the live suite with OFFLOAD_STAGING_FORMAT=AVRO); its configuration is checked here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { NULL_EVENTS, UNPARTITIONED, timeUnitForScale } from '@goe/core';
import { canonicalFixtures, canonicalText, conformanceContext, fixturePlan, fixtureTable } from '@goe/conformance';
import { nativeTransport } from '@goe/transport-native';
import { readAvroFiles } from '../../../../tools/avro-read/avro-read.js';
import { BIGQUERY_CAPABILITIES, BigquerySession } from '../src/index.js';
import { batchFrontend } from '../../duckdb/test/support/harness.js';
import { emulatorApi, emulatorsDescribe, freshStore, PROJECT } from './support/emulators.js';

emulatorsDescribe('Avro staging for BigQuery', () => {
  it('stages every fixture value in its encoded form, read back exactly by fastavro; the emulator refuses Avro loads', async () => {
    const fixtures = canonicalFixtures({ lobBytes: 64 * 1024 });
    const db = `goe_avro_${Date.now().toString(36)}`;
    const plan = fixturePlan(fixtures, {
      backend: 'bigquery',
      database: db,
      table: 'fx',
      loadDatabase: `${db}_load`,
      format: 'AVRO',
      encoding: BIGQUERY_CAPABILITIES.staging.encoding!,
    });
    const store = await freshStore();
    const files = await nativeTransport.run(
      {
        plan,
        table: {
          owner: 'GOE',
          name: 'FX',
          columns: plan.columns.map((c) => ({ ...c, canonical: c })),
          primaryKey: ['ID'],
          partitioning: UNPARTITIONED,
        },
        frontend: batchFrontend([{ id: 's0', batches: fixtureTable(fixtures).batches }]),
        store,
        events: NULL_EVENTS,
      },
      conformanceContext(),
    );
    expect(files.files.map((f) => f.uri)).toEqual([expect.stringMatching(/^gs:\/\/.+\.avro$/)]);
    const dir = mkdtempSync(join(tmpdir(), 'goe-avro-'));
    const local = join(dir, 'f.avro');
    const parts: Buffer[] = [];
    for await (const c of await store.get(files.files[0]!.path)) parts.push(c as Buffer);
    writeFileSync(local, Buffer.concat(parts));
    const [read] = readAvroFiles([local]);
    expect(read!.records).toHaveLength(fixtures.rowCount);

    const problems: string[] = [];
    for (const fc of fixtures.columns) {
      const c = fc.column;
      for (let row = 0; row < fixtures.rowCount; row++) {
        const want = fixtures.valueAt(row, fc.key);
        const got = read!.records[row]![c.name] ?? null;
        let wantText: string | null;
        let gotText: string | null;
        if (want === null || want === undefined) [wantText, gotText] = [null, got];
        else if (c.dataType === 'BINARY' || c.dataType === 'LARGE_BINARY') {
          [wantText, gotText] = [Buffer.from(want as Uint8Array).toString('base64'), got];
        } else if (c.dataType === 'TIME' || c.dataType === 'TIMESTAMP' || c.dataType === 'TIMESTAMP_TZ') {
          const ns = got === null ? null : BigInt(got) * (timeUnitForScale(c.scale) === 'us' ? 1000n : 1n);
          [wantText, gotText] = [canonicalText(c, want), ns === null ? null : canonicalText(c, ns)];
        } else [wantText, gotText] = [canonicalText(c, want), got === null ? null : canonicalText(c, got)];
        if (wantText !== gotText) problems.push(`${c.name}[${row}]: ${gotText} ≠ ${wantText}`);
      }
    }
    expect(problems).toEqual([]);

    // bigquery-emulator v0.8.1 loads CSV, NDJSON and Parquet only
    const api = emulatorApi();
    await api.createDataset(db, { description: 't' });
    await api.createDataset(`${db}_load`, { description: 't' });
    const session = new BigquerySession(api, { settings: { project: PROJECT, maximumBytesBilled: 1e12 } });
    await expect(session.stageLoad(plan, { number: 1, files, scope: { kind: 'full' } })).rejects.toThrow(
      /not support sourceFormat: AVRO/,
    );
    await store.close();
  });
});
