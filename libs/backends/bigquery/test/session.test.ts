/**
 * The BigQuery session without an emulator: every method driven through a recording in-memory {@link BigqueryApi}
 * (each call kept with its arguments: SQL text, parameters, maximumBytesBilled) with scripted answers — the DDL and
 * table specs, the load job, the staged-rows and cast checks, the final INSERT, scopes, verification queries — plus
 * the pure load-path helpers (decimal patterns checked with a real RegExp, nanosecond flooring evaluated) and the
 * SDK error helpers.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalColumn,
  GoeError,
  isGoeError,
  parsePredicate,
  renderPredicate,
  type CanonicalColumn,
  type LoadChunk,
  type OffloadPlan,
  type OffloadScope,
} from '@goe/core';
import { canonicalFixtures, conformanceContext, fixturePlan } from '@goe/conformance';
import {
  BIGQUERY_CAPABILITIES,
  BIGQUERY_PREDICATE_DIALECT,
  expandSyntheticPredicate,
  bigqueryBackend,
  bigqueryError,
  BigquerySession,
  castCheckOf,
  errorStatus,
  fieldTypeText,
  finalExpression,
  loadJobPrefix,
  loadSchema,
  loadTableOf,
  MAX_LOAD_URIS,
  MAX_PARTITIONS,
  padYear,
  partitionOf,
  syntheticColumnOf,
  syntheticFromTable,
  SYNTHETIC_DESCRIPTION_PREFIX,
  schemaField,
  textOf,
  type BigqueryApi,
  type BigquerySessionOptions,
  type BigquerySettings,
  type JobStatus,
  type LoadJobSpec,
  type QueryOptions,
  type QueryResult,
  type TableInfo,
  type TableSpec,
} from '../src/index.js';
import { decimalPattern } from '../src/load-sql.js';

// ---------------------------------------------------------------------------------------------------------------
// the recording fake

/** One recorded call of the fake API (or of the session's faultPoint hook). */
interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
}

interface Script {
  /** Tables by `dataset.table`. */
  readonly tables?: Readonly<Record<string, TableInfo>>;
  /** Dataset locations (absent: the dataset does not exist; null: it exists, location unknown). */
  readonly locations?: Readonly<Record<string, string | null>>;
  /** Query answers, consumed in order; a query beyond them fails the test. */
  readonly results?: readonly QueryResult[];
  /** Jobs known before this run. */
  readonly jobs?: Readonly<Record<string, JobStatus>>;
  /** States a job reports after it is submitted, one per poll (the last one sticks). Default DONE. */
  readonly afterInsert?: readonly JobStatus[];
}

const PROJECT = 'acme';

function recordingApi(script: Script = {}) {
  const calls: Call[] = [];
  const results = [...(script.results ?? [])];
  const jobs = new Map<string, JobStatus[]>(Object.entries(script.jobs ?? {}).map(([id, s]) => [id, [s]]));
  const record = (method: string, ...args: unknown[]) => calls.push({ method, args });
  const api: BigqueryApi = {
    project: PROJECT,
    async query(sql, options) {
      record('query', sql, options);
      const next = results.shift();
      if (next === undefined) throw new Error(`unexpected query: ${sql}`);
      return next;
    },
    async datasetNames(max) {
      record('datasetNames', max);
      return ['sh'];
    },
    async datasetLocation(dataset) {
      record('datasetLocation', dataset);
      const locations = script.locations ?? {};
      return dataset in locations ? locations[dataset] : undefined;
    },
    async createDataset(dataset, options) {
      record('createDataset', dataset, options);
    },
    async table(dataset, table) {
      record('table', dataset, table);
      return script.tables?.[`${dataset}.${table}`];
    },
    async createTable(dataset, table, spec) {
      record('createTable', dataset, table, spec);
    },
    async deleteTable(dataset, table) {
      record('deleteTable', dataset, table);
    },
    async insertLoadJob(jobId, spec) {
      record('insertLoadJob', jobId, spec);
      jobs.set(jobId, [...(script.afterInsert ?? [{ state: 'DONE' }])]);
    },
    async job(jobId) {
      record('job', jobId);
      const states = jobs.get(jobId);
      if (states === undefined) return undefined;
      return states.length > 1 ? states.shift() : states[0];
    },
  };
  const only = (method: string) => calls.filter((c) => c.method === method);
  return {
    api,
    calls,
    methods: () => calls.map((c) => c.method),
    only,
    queries: () => only('query').map((c) => ({ sql: c.args[0] as string, options: c.args[1] as QueryOptions })),
  };
}

const SETTINGS: BigquerySettings = { maximumBytesBilled: 123_456 };

function session(fake: ReturnType<typeof recordingApi>, options: Partial<BigquerySessionOptions> = {}) {
  return new BigquerySession(fake.api, { settings: SETTINGS, loadJob: { pollMs: 1, maxPollMs: 2 }, ...options });
}

/** The GoeError a call throws (or rejects with); fails the test when it does not throw one. */
async function goeErrorOf(run: () => unknown): Promise<GoeError> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  if (!isGoeError(error)) throw new Error(`expected a GoeError, got ${String(error)}`);
  return error;
}

// ---------------------------------------------------------------------------------------------------------------
// plans and chunks

const ID = canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false });
const AMT = canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 12, scale: 2 });
const SALE_DATE = canonicalColumn({ name: 'SALE_DATE', dataType: 'DATE' });
const CREATED = canonicalColumn({ name: 'CREATED', dataType: 'TIMESTAMP', scale: 6 });
const TS = canonicalColumn({ name: 'TS', dataType: 'TIMESTAMP_TZ', scale: 6 });
const T = canonicalColumn({ name: 'T', dataType: 'TIME', scale: 6 });
const B = canonicalColumn({ name: 'B', dataType: 'BINARY', dataLength: 16 });
const NAME = canonicalColumn({ name: 'NAME', dataType: 'VARIABLE_STRING', charLength: 30, nullable: false });
const IV = canonicalColumn({ name: 'IV', dataType: 'INTERVAL_DS', scale: 6 });

function planOf(columns: readonly CanonicalColumn[], over: Partial<OffloadPlan> = {}): OffloadPlan {
  const base = fixturePlan(canonicalFixtures(), {
    backend: 'bigquery',
    database: 'sh',
    table: 'sales',
    loadDatabase: 'sh_load',
    encoding: BIGQUERY_CAPABILITIES.staging.encoding!,
  });
  return { ...base, source: { frontend: 'oracle', owner: 'SH', table: 'SALES' }, columns, ...over };
}

function partitionedBy(
  key: { column: string; granularity: string; lowerValue?: string; upperValue?: string; synthetic?: boolean },
  sortColumns: readonly string[] = [],
): Pick<OffloadPlan, 'partitioning'> {
  return {
    partitioning: {
      columns: [
        {
          sourceColumn: key.column,
          backendColumn: key.synthetic ? `GOE_PART_M_${key.column}` : key.column,
          synthetic: key.synthetic ?? false,
          granularity: key.granularity,
          ...(key.lowerValue === undefined ? {} : { lowerValue: key.lowerValue }),
          ...(key.upperValue === undefined ? {} : { upperValue: key.upperValue }),
        },
      ],
      sortColumns,
    },
  };
}

const URIS = ['gs://bkt/goe/sh/sales/x/s0-00001.parquet', 'gs://bkt/goe/sh/sales/x/s1-00001.parquet'];

/** A chunk of staged files (`rows` 'unknown': files that do not know their row counts). */
/** A plan's partitioning by a partition function of `source` (`GOE_PART_U0_<source>`, range 0–99). */
function udfKey(fn: string, source = 'NAME'): Partial<OffloadPlan> {
  return {
    partitioning: {
      columns: [
        {
          sourceColumn: source,
          backendColumn: `GOE_PART_U0_${source}`,
          synthetic: true,
          granularity: '1',
          lowerValue: '0',
          upperValue: '99',
          function: fn,
        },
      ],
      sortColumns: [],
    },
  };
}

function chunkOf(rows: number | 'unknown' = 5, uris: readonly string[] = URIS, number = 3): LoadChunk {
  return {
    number,
    files: {
      format: 'PARQUET',
      files: uris.map((uri, i) => ({
        path: uri.replace('gs://bkt/', ''),
        uri,
        ...(rows === 'unknown' ? {} : { rows: i === 0 ? rows - 1 : 1 }),
        bytes: 100,
        sliceId: `s${i}`,
      })),
      ...(rows === 'unknown' ? {} : { rows }),
    },
    scope: { kind: 'full' },
  };
}

// ---------------------------------------------------------------------------------------------------------------

describe('BigquerySession.ddlFor', () => {
  const kms = 'projects/acme/locations/eu/keyRings/goe/cryptoKeys/tables';

  it('creates both datasets in the location, then the table with NOT NULL, descriptions, partitioning, clustering and the KMS key', () => {
    const fake = recordingApi();
    const plan = planOf(
      [ID, AMT, SALE_DATE, IV, NAME],
      partitionedBy({ column: 'SALE_DATE', granularity: 'M' }, ['id', 'AMT']),
    );
    const ddl = session(fake, { settings: { ...SETTINGS, location: 'EU', kmsKeyName: kms } }).ddlFor(plan);
    expect(ddl).toEqual([
      "CREATE SCHEMA IF NOT EXISTS `acme`.`sh` OPTIONS (description = 'Offload dataset for GOE', location = 'EU')",
      "CREATE SCHEMA IF NOT EXISTS `acme`.`sh_load` OPTIONS (description = 'GOE load dataset (staging tables)', location = 'EU')",
      [
        'CREATE TABLE `acme`.`sh`.`sales` (',
        '  `ID` INT64 NOT NULL,',
        '  `AMT` NUMERIC(12,2),',
        '  `SALE_DATE` DATE,',
        "  `IV` STRING OPTIONS (description = 'goe:INTERVAL_DS'),",
        '  `NAME` STRING(30) NOT NULL',
        ')',
        'PARTITION BY DATE_TRUNC(`SALE_DATE`, MONTH)',
        'CLUSTER BY `ID`, `AMT`',
        `OPTIONS (description = 'Offloaded from SH.SALES by GOE', kms_key_name = '${kms}')`,
      ].join('\n'),
    ]);
    expect(fake.calls).toEqual([]); // DDL text only: nothing executed
  });

  it('leaves out the location, the load dataset, partitioning, clustering and the key when none is given', () => {
    const plan = planOf([ID, AMT], { target: { backend: 'bigquery', database: 'sh', table: 'sales' } });
    expect(session(recordingApi()).ddlFor(plan)).toEqual([
      "CREATE SCHEMA IF NOT EXISTS `acme`.`sh` OPTIONS (description = 'Offload dataset for GOE')",
      [
        'CREATE TABLE `acme`.`sh`.`sales` (',
        '  `ID` INT64 NOT NULL,',
        '  `AMT` NUMERIC(12,2)',
        ')',
        "OPTIONS (description = 'Offloaded from SH.SALES by GOE')",
      ].join('\n'),
    ]);
  });

  it('truncates TIMESTAMP_TZ (TIMESTAMP) by TIMESTAMP_TRUNC and TIMESTAMP (DATETIME) by DATETIME_TRUNC', () => {
    const s = session(recordingApi());
    const byTs = s.ddlFor(planOf([ID, TS], partitionedBy({ column: 'TS', granularity: 'd' })));
    expect(byTs[2]).toContain('\nPARTITION BY TIMESTAMP_TRUNC(`TS`, DAY)\n');
    const byCreated = s.ddlFor(planOf([ID, CREATED], partitionedBy({ column: 'CREATED', granularity: 'Y' })));
    expect(byCreated[2]).toContain('\nPARTITION BY DATETIME_TRUNC(`CREATED`, YEAR)\n');
  });

  it('partitions an integer key by RANGE_BUCKET over lower … upper + 1 by the granularity', () => {
    const plan = planOf(
      [ID, AMT],
      partitionedBy({ column: 'ID', granularity: '100', lowerValue: '0', upperValue: '999' }),
    );
    expect(session(recordingApi()).ddlFor(plan)[2]).toContain(
      '\nPARTITION BY RANGE_BUCKET(`ID`, GENERATE_ARRAY(0, 1000, 100))\n',
    );
  });
});

