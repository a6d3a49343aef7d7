/**
 * A corrupted staged value is caught before the final load (bigquery-emulator, staging in fake-gcs-server): the
 * staged Parquet file is rewritten with one decimal's text changed (`10.50` → `10x50`, the file otherwise valid), the
 * load job loads it, and "Validate type conversions" names the column; nothing reaches the final table.
 */
import { expect, it } from 'vitest';
import { canonicalColumn } from '@goe/core';
import { BigquerySession } from '../src/index.js';
import { emulatorsDescribe, PROJECT, stagedRows } from './support/emulators.js';

emulatorsDescribe('a corrupted staged value (bigquery-emulator)', () => {
  it('is caught by the cast check naming the column, and the final table stays empty', async () => {
    const columns = [
      canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
      canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 12, scale: 2 }),
      canonicalColumn({ name: 'NOTE', dataType: 'VARIABLE_STRING', charLength: 10 }),
    ];
    const { api, db, plan, store, chunk } = await stagedRows('goe_corrupt', columns, [
      [1n, 2n],
      ['10.50', '-3.25'],
      ['ok', 'fine'],
    ]);
    const path = chunk.files.files[0]!.path;
    const parts: Buffer[] = [];
    for await (const c of await store.get(path)) parts.push(c as Buffer);
    const bytes = Buffer.concat(parts);
    const at = bytes.indexOf('10.50');
    expect(at).toBeGreaterThan(0);
    bytes.write('10x50', at, 'latin1');
    await store.put(path, bytes);

    const session = new BigquerySession(api, { settings: { project: PROJECT, maximumBytesBilled: 1e12 } });
    await session.createTable(plan);
    await session.stageLoad(plan, chunk);
    expect(await session.validateStaged(plan, chunk)).toMatchObject({ ok: true });
    expect(await session.validateCasts(plan, chunk)).toEqual({
      ok: false,
      message: 'Data type conversion issue in load data: AMT (1 value(s))',
      details: { AMT: 1 },
    });
    expect(await session.count(db, 'sales')).toBe(0n);
    await store.close();
  });
});
