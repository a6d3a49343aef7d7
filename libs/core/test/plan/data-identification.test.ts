/**
 * GOE's data identification options (orchestration reference §1.2 "Data identification", §2.6): each option alone,
 * conflicts ("Conflicting data identification options", Appendix A), date/day validation, `--partition-names`,
 * `--offload-type` and `--offload-predicate`.
 */
import { describe, expect, it } from 'vitest';
import {
  IDENTIFICATION_MESSAGES,
  normalizeDataIdentification,
  parsePredicate,
  type DataIdentificationOptions,
} from '@goe/core';
import { goeError } from '../support/goe-error.js';

const TODAY = '2024-03-15';

/** `normalizeDataIdentification(options)` must fail with OPTION_INVALID naming `variable`, with `message`. */
function refused(options: DataIdentificationOptions, variable: string, message: string | RegExp, today = TODAY) {
  const e = goeError(() => normalizeDataIdentification(options, today));
  expect(e.code).toBe('OPTION_INVALID');
  expect(e.variable).toBe(variable);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else expect(e.message).toMatch(message);
  return e;
}

describe('IDENTIFICATION_MESSAGES (Appendix A)', () => {
  it('holds GOE texts verbatim', () => {
    expect(IDENTIFICATION_MESSAGES.conflicting).toBe('Conflicting data identification options');
    expect(IDENTIFICATION_MESSAGES.onePartitionName).toBe(
      'Only one partition name can be included for a RANGE partition offload',
    );
    expect(Object.isFrozen(IDENTIFICATION_MESSAGES)).toBe(true);
  });
});

describe('no identification', () => {
  it.each<[string, DataIdentificationOptions]>([
    ['no options', {}],
    ['every option undefined', { lessThanValue: undefined, olderThanDate: undefined, partitionNames: undefined }],
    ['empty strings are not given', { lessThanValue: '', olderThanDate: '', olderThanDays: '', offloadPredicate: '' }],
    ['an empty --partition-names string', { partitionNames: '' }],
    ['an empty --partition-names array', { partitionNames: [] }],
    ['an empty --offload-type', { offloadType: '' }],
  ])('%s → kind none, no offload type', (_, options) => {
    expect(normalizeDataIdentification(options, TODAY)).toEqual({ identification: { kind: 'none' } });
  });

  it('an empty string does not conflict with a given option', () => {
    expect(normalizeDataIdentification({ lessThanValue: '', olderThanDate: '2024-01-01' }, TODAY)).toEqual({
      identification: { kind: 'less-than', value: '2024-01-01', option: '--older-than-date' },
    });
    expect(normalizeDataIdentification({ partitionNames: [], offloadPredicate: 'column(A) IS NULL' }, TODAY)).toEqual({
      identification: { kind: 'predicate', predicate: parsePredicate('column(A) IS NULL'), dsl: 'column(A) IS NULL' },
    });
  });

  it('the result carries no offloadType key when --offload-type is not given', () => {
    expect(Object.keys(normalizeDataIdentification({}, TODAY))).toEqual(['identification']);
  });
});

describe('each option alone', () => {
  it.each<[string, DataIdentificationOptions, unknown]>([
    [
      '--less-than-value (text kept as given, trimmed)',
      { lessThanValue: ' 2024-03-01 ' },
      { kind: 'less-than', value: '2024-03-01', option: '--less-than-value' },
    ],
    [
      '--less-than-value numeric',
      { lessThanValue: '1000' },
      { kind: 'less-than', value: '1000', option: '--less-than-value' },
    ],
    [
      '--older-than-date',
      { olderThanDate: '2024-03-01' },
      { kind: 'less-than', value: '2024-03-01', option: '--older-than-date' },
    ],
    [
      '--older-than-days',
      { olderThanDays: 14 },
      { kind: 'less-than', value: '2024-03-01', option: '--older-than-days' },
    ],
    ['--partition-names', { partitionNames: 'SALES_202401' }, { kind: 'partition-name', name: 'SALES_202401' }],
    [
      '--offload-predicate',
      { offloadPredicate: 'column(A) = numeric(1)' },
      { kind: 'predicate', predicate: parsePredicate('column(A) = numeric(1)'), dsl: 'column(A) = numeric(1)' },
    ],
  ])('%s', (_, options, identification) => {
    expect(normalizeDataIdentification(options, TODAY)).toEqual({ identification });
  });

  it('whitespace-only --less-than-value is refused as empty', () => {
    refused({ lessThanValue: '   ' }, '--less-than-value', 'Invalid --less-than-value: empty value');
  });
});