describe('partitionOf and the sort columns', () => {
  it('maps the granularity letters (any case) of date, datetime and timestamp keys', () => {
    expect(partitionOf(planOf([ID, SALE_DATE], partitionedBy({ column: 'sale_date', granularity: 'm' })))).toEqual({
      kind: 'time',
      column: 'SALE_DATE',
      columnType: 'DATE',
      granularity: 'MONTH',
    });
    expect(partitionOf(planOf([CREATED], partitionedBy({ column: 'CREATED', granularity: 'D' })))).toMatchObject({
      columnType: 'DATETIME',
      granularity: 'DAY',
    });
    expect(partitionOf(planOf([TS], partitionedBy({ column: 'TS', granularity: 'Y' })))).toMatchObject({
      columnType: 'TIMESTAMP',
      granularity: 'YEAR',
    });
    expect(partitionOf(planOf([ID]))).toBeUndefined();
  });

  it('refuses a week granularity', async () => {
    const e = await goeErrorOf(() =>
      partitionOf(planOf([SALE_DATE], partitionedBy({ column: 'SALE_DATE', granularity: 'W' }))),
    );
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.message).toBe('Invalid --partition-granularity for BigQuery: W');
  });

  it('refuses an integer key without both bounds', async () => {
    for (const bounds of [{}, { lowerValue: '0' }, { upperValue: '10' }]) {
      const e = await goeErrorOf(() =>
        partitionOf(planOf([ID], partitionedBy({ column: 'ID', granularity: '1', ...bounds }))),
      );
      expect(e.code).toBe('OPTION_INVALID');
      expect(e.message).toContain('needs --partition-lower-value and --partition-upper-value');
    }
  });

  it(`allows exactly ${MAX_PARTITIONS} range partitions and refuses one more`, async () => {
    const at = partitionOf(
      planOf([ID], partitionedBy({ column: 'ID', granularity: '1', lowerValue: '0', upperValue: '9999' })),
    );
    expect(at).toEqual({ kind: 'range', column: 'ID', start: 0n, end: 10000n, interval: 1n });
    // a partial last bucket counts: 0 … 1000 by 3 is 334 buckets
    expect(
      partitionOf(planOf([ID], partitionedBy({ column: 'ID', granularity: '3', lowerValue: '0', upperValue: '1000' }))),
    ).toMatchObject({ start: 0n, end: 1001n, interval: 3n });
    const e = await goeErrorOf(() =>
      partitionOf(
        planOf([ID], partitionedBy({ column: 'ID', granularity: '1', lowerValue: '0', upperValue: '10000' })),
      ),
    );
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.message).toBe("Partition range of ID defines 10001 partitions, more than BigQuery's 10000");
    expect(e.hint).toContain('--partition-granularity');
  });

  it('keeps the range end of the largest upper value the capabilities allow within INT64', () => {
    const max = BIGQUERY_CAPABILITIES.partitioning.integerRange!.max;
    const p = partitionOf(
      planOf(
        [ID],
        partitionedBy({ column: 'ID', granularity: '10', lowerValue: String(max - 999n), upperValue: String(max) }),
      ),
    );
    expect(p).toMatchObject({ kind: 'range', end: 2n ** 63n - 1n });
  });

  it('refuses an empty integer range (lower value above the upper value)', async () => {
    const e = await goeErrorOf(() =>
      partitionOf(planOf([ID], partitionedBy({ column: 'ID', granularity: '1', lowerValue: '100', upperValue: '10' }))),
    );
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.message).toContain('Partition range of ID is empty');
  });

  it('range-partitions a synthetic column like an integer one (bounds needed), and refuses a key that is not a column', async () => {
    const unbounded = await goeErrorOf(() =>
      partitionOf(planOf([SALE_DATE], partitionedBy({ column: 'SALE_DATE', granularity: 'M', synthetic: true }))),
    );
    expect(unbounded.code).toBe('OPTION_INVALID');
    expect(unbounded.message).toContain('needs --partition-lower-value and --partition-upper-value');
    const missing = await goeErrorOf(() =>
      partitionOf(planOf([ID], partitionedBy({ column: 'NOPE', granularity: 'M' }))),
    );
    expect(missing.code).toBe('OPTION_INVALID');
  });

  it('a decimal key gets a synthetic INT64 GOE_PART_ column: in the DDL, range-partitioned, computed by the INSERT', async () => {
    const plan = planOf([ID, AMT], {
      partitioning: {
        columns: [
          {
            sourceColumn: 'AMT',
            backendColumn: 'GOE_PART_1000_AMT',
            synthetic: true,
            granularity: '1000',
            lowerValue: '-100000',
            upperValue: '99999',
          },
        ],
        sortColumns: [],
      },
    });
    expect(syntheticColumnOf(plan, 'acme')).toEqual({
      name: 'GOE_PART_1000_AMT',
      expr: 'CAST(FLOOR(CAST(CAST(`AMT` AS NUMERIC(12,2)) AS BIGNUMERIC) / 1000) * 1000 AS INT64)',
    });
    expect(partitionOf(plan)).toEqual({
      kind: 'range',
      column: 'GOE_PART_1000_AMT',
      start: -100000n,
      end: 100000n,
      interval: 1000n,
    });
    const fake = recordingApi();
    const ddl = session(fake).ddlFor(plan).at(-1)!;
    expect(ddl).toContain('`GOE_PART_1000_AMT` INT64');
    expect(ddl).toContain('PARTITION BY RANGE_BUCKET(`GOE_PART_1000_AMT`, GENERATE_ARRAY(-100000, 100000, 1000))');
    await session(fake).createTable(plan);
    const spec = fake.calls.find((c) => c.method === 'createTable')!.args[2] as {
      fields: { name: string; type: string }[];
    };
    expect(spec.fields.at(-1)).toMatchObject({ name: 'GOE_PART_1000_AMT', type: 'INT64', mode: 'NULLABLE' });
  });

  it('a partition function gets GOE_PART_U<n>: the UDF in the table project unless the name has one; bad names refused', async () => {
    const keyed = (fn: string) => planOf([ID, NAME], udfKey(fn));
    expect(syntheticColumnOf(keyed('udfs.name_bucket'), 'acme')?.expr).toBe('`acme`.`udfs`.`name_bucket`(`NAME`)');
    expect(syntheticColumnOf(keyed('lib-proj.udfs.f'), 'acme')?.expr).toBe('`lib-proj`.`udfs`.`f`(`NAME`)');
    for (const bad of ['name_bucket', 'a..b', 'a.b.c.d']) {
      const e = await goeErrorOf(() => syntheticColumnOf(keyed(bad), 'acme'));
      expect(e.message).toContain('Invalid --partition-functions value for BigQuery');
    }
    const g = await goeErrorOf(() =>
      syntheticColumnOf(
        planOf([AMT], {
          partitioning: {
            columns: [{ sourceColumn: 'AMT', backendColumn: 'GOE_PART_X_AMT', synthetic: true, granularity: 'X' }],
            sortColumns: [],
          },
        }),
        'acme',
      ),
    );
    expect(g.message).toContain('Invalid --partition-granularity for AMT: X');
    expect(syntheticColumnOf(planOf([ID]), 'acme')).toBeUndefined();
    expect(
      await goeErrorOf(() =>
        syntheticColumnOf(
          planOf([ID], {
            partitioning: {
              columns: [{ sourceColumn: 'GONE', backendColumn: 'GOE_PART_1_GONE', synthetic: true, granularity: '1' }],
              sortColumns: [],
            },
          }),
          'acme',
        ),
      ),
    ).toMatchObject({ code: 'OPTION_INVALID' });
  });

  it('refuses more than 4 sort columns (clustering), in the DDL and before creating anything', async () => {
    const plan = planOf(
      [ID, AMT, SALE_DATE, NAME, TS],
      partitionedBy({ column: 'SALE_DATE', granularity: 'M' }, ['ID', 'AMT', 'SALE_DATE', 'NAME', 'TS']),
    );
    const fake = recordingApi();
    const ddl = await goeErrorOf(() => session(fake).ddlFor(plan));
    expect(ddl.code).toBe('OPTION_INVALID');
    expect(ddl.message).toBe('Too many sort columns specified for backend system: BigQuery supports 4, got 5');
    const create = await goeErrorOf(() => session(fake).createTable(plan));
    expect(create.message).toContain('Too many sort columns');
    expect(fake.only('createTable')).toEqual([]);
    const four = planOf([ID, AMT, SALE_DATE, NAME], {
      partitioning: { columns: [], sortColumns: ['name', 'ID', 'AMT', 'SALE_DATE'] },
    });
    expect(session(recordingApi()).ddlFor(four)[2]).toContain('\nCLUSTER BY `NAME`, `ID`, `AMT`, `SALE_DATE`\n');
  });
});

