import { expect } from 'vitest';
import {
  ALL_CANONICAL_TYPES,
  CANONICAL_TYPES,
  DATE_CANONICAL_TYPES,
  GOE_CANONICAL_TYPES,
  NUMERIC_CANONICAL_TYPES,
  STRING_CANONICAL_TYPES,
  applyDataTypeControls,
  canonicalColumn,
  cloneColumn,
  hasTimePart,
  hasTimeZone,
  isBinaryType,
  isCanonicalType,
  isDateType,
  isIntervalType,
  isNumberType,
  isSafeMapping,
  isStringType,
  needsDataSampling,
  normalizeCharSemantics,
  type CanonicalType,
} from '@goe/core';
import { ruleCase, ruleSuite } from '../support/rule-case.js';

type Flag = 'number' | 'date' | 'string' | 'binary' | 'interval' | 'tz' | 'hasTime';

/** Reference §1.1 table: the class flags of each of GOE's 20 types. */
const FLAGS: Record<(typeof GOE_CANONICAL_TYPES)[number], readonly Flag[]> = {
  FIXED_STRING: ['string'],
  LARGE_STRING: ['string'],
  VARIABLE_STRING: ['string'],
  BINARY: ['binary'],
  LARGE_BINARY: ['binary'],
  INTEGER_1: ['number'],
  INTEGER_2: ['number'],
  INTEGER_4: ['number'],
  INTEGER_8: ['number'],
  INTEGER_38: ['number'],
  DECIMAL: ['number'],
  FLOAT: ['number'],
  DOUBLE: ['number'],
  DATE: ['date'],
  TIME: ['hasTime'],
  TIMESTAMP: ['date', 'hasTime'],
  TIMESTAMP_TZ: ['date', 'hasTime', 'tz'],
  INTERVAL_DS: ['interval'],
  INTERVAL_YM: ['interval'],
  BOOLEAN: [],
};

const BYTES = { INTEGER_1: 1, INTEGER_2: 2, INTEGER_4: 4, INTEGER_8: 8, FLOAT: 4, DOUBLE: 8 } as const;

const predicates: Record<Flag, (t: CanonicalType) => boolean> = {
  number: isNumberType,
  date: isDateType,
  string: isStringType,
  binary: isBinaryType,
  interval: isIntervalType,
  tz: hasTimeZone,
  hasTime: hasTimePart,
};

