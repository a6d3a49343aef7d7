import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import avsc from 'avsc';
import { canonicalColumn, NULL_EVENTS, timeUnitForScale, type CanonicalColumn } from '@goe/core';
import {
  canonicalFixtures,
  canonicalText,
  fixtureTable,
  recordBatchFromValues,
  type CanonicalValue,
} from '@goe/conformance';
import { avroSchemaFor, avroType, avroTypeFor, runNativeTransport, type AvroRecordSchema } from '../src/index.js';
import { chunks, fakeFrontend, sourceTable, testPlan } from './support/harness.js';
import { memoryStore } from './support/memory-store.js';

const fixtures = canonicalFixtures({ lobBytes: 64 * 1024 });
const batch = fixtureTable(fixtures).batches[0]!;
const columns = fixtures.tableColumns;

interface Decoded {
  schema: AvroRecordSchema;
  codec: string;
  records: Record<string, unknown>[];
}

async function decode(bytes: Uint8Array): Promise<Decoded> {
  let schema: AvroRecordSchema | undefined;
  let codec = '';
  const decoder = new avsc.streams.BlockDecoder({
    parseHook: (s: unknown) => {
      schema = s as AvroRecordSchema;
      return avroType(schema);
    },
  });
  decoder.on('metadata', (_type: unknown, c: string) => (codec = c));
  const records: Record<string, unknown>[] = [];
  Readable.from([Buffer.from(bytes)]).pipe(decoder);
  for await (const r of decoder) records.push(r as Record<string, unknown>);
  return { schema: schema!, codec, records };
}

function unsigned(bytes: Buffer): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return bytes.length > 0 && bytes[0]! & 0x80 ? v - (1n << BigInt(8 * bytes.length)) : v;
}

/** Avro value → the canonical JS value `canonicalText` takes. */
function fromAvro(column: CanonicalColumn, raw: unknown): CanonicalValue {
  if (raw === null || raw === undefined) return null;
  const v =
    typeof raw === 'object' && !(raw instanceof Buffer) && column.nullable ? Object.values(raw as object)[0] : raw;
  switch (column.dataType) {
    case 'INTEGER_38':
    case 'DECIMAL': {
      const t = avroTypeFor(column) as unknown as { scale: number };
      const u = unsigned(v as Buffer);
      const neg = u < 0n;
      const digits = (neg ? -u : u).toString().padStart(t.scale + 1, '0');
      const text = t.scale === 0 ? digits : `${digits.slice(0, -t.scale)}.${digits.slice(-t.scale)}`;
      return (neg ? '-' : '') + text;
    }
    case 'BINARY':
    case 'LARGE_BINARY':
      return new Uint8Array(v as Buffer);
    case 'DATE':
      return { days: v as number };
    case 'TIME':
      return timeUnitForScale(column.scale) === 'us' ? (v as bigint) * 1000n : (v as string);
    case 'TIMESTAMP':
    case 'TIMESTAMP_TZ':
      return timeUnitForScale(column.scale) === 'us' ? (v as bigint) * 1000n : (v as bigint);
    default:
      return v as CanonicalValue;
  }
}