describe('BigquerySession.createTable', () => {
  it('creates the table through the tables API with typed fields, time partitioning, clustering and the key', async () => {
    const fake = recordingApi({ locations: { sh: 'EU', sh_load: 'eu' } });
    const plan = planOf(
      [ID, AMT, NAME, IV, B, SALE_DATE],
      partitionedBy({ column: 'SALE_DATE', granularity: 'M' }, ['ID']),
    );
    await session(fake, {
      settings: { ...SETTINGS, kmsKeyName: 'projects/p/locations/eu/keyRings/r/cryptoKeys/k' },
    }).createTable(plan);
    expect(
      fake
        .only('datasetLocation')
        .map((c) => c.args[0])
        .sort(),
    ).toEqual(['sh', 'sh_load']);
    const [create] = fake.only('createTable');
    expect(create!.args.slice(0, 2)).toEqual(['sh', 'sales']);
    expect(create!.args[2]).toEqual({
      fields: [
        { name: 'ID', type: 'INT64', mode: 'REQUIRED' },
        { name: 'AMT', type: 'NUMERIC', mode: 'NULLABLE', precision: '12', scale: '2' },
        { name: 'NAME', type: 'STRING', mode: 'REQUIRED', maxLength: '30' },
        { name: 'IV', type: 'STRING', mode: 'NULLABLE', description: 'goe:INTERVAL_DS' },
        { name: 'B', type: 'BYTES', mode: 'NULLABLE', maxLength: '16' },
        { name: 'SALE_DATE', type: 'DATE', mode: 'NULLABLE' },
      ],
      timePartitioning: { type: 'MONTH', field: 'SALE_DATE' },
      clustering: { fields: ['ID'] },
      kmsKeyName: 'projects/p/locations/eu/keyRings/r/cryptoKeys/k',
      description: 'Offloaded from SH.SALES by GOE',
    } satisfies TableSpec);
  });

  it('gives an integer range as strings, and no partitioning, clustering or key when there is none', async () => {
    const ranged = recordingApi();
    await session(ranged).createTable(
      planOf([ID], partitionedBy({ column: 'ID', granularity: '10', lowerValue: '-100', upperValue: '99' })),
    );
    const spec = ranged.only('createTable')[0]!.args[2] as TableSpec;
    expect(spec.rangePartitioning).toEqual({ field: 'ID', range: { start: '-100', end: '100', interval: '10' } });
    expect(spec.timePartitioning).toBeUndefined();

    const plain = recordingApi();
    await session(plain).createTable(planOf([ID], { target: { backend: 'bigquery', database: 'sh', table: 'sales' } }));
    expect(plain.methods()).toEqual(['createTable']); // no load dataset: no location check
    expect(Object.keys(plain.only('createTable')[0]!.args[2] as TableSpec).sort()).toEqual(['description', 'fields']);
  });

  it('refuses final and load datasets in different locations, creating nothing', async () => {
    const fake = recordingApi({ locations: { sh: 'EU', sh_load: 'US' } });
    const e = await goeErrorOf(() => session(fake).createTable(planOf([ID])));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.variable).toBe('BIGQUERY_DATASET_LOCATION');
    expect(e.message).toBe('Load dataset sh_load is in US but sh is in EU: BigQuery cannot copy between locations');
    expect(e.hint).toContain('Drop sh_load');
    expect(fake.only('createTable')).toEqual([]);
  });

  it('does not compare a location it does not know (a dataset missing or without one)', async () => {
    const unknown: Record<string, string | null>[] = [
      { sh: 'EU' },
      { sh: 'EU', sh_load: null },
      { sh: null, sh_load: 'US' },
    ];
    for (const locations of unknown) {
      const fake = recordingApi({ locations });
      await session(fake).createTable(planOf([ID]));
      expect(fake.only('createTable')).toHaveLength(1);
    }
  });
});

describe('datasets, tables and the server version', () => {
  it('databaseExists: a dataset with a location or none exists, an unknown one does not', async () => {
    const s = session(recordingApi({ locations: { sh: 'EU', nowhere: null } }));
    expect(await s.databaseExists('sh')).toBe(true);
    expect(await s.databaseExists('nowhere')).toBe(true);
    expect(await s.databaseExists('missing')).toBe(false);
  });

  it('createDatabase describes a _load dataset as the staging one and passes the location when set', async () => {
    const fake = recordingApi();
    await session(fake, { settings: { ...SETTINGS, location: 'europe-west2' } }).createDatabase('sh');
    await session(fake, { settings: { ...SETTINGS, location: 'europe-west2' } }).createDatabase('sh_load');
    await session(fake).createDatabase('other');
    expect(fake.only('createDataset').map((c) => c.args)).toEqual([
      ['sh', { description: 'Offload dataset for GOE', location: 'europe-west2' }],
      ['sh_load', { description: 'GOE load dataset (staging tables)', location: 'europe-west2' }],
      ['other', { description: 'Offload dataset for GOE' }],
    ]);
  });

  it('tableExists asks the tables API', async () => {
    const fake = recordingApi({ tables: { 'sh.sales': { fields: [] } } });
    expect(await session(fake).tableExists('sh', 'sales')).toBe(true);
    expect(await session(fake).tableExists('sh', 'other')).toBe(false);
    expect(fake.only('table').map((c) => c.args)).toEqual([
      ['sh', 'sales'],
      ['sh', 'other'],
    ]);
  });

  it('describeTable maps the fields back to canonical columns and keeps the BigQuery types', async () => {
    const fields = [
      { name: 'AMT', type: 'NUMERIC', precision: '12', scale: '2', mode: 'NULLABLE' },
      { name: 'ID', type: 'INTEGER', mode: 'REQUIRED' },
      { name: 'IV', type: 'STRING', description: 'goe:INTERVAL_DS' },
      { name: 'CODE', type: 'STRING', maxLength: '3', mode: 'required' },
      { name: 'BIG', type: 'BIGNUMERIC' },
      { name: 'TS', type: 'TIMESTAMP', mode: 'NULLABLE' },
    ];
    const table = await session(recordingApi({ tables: { 'sh.sales': { fields } } })).describeTable('sh', 'sales');
    expect(table.database).toBe('sh');
    expect(table.name).toBe('sales');
    expect(table.backendTypes).toEqual(['NUMERIC(12,2)', 'INTEGER', 'STRING', 'STRING(3)', 'BIGNUMERIC', 'TIMESTAMP']);
    expect(table.columns).toEqual([
      canonicalColumn({ name: 'AMT', dataType: 'DECIMAL', precision: 12, scale: 2, nullable: true }),
      canonicalColumn({ name: 'ID', dataType: 'INTEGER_8', nullable: false }),
      canonicalColumn({ name: 'IV', dataType: 'INTERVAL_DS', scale: 6, nullable: true }),
      canonicalColumn({ name: 'CODE', dataType: 'VARIABLE_STRING', charLength: 3, nullable: false }),
      canonicalColumn({ name: 'BIG', dataType: 'DECIMAL', precision: 76, scale: 38, nullable: true }),
      canonicalColumn({ name: 'TS', dataType: 'TIMESTAMP_TZ', scale: 6, nullable: true }),
    ]);
  });

  it('describeTable of a missing table is TABLE_NOT_FOUND', async () => {
    const e = await goeErrorOf(() => session(recordingApi()).describeTable('sh', 'nope'));
    expect(e.code).toBe('TABLE_NOT_FOUND');
    expect(e.message).toBe('Table sh.nope does not exist in BigQuery');
  });

  it('serverVersion lists one dataset and names the project and the location', async () => {
    const fake = recordingApi();
    expect(await session(fake).serverVersion()).toBe('BigQuery API v2 (project acme)');
    expect(await session(fake, { settings: { ...SETTINGS, location: 'EU' } }).serverVersion()).toBe(
      'BigQuery API v2 (project acme, location EU)',
    );
    expect(fake.only('datasetNames').map((c) => c.args)).toEqual([[1], [1]]);
  });

  it('close releases nothing and calls nothing', async () => {
    const fake = recordingApi();
    await expect(session(fake).close()).resolves.toBeUndefined();
    expect(fake.calls).toEqual([]);
  });
});

describe('BigquerySession.stageLoad', () => {
  const columns = [ID, AMT, CREATED, TS, T, B, NAME, IV];

  it('submits one load job into <table>_<chunk> of <db>_load typed as staged, and reports both fault points', async () => {
    const fake = recordingApi();
    const faults: string[] = [];
    const found: string[] = [];
    await session(fake, {
      faultPoint: (name) => faults.push(name),
      onFoundJob: (id, state) => found.push(`${id} ${state}`),
    }).stageLoad(planOf(columns), chunkOf());
    const jobId = `${loadJobPrefix(PROJECT, { dataset: 'sh_load', table: 'sales_3', uris: URIS })}_1`;
    expect(fake.methods()).toEqual(['job', 'insertLoadJob', 'job']);
    const [insert] = fake.only('insertLoadJob');
    expect(insert!.args[0]).toBe(jobId);
    expect(insert!.args[1]).toEqual({
      uris: URIS,
      format: 'PARQUET',
      dataset: 'sh_load',
      table: 'sales_3',
      fields: [
        { name: 'ID', type: 'INT64', mode: 'NULLABLE' },
        { name: 'AMT', type: 'STRING', mode: 'NULLABLE' },
        { name: 'CREATED', type: 'INT64', mode: 'NULLABLE' },
        { name: 'TS', type: 'INT64', mode: 'NULLABLE' },
        { name: 'T', type: 'INT64', mode: 'NULLABLE' },
        { name: 'B', type: 'STRING', mode: 'NULLABLE' },
        { name: 'NAME', type: 'STRING', mode: 'NULLABLE' },
        { name: 'IV', type: 'STRING', mode: 'NULLABLE' },
      ],
      labels: { goe_table: 'sh-sales', goe_chunk: '3' },
    } satisfies LoadJobSpec);
    expect(faults).toEqual(['load:job-submitted', 'load:staged']);
    expect(found).toEqual([]);
  });

  it('waits for the submitted job while it runs, and stages Avro with the format of the plan', async () => {
    const fake = recordingApi({ afterInsert: [{ state: 'PENDING' }, { state: 'RUNNING' }, { state: 'DONE' }] });
    const plan = planOf([ID], { staging: { ...planOf([ID]).staging, format: 'AVRO' } });
    await session(fake).stageLoad(plan, chunkOf());
    expect(fake.methods()).toEqual(['job', 'insertLoadJob', 'job', 'job', 'job']);
    expect((fake.only('insertLoadJob')[0]!.args[1] as LoadJobSpec).format).toBe('AVRO');
  });

  it('takes the job of an earlier run that loaded the table: nothing submitted, only load:staged', async () => {
    const jobId = `${loadJobPrefix(PROJECT, { dataset: 'sh_load', table: 'sales_3', uris: URIS })}_1`;
    const fake = recordingApi({ jobs: { [jobId]: { state: 'DONE' } }, tables: { 'sh_load.sales_3': { fields: [] } } });
    const faults: string[] = [];
    const found: string[] = [];
    await session(fake, {
      faultPoint: (name) => faults.push(name),
      onFoundJob: (id, state) => found.push(`${id} ${state}`),
    }).stageLoad(planOf([ID]), chunkOf());
    expect(fake.only('insertLoadJob')).toEqual([]);
    expect(found).toEqual([`${jobId} DONE`]);
    expect(faults).toEqual(['load:staged']);
  });

  it('makes a label BigQuery accepts from any table name, at most 63 characters', async () => {
    const fake = recordingApi();
    const long = `Sales.2024$${'x'.repeat(80)}`;
    await session(fake).stageLoad(
      planOf([ID], { target: { backend: 'bigquery', database: 'SH', table: long, loadDatabase: 'SH_load' } }),
      chunkOf(),
    );
    const spec = fake.only('insertLoadJob')[0]!.args[1] as LoadJobSpec;
    expect(spec.dataset).toBe('SH_load');
    expect(spec.table).toBe(`${long}_3`);
    expect(spec.labels.goe_table).toBe(`sh-sales_2024_${'x'.repeat(80)}`.slice(0, 63));
    expect(spec.labels.goe_table).toMatch(/^[a-z0-9_-]{1,63}$/);
  });

  it('loads into <db>_load when the plan names no load dataset', async () => {
    const fake = recordingApi();
    const plan = planOf([ID], { target: { backend: 'bigquery', database: 'sh', table: 'sales' } });
    expect(loadTableOf(plan, chunkOf())).toEqual({ dataset: 'sh_load', table: 'sales_3' });
    await session(fake).stageLoad(plan, chunkOf());
    expect((fake.only('insertLoadJob')[0]!.args[1] as LoadJobSpec).dataset).toBe('sh_load');
  });

  it('refuses a chunk that staged no files (INTERNAL) without calling BigQuery', async () => {
    const fake = recordingApi();
    const faults: string[] = [];
    const e = await goeErrorOf(() =>
      session(fake, { faultPoint: (n) => faults.push(n) }).stageLoad(planOf([ID]), chunkOf(0, [])),
    );
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('Chunk 3 staged no files');
    expect(fake.calls).toEqual([]);
    expect(faults).toEqual([]);
  });

  it(`submits ${MAX_LOAD_URIS} files in one load job and refuses a chunk of one more (OPTION_INVALID)`, async () => {
    const uris = (n: number) =>
      Array.from({ length: n }, (_, i) => `gs://bkt/goe/sh/sales/x/s0-${String(i).padStart(5, '0')}.parquet`);
    const at = recordingApi();
    await session(at).stageLoad(planOf([ID]), chunkOf(MAX_LOAD_URIS, uris(MAX_LOAD_URIS)));
    expect((at.only('insertLoadJob')[0]!.args[1] as LoadJobSpec).uris).toHaveLength(MAX_LOAD_URIS);
    const over = recordingApi();
    const e = await goeErrorOf(() =>
      session(over).stageLoad(planOf([ID]), chunkOf(MAX_LOAD_URIS + 1, uris(MAX_LOAD_URIS + 1))),
    );
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.message).toBe(
      `Chunk 3 staged ${MAX_LOAD_URIS + 1} files, more than the ${MAX_LOAD_URIS} source URIs of a BigQuery load job`,
    );
    expect(e.hint).toContain('--max-offload-chunk');
    expect(over.calls).toEqual([]);
  });

  it('fails with BigQuery’s message when the load job fails, never reaching load:staged', async () => {
    const fake = recordingApi({ afterInsert: [{ state: 'DONE', error: 'Bad Parquet' }] });
    const faults: string[] = [];
    const e = await goeErrorOf(() =>
      session(fake, { faultPoint: (n) => faults.push(n) }).stageLoad(planOf([ID]), chunkOf()),
    );
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toContain('failed: Bad Parquet');
    expect(faults).toEqual(['load:job-submitted']);
  });

  it('stops waiting for a running job when the signal aborts', async () => {
    const fake = recordingApi({ afterInsert: [{ state: 'RUNNING' }] });
    const abort = new AbortController();
    const faults: string[] = [];
    const run = session(fake, {
      signal: abort.signal,
      loadJob: { pollMs: 5, maxPollMs: 5 },
      faultPoint: (n) => faults.push(n),
    }).stageLoad(planOf([ID]), chunkOf());
    setTimeout(() => abort.abort(new Error('killed')), 20);
    await expect(run).rejects.toThrow('killed');
    expect(faults).toEqual(['load:job-submitted']);
  });

  it('does not wait at all with a signal aborted already (the job it submitted is left to a rerun)', async () => {
    const fake = recordingApi({ afterInsert: [{ state: 'RUNNING' }] });
    const abort = new AbortController();
    abort.abort(new Error('stopped'));
    await expect(
      session(fake, { signal: abort.signal, loadJob: { pollMs: 60_000 } }).stageLoad(planOf([ID]), chunkOf()),
    ).rejects.toThrow('stopped');
    expect(fake.methods()).toEqual(['job', 'insertLoadJob', 'job']);
  });
});

