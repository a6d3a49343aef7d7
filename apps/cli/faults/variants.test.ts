/**
 * Issue #13 end to end: the offload variants (LIST partition append, LIST_AS_RANGE, multi-column RANGE keys, FULL with
 * a partition boundary, the predicate types, sub-partition offload) through the bundled CLI against a real
 * PostgreSQL server, each with its re-run matrix rows: (a) the same command again is a no-op (exit 0, NOOP, backend
 * unchanged); (b) a SIGKILL after "Load staged data" (`GOE_TEST_KILL_AT=after:FINAL_LOAD`, the fault bed's hook),
 * then the same command completes: backend rows = source rows exactly (every column, duplicates counted), metadata
 * saved, no lock or staged file left. One OFFLOAD_HOME per case; the source is seeded once.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  addLateRows,
  LATE_FIRST_ID,
  seedVariantsSource,
  tail,
  VARIANTS_SCHEMA,
  variantHome,
  type RepoRow,
  type VariantHome,
  type VariantRun,
} from './variants-bed.js';

const pgUrl = inject('pgUrl');
const S = VARIANTS_SCHEMA;
const homes: VariantHome[] = [];

beforeAll(async () => {
  await seedVariantsSource(pgUrl);
}, 120_000);

afterAll(async () => {
  if (process.env.GOE_KEEP_VARIANT_HOMES === '1') return;
  await Promise.all(homes.map((h) => h.dispose()));
});

/** A fresh home, disposed after the file. */
function home(label: string): VariantHome {
  const h = variantHome(pgUrl, label);
  homes.push(h);
  return h;
}

/** Runs and prints the tail of the run (the report quotes the CLI's messages). */
async function run(h: VariantHome, argv: readonly string[], env?: Record<string, string>): Promise<VariantRun> {
  const r = await h.run(argv, env);
  console.log(`[variants] ${tail(r, 3)}`);
  return r;
}

/** The run succeeded (exit 0). */
function ok(r: VariantRun): VariantRun {
  expect(r.code, tail(r, 8)).toBe(0);
  return r;
}

/** The run was refused: a non-zero exit whose output matches `message`. */
function refused(r: VariantRun, message: RegExp): void {
  expect(r.code, tail(r, 8)).not.toBe(0);
  expect(r.signal, tail(r, 8)).toBeNull();
  expect(r.output, tail(r, 8)).toMatch(message);
}

const digest = (rows: readonly string[]) => createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);

/** Backend rows of `table` = the source rows matching `where`, row by row (every column; duplicates counted). */
async function expectRows(h: VariantHome, table: string, where: string, what: string): Promise<void> {
  const [src, dst] = await Promise.all([h.sourceRows(table, where), h.backendRows(table)]);
  if (src.length === dst.length && digest(src) === digest(dst)) return;
  const have = new Set(dst);
  const want = new Set(src);
  const missing = src.filter((r) => !have.has(r)).slice(0, 2);
  const extra = dst.filter((r) => !want.has(r)).slice(0, 2);
  expect.fail(
    `${what}: source (${where}) ${src.length} rows, backend ${dst.length} rows, ${dst.length - have.size} duplicate(s); ` +
      `missing e.g. ${JSON.stringify(missing)}, extra e.g. ${JSON.stringify(extra)}`,
  );
}

/** Every value of the metadata row as one text (the field names of the new metadata are the planner's). */
const metaText = (m: RepoRow | undefined) =>
  m === undefined
    ? ''
    : Object.values(m)
        .map((v) => (v === null ? '' : String(v)))
        .join(' | ');

/**
 * The metadata of `table` exists and each named column's text matches its pattern(s) (SQLite columns: offload_type,
 * incremental_key, high_water_mark, high_values (JSON), predicate_type, incremental_range, predicates (JSON)).
 */