ruleSuite('canonical type constants (§1.1)', () => {
  for (const t of GOE_CANONICAL_TYPES) {
    ruleCase(`T1.1-const-${t}`, `${t} is a canonical type whose value is its own name`, () => {
      expect(isCanonicalType(t)).toBe(true);
      expect(Object.keys(CANONICAL_TYPES)).toContain(t);
      expect(canonicalColumn({ name: 'C', dataType: t }).dataType).toBe(t);
      expect(CANONICAL_TYPES[t].description.length).toBeGreaterThan(0);
    });
  }
  ruleCase('T1.1-const-FIXED_STRING', 'lower-case or unknown names are not canonical types', () => {
    expect(isCanonicalType('fixed_string')).toBe(false);
    expect(isCanonicalType('NUMBER')).toBe(false);
    expect(isCanonicalType(undefined)).toBe(false);
  });

  for (const t of GOE_CANONICAL_TYPES) {
    ruleCase(`T1.1-flags-${t}`, `${t} has exactly the flags ${FLAGS[t].join(', ') || 'none'}`, () => {
      for (const flag of Object.keys(predicates) as Flag[]) {
        expect(predicates[flag](t), `${t}.${flag}`).toBe(FLAGS[t].includes(flag));
        expect(CANONICAL_TYPES[t][flag]).toBe(FLAGS[t].includes(flag));
      }
    });
  }
  ruleCase('T1.1-flags-TIME', 'TIME has a time part but is not date-based', () => {
    expect(hasTimePart('TIME')).toBe(true);
    expect(isDateType('TIME')).toBe(false);
    expect(DATE_CANONICAL_TYPES as readonly string[]).not.toContain('TIME');
  });

  for (const [t, n] of Object.entries(BYTES) as [keyof typeof BYTES, number][]) {
    ruleCase(`T1.1-bytes-${t}`, `${t} defaults to ${n} bytes`, () => {
      expect((CANONICAL_TYPES[t] as { byteLength?: number }).byteLength).toBe(n);
      expect(canonicalColumn({ name: 'C', dataType: t }).dataLength).toBe(n);
    });
  }
  ruleCase('T1.1-bytes-none', 'every other type has no default byte length', () => {
    for (const t of ALL_CANONICAL_TYPES.filter((x) => !(x in BYTES))) {
      expect((CANONICAL_TYPES[t] as { byteLength?: number }).byteLength, t).toBeUndefined();
      expect(canonicalColumn({ name: 'C', dataType: t }).dataLength, t).toBeUndefined();
    }
  });
  ruleCase('T1.1-bytes-fill', 'the default fills only a missing dataLength', () => {
    expect(canonicalColumn({ name: 'C', dataType: 'INTEGER_4' }).dataLength).toBe(4);
    expect(canonicalColumn({ name: 'C', dataType: 'INTEGER_4', dataLength: null }).dataLength).toBe(4);
    expect(canonicalColumn({ name: 'C', dataType: 'INTEGER_4', dataLength: 22 }).dataLength).toBe(22);
  });

  ruleCase('T1.1-group-all', 'GOE_CANONICAL_TYPES holds the 20 types in table order', () => {
    expect(GOE_CANONICAL_TYPES).toEqual(Object.keys(FLAGS));
    expect(GOE_CANONICAL_TYPES).toHaveLength(20);
    expect(ALL_CANONICAL_TYPES.slice(0, 20)).toEqual([...GOE_CANONICAL_TYPES]);
  });
  ruleCase('T1.1-group-date', 'DATE_CANONICAL_TYPES', () => {
    expect(DATE_CANONICAL_TYPES).toEqual(['DATE', 'TIMESTAMP', 'TIMESTAMP_TZ']);
    expect(ALL_CANONICAL_TYPES.filter(isDateType)).toEqual([...DATE_CANONICAL_TYPES]);
  });
  ruleCase('T1.1-group-numeric', 'NUMERIC_CANONICAL_TYPES', () => {
    expect(NUMERIC_CANONICAL_TYPES).toEqual([
      'INTEGER_1',
      'INTEGER_2',
      'INTEGER_4',
      'INTEGER_8',
      'INTEGER_38',
      'DECIMAL',
      'FLOAT',
      'DOUBLE',
    ]);
    expect(ALL_CANONICAL_TYPES.filter(isNumberType)).toEqual([...NUMERIC_CANONICAL_TYPES]);
  });
  ruleCase('T1.1-group-string', 'STRING_CANONICAL_TYPES', () => {
    expect(STRING_CANONICAL_TYPES).toEqual(['FIXED_STRING', 'LARGE_STRING', 'VARIABLE_STRING']);
    expect(ALL_CANONICAL_TYPES.filter(isStringType)).toEqual([...STRING_CANONICAL_TYPES]);
  });
  ruleCase('T1.1-no-dialect-format', 'a canonical column is plain data without dialect formatting methods', () => {
    const col = canonicalColumn({ name: 'C', dataType: 'DOUBLE' }) as unknown as Record<string, unknown>;
    expect(col.formatDataType).toBeUndefined();
    expect(col.isNanCapable).toBeUndefined();
    expect(Object.values(col).some((v) => typeof v === 'function')).toBe(false);
    expect(JSON.parse(JSON.stringify(col))).toEqual(col);
  });
  ruleCase('T1.1-ext-INTERVAL_MDN', 'INTERVAL_MDN is an interval type beyond GOE’s 20', () => {
    expect(isCanonicalType('INTERVAL_MDN')).toBe(true);
    expect(isIntervalType('INTERVAL_MDN')).toBe(true);
    expect(GOE_CANONICAL_TYPES as readonly string[]).not.toContain('INTERVAL_MDN');
    expect(ALL_CANONICAL_TYPES.at(-1)).toBe('INTERVAL_MDN');
    expect(isDateType('INTERVAL_MDN') || isNumberType('INTERVAL_MDN') || isStringType('INTERVAL_MDN')).toBe(false);
  });
});

ruleSuite('char semantics (§1.3)', () => {
  ruleCase('T1.3-byte-char', 'BYTE and CHAR are kept with the declared lengths', () => {
    const byte = canonicalColumn({ name: 'B', dataType: 'VARIABLE_STRING', dataLength: 40, charSemantics: 'byte' });
    const char = canonicalColumn({
      name: 'C',
      dataType: 'VARIABLE_STRING',
      charLength: 10,
      dataLength: 40,
      charSemantics: 'CHAR',
    });
    expect(byte).toMatchObject({ charSemantics: 'BYTE', dataLength: 40 });
    expect(char).toMatchObject({ charSemantics: 'CHAR', charLength: 10, dataLength: 40 });
  });
  ruleCase('T1.3-unicode', 'UNICODE comes from a national source type or from --unicode-string-columns', () => {
    expect(canonicalColumn({ name: 'N', dataType: 'FIXED_STRING', charSemantics: 'unicode' }).charSemantics).toBe(
      'UNICODE',
    );
    const src = canonicalColumn({ name: 'S', dataType: 'VARIABLE_STRING', charLength: 5 });
    const { columns } = applyDataTypeControls(
      [src],
      { unicodeStringColumns: 's' },
      { backend: { maxDecimalPrecision: 38, maxDecimalScale: 37, maxDatetimeScale: 6 } },
    );
    expect(columns[0]).toMatchObject({ charSemantics: 'UNICODE', fromOverride: true });
  });
  ruleCase('T1.3-unicode-effects', 'UNICODE survives cloning so present-side mappers can choose N-types', () => {
    const col = canonicalColumn({ name: 'N', dataType: 'VARIABLE_STRING', charLength: 100, charSemantics: 'UNICODE' });
    expect(cloneColumn(col, { nullable: false }).charSemantics).toBe('UNICODE');
    expect(normalizeCharSemantics('Unicode')).toBe('UNICODE');
  });
  ruleCase('T1.3-dialect-semantics', 'core accepts and keeps CHAR (BigQuery/Snowflake) and BYTE (Hadoop)', () => {
    for (const s of ['CHAR', 'BYTE'] as const) {
      const col = canonicalColumn({ name: 'S', dataType: 'VARIABLE_STRING', charSemantics: s });
      expect(cloneColumn(col).charSemantics).toBe(s);
    }
  });
});