describe('BigquerySession.validateStaged', () => {
  const plan = planOf([ID, AMT, NAME]); // ID and NAME are NOT NULL
  const check = [
    'SELECT CAST(COUNT(*) AS STRING) AS `n`, CAST(COUNTIF(`ID` IS NULL) AS STRING) AS `z0`, CAST(COUNTIF(`NAME` IS NULL) AS STRING) AS `z1`',
    'FROM `acme`.`sh_load`.`sales_3`',
  ].join('\n');

  it('is ok when the load table has the staged rows and no NULL in a NOT NULL column', async () => {
    const fake = recordingApi({ results: [{ rows: [['5', '0', '0']] }] });
    expect(await session(fake).validateStaged(plan, chunkOf(5))).toEqual({
      ok: true,
      message: '5 staged rows in 2 file(s)',
      details: { stagedRows: 5, loadRows: 5 },
    });
    expect(fake.queries()).toEqual([{ sql: check, options: undefined }]);
  });

  it('refuses a row count that differs from the staged one', async () => {
    const fake = recordingApi({ results: [{ rows: [['4', '0', '0']] }] });
    expect(await session(fake).validateStaged(plan, chunkOf(5))).toEqual({
      ok: false,
      message: 'Offload row count does not match load table row count',
      details: { stagedRows: 5, loadRows: 4 },
    });
  });

  it('names the NOT NULL columns holding NULLs', async () => {
    const one = await session(recordingApi({ results: [{ rows: [['5', '0', '2']] }] })).validateStaged(
      plan,
      chunkOf(5),
    );
    expect(one).toMatchObject({ ok: false, message: 'NOT NULL column has NULL values: NAME' });
    const both = await session(recordingApi({ results: [{ rows: [['5', '1', '2']] }] })).validateStaged(
      plan,
      chunkOf(5),
    );
    expect(both.message).toBe('NOT NULL column has NULL values: ID, NAME');
  });

  it('trusts the load table when the staged count is unknown, and reads an empty answer as 0 rows', async () => {
    const unknown = await session(recordingApi({ results: [{ rows: [['7', '0', '0']] }] })).validateStaged(
      plan,
      chunkOf('unknown'),
    );
    expect(unknown).toEqual({
      ok: true,
      message: '7 staged rows in 2 file(s)',
      details: { stagedRows: 'unknown', loadRows: 7 },
    });
    const empty = await session(recordingApi({ results: [{ rows: [] }] })).validateStaged(plan, chunkOf(5));
    expect(empty).toMatchObject({ ok: false, details: { loadRows: 0 } });
  });

  it('checks only the row count when every column is nullable', async () => {
    const fake = recordingApi({ results: [{ rows: [['5']] }] });
    expect((await session(fake).validateStaged(planOf([AMT]), chunkOf(5))).ok).toBe(true);
    expect(fake.queries()[0]!.sql).toBe('SELECT CAST(COUNT(*) AS STRING) AS `n`\nFROM `acme`.`sh_load`.`sales_3`');
  });
});

describe('BigquerySession.validateCasts', () => {
  it('has nothing to check when no column is converted, and asks BigQuery nothing', async () => {
    const fake = recordingApi();
    const plain = canonicalColumn({ name: 'NOTE', dataType: 'VARIABLE_STRING' });
    expect(await session(fake).validateCasts(planOf([ID, plain, SALE_DATE]), chunkOf())).toEqual({
      ok: true,
      message: 'No type conversions to check',
    });
    expect(fake.calls).toEqual([]);
  });

  it('counts the values each conversion fails on, in one statement', async () => {
    const fake = recordingApi({ results: [{ rows: [['0', '0']] }] });
    const plan = planOf([ID, AMT, NAME]);
    expect(await session(fake).validateCasts(plan, chunkOf())).toEqual({
      ok: true,
      message: '2 column conversion(s) checked',
    });
    expect(fake.queries()).toEqual([
      {
        sql: [
          "SELECT CAST(COUNTIF(`AMT` IS NOT NULL AND (NOT REGEXP_CONTAINS(`AMT`, r'^-?(0|[0-9]{1,10})(\\.[0-9]{1,2})?$'))) AS STRING) AS `c0`,",
          '  CAST(COUNTIF(`NAME` IS NOT NULL AND (LENGTH(`NAME`) > 30)) AS STRING) AS `c1`',
          'FROM `acme`.`sh_load`.`sales_3`',
        ].join('\n'),
        options: undefined,
      },
    ]);
  });

  it('names the failing columns with their counts', async () => {
    const plan = planOf([ID, AMT, NAME, B]);
    const fake = recordingApi({ results: [{ rows: [['2', '0', '1']] }] });
    expect(await session(fake).validateCasts(plan, chunkOf())).toEqual({
      ok: false,
      message: 'Data type conversion issue in load data: AMT (2 value(s)), B (1 value(s))',
      details: { AMT: 2, B: 1 },
    });
    const only = await session(recordingApi({ results: [{ rows: [['2', '0', '0']] }] })).validateCasts(plan, chunkOf());
    expect(only).toMatchObject({ ok: false, message: 'Data type conversion issue in load data: AMT (2 value(s))' });
  });
});

describe('BigquerySession.finalLoad', () => {
  const columns = [ID, AMT, CREATED, TS, T, B, NAME];
  const insert = [
    'INSERT INTO `acme`.`sh`.`sales` (`ID`, `AMT`, `CREATED`, `TS`, `T`, `B`, `NAME`)',
    'SELECT',
    '  `ID`,',
    '  CAST(`AMT` AS NUMERIC(12,2)),',
    '  DATETIME(TIMESTAMP_MICROS(`CREATED`)),',
    '  TIMESTAMP_MICROS(`TS`),',
    '  TIME(TIMESTAMP_MICROS(`T`)),',
    '  FROM_BASE64(`B`),',
    '  `NAME`',
    'FROM `acme`.`sh_load`.`sales_3`',
  ].join('\n');

  it('inserts with one conversion per column and returns BigQuery’s count, between the two fault points', async () => {
    const fake = recordingApi({ results: [{ rows: [], dmlAffectedRows: 5n }] });
    const s = session(fake, { faultPoint: (name) => fake.calls.push({ method: 'faultPoint', args: [name] }) });
    expect(await s.finalLoad(planOf(columns), chunkOf())).toBe(5n);
    expect(fake.calls).toEqual([
      { method: 'table', args: ['sh', 'sales'] }, // no partitioning in the plan: the table's synthetic column, if any
      { method: 'faultPoint', args: ['load:before-commit'] },
      { method: 'query', args: [insert, undefined] },
      { method: 'faultPoint', args: ['load:inserted'] },
    ]);
  });

  it('counts the load table when BigQuery reports no affected rows', async () => {
    const fake = recordingApi({ results: [{ rows: [] }, { rows: [['7']] }] });
    expect(await session(fake).finalLoad(planOf(columns), chunkOf())).toBe(7n);
    expect(fake.queries().map((q) => q.sql)).toEqual([
      insert,
      'SELECT COUNT(*) AS `n` FROM `acme`.`sh_load`.`sales_3`',
    ]);
    const empty = recordingApi({ results: [{ rows: [] }, { rows: [] }] });
    expect(await session(empty).finalLoad(planOf(columns), chunkOf())).toBe(0n);
  });

  it('leaves suppressed columns out of the final table (they are staged all the same)', async () => {
    const plan = planOf([ID, AMT, NAME], { columnTransforms: [{ column: 'amt', fn: 'suppress', params: [] }] });
    const fake = recordingApi({ results: [{ rows: [], dmlAffectedRows: 1n }] });
    await session(fake).finalLoad(plan, chunkOf());
    expect(fake.queries()[0]!.sql).toBe(
      'INSERT INTO `acme`.`sh`.`sales` (`ID`, `NAME`)\nSELECT\n  `ID`,\n  `NAME`\nFROM `acme`.`sh_load`.`sales_3`',
    );
    expect(session(recordingApi()).ddlFor(plan)[2]).not.toContain('AMT');
    await session(fake).stageLoad(plan, chunkOf());
    expect((fake.only('insertLoadJob')[0]!.args[1] as LoadJobSpec).fields.map((f) => f.name)).toEqual([
      'ID',
      'AMT',
      'NAME',
    ]);
  });
});