describe('conflicting options', () => {
  const OPTIONS: readonly (readonly [string, DataIdentificationOptions])[] = [
    ['--less-than-value', { lessThanValue: '100' }],
    ['--older-than-date', { olderThanDate: '2024-01-01' }],
    ['--older-than-days', { olderThanDays: 30 }],
    ['--partition-names', { partitionNames: 'P1' }],
    ['--offload-predicate', { offloadPredicate: 'column(A) = numeric(1)' }],
  ];
  const pairs = OPTIONS.flatMap((a, i) => OPTIONS.slice(i + 1).map((b) => [a[0], b[0], a[1], b[1]] as const));

  it('covers every pair (10)', () => expect(pairs).toHaveLength(10));

  it.each(pairs)(
    '%s with %s → "Conflicting data identification options", variable = the second',
    (first, second, a, b) => {
      const e = refused({ ...a, ...b }, second, 'Conflicting data identification options');
      expect(e.hint).toBe(`Give one of ${first}, ${second}`);
    },
  );

  it('the order the options are given in does not matter (the variable follows GOE option order)', () => {
    refused(
      { offloadPredicate: 'column(A) IS NULL', lessThanValue: '5' },
      '--offload-predicate',
      IDENTIFICATION_MESSAGES.conflicting,
    );
  });

  it('three options: variable is the second, hint lists all three', () => {
    const e = refused(
      { lessThanValue: '5', olderThanDays: 0, partitionNames: ['P1'] },
      '--older-than-days',
      IDENTIFICATION_MESSAGES.conflicting,
    );
    expect(e.hint).toBe('Give one of --less-than-value, --older-than-days, --partition-names');
  });

  it('--older-than-days 0 counts as given (not falsy-dropped)', () => {
    refused(
      { olderThanDate: '2024-01-01', olderThanDays: 0 },
      '--older-than-days',
      IDENTIFICATION_MESSAGES.conflicting,
    );
  });

  it('conflicts are reported before a malformed value is looked at', () => {
    refused(
      { olderThanDate: 'garbage', offloadPredicate: 'not a predicate' },
      '--offload-predicate',
      IDENTIFICATION_MESSAGES.conflicting,
    );
  });
});

describe('--older-than-date', () => {
  it.each([
    ['2024-02-29', 'leap day of a leap year'],
    ['0001-01-01', 'first day of year 1'],
    ['9999-12-31', 'last representable day'],
    ['2000-02-29', 'leap day of a 400-divisible year'],
    ['2023-12-31', 'year end'],
  ])('accepts %s (%s)', (value) => {
    expect(normalizeDataIdentification({ olderThanDate: value }, TODAY).identification).toEqual({
      kind: 'less-than',
      value,
      option: '--older-than-date',
    });
  });

  it('trims surrounding whitespace', () => {
    expect(normalizeDataIdentification({ olderThanDate: ' 2024-01-31 ' }, TODAY).identification).toEqual({
      kind: 'less-than',
      value: '2024-01-31',
      option: '--older-than-date',
    });
  });

  it.each([
    ['2024-02-30', 'not a day of February'],
    ['2023-02-29', 'leap day of a common year'],
    ['1900-02-29', 'leap day of a 100-divisible common year'],
    ['2024-04-31', 'April has 30 days'],
    ['2024-13-01', 'month 13'],
    ['2024-00-10', 'month 0'],
    ['2024-01-00', 'day 0'],
    ['2024-1-1', 'unpadded'],
    ['24-01-01', 'two-digit year'],
    ['2024/01/01', 'slashes'],
    ['20240101', 'no separators'],
    ['2024-01-01 00:00:00', 'a timestamp'],
    ['2024-01-01T00:00:00Z', 'ISO timestamp'],
    ['yesterday', 'a word'],
  ])('refuses %s (%s)', (value) => {
    refused(
      { olderThanDate: value },
      '--older-than-date',
      `Invalid --older-than-date value: ${value} (expected YYYY-MM-DD)`,
    );
  });
});