async function expectMetadata(
  h: VariantHome,
  table: string,
  fields: Readonly<Record<string, RegExp | readonly RegExp[]>>,
): Promise<RepoRow> {
  const m = await h.metadata(table);
  expect(m, `offload metadata of ${S}.${table}`).toBeDefined();
  for (const [k, res] of Object.entries(fields))
    for (const re of Array.isArray(res) ? res : [res])
      expect(String(m![k] ?? ''), `metadata ${k} of ${S}.${table}: ${metaText(m)}`).toMatch(re);
  return m!;
}

/** Nothing left behind and the last command closed with `status`. */
async function expectClean(h: VariantHome, table: string, status: RegExp): Promise<void> {
  const left = h.leftovers();
  expect(left.locks, 'locks left').toEqual([]);
  expect(left.staging, 'staged files left').toEqual([]);
  const commands = await h.commands(table);
  expect(commands, 'command rows').not.toContain('EXECUTING');
  expect(commands.at(-1) ?? '', `last command of ${commands.join(',')}`).toMatch(status);
}

/** Metadata of a LIST partition append whose high values match `values`. */
const LIST_META = (values: readonly RegExp[]) => ({
  offload_type: /^INCREMENTAL$/,
  predicate_type: /^LIST$/,
  incremental_key: /^"?REGION"?$/i,
  high_values: values,
});

/** One partition per chunk, so a kill after the first chunk's load leaves partitions to the rerun. */
const ONE_PER_CHUNK = ['--max-offload-chunk-count', '1'];

const NOTHING_TO_DO = /No partitions to offload|Already offloaded/;

/**
 * Re-run rows of one command: (b) killed with SIGKILL after "Load staged data", then the same command completes
 * exactly; (a) the same command once more is a no-op. `where` is the source condition of the rows the backend
 * holds after it; `expectMeta` checks the metadata after the completing run and again after the no-op.
 */
async function rerunRows(
  h: VariantHome,
  table: string,
  argv: readonly string[],
  where: string,
  expectMeta: () => Promise<unknown>,
  completing: RegExp | undefined = undefined,
  between: () => Promise<void> = async () => undefined,
): Promise<void> {
  const start = (await h.backendRows(table)).length;
  const killed = await run(h, argv, { GOE_TEST_KILL_AT: 'after:FINAL_LOAD' });
  expect(killed.signal, `killed after "Load staged data": ${tail(killed, 8)}`).toBe('SIGKILL');
  const partial = (await h.backendRows(table)).length;
  expect(partial, 'the killed run loaded rows before it died').toBeGreaterThan(start);
  if (argv.includes(ONE_PER_CHUNK[0]!)) {
    const expected = (await h.sourceRows(table, where)).length;
    expect(partial, 'one partition per chunk: the kill leaves partitions to the rerun').toBeLessThan(expected);
  }
  const rerun = ok(await run(h, argv));
  if (completing !== undefined) expect(rerun.output).toMatch(completing);
  await expectRows(h, table, where, 'rerun after a SIGKILL after "Load staged data"');
  await expectMetadata(h, table, {});
  await expectMeta();
  await expectClean(h, table, /SUCCESS|NOOP/);
  await between();

  const before = await h.backendRows(table);
  const again = ok(await run(h, argv));
  expect(again.output, tail(again, 8)).toMatch(NOTHING_TO_DO);
  expect(await h.backendRows(table), 'the same command again changes nothing').toEqual(before);
  await expectMeta();
  await expectClean(h, table, /NOOP/);
}

const t = (table: string) => ['-t', `${S}.${table}`];

