/**
 * The suites' own checks must fail loudly and precisely, or a broken adapter passes: row coverage (missing,
 * duplicated, unexpected IDs, no ID column), value comparison (differences, missing rows, values that fit neither
 * side, long texts, many differences), schema differences, rejections of the wrong kind, timeouts, and the test
 * context; plus the Arrow conversions refusing values that would lose data.
 */
import { Field, Int32, Schema, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowSchemaFor, canonicalColumn, GoeError, isGoeError } from '@goe/core';
import {
  arrowVectorFromValues,
  readArrowValue,
  recordBatchFromValues,
  schemaDifferences,
} from '../src/arrow-values.js';
import {
  check,
  checkEqual,
  ConformanceError,
  conformanceContext,
  rejection,
  show,
  swapCase,
  uniqueSuffix,
  withTimeout,
} from '../src/check.js';
import { checkColumnValues, checkRowCoverage, collectRows, type CollectedRows } from '../src/compare.js';
import { canonicalFixtures } from '../src/fixtures.js';
import type { CanonicalValue } from '../src/values.js';

const col = (name: string, dataType: string, attrs: Record<string, number> = {}) =>
  canonicalColumn({ name, dataType, ...attrs });
const ID = col('ID', 'INTEGER_8');

/** The message of the ConformanceError `fn` throws (or rejects with). */
async function failure(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ConformanceError) return e.message;
    throw e;
  }
  throw new Error('did not fail');
}

/** The message of the GoeError with `code` that `fn` throws. */
function goeFailure(fn: () => unknown, code: string): string {
  try {
    fn();
  } catch (e) {
    if (isGoeError(e) && e.code === code) return e.message;
    throw e;
  }
  throw new Error('did not fail');
}