describe('--older-than-days', () => {
  it.each<[number | string, string, string]>([
    [0, '2024-03-15', '2024-03-15'],
    [1, '2024-03-15', '2024-03-14'],
    ['1', '2024-03-01', '2024-02-29'],
    [1, '2023-03-01', '2023-02-28'],
    [1, '2024-01-01', '2023-12-31'],
    [366, '2024-12-31', '2023-12-31'],
    [366, '2025-01-01', '2024-01-01'],
    [365, '2025-01-01', '2024-01-02'],
    [366, '2024-03-01', '2023-03-01'],
    [365, '2023-03-01', '2022-03-01'],
    [' 7 ', '2024-03-15', '2024-03-08'],
    ['007', '2024-03-15', '2024-03-08'],
    [31, '2024-03-31', '2024-02-29'],
    [0, '9999-12-31', '9999-12-31'],
  ])('%j days before %s → %s', (days, today, expected) => {
    expect(normalizeDataIdentification({ olderThanDays: days }, today).identification).toEqual({
      kind: 'less-than',
      value: expected,
      option: '--older-than-days',
    });
  });

  it('defaults today to the current UTC date', () => {
    const today = new Date().toISOString().slice(0, 10);
    const result = normalizeDataIdentification({ olderThanDays: 0 });
    // the day could roll over between the two calls; accept either side of midnight
    expect([today, new Date().toISOString().slice(0, 10)]).toContain(
      (result.identification as { value: string }).value,
    );
  });

  it.each<[number | string, string]>([
    [-1, '-1'],
    ['-1', '-1'],
    [1.5, '1.5'],
    ['1.0', '1.0'],
    ['+3', '+3'],
    ['1e2', '1e2'],
    [1e21, '1e+21'],
    ['ten', 'ten'],
    ['1 2', '1 2'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['1234567', '1234567'],
  ])('refuses %j', (days, shown) => {
    refused(
      { olderThanDays: days },
      '--older-than-days',
      `Invalid --older-than-days value: ${shown} (expected a non-negative integer)`,
    );
  });

  it('refuses a malformed "today"', () => {
    refused({ olderThanDays: 1 }, '--older-than-days', 'Invalid date for today: 2024-02-30', '2024-02-30');
  });

  it('a day count reaching before year 1 is refused instead of producing a value that is not YYYY-MM-DD', () => {
    // 999 999 days before 2024-03-15 is in 714 BC: the module returns '-000714-…', which no key accepts.
    const e = goeError(() => normalizeDataIdentification({ olderThanDays: 999999 }, TODAY));
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.variable).toBe('--older-than-days');
  });
});

describe('--partition-names', () => {
  it.each<[string, string | readonly string[], string]>([
    ['one name', 'SALES_202401', 'SALES_202401'],
    ['one name, trimmed', '  sales_202401 ', 'sales_202401'],
    ['one name in an array', ['P1'], 'P1'],
  ])('%s', (_, partitionNames, name) => {
    expect(normalizeDataIdentification({ partitionNames }, TODAY).identification).toEqual({
      kind: 'partition-name',
      name,
    });
  });

  it.each<[string, string | readonly string[]]>([
    ['two names in a CSV', 'P1,P2'],
    ['two names in a CSV with spaces', 'P1, P2'],
    ['two names in an array', ['P1', 'P2']],
    ['the same name twice', 'P1,P1'],
  ])('%s → several names (LIST tables; RANGE refuses them once the table is known)', (_, partitionNames) => {
    const names = (typeof partitionNames === 'string' ? partitionNames.split(',') : partitionNames).map((x) =>
      x.trim(),
    );
    expect(normalizeDataIdentification({ partitionNames }).identification).toEqual({ kind: 'partition-names', names });
  });

  it.each<[string, string | readonly string[]]>([
    ['a trailing comma', 'P1,'],
    ['a leading comma', ',P1'],
    ['a double comma', 'P1,,P2'],
    ['only a comma', ','],
    ['only spaces', '   '],
    ['an empty array item', ['P1', '']],
    ['a blank array item', ['  ']],
  ])('%s → "empty partition name"', (_, partitionNames) => {
    refused({ partitionNames }, '--partition-names', 'Invalid --partition-names: empty partition name');
  });
});

describe('--offload-type', () => {
  it.each([
    ['FULL', 'FULL'],
    ['full', 'FULL'],
    ['Full', 'FULL'],
    [' incremental ', 'INCREMENTAL'],
    ['INCREMENTAL', 'INCREMENTAL'],
    ['Incremental', 'INCREMENTAL'],
  ] as const)('%j → %s', (offloadType, expected) => {
    expect(normalizeDataIdentification({ offloadType }, TODAY)).toEqual({
      identification: { kind: 'none' },
      offloadType: expected,
    });
  });

  it('combines with an identification option', () => {
    expect(normalizeDataIdentification({ offloadType: 'incremental', olderThanDays: 1 }, '2024-01-01')).toEqual({
      identification: { kind: 'less-than', value: '2023-12-31', option: '--older-than-days' },
      offloadType: 'INCREMENTAL',
    });
  });

  it.each(['PARTIAL', 'FULLY', 'INC', 'full incremental', '   '])('refuses %j', (offloadType) => {
    refused({ offloadType }, '--offload-type', `Invalid --offload-type value: ${offloadType} (FULL or INCREMENTAL)`);
  });

  it('a bad --offload-type is refused even with a valid identification option', () => {
    refused(
      { olderThanDate: '2024-01-01', offloadType: 'bogus' },
      '--offload-type',
      'Invalid --offload-type value: bogus (FULL or INCREMENTAL)',
    );
  });
});