describe('offload variants end to end (PostgreSQL → CLI → DuckDB)', () => {
  describe('1. LIST partition append', () => {
    it('--equal-to-values EU, then US and APAC,ANZ (kill after load → exact rerun; again → no-op); DEFAULT refused', async () => {
      const h = home('list');
      const first = ok(await run(h, [...t('list_t'), '-x', '--create-backend-db', '--equal-to-values', 'EU']));
      await expectRows(h, 'list_t', `region = 'EU'`, 'after --equal-to-values EU');
      await expectMetadata(h, 'list_t', LIST_META([/EU/]));
      expect(first.output).not.toMatch(/list_t_us|list_t_def/i);

      // one partition per chunk: the kill after the first chunk's load leaves the second partition to the rerun
      const next = [...t('list_t'), '-x', ...ONE_PER_CHUNK, '--equal-to-values', 'US', '--equal-to-values', 'APAC,ANZ'];
      await rerunRows(h, 'list_t', next, `region IN ('EU', 'US', 'APAC', 'ANZ')`, () =>
        expectMetadata(h, 'list_t', LIST_META([/EU/, /US/, /APAC/, /ANZ/])),
      );

      const before = await h.backendRows('list_t');
      refused(
        await run(h, [...t('list_t'), '-x', '--partition-names', 'LIST_T_DEF']),
        /Cannot offload OUT-OF-LIST partition/,
      );
      // a predicate on a LIST-appended table (reference §2.6)
      refused(
        await run(h, [...t('list_t'), '-x', '--offload-predicate', 'column(ID) > numeric(5)']),
        /--offload-predicate is incompatible with INCREMENTAL_PREDICATE_TYPE: LIST/,
      );
      expect(await h.backendRows('list_t'), 'refusals change nothing').toEqual(before);
    });

    it('--partition-names LIST_T_EU,LIST_T_US on a fresh home (kill → rerun; again → no-op)', async () => {
      const h = home('list-names');
      await rerunRows(
        h,
        'list_t',
        [...t('list_t'), '-x', '--create-backend-db', '--partition-names', 'LIST_T_EU,LIST_T_US'],
        `region IN ('EU', 'US')`,
        () => expectMetadata(h, 'list_t', LIST_META([/EU/, /US/])),
      );
    });

    it('--offload-type FULL offloads every partition incl. DEFAULT; then INCREMENTAL is refused', async () => {
      const h = home('list-full');
      // the INCREMENTAL refusal runs between the kill rows and the no-op row
      await rerunRows(
        h,
        'list_t',
        [...t('list_t'), '-x', '--create-backend-db', '--offload-type', 'FULL'],
        'true',
        () => expectMetadata(h, 'list_t', { offload_type: /^FULL$/ }),
        undefined,
        async () => {
          const before = await h.backendRows('list_t');
          refused(
            await run(h, [...t('list_t'), '-x', '--offload-type', 'INCREMENTAL', '--equal-to-values', 'EU']),
            /Offload type invalid when DEFAULT partition has been offloaded/,
          );
          expect(await h.backendRows('list_t')).toEqual(before);
        },
      );
    });
  });

  describe('2. LIST_AS_RANGE', () => {
    it('--offload-predicate-type LIST_AS_RANGE --less-than-value 2024-03-01, then 2024-03-02 (kill → rerun; again → no-op)', async () => {
      const h = home('las');
      const las = (v: string) => [
        ...t('las_t'),
        '-x',
        '--offload-predicate-type',
        'LIST_AS_RANGE',
        '--less-than-value',
        v,
      ];
      ok(await run(h, [...las('2024-03-01'), '--create-backend-db']));
      await expectRows(h, 'las_t', `day < DATE '2024-03-01'`, 'after --less-than-value 2024-03-01');
      await expectMetadata(h, 'las_t', {
        offload_type: /^INCREMENTAL$/,
        predicate_type: /^LIST_AS_RANGE$/,
        incremental_key: /^"?DAY"?$/i,
        high_values: /2024-02-29/,
      });
      await rerunRows(h, 'las_t', las('2024-03-02'), `day < DATE '2024-03-02'`, () =>
        expectMetadata(h, 'las_t', { predicate_type: /^LIST_AS_RANGE$/, high_values: /2024-03-01/ }),
      );
    });
  });

  describe('3. multi-column RANGE key', () => {
    it('--less-than-value 2024,3 on (yr, mon), then --partition-names MC_T_2024_03 (kill → rerun; again → no-op)', async () => {
      const h = home('mc');
      ok(await run(h, [...t('mc_t'), '-x', '--create-backend-db', '--less-than-value', '2024,3']));
      await expectRows(h, 'mc_t', '(yr, mon) < (2024, 3)', 'after --less-than-value 2024,3');
      await expectMetadata(h, 'mc_t', {
        offload_type: /^INCREMENTAL$/,
        predicate_type: /^RANGE$/,
        incremental_key: /YR.*MON/i,
        high_values: [/2024/, /\b3\b/],
      });
      await rerunRows(
        h,
        'mc_t',
        [...t('mc_t'), '-x', '--partition-names', 'MC_T_2024_03'],
        '(yr, mon) < (2024, 4)',
        () => expectMetadata(h, 'mc_t', { incremental_key: /YR.*MON/i, high_values: [/2024/, /\b4\b/] }),
      );
    });
  });

  describe('4. FULL with a partition boundary', () => {
    it('--offload-type FULL --older-than-date 2024-03-01: every row, the boundary recorded (kill → rerun; again → no-op)', async () => {
      const h = home('full-hwm');
      // one partition per chunk (GOE chunks a FULL offload by partition): the kill leaves partitions to the rerun
      await rerunRows(
        h,
        'rng_t',
        [
          ...t('rng_t'),
          '-x',
          '--create-backend-db',
          ...ONE_PER_CHUNK,
          '--offload-type',
          'FULL',
          '--older-than-date',
          '2024-03-01',
        ],
        'true',
        () =>
          expectMetadata(h, 'rng_t', {
            offload_type: /^FULL$/,
            incremental_key: /^"?DAY"?$/i,
            predicate_type: /^RANGE$/,
            high_values: /2024-03-01/,
          }),
      );
    });
  });

  describe('5. predicate types', () => {
    it('PREDICATE on a non-partitioned table (kill → rerun; again → "Already offloaded")', async () => {
      const h = home('pred');
      await rerunRows(
        h,
        'pred_t',
        [...t('pred_t'), '-x', '--create-backend-db', '--offload-predicate', 'column(ID) <= numeric(1500)'],
        'id <= 1500',
        () =>
          expectMetadata(h, 'pred_t', {
            offload_type: /^INCREMENTAL$/,
            predicate_type: /^PREDICATE$/,
            predicates: /numeric\(1500\)/,
          }),
      );
    });

    it('late-arriving rows below the high-water mark: only the late rows, HWM unchanged (kill → rerun; again → no-op)', async () => {
      const h = home('late');
      ok(await run(h, [...t('late_t'), '-x', '--create-backend-db', '--older-than-date', '2024-03-01']));
      await expectRows(h, 'late_t', `day < DATE '2024-03-01'`, 'after the RANGE append');
      const hwm = await expectMetadata(h, 'late_t', {
        offload_type: /^INCREMENTAL$/,
        predicate_type: /^RANGE$/,
        high_values: /2024-03-01/,
      });
      await addLateRows(pgUrl);
      const late = [...t('late_t'), '-x', '--offload-predicate', `column(ID) >= numeric(${LATE_FIRST_ID})`];
      await rerunRows(
        h,
        'late_t',
        late,
        `day < DATE '2024-03-01'`,
        async () => {
          const m = await expectMetadata(h, 'late_t', { offload_type: /^INCREMENTAL$/ });
          for (const k of [
            'offload_type',
            'incremental_key',
            'high_water_mark',
            'high_values',
            'predicate_type',
            'predicates',
          ])
            expect(m[k], `metadata ${k} unchanged by a late-arriving offload`).toEqual(hwm[k]);
        },
        /Appended IPA high value to offload predicate/,
      );
    });

    it('intra-day RANGE_AND_PREDICATE (kill → rerun; again → no-op); missing key column refused', async () => {
      const h = home('intraday');
      ok(await run(h, [...t('rng_t'), '-x', '--create-backend-db', '--older-than-date', '2024-03-01']));
      await expectRows(h, 'rng_t', `day < DATE '2024-03-01'`, 'after the RANGE append');
      const before = await h.backendRows('rng_t');
      refused(
        await run(h, [
          ...t('rng_t'),
          '-x',
          '--offload-predicate-type',
          'RANGE_AND_PREDICATE',
          '--offload-predicate',
          'column(REGION) = string("EU")',
        ]),
        /Offload predicate must contain a predicate for all existing partition key columns/,
      );
      expect(await h.backendRows('rng_t'), 'the refusal changes nothing').toEqual(before);
      await rerunRows(
        h,
        'rng_t',
        [
          ...t('rng_t'),
          '-x',
          '--offload-predicate-type',
          'RANGE_AND_PREDICATE',
          '--offload-predicate',
          'column(DAY) = datetime(2024-03-01) AND column(REGION) = string("EU")',
        ],
        `day < DATE '2024-03-01' OR (day = DATE '2024-03-01' AND region = 'EU')`,
        () =>
          expectMetadata(h, 'rng_t', {
            offload_type: /^INCREMENTAL$/,
            predicate_type: /^RANGE_AND_PREDICATE$/,
            high_values: /2024-03-01/,
            predicates: [/column\(DAY\)/, /string\(\\?"EU\\?"\)/],
          }),
      );
    });
  });

  describe('6. sub-partitions', () => {
    it('--offload-by-subpartition --less-than-value 1000, then 2000 on sub_rr (kill → rerun; again → no-op)', async () => {
      const h = home('sub-rr');
      const sub = (v: string) => [...t('sub_rr'), '-x', '--offload-by-subpartition', '--less-than-value', v];
      ok(await run(h, [...sub('1000'), '--create-backend-db']));
      await expectRows(h, 'sub_rr', 'id < 1000', 'after --less-than-value 1000');
      await expectMetadata(h, 'sub_rr', {
        offload_type: /^INCREMENTAL$/,
        incremental_key: /^"?ID"?$/i,
        incremental_range: /^SUBPARTITION$/,
        high_values: /1000/,
      });
      await rerunRows(h, 'sub_rr', [...sub('2000'), ...ONE_PER_CHUNK], 'id < 2000', () =>
        expectMetadata(h, 'sub_rr', {
          incremental_key: /^"?ID"?$/i,
          incremental_range: /^SUBPARTITION$/,
          high_values: /2000/,
        }),
      );
    });

    it('a boundary that is not common to every partition is refused', async () => {
      const h = home('sub-rr-bad');
      refused(
        await run(h, [
          ...t('sub_rr'),
          '-x',
          '--create-backend-db',
          '--offload-by-subpartition',
          '--less-than-value',
          '1500',
        ]),
        /common boundary/i,
      );
      expect(await h.backendRows('sub_rr')).toEqual([]);
      expect(await h.metadata('sub_rr')).toBeUndefined();
    });

    it('LIST/RANGE sub_lr switches to sub-partitions by itself (kill → rerun; again → no-op)', async () => {
      const h = home('sub-lr');
      const first = ok(await run(h, [...t('sub_lr'), '-x', '--create-backend-db', '--less-than-value', '2024-03-01']));
      expect(first.output).toMatch(/Setting --offload-by-subpartition due to partition scheme/);
      await expectRows(h, 'sub_lr', `day < DATE '2024-03-01'`, 'after --less-than-value 2024-03-01');
      await rerunRows(
        h,
        'sub_lr',
        // GOE keeps subpartitions sharing a high value in one chunk: one chunk whatever the chunk count
        [...t('sub_lr'), '-x', '--less-than-value', '2024-04-01'],
        `day < DATE '2024-04-01'`,
        () =>
          expectMetadata(h, 'sub_lr', {
            incremental_key: /^"?DAY"?$/i,
            incremental_range: /^SUBPARTITION$/,
            high_values: /2024-04-01/,
          }),
      );
    });
  });
});