const salesInfo: TableInfo = {
  fields: [
    { name: 'ID', type: 'INTEGER', mode: 'REQUIRED' },
    { name: 'SALE_DATE', type: 'DATE' },
    { name: 'CREATED', type: 'DATETIME' },
    { name: 'TS', type: 'TIMESTAMP' },
    { name: 'NAME', type: 'STRING' },
    { name: 'AMT', type: 'NUMERIC' },
    { name: 'B', type: 'BYTES' },
    { name: 'T', type: 'TIME' },
  ],
};
const predicate = (text: string): OffloadScope => ({ kind: 'predicate', predicate: parsePredicate(text) });

describe('BigquerySession.deleteScope', () => {
  it('deletes nothing from a table that does not exist', async () => {
    const fake = recordingApi();
    expect(await session(fake).deleteScope('sh', 'sales', predicate('column(ID) >= numeric(10)'))).toBe(0n);
    expect(fake.methods()).toEqual(['table']);
  });

  it('renders a predicate with STRING parameters cast to BIGNUMERIC for numbers', async () => {
    const fake = recordingApi({ tables: { 'sh.sales': salesInfo }, results: [{ rows: [], dmlAffectedRows: 4n }] });
    expect(await session(fake).deleteScope('sh', 'sales', predicate('column(ID) >= numeric(10)'))).toBe(4n);
    expect(fake.queries()).toEqual([
      {
        sql: 'DELETE FROM `acme`.`sh`.`sales` WHERE `ID` >= CAST(@p0 AS BIGNUMERIC)',
        options: { params: { p0: '10' } },
      },
    ]);
  });

  it('casts datetimes to the compared column’s type: DATE, DATETIME (a date with a time), TIMESTAMP', async () => {
    const cases: [string, string][] = [
      ['column(SALE_DATE) < datetime(2024-01-01)', '`SALE_DATE` < CAST(@p0 AS DATE)'],
      ['column(SALE_DATE) < datetime(2024-01-01 10:30:00)', '`SALE_DATE` < CAST(@p0 AS DATETIME)'],
      ['column(CREATED) < datetime(2024-01-01)', '`CREATED` < CAST(@p0 AS DATETIME)'],
      ['column(ts) >= datetime(2024-01-01 00:00:00.5)', '`TS` >= CAST(@p0 AS TIMESTAMP)'],
    ];
    for (const [text, where] of cases) {
      const fake = recordingApi({ tables: { 'sh.sales': salesInfo }, results: [{ rows: [], dmlAffectedRows: 0n }] });
      await session(fake).deleteScope('sh', 'sales', predicate(text));
      const [q] = fake.queries();
      expect(q!.sql).toBe(`DELETE FROM \`acme\`.\`sh\`.\`sales\` WHERE ${where}`);
      expect(Object.keys(q!.options.params!)).toEqual(['p0']);
      expect(q!.options.params!['p0']).toMatch(/^2024-01-01/);
    }
  });

  it('numbers the parameters of a compound predicate in reading order; strings stay uncast', async () => {
    const fake = recordingApi({ tables: { 'sh.sales': salesInfo }, results: [{ rows: [], dmlAffectedRows: 2n }] });
    await session(fake).deleteScope(
      'sh',
      'sales',
      predicate('column(ID) IN (numeric(1), numeric(2)) AND column(NAME) = string("o\'neil")'),
    );
    const [q] = fake.queries();
    expect(q!.sql).toBe(
      'DELETE FROM `acme`.`sh`.`sales` WHERE (`ID` IN (CAST(@p0 AS BIGNUMERIC), CAST(@p1 AS BIGNUMERIC)) AND `NAME` = @p2)',
    );
    expect(q!.options.params).toEqual({ p0: '1', p1: '2', p2: "o'neil" });
  });

  it('deletes the whole table for a full scope', async () => {
    const fake = recordingApi({ tables: { 'sh.sales': salesInfo }, results: [{ rows: [], dmlAffectedRows: 9n }] });
    expect(await session(fake).deleteScope('sh', 'sales', { kind: 'full' })).toBe(9n);
    expect(fake.queries()).toEqual([{ sql: 'DELETE FROM `acme`.`sh`.`sales` WHERE TRUE', options: { params: {} } }]);
  });

  it('refuses a partitions scope (OPTION_INVALID) and a predicate on an unknown column', async () => {
    const fake = recordingApi({ tables: { 'sh.sales': salesInfo } });
    const partitions = await goeErrorOf(() =>
      session(fake).deleteScope('sh', 'sales', { kind: 'partitions', partitions: ['P1'] }),
    );
    expect(partitions.code).toBe('OPTION_INVALID');
    const unknown = await goeErrorOf(() =>
      session(fake).deleteScope('sh', 'sales', predicate('column(NOPE) = numeric(1)')),
    );
    expect(unknown.code).toBe('PREDICATE_INVALID');
    expect(fake.queries()).toEqual([]);
  });
});

describe('verification queries', () => {
  const capped = { maximumBytesBilled: SETTINGS.maximumBytesBilled };

  it('count of the whole table reads no metadata and caps the bytes billed', async () => {
    const fake = recordingApi({ results: [{ rows: [['42']] }, { rows: [] }] });
    expect(await session(fake).count('sh', 'sales')).toBe(42n);
    expect(await session(fake).count('sh', 'sales', { kind: 'full' })).toBe(0n);
    expect(fake.calls).toEqual([
      { method: 'query', args: ['SELECT COUNT(*) AS `n` FROM `acme`.`sh`.`sales`', { params: {}, ...capped }] },
      { method: 'query', args: ['SELECT COUNT(*) AS `n` FROM `acme`.`sh`.`sales`', { params: {}, ...capped }] },
    ]);
  });

  it('count of a predicate scope types its parameters from the table', async () => {
    const fake = recordingApi({ tables: { 'sh.sales': salesInfo }, results: [{ rows: [['3']] }] });
    const s = session(fake, { settings: { maximumBytesBilled: 10 } });
    expect(await s.count('sh', 'sales', predicate('column(SALE_DATE) >= datetime(2024-02-01)'))).toBe(3n);
    expect(fake.queries()).toEqual([
      {
        sql: 'SELECT COUNT(*) AS `n` FROM `acme`.`sh`.`sales` WHERE `SALE_DATE` >= CAST(@p0 AS DATE)',
        options: { params: { p0: expect.stringMatching(/^2024-02-01/) }, maximumBytesBilled: 10 },
      },
    ]);
  });

  it('count of a scope on a missing table is TABLE_NOT_FOUND; of a partitions scope OPTION_INVALID', async () => {
    const missing = await goeErrorOf(() =>
      session(recordingApi()).count('sh', 'nope', predicate('column(ID) = numeric(1)')),
    );
    expect(missing.code).toBe('TABLE_NOT_FOUND');
    const fake = recordingApi({ tables: { 'sh.sales': salesInfo } });
    const partitions = await goeErrorOf(() =>
      session(fake).count('sh', 'sales', { kind: 'partitions', partitions: ['P'] }),
    );
    expect(partitions.code).toBe('OPTION_INVALID');
    expect(fake.queries()).toEqual([]);
  });

  it('aggregate renders min/max as text per column type in one statement and pads short years', async () => {
    const fake = recordingApi({
      tables: { 'sh.sales': salesInfo },
      results: [
        {
          rows: [
            [
              '3',
              '1-01-01',
              '999-12-31 23:59:59.000000',
              '12.50',
              '2',
              '2024-01-01 00:00:00.000000+00',
              null,
              'AAE=',
              '10:00:00.000000',
            ],
          ],
        },
      ],
    });
    const specs = [
      { column: 'id', fn: 'count' },
      { column: 'SALE_DATE', fn: 'min' },
      { column: 'created', fn: 'max' },
      { column: 'AMT', fn: 'sum' },
      { column: 'ID', fn: 'count_distinct' },
      { column: 'TS', fn: 'max' },
      { column: 'NAME', fn: 'min' },
      { column: 'B', fn: 'max' },
      { column: 'T', fn: 'min' },
    ] as const;
    expect(await session(fake).aggregate('sh', 'sales', specs)).toEqual({
      'count(id)': '3',
      'min(SALE_DATE)': '0001-01-01',
      'max(created)': '0999-12-31 23:59:59.000000',
      'sum(AMT)': '12.50',
      'count_distinct(ID)': '2',
      'max(TS)': '2024-01-01 00:00:00.000000+00',
      'min(NAME)': null,
      'max(B)': 'AAE=',
      'min(T)': '10:00:00.000000',
    });
    expect(fake.queries()).toEqual([
      {
        sql: [
          `SELECT CAST(COUNT(\`ID\`) AS STRING) AS \`a0\`, ${textOf('MIN(`SALE_DATE`)', 'DATE')} AS \`a1\`, ` +
            `${textOf('MAX(`CREATED`)', 'DATETIME')} AS \`a2\`, CAST(SUM(\`AMT\`) AS STRING) AS \`a3\`, ` +
            `CAST(COUNT(DISTINCT \`ID\`) AS STRING) AS \`a4\`, ${textOf('MAX(`TS`)', 'TIMESTAMP')} AS \`a5\`, ` +
            `CAST(MIN(\`NAME\`) AS STRING) AS \`a6\`, TO_BASE64(MAX(\`B\`)) AS \`a7\`, ${textOf('MIN(`T`)', 'TIME')} AS \`a8\``,
          'FROM `acme`.`sh`.`sales`',
        ].join('\n'),
        options: { params: {}, ...capped },
      },
    ]);
    expect(fake.queries()[0]!.sql).toContain("FORMAT_DATE('%Y-%m-%d', MIN(`SALE_DATE`)) AS `a1`");
  });

  it('pads years of dates only: a string that starts like one comes back as it is', async () => {
    const fake = recordingApi({
      tables: { 'sh.sales': salesInfo },
      results: [{ rows: [['555-1234', '1-01-01']] }, { rows: [['10-EU', '1-01-01']] }, { rows: [['1-800-FLOWERS']] }],
    });
    expect(
      await session(fake).aggregate('sh', 'sales', [
        { column: 'NAME', fn: 'min' },
        { column: 'SALE_DATE', fn: 'min' },
      ]),
    ).toEqual({ 'min(NAME)': '555-1234', 'min(SALE_DATE)': '0001-01-01' });
    expect(await session(fake).partitionKeyValues('sh', 'sales', ['NAME', 'SALE_DATE'], 'max')).toEqual([
      ['10-EU', '0001-01-01'],
    ]);
    expect(await session(fake).maxPartitionValue('sh', 'sales', 'NAME')).toBe('1-800-FLOWERS');
  });

  it('aggregate over a predicate scope, and NULL for an answer without a row', async () => {
    const fake = recordingApi({ tables: { 'sh.sales': salesInfo }, results: [{ rows: [] }] });
    const out = await session(fake).aggregate(
      'sh',
      'sales',
      [{ column: 'ID', fn: 'max' }],
      predicate('column(ID) < numeric(5)'),
    );
    expect(out).toEqual({ 'max(ID)': null });
    expect(fake.queries()).toEqual([
      {
        sql: 'SELECT CAST(MAX(`ID`) AS STRING) AS `a0`\nFROM `acme`.`sh`.`sales` WHERE `ID` < CAST(@p0 AS BIGNUMERIC)',
        options: { params: { p0: '5' }, ...capped },
      },
    ]);
  });

  it('aggregate of no specs is empty without any call; of an unknown column OPTION_INVALID', async () => {
    const fake = recordingApi({ tables: { 'sh.sales': salesInfo } });
    expect(await session(fake).aggregate('sh', 'sales', [])).toEqual({});
    expect(fake.calls).toEqual([]);
    const e = await goeErrorOf(() => session(fake).aggregate('sh', 'sales', [{ column: 'NOPE', fn: 'min' }]));
    expect(e.code).toBe('OPTION_INVALID');
    expect(e.column).toBe('NOPE');
    expect(e.message).toBe('Column NOPE does not exist in sh.sales');
    expect(fake.queries()).toEqual([]);
    const missing = await goeErrorOf(() =>
      session(recordingApi()).aggregate('sh', 'gone', [{ column: 'ID', fn: 'min' }]),
    );
    expect(missing.code).toBe('TABLE_NOT_FOUND');
  });

  it('maxPartitionValue reads the maximum as text with a padded year, null for an empty table', async () => {
    const fake = recordingApi({
      tables: { 'sh.sales': salesInfo },
      results: [{ rows: [['999-01-31']] }, { rows: [[null]] }, { rows: [] }],
    });
    const s = session(fake);
    expect(await s.maxPartitionValue('sh', 'sales', 'sale_date')).toBe('0999-01-31');
    expect(await s.maxPartitionValue('sh', 'sales', 'SALE_DATE')).toBeNull();
    expect(await s.maxPartitionValue('sh', 'sales', 'ID')).toBeNull();
    expect(fake.queries()).toEqual([
      {
        sql: "SELECT FORMAT_DATE('%Y-%m-%d', MAX(`SALE_DATE`)) AS `v` FROM `acme`.`sh`.`sales`",
        options: capped,
      },
      {
        sql: "SELECT FORMAT_DATE('%Y-%m-%d', MAX(`SALE_DATE`)) AS `v` FROM `acme`.`sh`.`sales`",
        options: capped,
      },
      { sql: 'SELECT CAST(MAX(`ID`) AS STRING) AS `v` FROM `acme`.`sh`.`sales`', options: capped },
    ]);
    const e = await goeErrorOf(() => s.maxPartitionValue('sh', 'sales', 'NOPE'));
    expect(e.code).toBe('OPTION_INVALID');
  });

  it('partitionKeyValues: the maximum tuple without NULLs, or every distinct tuple, padded', async () => {
    const fake = recordingApi({
      tables: { 'sh.sales': salesInfo },
      results: [
        { rows: [['999-12-01', '7']] },
        {
          rows: [
            ['2024-01-01', '1', 'extra'],
            ['5-06-07', null],
          ],
        },
      ],
    });
    const s = session(fake);
    expect(await s.partitionKeyValues('sh', 'sales', ['sale_date', 'ID'], 'max')).toEqual([['0999-12-01', '7']]);
    expect(await s.partitionKeyValues('sh', 'sales', ['SALE_DATE', 'ID'], 'distinct')).toEqual([
      ['2024-01-01', '1'],
      ['0005-06-07', null],
    ]);
    const select = "SELECT FORMAT_DATE('%Y-%m-%d', `SALE_DATE`) AS `k0`, CAST(`ID` AS STRING) AS `k1`";
    expect(fake.queries()).toEqual([
      {
        sql: `${select}\nFROM \`acme\`.\`sh\`.\`sales\`\nWHERE \`SALE_DATE\` IS NOT NULL AND \`ID\` IS NOT NULL\nORDER BY \`SALE_DATE\` DESC, \`ID\` DESC\nLIMIT 1`,
        options: capped,
      },
      { sql: `SELECT DISTINCT ${select.slice('SELECT '.length)}\nFROM \`acme\`.\`sh\`.\`sales\``, options: capped },
    ]);
  });
});

