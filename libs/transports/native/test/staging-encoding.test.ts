import { describe, expect, it } from 'vitest';
import { NULL_EVENTS, stagedColumns, timeUnitForScale, type StagingEncoding } from '@goe/core';
import { canonicalFixtures, canonicalText, fixtureTable, type CanonicalValue } from '@goe/conformance';
import { runNativeTransport } from '../src/index.js';
import { decimalText } from '../src/staging-encoding.js';
import { fakeFrontend, sourceTable, testPlan } from './support/harness.js';
import { memoryStore } from './support/memory-store.js';
import { readParquetTable } from './support/parquet-read.js';

describe('decimalText', () => {
  it.each([
    [0n, 0, '0'],
    [0n, 4, '0.0000'],
    [-1250n, 2, '-12.50'],
    [1n, 38, `0.${'0'.repeat(37)}1`],
    [-1n, 3, '-0.001'],
    [12n, -3, '12000'],
    [-99999n, -3, '-99999000'],
    [10n ** 76n - 1n, 38, `${'9'.repeat(38)}.${'9'.repeat(38)}`],
  ])('%s at scale %s is %s', (v, s, text) => expect(decimalText(v, s)).toBe(text));
});

const ALL: StagingEncoding = { decimal: 'text', timelike: 'epoch-int64', binary: 'base64' };

describe('NATIVE transport with a staging encoding (decimals as text, times as epoch integers, binary as base64)', () => {
  const fixtures = canonicalFixtures({ lobBytes: 64 * 1024 });
  const columns = fixtures.tableColumns;

  it.each(['NONE', 'ZSTD'] as const)(
    'stages every fixture value exactly in its encoded form (%s)',
    async (compression) => {
      const store = memoryStore();
      const plan = testPlan(columns, { compression, encoding: ALL }, 1);
      const staged = await runNativeTransport(
        {
          plan,
          table: sourceTable(columns),
          frontend: fakeFrontend([{ id: 's0', batches: fixtureTable(fixtures).batches }]),
          store,
          events: NULL_EVENTS,
        },
        undefined,
        // NONE: a garbage collection after every batch (a zero buffer budget) changes nothing staged
        { encodeThreads: 0, ...(compression === 'NONE' ? { bufferBudget: 0 } : {}) },
      );
      expect(staged.rows).toBe(fixtures.rowCount);
      const table = readParquetTable(store.bytes(staged.files[0]!.path));
      const stagedTypes = stagedColumns(columns, ALL);
      for (const [i, c] of columns.entries()) {
        const vector = table.getChild(c.name)!;
        const kind = stagedTypes[i]!.dataType;
        for (let row = 0; row < fixtures.rowCount; row++) {
          const want = fixtures.valueAt(row, c.name);
          const got: unknown = vector.get(row);
          if (want === null || want === undefined) {
            expect(got, `${c.name}[${row}]`).toBeNull();
            continue;
          }
          switch (c.dataType) {
            case 'DECIMAL':
            case 'INTEGER_38':
              expect(kind).toBe('VARIABLE_STRING');
              expect(canonicalText(c, got as string), `${c.name}[${row}]`).toBe(canonicalText(c, want));
              break;
            case 'TIME':
            case 'TIMESTAMP':
            case 'TIMESTAMP_TZ': {
              expect(kind).toBe('INTEGER_8');
              const ns = timeUnitForScale(c.scale) === 'us' ? (got as bigint) * 1000n : (got as bigint);
              expect(canonicalText(c, ns as CanonicalValue), `${c.name}[${row}]`).toBe(canonicalText(c, want));
              break;
            }
            case 'BINARY':
            case 'LARGE_BINARY':
              expect(kind).toBe('LARGE_STRING');
              expect(
                Buffer.from(got as string, 'base64').equals(Buffer.from(want as Uint8Array)),
                `${c.name}[${row}]`,
              ).toBe(true);
              break;
            default:
              expect(kind).toBe(c.dataType);
          }
        }
      }
    },
  );

  it('stages Avro from the encoded columns too', async () => {
    const store = memoryStore();
    const plan = testPlan(columns, { format: 'AVRO', compression: 'NONE', encoding: ALL }, 1);
    const staged = await runNativeTransport(
      {
        plan,
        table: sourceTable(columns),
        frontend: fakeFrontend([{ id: 's0', batches: fixtureTable(fixtures).batches }]),
        store,
        events: NULL_EVENTS,
      },
      undefined,
      { encodeThreads: 0 },
    );
    expect(staged.rows).toBe(fixtures.rowCount);
    const header = Buffer.from(store.bytes(staged.files[0]!.path).subarray(0, 8192)).toString('latin1');
    expect(header).not.toContain('"logicalType":"decimal"');
    expect(header).not.toContain('timestamp-micros');
  });
});