describe('NATIVE transport → Avro', () => {
  it('maps canonical columns to Avro types with logical types', () => {
    const c = (dataType: string, extra: Record<string, unknown> = {}) =>
      avroTypeFor(canonicalColumn({ name: 'X', dataType, ...extra }));
    expect(c('DECIMAL', { precision: 12, scale: 2 })).toEqual({
      type: 'bytes',
      logicalType: 'decimal',
      precision: 12,
      scale: 2,
    });
    expect(c('DECIMAL', { precision: 5, scale: -3 })).toEqual({
      type: 'bytes',
      logicalType: 'decimal',
      precision: 8,
      scale: 0,
    });
    expect(c('INTEGER_38')).toEqual({ type: 'bytes', logicalType: 'decimal', precision: 38, scale: 0 });
    expect(c('TIMESTAMP', { scale: 6 })).toEqual({ type: 'long', logicalType: 'local-timestamp-micros' });
    expect(c('TIMESTAMP', { scale: 9 })).toEqual({ type: 'long', logicalType: 'local-timestamp-nanos' });
    expect(c('TIMESTAMP_TZ', { scale: 3 })).toEqual({ type: 'long', logicalType: 'timestamp-micros' });
    expect(c('DATE')).toEqual({ type: 'int', logicalType: 'date' });
    expect(c('TIME', { scale: 6 })).toEqual({ type: 'long', logicalType: 'time-micros' });
    expect(c('TIME', { scale: 9 })).toBe('string');
    expect(c('INTERVAL_DS')).toBe('string');
    expect(c('INTEGER_8')).toBe('long');
    expect(c('LARGE_BINARY')).toBe('bytes');
    const schema = avroSchemaFor('SALES', 'SH_LOAD', [
      canonicalColumn({ name: 'ORDER-ID', dataType: 'INTEGER_8', nullable: false }),
      canonicalColumn({ name: 'NOTE', dataType: 'VARIABLE_STRING' }),
    ]);
    expect(schema).toEqual({
      type: 'record',
      name: 'sales',
      namespace: 'sh_load',
      fields: [
        { name: '_GOE_SPECIAL_CHAR_COLUMN_1', type: 'long', goeSourceName: 'ORDER-ID' },
        { name: 'NOTE', type: ['null', 'string'] },
      ],
    });
  });

  it('stages every canonical fixture value exactly, read back by avsc', async () => {
    const store = memoryStore();
    const staged = await runNativeTransport({
      plan: { ...testPlan(columns, { format: 'AVRO', compression: 'ZSTD' }) },
      table: sourceTable(columns),
      frontend: fakeFrontend([
        { id: 's0', batches: chunks(batch.slice(0, 5), 2) },
        { id: 's1', batches: chunks(batch.slice(5, batch.numRows), 4) },
      ]),
      store,
      events: NULL_EVENTS,
    });
    expect(staged.format).toBe('AVRO');
    expect(staged.files.map((f) => f.path)).toEqual(['sh/sales/run-1/s0-00001.avro', 'sh/sales/run-1/s1-00001.avro']);
    const records: Record<string, unknown>[] = [];
    for (const f of staged.files) {
      const d = await decode(store.bytes(f.path));
      expect(d.codec).toBe('deflate');
      expect(d.records.length).toBe(f.rows);
      const dec = d.schema.fields.find((x) => x.name === 'C_DECIMAL_38_10')!;
      expect(dec.type).toEqual(['null', { type: 'bytes', logicalType: 'decimal', precision: 38, scale: 10 }]);
      records.push(...d.records);
    }
    expect(records.map((r) => r.ID)).toEqual(Array.from({ length: fixtures.rowCount }, (_, i) => BigInt(i)));
    const problems: string[] = [];
    for (const fc of fixtures.columns) {
      for (const k of fc.cases) {
        const got = canonicalText(fc.column, fromAvro(fc.column, records[k.row]![fc.column.name]));
        if (got !== k.text)
          problems.push(`${k.id}: got ${String(got).slice(0, 80)}, expected ${String(k.text).slice(0, 80)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes uncompressed blocks for compression NONE', async () => {
    const store = memoryStore();
    const id = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
    const staged = await runNativeTransport({
      plan: testPlan([id], { format: 'AVRO', compression: 'NONE' }),
      table: sourceTable([id]),
      frontend: fakeFrontend([{ id: 'x', batches: [recordBatchFromValues([id], [[0n]])] }]),
      store,
      events: NULL_EVENTS,
    });
    const d = await decode(store.bytes(staged.files[0]!.path));
    expect(d.codec).toBe('null');
    expect(d.records).toEqual([{ ID: 0n }]);
  });
});