describe('dropping tables', () => {
  it('dropTable deletes the final table; dropStaged the chunk’s load table', async () => {
    const fake = recordingApi();
    await session(fake).dropTable('sh', 'sales');
    await session(fake).dropStaged(planOf([ID]), chunkOf(5, URIS, 7));
    expect(fake.calls).toEqual([
      { method: 'deleteTable', args: ['sh', 'sales'] },
      { method: 'deleteTable', args: ['sh_load', 'sales_7'] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// the load path's pure helpers

/** The pattern as BigQuery reads it from the `r'…'` literal of a cast check, as a JavaScript RegExp. */
function castPattern(column: CanonicalColumn, rounding = false): RegExp {
  const check = castCheckOf(
    column,
    { decimal: 'text' },
    {
      decimalScaleRounding: rounding,
      floatingPointConversions: false,
      nanosecondTimestamps: false,
    },
  );
  const raw = /r'([^']*)'/.exec(check?.fails ?? '')?.[1];
  if (raw === undefined) throw new Error(`no pattern in ${check?.fails}`);
  return new RegExp(raw); // r'' keeps the backslash of \. : the same text is the same regular expression here
}

describe('decimalPattern', () => {
  it('spells the exact precision of NUMERIC(12,2), BIGNUMERIC(38,38), bare BIGNUMERIC and rounding', () => {
    expect(decimalPattern('NUMERIC(12,2)', false)).toBe('^-?(0|[0-9]{1,10})(\\.[0-9]{1,2})?$');
    expect(decimalPattern('BIGNUMERIC(38,38)', false)).toBe('^-?0(\\.[0-9]{1,38})?$');
    expect(decimalPattern('BIGNUMERIC', false)).toBe('^-?(0|[0-9]{1,38})(\\.[0-9]{1,38})?$');
    expect(decimalPattern('NUMERIC(12,2)', true)).toBe('^-?(0|[0-9]{1,10})(\\.[0-9]+)?$');
    expect(decimalPattern('NUMERIC(5,0)', false)).toBe('^-?(0|[0-9]{1,5})$');
  });

  it('accepts the texts NUMERIC(12,2) holds exactly and refuses the others', () => {
    const re = castPattern(AMT);
    for (const ok of ['0', '-0', '7', '-12.5', '1234567890.12', '0.01', '9999999999.99'])
      expect(re.test(ok), ok).toBe(true);
    for (const bad of ['12345678901', '1.234', '1e5', '+1', '.5', '1.', ' 1', '12x', '1,5', '', '-', '1.2.3'])
      expect(re.test(bad), bad).toBe(false);
  });

  it('accepts any number of fraction digits when rounding is allowed, never more integer digits', () => {
    const re = castPattern(AMT, true);
    expect(re.test('1.23456789')).toBe(true);
    expect(re.test('12345678901.5')).toBe(false);
  });

  it('gives DECIMAL(38,38) (BIGNUMERIC(38,38)) a lone 0 before the point', () => {
    const re = castPattern(canonicalColumn({ name: 'F', dataType: 'DECIMAL', precision: 38, scale: 38 }));
    expect(re.test(`0.${'9'.repeat(38)}`)).toBe(true);
    expect(re.test(`-0.${'1'.repeat(38)}`)).toBe(true);
    expect(re.test(`0.${'1'.repeat(39)}`)).toBe(false);
    expect(re.test('1.5')).toBe(false);
  });

  it('bounds a bare DECIMAL (BIGNUMERIC) at 38 integer and 38 fraction digits', () => {
    const re = castPattern(canonicalColumn({ name: 'D', dataType: 'DECIMAL' }));
    expect(re.test('9'.repeat(38))).toBe(true);
    expect(re.test('9'.repeat(39))).toBe(false);
    expect(re.test(`1.${'0'.repeat(38)}`)).toBe(true);
    expect(re.test(`1.${'0'.repeat(39)}`)).toBe(false);
  });
});

describe('finalExpression and castCheckOf', () => {
  const encoding = BIGQUERY_CAPABILITIES.staging.encoding!;
  const allowNs = { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: true };
  const nsColumn = canonicalColumn({ name: 'T9', dataType: 'TIMESTAMP', scale: 9 });

  /** Evaluates the integer arithmetic of an expression over `T9` = x (BigQuery's DIV and MOD: truncating, sign of the dividend). */
  function evaluate(expr: string, x: bigint): bigint {
    const js = expr.replace(/`T9`/g, `(${x}n)`).replace(/\b(\d+)\b(?!n)/g, '$1n');
    return new Function('DIV', 'MOD', `return ${js};`)(
      (a: bigint, b: bigint) => a / b,
      (a: bigint, b: bigint) => a % b,
    ) as bigint;
  }

  it('floors nanosecond timestamps to microseconds (negative ones too)', () => {
    const expr = finalExpression(nsColumn, encoding, allowNs);
    const inner = /^DATETIME\(TIMESTAMP_MICROS\((.*)\)\)$/.exec(expr)?.[1];
    expect(inner).toBe('DIV(`T9` - MOD(MOD(`T9`, 1000) + 1000, 1000), 1000)');
    for (const [ns, us] of [
      [1_500n, 1n],
      [1_999n, 1n],
      [2_000n, 2n],
      [0n, 0n],
      [-1n, -1n],
      [-1_500n, -2n],
      [-2_000n, -2n],
      [-2_001n, -3n],
    ] as const)
      expect(evaluate(inner!, ns), String(ns)).toBe(us);
  });

  it('checks nanosecond values against the microsecond range after flooring', () => {
    const check = castCheckOf(nsColumn, encoding, allowNs);
    expect(check).toEqual({
      column: 'T9',
      fails:
        'DIV(`T9` - MOD(MOD(`T9`, 1000) + 1000, 1000), 1000) < -62135596800000000 OR DIV(`T9` - MOD(MOD(`T9`, 1000) + 1000, 1000), 1000) > 253402300799999999',
    });
  });

  it('converts each staged encoding back, and leaves columns staged as themselves alone', () => {
    const allow = { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: false };
    expect(finalExpression(T, encoding, allow)).toBe('TIME(TIMESTAMP_MICROS(`T`))');
    expect(finalExpression(TS, encoding, allow)).toBe('TIMESTAMP_MICROS(`TS`)');
    expect(finalExpression(CREATED, encoding, allow)).toBe('DATETIME(TIMESTAMP_MICROS(`CREATED`))');
    expect(finalExpression(B, encoding, allow)).toBe('FROM_BASE64(`B`)');
    expect(finalExpression(AMT, encoding, allow)).toBe('CAST(`AMT` AS NUMERIC(12,2))');
    expect(finalExpression(AMT, undefined, allow)).toBe('`AMT`');
    expect(finalExpression(ID, encoding, allow)).toBe('`ID`');
  });

  it('bounds lengths of sized strings and bytes; nothing to check for integers and unsized strings', () => {
    const allow = { decimalScaleRounding: false, floatingPointConversions: false, nanosecondTimestamps: false };
    const code = canonicalColumn({ name: 'CODE', dataType: 'FIXED_STRING', charLength: 3 });
    expect(castCheckOf(code, encoding, allow)).toEqual({ column: 'CODE', fails: 'LENGTH(`CODE`) > 3' });
    expect(castCheckOf(B, undefined, allow)).toEqual({ column: 'B', fails: 'LENGTH(`B`) > 16' });
    expect(castCheckOf(ID, encoding, allow)).toBeUndefined();
    expect(castCheckOf(canonicalColumn({ name: 'S', dataType: 'LARGE_STRING' }), encoding, allow)).toBeUndefined();
    expect(castCheckOf(T, encoding, allow)).toEqual({ column: 'T', fails: '`T` < 0 OR `T` > 86399999999' });
    expect(castCheckOf(B, encoding, allow)).toEqual({ column: 'B', fails: 'SAFE.FROM_BASE64(`B`) IS NULL' });
  });

  it('stages without an encoding in the logical types (load schema)', () => {
    expect(loadSchema([ID, AMT, CREATED], undefined)).toEqual([
      { name: 'ID', type: 'INT64', mode: 'NULLABLE' },
      { name: 'AMT', type: 'NUMERIC', mode: 'NULLABLE' },
      { name: 'CREATED', type: 'DATETIME', mode: 'NULLABLE' },
    ]);
  });
});

describe('schemaField and fieldTypeText', () => {
  it('round-trip parameterized and plain types', () => {
    for (const type of ['NUMERIC(12,2)', 'BIGNUMERIC(38,0)', 'STRING(10)', 'BYTES(16)', 'INT64', 'DATE', 'BIGNUMERIC'])
      expect(fieldTypeText(schemaField('X', type, true)), type).toBe(type);
  });

  it('reads precision, scale and length, mode and description', () => {
    expect(schemaField('AMT', 'NUMERIC(12, 2)', false, 'd')).toEqual({
      name: 'AMT',
      type: 'NUMERIC',
      mode: 'REQUIRED',
      precision: '12',
      scale: '2',
      description: 'd',
    });
    expect(schemaField('N', 'NUMERIC(5)', true)).toEqual({
      name: 'N',
      type: 'NUMERIC',
      mode: 'NULLABLE',
      precision: '5',
      scale: '0',
    });
    expect(fieldTypeText(schemaField('N', 'NUMERIC(5)', true))).toBe('NUMERIC(5,0)');
  });

  it('reads the tables API’s spellings: lower case, empty parameters, no type', () => {
    expect(fieldTypeText({ type: 'numeric', precision: '10' })).toBe('NUMERIC(10,0)');
    expect(fieldTypeText({ type: 'STRING', precision: '', maxLength: '' })).toBe('STRING');
    expect(fieldTypeText({ type: 'STRING', precision: null, maxLength: '4' })).toBe('STRING(4)');
    expect(fieldTypeText({ type: null })).toBe('');
  });
});

describe('padYear and textOf', () => {
  it('pads years of one to three digits, leaves four-digit years and other text alone', () => {
    expect(padYear('1-01-01')).toBe('0001-01-01');
    expect(padYear('12-01-01 00:00:00.000000')).toBe('0012-01-01 00:00:00.000000');
    expect(padYear('999-12-31')).toBe('0999-12-31');
    expect(padYear('2024-01-01')).toBe('2024-01-01');
    expect(padYear('-5')).toBe('-5');
    expect(padYear('12.5')).toBe('12.5');
  });

  it('renders each type’s text form, any case, and casts the rest', () => {
    expect(textOf('x', 'datetime')).toBe("FORMAT_DATETIME('%Y-%m-%d %H:%M:%E6S', x)");
    expect(textOf('x', 'TIMESTAMP')).toBe("FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%E6S+00', x, 'UTC')");
    expect(textOf('x', 'DATE')).toBe("FORMAT_DATE('%Y-%m-%d', x)");
    expect(textOf('x', 'TIME')).toBe("FORMAT_TIME('%H:%M:%E6S', x)");
    expect(textOf('x', 'BYTES')).toBe('TO_BASE64(x)');
    expect(textOf('x', 'NUMERIC')).toBe('CAST(x AS STRING)');
    expect(textOf('x', undefined)).toBe('CAST(x AS STRING)');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// SDK error helpers

describe('errorStatus and bigqueryError', () => {
  it('errorStatus reads a numeric code, else the response status, else nothing', () => {
    expect(errorStatus(Object.assign(new Error('x'), { code: 404 }))).toBe(404);
    expect(errorStatus({ code: 'ECONNRESET', response: { statusCode: 503 } })).toBe(503);
    expect(errorStatus({ code: 409, response: { statusCode: 500 } })).toBe(409);
    expect(errorStatus({ response: { statusCode: '404' } })).toBeUndefined();
    expect(errorStatus(new Error('plain'))).toBeUndefined();
    expect(errorStatus(null)).toBeUndefined();
    expect(errorStatus(undefined)).toBeUndefined();
    expect(errorStatus('text')).toBeUndefined();
  });

  it('wraps an SDK error as ENGINE_ERROR, with a credentials hint for 401 and 403 only', () => {
    const denied = Object.assign(new Error('Access Denied: Project acme'), { code: 403 });
    const e = bigqueryError(denied, 'BigQuery query failed');
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toBe('BigQuery query failed: Access Denied: Project acme');
    expect(e.hint).toContain('GOOGLE_APPLICATION_CREDENTIALS');
    expect(e.cause).toBe(denied);
    expect(bigqueryError({ response: { statusCode: 401 } }, 'x').hint).toContain('GOOGLE_APPLICATION_CREDENTIALS');
    expect(bigqueryError(Object.assign(new Error('quota'), { code: 500 }), 'x').hint).toBeUndefined();
    expect(bigqueryError('socket hang up', 'Cannot read job j').message).toBe('Cannot read job j: socket hang up');
  });

  it('passes a GoeError through unchanged', () => {
    const original = new GoeError('TABLE_NOT_FOUND', 'gone');
    expect(bigqueryError(original, 'ignored')).toBe(original);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// the adapter

describe('bigqueryBackend', () => {
  it('declares the partition and clustering types BigQuery accepts', () => {
    const col = (dataType: string) => canonicalColumn({ name: 'C', dataType });
    const partitions = BIGQUERY_CAPABILITIES.partitioning.isValidType!;
    for (const t of [
      'DATE',
      'TIMESTAMP',
      'TIMESTAMP_TZ',
      'INTEGER_1',
      'INTEGER_8',
      'DECIMAL',
      'INTEGER_38',
      'VARIABLE_STRING',
    ])
      expect(partitions(col(t)), t).toBe(true);
    for (const t of ['TIME', 'DOUBLE', 'BINARY', 'BOOLEAN']) expect(partitions(col(t)), t).toBe(false);
    const cluster = BIGQUERY_CAPABILITIES.clustering.isValidType!;
    for (const t of ['FLOAT', 'DOUBLE', 'BINARY', 'LARGE_BINARY', 'TIME']) expect(cluster(col(t)), t).toBe(false);
    for (const t of ['INTEGER_8', 'VARIABLE_STRING', 'DATE', 'TIMESTAMP_TZ', 'DECIMAL', 'INTERVAL_DS'])
      expect(cluster(col(t)), t).toBe(true);
    expect(BIGQUERY_CAPABILITIES.clustering.maxColumns).toBe(4);
    expect(BIGQUERY_CAPABILITIES.staging.encoding).toEqual({
      decimal: 'text',
      timelike: 'epoch-int64',
      binary: 'base64',
    });
    expect(bigqueryBackend.capabilities.partitioning.isValidType!(col('DATE'))).toBe(true);
  });

  it('connects without a call, its session using the configured project, location and KMS key', async () => {
    const abort = new AbortController();
    const ctx = {
      ...conformanceContext({
        config: {
          BIGQUERY_DATASET_PROJECT: 'acme-analytics',
          BIGQUERY_DATASET_LOCATION: 'EU',
          BIGQUERY_ENDPOINT: 'http://127.0.0.1:9',
          GOOGLE_KMS_KEY_NAME: 'projects/k/locations/eu/keyRings/r/cryptoKeys/t',
        },
        signal: abort.signal,
      }),
      faultPoint: () => undefined,
    };
    const s = await bigqueryBackend.connect(ctx);
    const ddl = s.ddlFor(planOf([ID]));
    expect(ddl[0]).toBe(
      "CREATE SCHEMA IF NOT EXISTS `acme-analytics`.`sh` OPTIONS (description = 'Offload dataset for GOE', location = 'EU')",
    );
    expect(ddl[2]).toContain("kms_key_name = 'projects/k/locations/eu/keyRings/r/cryptoKeys/t'");
    await s.close();
  });
});

describe('synthetic partition columns on an append, and partition functions (checkPlan)', () => {
  const field = (name: string, type: string, description?: string) => ({
    name,
    type,
    ...(description === undefined ? {} : { description }),
  });

  it('records the definition on the column, and an append computes the column from it (one table read per session)', async () => {
    const created = recordingApi();
    await session(created).createTable(planOf([ID, NAME], udfKey('udfs.name_len')));
    const spec = created.only('createTable')[0]!.args[2] as { fields: { name: string; description?: string }[] };
    const description = spec.fields.at(-1)!.description!;
    expect(description).toBe(`${SYNTHETIC_DESCRIPTION_PREFIX}{"source":"NAME","function":["acme","udfs","name_len"]}`);
    const info = {
      fields: [field('ID', 'INTEGER'), field('NAME', 'STRING'), field('GOE_PART_U0_NAME', 'INTEGER', description)],
    };
    const fake = recordingApi({
      tables: { 'sh.sales': info },
      results: [
        { rows: [], dmlAffectedRows: 2n },
        { rows: [], dmlAffectedRows: 3n },
      ],
    });
    const s = session(fake);
    const append = planOf([ID, NAME]);
    expect(await s.finalLoad(append, chunkOf())).toBe(2n);
    expect(await s.finalLoad(append, chunkOf(5, URIS, 4))).toBe(3n);
    expect(fake.only('table')).toHaveLength(1);
    expect(fake.queries()[0]!.sql).toContain(
      '(`ID`, `NAME`, `GOE_PART_U0_NAME`)\nSELECT\n  `ID`,\n  `NAME`,\n  `acme`.`udfs`.`name_len`(`NAME`)',
    );
    expect((await s.describeTable('sh', 'sales')).syntheticColumns).toEqual(['GOE_PART_U0_NAME']);
  });

  it('reads a GOE_PART_<g>_<COL> column without a description from its name; refuses one it cannot read', async () => {
    const byName = { fields: [field('ID', 'INTEGER'), field('AMT', 'NUMERIC'), field('GOE_PART_1000_AMT', 'INTEGER')] };
    expect(syntheticFromTable('sh', 'sales', byName)).toEqual({
      name: 'GOE_PART_1000_AMT',
      source: 'AMT',
      granularity: '1000',
    });
    const recorded = {
      fields: [
        field('AMT', 'NUMERIC'),
        field('GOE_PART_10_AMT', 'INTEGER', `${SYNTHETIC_DESCRIPTION_PREFIX}{"source":"AMT","granularity":"10"}`),
      ],
    };
    expect(syntheticFromTable('sh', 'sales', recorded)).toMatchObject({ granularity: '10' });
    expect(syntheticFromTable('sh', 'sales', { fields: [field('ID', 'INTEGER')] })).toBeUndefined();
    for (const bad of [
      { fields: [field('NAME', 'STRING'), field('GOE_PART_U0_NAME', 'INTEGER')] },
      { fields: [field('GOE_PART_U0_NAME', 'INTEGER', `${SYNTHETIC_DESCRIPTION_PREFIX}{not json`)] },
      {
        fields: [
          field('GOE_PART_U0_NAME', 'INTEGER', `${SYNTHETIC_DESCRIPTION_PREFIX}{"source":"NAME","function":["a"]}`),
        ],
      },
      { fields: [field('GOE_PART_U0_NAME', 'INTEGER', `${SYNTHETIC_DESCRIPTION_PREFIX}{"function":["a","b","c"]}`)] },
      { fields: [field('GOE_PART_1000_GONE', 'INTEGER')] },
    ]) {
      const e = await goeErrorOf(() => syntheticFromTable('sh', 'sales', bad));
      expect(e).toMatchObject({ code: 'VALIDATION_MISMATCH' });
      expect(e.message).toMatch(
        /^Cannot load sh\.sales: its partition column GOE_PART_\w+ does not record how it is computed$/,
      );
    }
  });

  it('checkPlan calls the function once on a typed NULL and accepts an INT64 (or legacy INTEGER) result', async () => {
    const fake = recordingApi({ results: [{ rows: [[null]], types: ['INTEGER'] }, { rows: [[null]] }] });
    await session(fake).checkPlan(planOf([ID, NAME], udfKey('udfs.name_len')));
    expect(fake.queries()[0]!.sql).toBe('SELECT `acme`.`udfs`.`name_len`(CAST(NULL AS STRING(30))) AS `v`');
    await session(fake).checkPlan(planOf([ID, NAME], udfKey('other.udfs.name_len'))); // no schema reported: accepted
    const none = recordingApi();
    await session(none).checkPlan(planOf([ID, NAME]));
    expect(none.methods()).toEqual(['table']); // a new unpartitioned table: nothing to check
  });

  it('checkPlan refuses a missing function, a wrong signature, a non-INT64 result and a key type functions cannot take', async () => {
    const failing = (message: string) =>
      ({
        ...recordingApi(),
        api: {
          ...recordingApi().api,
          query: async () => {
            throw new GoeError('ENGINE_ERROR', message);
          },
        },
      }) as ReturnType<typeof recordingApi>;
    const plan = planOf([ID, NAME], udfKey('udfs.name_len'));
    const missing = await goeErrorOf(() =>
      session(failing('BigQuery query failed: Function not found: udfs.name_len at [1:8]')).checkPlan(plan),
    );
    expect(missing).toMatchObject({
      code: 'OPTION_INVALID',
      message: 'Partition function does not exist: acme.udfs.name_len',
      variable: '--partition-functions',
      column: 'NAME',
    });
    const signature = await goeErrorOf(() =>
      session(failing('No matching signature for function name_len\n  Argument types: STRING')).checkPlan(plan),
    );
    expect(signature.message).toBe(
      'Partition function parameter type does not match data type: acme.udfs.name_len must have exactly 1 input parameter of type STRING(30) (the type of NAME)',
    );
    expect(signature.hint).toBe('No matching signature for function name_len');
    const other = await goeErrorOf(() => session(failing('Access Denied: routine')).checkPlan(plan));
    expect(other).toMatchObject({ code: 'ENGINE_ERROR', message: 'Access Denied: routine' });
    const returnsString = await goeErrorOf(() =>
      session(recordingApi({ results: [{ rows: [[null]], types: ['STRING'] }] })).checkPlan(plan),
    );
    expect(returnsString.message).toBe(
      'Partition function acme.udfs.name_len returns STRING: a partition function must return INT64',
    );
    const dateKey = await goeErrorOf(() =>
      session(recordingApi()).checkPlan(planOf([ID, SALE_DATE], udfKey('udfs.f', 'SALE_DATE'))),
    );
    expect(dateKey.message).toBe(
      'Partition function parameter type does not match data type: SALE_DATE is DATE, and partition functions take BIGNUMERIC, INT64, NUMERIC, STRING',
    );
  });
});

describe('synthetic partition expansion of scopes (reference §4.3, backend side; GOE quirk fixed)', () => {
  const expanded = (dsl: string, g = '1000') =>
    renderPredicate(
      expandSyntheticPredicate(parsePredicate(dsl), { name: 'GOE_PART_1000_AMT', source: 'AMT', granularity: g }),
      BIGQUERY_PREDICATE_DIALECT,
    );

  it.each([
    [
      'column(AMT) = numeric(2500)',
      '(`AMT` = CAST(@p0 AS BIGNUMERIC) AND `GOE_PART_1000_AMT` = CAST(@p1 AS INT64))',
      ['2500', '2000'],
    ],
    [
      'column(AMT) < numeric(2500)',
      '(`AMT` < CAST(@p0 AS BIGNUMERIC) AND `GOE_PART_1000_AMT` <= CAST(@p1 AS INT64))',
      ['2500', '2000'],
    ],
    [
      'column(AMT) <= numeric(-0.5)',
      '(`AMT` <= CAST(@p0 AS BIGNUMERIC) AND `GOE_PART_1000_AMT` <= CAST(@p1 AS INT64))',
      ['-0.5', '-1000'],
    ],
    [
      'column(AMT) > numeric(999.99)',
      '(`AMT` > CAST(@p0 AS BIGNUMERIC) AND `GOE_PART_1000_AMT` >= CAST(@p1 AS INT64))',
      ['999.99', '0'],
    ],
    [
      'column(AMT) >= numeric(-1000)',
      '(`AMT` >= CAST(@p0 AS BIGNUMERIC) AND `GOE_PART_1000_AMT` >= CAST(@p1 AS INT64))',
      ['-1000', '-1000'],
    ],
    // value first: 2500 > AMT is AMT < 2500
    [
      'numeric(2500) > column(AMT)',
      '(CAST(@p0 AS BIGNUMERIC) > `AMT` AND `GOE_PART_1000_AMT` <= CAST(@p1 AS INT64))',
      ['2500', '2000'],
    ],
  ])('%s', (dsl, sql, params) => {
    expect(expanded(dsl)).toEqual({ sql, params });
  });

  it('adds nothing for !=, IN, NULL tests, other columns, a partition-function column or a value beyond INT64', () => {
    for (const dsl of [
      'column(AMT) != numeric(5)',
      'column(AMT) IN (numeric(1), numeric(2))',
      'column(AMT) IS NULL',
      'column(ID) = numeric(5)',
      'column(AMT) = numeric(99999999999999999999999)',
    ]) {
      expect(expanded(dsl).sql).not.toContain('GOE_PART');
    }
    const udf = expandSyntheticPredicate(parsePredicate('column(NAME) = string("x")'), {
      name: 'GOE_PART_U0_NAME',
      source: 'NAME',
      function: ['p', 'd', 'f'],
    });
    expect(renderPredicate(udf, BIGQUERY_PREDICATE_DIALECT).sql).toBe('`NAME` = @p0');
    expect(expandSyntheticPredicate(parsePredicate('column(AMT) = numeric(1)'), undefined)).toEqual(
      parsePredicate('column(AMT) = numeric(1)'),
    );
  });

  it('walks AND/OR groups, keeping aliases', () => {
    expect(
      expanded('(column(a.AMT) >= numeric(0) AND column(a.AMT) < numeric(1000)) OR column(ID) = numeric(1)').sql,
    ).toBe(
      '(((`A`.`AMT` >= CAST(@p0 AS BIGNUMERIC) AND `A`.`GOE_PART_1000_AMT` >= CAST(@p1 AS INT64)) AND (`A`.`AMT` < CAST(@p2 AS BIGNUMERIC) AND `A`.`GOE_PART_1000_AMT` <= CAST(@p3 AS INT64))) OR `ID` = CAST(@p4 AS BIGNUMERIC))',
    );
  });

  it('verification and deleteScope on a table with a synthetic column expand their scopes; an unreadable column does not', async () => {
    const info = {
      fields: [
        { name: 'ID', type: 'INTEGER' },
        { name: 'AMT', type: 'NUMERIC' },
        { name: 'GOE_PART_1000_AMT', type: 'INTEGER' },
      ],
    };
    const fake = recordingApi({
      tables: { 'sh.sales': info },
      results: [{ rows: [['3']] }, { rows: [], dmlAffectedRows: 1n }],
    });
    const s = session(fake);
    expect(await s.count('sh', 'sales', predicate('column(AMT) < numeric(2500)'))).toBe(3n);
    await s.deleteScope('sh', 'sales', predicate('column(AMT) >= numeric(2500)'));
    expect(fake.queries().map((q) => q.sql)).toEqual([
      'SELECT COUNT(*) AS `n` FROM `acme`.`sh`.`sales` WHERE (`AMT` < CAST(@p0 AS BIGNUMERIC) AND `GOE_PART_1000_AMT` <= CAST(@p1 AS INT64))',
      'DELETE FROM `acme`.`sh`.`sales` WHERE (`AMT` >= CAST(@p0 AS BIGNUMERIC) AND `GOE_PART_1000_AMT` >= CAST(@p1 AS INT64))',
    ]);
    const odd = {
      fields: [
        { name: 'NAME', type: 'STRING' },
        { name: 'GOE_PART_U0_NAME', type: 'INTEGER' },
      ],
    };
    const plain = recordingApi({ tables: { 'sh.sales': odd }, results: [{ rows: [['1']] }] });
    expect(await session(plain).count('sh', 'sales', predicate('column(NAME) = string("x")'))).toBe(1n);
    expect(plain.queries()[0]!.sql).toBe('SELECT COUNT(*) AS `n` FROM `acme`.`sh`.`sales` WHERE `NAME` = @p0');
  });
});