describe('--offload-predicate', () => {
  it.each([
    ['column(prod_id) = numeric(10)', 'column(PROD_ID) = numeric(10)'],
    ['column(a) = numeric(010.50)', 'column(A) = numeric(10.5)'],
    ['column(s.cust_id) in (numeric(1), numeric(2))', 'column(S.CUST_ID) IN (numeric(1), numeric(2))'],
    [
      'column(time_id) >= datetime(2024-01-01) and column(time_id) < datetime(2024-02-01 00:00:00.5)',
      '(column(TIME_ID) >= datetime(2024-01-01) AND column(TIME_ID) < datetime(2024-02-01 00:00:00.5))',
    ],
    ['((column(a) is not null))', 'column(A) IS NOT NULL'],
    ['column(name) = string("O\'Brien")', 'column(NAME) = string("O\'Brien")'],
    ["column(name) = string(\"x' OR '1'='1\")", "column(NAME) = string(\"x' OR '1'='1\")"],
  ])('%s → %s', (text, dsl) => {
    const result = normalizeDataIdentification({ offloadPredicate: text }, TODAY);
    expect(result).toEqual({ identification: { kind: 'predicate', predicate: parsePredicate(text), dsl } });
  });

  it.each([
    ['a syntax error', 'column(a) ='],
    ['an unknown operator', 'column(a) == numeric(1)'],
    ['an impossible datetime', 'column(a) = datetime(2023-02-29)'],
    ['SQL text', 'prod_id = 10'],
    ['a statement separator (injection)', 'column(a) = numeric(1); DROP TABLE sh.sales'],
    ['literal() pass-through (injection)', 'column(a) = literal("1 OR 1=1")'],
    ['a SQL comment (injection)', 'column(a) = numeric(1) -- OR 1=1'],
    ['blank text', '   '],
  ])('%s is refused with PREDICATE_INVALID', (_, text) => {
    const e = goeError(() => normalizeDataIdentification({ offloadPredicate: text }, TODAY));
    expect(e.code).toBe('PREDICATE_INVALID');
    expect(e.message).toMatch(/^Unexpected offload predicate syntax/);
  });
});

describe('issue #13 options: --equal-to-values, --offload-predicate-type, hybrid view flags', () => {
  it('--equal-to-values: one CSV text per option, conflicts with the other identification options', () => {
    expect(normalizeDataIdentification({ equalToValues: ['EU,US', 'APAC'] }).identification).toEqual({
      kind: 'equal-to-values',
      values: ['EU,US', 'APAC'],
    });
    expect(normalizeDataIdentification({ equalToValues: 'EU' }).identification).toEqual({
      kind: 'equal-to-values',
      values: ['EU'],
    });
    refused(
      { equalToValues: 'EU', partitionNames: 'P1' },
      '--equal-to-values',
      'Conflicting data identification options',
    );
    refused({ equalToValues: ['EU', ' '] }, '--equal-to-values', 'Invalid --equal-to-values: empty value');
  });

  it('--offload-predicate-type: upper-cased, one of GOE six types', () => {
    expect(normalizeDataIdentification({ offloadPredicateType: 'list_as_range' }).predicateType).toBe('LIST_AS_RANGE');
    refused(
      { offloadPredicateType: 'HASH' },
      '--offload-predicate-type',
      'Invalid --offload-predicate-type value: HASH (PREDICATE, LIST, LIST_AS_RANGE, LIST_AS_RANGE_AND_PREDICATE, RANGE, RANGE_AND_PREDICATE)',
    );
  });

  it('--reset-hybrid-view needs a data identification option (GOE text); flags are carried', () => {
    refused(
      { resetHybridView: true },
      '--reset-hybrid-view',
      'Offload data identification options required with --reset-hybrid-view',
    );
    expect(
      normalizeDataIdentification({
        offloadPredicate: 'column(ID) = numeric(1)',
        resetHybridView: true,
        noModifyHybridView: true,
        offloadBySubpartition: true,
      }),
    ).toMatchObject({ resetHybridView: true, noModifyHybridView: true, offloadBySubpartition: true });
    expect(normalizeDataIdentification({ noModifyHybridView: false })).toEqual({ identification: { kind: 'none' } });
  });
});