const V = { none: undefined, false: false, true: true } as const;
const EXPECTED: Record<keyof typeof V, Record<keyof typeof V, boolean | undefined>> = {
  none: { none: undefined, false: false, true: true },
  false: { none: false, false: false, true: false },
  true: { none: true, false: false, true: true },
};

ruleSuite('safe mapping merge (§1.4)', () => {
  for (const p of ['none', 'false', 'true'] as const) {
    for (const n of ['none', 'false', 'true'] as const) {
      ruleCase(`T1.4-cell-${p}-${n}`, `isSafeMapping(${String(V[p])}, ${String(V[n])})`, () => {
        expect(isSafeMapping(V[p], V[n])).toBe(EXPECTED[p][n]);
        if (p === 'none') expect(isSafeMapping(null, V[n])).toBe(EXPECTED[p][n]);
        if (n === 'none') expect(isSafeMapping(V[p], null)).toBe(EXPECTED[p][n]);
      });
    }
  }
  ruleCase('T1.4-merge-false-wins', 'an explicit false wins over any prior', () => {
    for (const prior of [undefined, null, true, false]) expect(isSafeMapping(prior, false)).toBe(false);
  });
  ruleCase('T1.4-merge-true-never-overwrites-false', 'true keeps a prior false', () => {
    expect(isSafeMapping(false, true)).toBe(false);
    expect([true, true, true].reduce<boolean | undefined>((acc, x) => isSafeMapping(acc, x), false)).toBe(false);
  });
  ruleCase(
    'T1.4-merge-input-is-prior',
    'data-type controls keep an unsafe flag on columns they do not override',
    () => {
      const unsafe = canonicalColumn({ name: 'N', dataType: 'DECIMAL', safeMapping: false });
      const other = canonicalColumn({ name: 'M', dataType: 'DECIMAL', precision: 10, safeMapping: false });
      const { columns } = applyDataTypeControls(
        [unsafe, other],
        { integer8Columns: 'M' },
        {
          backend: { maxDecimalPrecision: 38, maxDecimalScale: 37, maxDatetimeScale: 6 },
        },
      );
      expect(columns[0]!.safeMapping).toBe(false);
      expect(columns[1]).toMatchObject({ dataType: 'INTEGER_8', safeMapping: true, fromOverride: true });
    },
  );
  ruleCase('T1.4-consequences', 'unsafe numeric and date columns are sampled; unsafe strings are not', () => {
    const limits = { maxDecimalScale: 37 };
    for (const t of ['DECIMAL', 'INTEGER_38', 'DOUBLE', 'DATE', 'TIMESTAMP'] as const) {
      const c = canonicalColumn({ name: 'C', dataType: t, safeMapping: false });
      expect(needsDataSampling(c, c, limits), t).toBe(true);
      expect(needsDataSampling(c, cloneColumn(c, { safeMapping: true }), limits), t).toBe(false);
    }
    const s = canonicalColumn({ name: 'S', dataType: 'VARIABLE_STRING', safeMapping: false });
    expect(needsDataSampling(s, s, limits)).toBe(false);
    const p40 = canonicalColumn({ name: 'P', dataType: 'DECIMAL', precision: 40, scale: 0 });
    expect(needsDataSampling(p40, p40, limits)).toBe(true);
    const s38 = canonicalColumn({ name: 'S', dataType: 'DECIMAL', precision: 38, scale: 38 });
    expect(needsDataSampling(s38, s38, limits)).toBe(true);
    const d = canonicalColumn({ name: 'D', dataType: 'DATE' });
    expect(needsDataSampling(d, d, limits, { dateBelowBackendMin: true })).toBe(true);
    expect(needsDataSampling(p40, cloneColumn(p40, { fromOverride: true }), limits)).toBe(false);
  });
});