describe('check helpers', () => {
  it('show() renders bigints, bytes, nested values, undefined and cycles readably', () => {
    expect(show(5n)).toBe('5n');
    expect(show(new Uint8Array(4))).toBe('Uint8Array(4)');
    expect(show({ a: [1n, 'x'] })).toBe('{"a":["1n","x"]}');
    expect(show(undefined)).toBe('undefined');
    expect(show('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(80)}… (100 chars)`));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('[object Object]');
  });

  it('check and checkEqual fail with the message and both values', async () => {
    expect(await failure(() => check(false, 'must hold'))).toBe('must hold');
    expect(() => check(1, 'fine')).not.toThrow();
    expect(await failure(() => checkEqual(1n, 2n, 'count'))).toBe('count: got 1n, expected 2n');
    expect(() => checkEqual(Number.NaN, Number.NaN, 'NaN is NaN')).not.toThrow();
  });

  it('rejection() fails on success and on a rejection of the wrong kind, and returns the right one', async () => {
    expect(await failure(() => rejection(Promise.resolve(1), 'open'))).toBe(
      'open: expected a rejection, but it succeeded',
    );
    expect(await failure(() => rejection(() => 1, 'open', 'LOCK_HELD'))).toBe(
      'open: expected a rejection with GoeError LOCK_HELD, but it succeeded',
    );
    expect(
      await failure(() => rejection(Promise.reject(new GoeError('ENGINE_ERROR', 'down')), 'open', 'LOCK_HELD')),
    ).toBe('open: expected GoeError LOCK_HELD, got GoeError ENGINE_ERROR: down');
    expect(await failure(() => rejection(Promise.reject(new Error('plain')), 'open', 'LOCK_HELD'))).toBe(
      'open: expected GoeError LOCK_HELD, got Error: plain: plain',
    );
    expect(await failure(() => rejection(Promise.reject('text'), 'open', 'LOCK_HELD'))).toBe(
      'open: expected GoeError LOCK_HELD, got text: ',
    );
    const held = new GoeError('LOCK_HELD', 'held');
    expect(
      await rejection(
        () => {
          throw held;
        },
        'open',
        'LOCK_HELD',
      ),
    ).toBe(held);
  });

  it('withTimeout() gives up on a promise that never settles, and passes a settled one through', async () => {
    expect(await failure(() => withTimeout(new Promise(() => undefined), 20, 'connect'))).toBe(
      'connect: no answer within 20 ms',
    );
    expect(await withTimeout(Promise.resolve('ok'), 1_000, 'connect')).toBe('ok');
  });

  it('conformanceContext() serves its values, refuses missing ones and passes home and signal', async () => {
    const signal = new AbortController().signal;
    const ctx = conformanceContext({ config: { A: 'x' }, offloadHome: '/home/goe', signal });
    expect(ctx.config.require('A')).toBe('x');
    expect(ctx.config.get('B')).toBeUndefined();
    expect(await failure(() => ctx.config.require('B'))).toBe('conformanceContext: B is not set');
    expect(ctx.config.keys()).toEqual(['A']);
    expect(ctx.config.mask('secret')).toBe('secret');
    expect(ctx.offloadHome).toBe('/home/goe');
    expect(ctx.signal).toBe(signal);
    expect('offloadHome' in conformanceContext()).toBe(false);
  });

  it('swapCase and uniqueSuffix', () => {
    expect(swapCase('Sh.Sales_1')).toBe('sH.sALES_1');
    const a = uniqueSuffix();
    expect(a).toMatch(/^[a-z0-9]{8}$/);
    expect(uniqueSuffix()).not.toBe(a);
  });
});

describe('row coverage', () => {
  const A = col('A', 'INTEGER_4');

  it('fills a column missing from some batches with NULLs', () => {
    const first = recordBatchFromValues(
      [ID, A],
      [
        [0n, 1n],
        [10, 11],
      ],
    );
    const second = recordBatchFromValues([ID], [[2n]]);
    const rows = collectRows([first, second]);
    expect(rows.rowCount).toBe(3);
    expect(rows.columns.get('A')).toEqual([10, 11, null]);
    checkRowCoverage(rows, [0, 1, 2], 'two batches');
  });

  it('names missing, duplicated and unexpected IDs together', async () => {
    const rows = collectRows([recordBatchFromValues([ID], [[0n, 2n, 2n, 7n]])]);
    expect(await failure(() => checkRowCoverage(rows, [0, 1, 2], 'slices'))).toBe(
      'slices: 4 rows arrived, 3 expected; missing ID 1; duplicated ID 2; unexpected ID 7',
    );
  });

  it('says when there is no ID column at all, and finds another id column by any case', async () => {
    const rows = collectRows([recordBatchFromValues([A], [[1, 2]])]);
    expect(await failure(() => checkRowCoverage(rows, [0, 1], 'read'))).toBe(
      'read: 2 rows arrived, 2 expected; missing ID 0, 1; no ID column',
    );
    const keyed = collectRows([recordBatchFromValues([col('Row_Key', 'INTEGER_4')], [[5, 6]])], 'row_key');
    expect([...keyed.positions.keys()]).toEqual([5, 6]);
  });
});

describe('value comparison', () => {
  const fixtures = canonicalFixtures({ lobBytes: 100 });
  const fc = fixtures.column('INTEGER_4')!;
  const lob = fixtures.column('LARGE_STRING')!;

  /** Rows holding the fixture values of `columns`, with `change` applied per column and row. */
  function rowsOf(
    keys: string[],
    change: (key: string, row: number, v: CanonicalValue) => CanonicalValue = (_k, _r, v) => v,
    ids: number[] = [...Array(fixtures.rowCount).keys()],
  ): CollectedRows {
    const columns = new Map<string, CanonicalValue[]>();
    for (const key of keys) {
      const name = fixtures.column(key)!.column.name.toUpperCase();
      columns.set(
        name,
        ids.map((row) => change(key, row, fixtures.valueAt(row, key))),
      );
    }
    return { rowCount: ids.length, columns, positions: new Map(ids.map((id, at) => [id, [at]])) };
  }

  it('passes on the fixture values themselves', () => {
    expect(() => checkColumnValues(rowsOf(['INTEGER_4']), fixtures, fc, fc.column)).not.toThrow();
  });

  it('names the case, ID, actual and expected text of a difference, and a missing row', async () => {
    const changed = rowsOf(['INTEGER_4'], (_k, row, v) => (row === 1 ? 999 : v), [0, 1, 3]);
    const message = await failure(() => checkColumnValues(changed, fixtures, fc, fc.column));
    const expected = fixtures.valueAt(1, 'INTEGER_4');
    expect(message).toContain(`${fc.column.name} (INTEGER_4): `);
    expect(message).toContain(
      `${fc.cases[1]!.id} (ID 1): got "999", expected ${expected === null ? 'NULL' : JSON.stringify(String(expected))}`,
    );
    expect(message).toContain(`${fc.cases[2]?.id ?? 'INTEGER_4@row2'} (ID 2): row missing`);
  });

  it('says where two long texts first differ', async () => {
    const row = lob.cases.findIndex((c) => typeof c.value === 'string' && c.value.length > 60);
    expect(row).toBeGreaterThanOrEqual(0);
    const changed = rowsOf(['LARGE_STRING'], (_k, r, v) =>
      r === row ? `${String(v).slice(0, 42)}#${String(v).slice(43)}` : v,
    );
    expect(await failure(() => checkColumnValues(changed, fixtures, lob, lob.column))).toContain(
      '(first difference at 42)',
    );
  });

  it('reports values that do not fit the column, on either side, and caps the list at 12', async () => {
    const bytes = rowsOf(['INTEGER_4'], () => new Uint8Array([1]));
    const message = await failure(() => checkColumnValues(bytes, fixtures, fc, fc.column));
    expect(message.split('\n')[0]).toBe(
      `${fc.column.name} (INTEGER_4): ${fixtures.rowCount} value(s) differ from the fixtures`,
    );
    expect(message).toContain(`  ${fc.cases[0]!.id} (ID 0): Not a INTEGER_4 value: Uint8Array(1)`);
    expect(message.split('\n')).toHaveLength(1 + 12 + 1);
    expect(message.split('\n').at(-1)).toBe(`  … and ${fixtures.rowCount - 12} more`);

    const asBoolean = await failure(() =>
      checkColumnValues(rowsOf(['INTEGER_4']), fixtures, fc, col(fc.column.name, 'BOOLEAN')),
    );
    expect(asBoolean).toMatch(/\(ID \d+\): fixture value does not fit BOOLEAN: Not a BOOLEAN value: /);
  });

  it('fails when the column is not in the data at all', async () => {
    expect(await failure(() => checkColumnValues(rowsOf(['INTEGER_8']), fixtures, fc, fc.column))).toBe(
      `no column named ${fc.column.name} (case-insensitively) in the data`,
    );
  });
});

describe('Arrow schemas and vectors', () => {
  const columns = [ID, col('NAME', 'VARIABLE_STRING')];
  const expected = arrowSchemaFor(columns);

  it('lists every schema difference: count, name, type, nullability and canonical-type metadata', () => {
    expect(schemaDifferences(expected, expected)).toEqual([]);
    const [id, name] = expected.fields as [Field, Field];
    const wrong = new Schema([
      new Field('Id', id.type, id.nullable, id.metadata),
      new Field(name.name, new Int32(), !name.nullable, new Map()),
    ]);
    const out = schemaDifferences(wrong, expected);
    expect(out).toContain('field 0: name Id, expected ID');
    expect(out.find((d) => d.startsWith('field NAME: type '))).toMatch(/^field NAME: type Int32, expected /);
    expect(out).toContain(`field NAME: nullable ${!name.nullable}, expected ${name.nullable}`);
    expect(out.find((d) => d.startsWith('field NAME: metadata'))).toMatch(/=undefined, expected VARIABLE_STRING$/);
    expect(schemaDifferences(new Schema([wrong.fields[0]!]), expected)).toContain('1 fields, expected 2');
    expect(schemaDifferences(new Schema([...expected.fields, new Field('X', new Utf8())]), expected)).toContain(
      '3 fields, expected 2',
    );
  });

  it('refuses values that would change on the way into Arrow', () => {
    // (refused either way; the message is canonicalText's, since lossy() renders the value with it first)
    expect(goeFailure(() => arrowVectorFromValues(col('B', 'BINARY'), ['00ff']), 'VALIDATION_MISMATCH')).toMatch(
      /"00ff"/,
    );
    expect(goeFailure(() => arrowVectorFromValues(col('I', 'INTEGER_4'), ['1.5']), 'VALIDATION_MISMATCH')).toMatch(
      /"1\.5"/,
    );
    expect(
      goeFailure(
        () => arrowVectorFromValues(col('D', 'DECIMAL', { precision: 10, scale: 2 }), ['1.234']),
        'VALIDATION_MISMATCH',
      ),
    ).toBe('Column D: 1.234 has more than 2 fractional digits');
    expect(goeFailure(() => arrowVectorFromValues(col('T', 'TIME', { scale: 6 }), [true]), 'VALIDATION_MISMATCH')).toBe(
      'Column T: not a time of day: true',
    );
    expect(goeFailure(() => recordBatchFromValues(columns, [[1n, 2n], ['a']]), 'INTERNAL')).toBe(
      'Column NAME has 1 values, expected 2',
    );
  });

  it('converts exact values given in other forms: decimals with fewer digits, dates and times as text', () => {
    const d = arrowVectorFromValues(col('D', 'DECIMAL', { precision: 10, scale: 2 }), ['1.200', 3n]);
    expect([readArrowValue(d, 0), readArrowValue(d, 1)].map(String)).toEqual(['1.20', '3.00']);
    expect(readArrowValue(arrowVectorFromValues(col('DT', 'DATE'), ['1970-01-03']), 0)).toEqual({ days: 2 });
    expect(readArrowValue(arrowVectorFromValues(col('T', 'TIME', { scale: 6 }), ['00:00:01.5']), 0)).toBe(
      1_500_000_000n,
    );
    expect(readArrowValue(arrowVectorFromValues(col('F', 'DOUBLE'), ['2.5']), 0)).toBe(2.5);
  });

  it('reads across the chunks of a vector and refuses a row beyond its end', () => {
    const a = arrowVectorFromValues(ID, [1n, 2n]);
    const b = arrowVectorFromValues(ID, [3n]);
    const both = a.concat(b);
    expect(readArrowValue(both, 2)).toBe(3n);
    expect(goeFailure(() => readArrowValue(both, 3), 'INTERNAL')).toBe('Row 3 is beyond the 3 rows of the vector');
  });
});
