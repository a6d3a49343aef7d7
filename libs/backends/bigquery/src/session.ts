/**
 * The BigQuery {@link BackendSession}: datasets and tables through the API (bigquery-emulator records neither from
 * DDL), DDL text for preview and `--ddl-file`, the chunk's load job into `<db>_load`, the staged-rows and cast checks,
 * the typed `INSERT … SELECT`, verification queries capped by `maximumBytesBilled`, and `deleteScope` (a final load
 * is not atomic with the repository).
 */
import {
  aggregateKey,
  backendColumns,
  GoeError,
  type AggregateResult,
  type AggregateSpec,
  type BackendSession,
  type BackendTable,
  type LoadChunk,
  type OffloadPlan,
  type OffloadScope,
  type ValidationResult,
} from '@goe/core';
import type { BigqueryApi, TableInfo, TableSpec } from './api.js';
import type { BigquerySettings } from './config.js';
import { runLoadJob, type LoadJobOptions } from './load-job.js';
import { castCheckOf, fieldTypeText, finalExpression, loadSchema, schemaField } from './load-sql.js';
import {
  checkPartitionFunction,
  syntheticDefinitionOf,
  syntheticDescription,
  syntheticExpression,
  syntheticFromTable,
  type SyntheticColumn,
} from './synthetic-column.js';
import { scopeFilter } from './predicate.js';
import { BIGQUERY_SQL, padYear, type DatasetRef, type PartitionDef, type TableOptions } from './sql.js';
import { bigqueryTypeFor, canonicalDescription, canonicalFromBigquery } from './type-map.js';

/** BigQuery's most partitions per table (reference §3.0; a range partitioning may not define more). */
export const MAX_PARTITIONS = 10_000;
/** BigQuery's most source URIs in one load job. */
export const MAX_LOAD_URIS = 10_000;
/** BigQuery's most clustering columns. */
export const MAX_CLUSTER_COLUMNS = 4;

/** What a {@link BigquerySession} needs besides its API. */
export interface BigquerySessionOptions {
  readonly settings: BigquerySettings;
  readonly signal?: AbortSignal;
  /** Poll intervals of load jobs (tests shorten them). */
  readonly loadJob?: Omit<LoadJobOptions, 'signal' | 'onFound'>;
  /** Told about load jobs found from an earlier run (the adapter logs them). */
  readonly onFoundJob?: LoadJobOptions['onFound'];
  /**
   * The fault harness's hook (`AdapterContext.faultPoint`): `load:job-submitted` (a load job was submitted and may
   * still run), `load:staged` (the load table is loaded), `load:before-commit` (before the final INSERT) and
   * `load:inserted` (the final table has the chunk, the repository does not know yet).
   */
  readonly faultPoint?: (name: string) => void;
}

const GRANULARITY: Readonly<Record<string, 'DAY' | 'MONTH' | 'YEAR'>> = { D: 'DAY', M: 'MONTH', Y: 'YEAR' };

/**
 * The partitioning of a plan's final table, checked against BigQuery's limits: a time partitioning of a DATE,
 * DATETIME or TIMESTAMP column by day, month or year, or an integer range (`--partition-lower-value`,
 * `--partition-upper-value`, `--partition-granularity` as the interval) of at most {@link MAX_PARTITIONS} partitions.
 *
 * @throws GoeError `OPTION_INVALID` naming the option that breaks a limit
 * @example
 * partitionOf(plan) // { kind: 'time', column: 'SALE_DATE', columnType: 'DATE', granularity: 'MONTH' }
 */
export function partitionOf(plan: OffloadPlan): PartitionDef | undefined {
  const key = plan.partitioning?.columns[0];
  if (key === undefined) return undefined;
  const native = plan.columns.find((c) => c.name.toUpperCase() === key.backendColumn.toUpperCase());
  if (!key.synthetic && native === undefined) {
    throw new GoeError('OPTION_INVALID', `Partition column ${key.backendColumn} is not a column of the table`);
  }
  // a synthetic GOE_PART_… column is INT64 (reference §5.5): range-partitioned like an integer column
  const column = native ?? { name: key.backendColumn };
  const type = native === undefined || key.synthetic ? 'INT64' : bigqueryTypeFor(native, plan.allow);
  if (type === 'DATE' || type === 'DATETIME' || type === 'TIMESTAMP') {
    const granularity = GRANULARITY[key.granularity.toUpperCase()];
    if (granularity === undefined) {
      throw new GoeError('OPTION_INVALID', `Invalid --partition-granularity for BigQuery: ${key.granularity}`, {
        hint: 'Use D, M or Y',
      });
    }
    return { kind: 'time', column: column.name, columnType: type, granularity };
  }
  if (key.lowerValue === undefined || key.upperValue === undefined) {
    throw new GoeError(
      'OPTION_INVALID',
      `Integer partitioning of ${column.name} needs --partition-lower-value and --partition-upper-value`,
    );
  }
  const start = BigInt(key.lowerValue);
  const interval = BigInt(key.granularity);
  const end = BigInt(key.upperValue) + 1n;
  if (end <= start || interval <= 0n) {
    throw new GoeError(
      'OPTION_INVALID',
      `Partition range of ${column.name} is empty: --partition-lower-value ${key.lowerValue} is above --partition-upper-value ${key.upperValue}, or the granularity ${key.granularity} is not positive`,
    );
  }
  const partitions = (end - start + interval - 1n) / interval;
  if (partitions > BigInt(MAX_PARTITIONS)) {
    throw new GoeError(
      'OPTION_INVALID',
      `Partition range of ${column.name} defines ${partitions} partitions, more than BigQuery's ${MAX_PARTITIONS}`,
      { hint: 'Raise --partition-granularity or narrow --partition-lower-value/--partition-upper-value' },
    );
  }
  return { kind: 'range', column: column.name, start, end, interval };
}

function clusterOf(plan: OffloadPlan): readonly string[] {
  const sort = plan.partitioning?.sortColumns ?? [];
  if (sort.length > MAX_CLUSTER_COLUMNS) {
    throw new GoeError(
      'OPTION_INVALID',
      `Too many sort columns specified for backend system: BigQuery supports ${MAX_CLUSTER_COLUMNS}, got ${sort.length}`,
      { hint: 'Give at most 4 --sort-columns' },
    );
  }
  return sort.map((s) => plan.columns.find((c) => c.name.toUpperCase() === s.toUpperCase())?.name ?? s);
}

/** The load table of a chunk: `<table>_<chunk>` in the load dataset. */
export function loadTableOf(plan: OffloadPlan, chunk: LoadChunk): { dataset: string; table: string } {
  return {
    dataset: plan.target.loadDatabase ?? `${plan.target.database}_load`,
    table: `${plan.target.table}_${chunk.number}`,
  };
}

/**
 * A BigQuery backend session over a {@link BigqueryApi}.
 *
 * @example
 * const session = new BigquerySession(sdkApi(client), { settings });
 * await session.count('sh', 'sales') // 1000000n
 */
export class BigquerySession implements BackendSession {
  constructor(
    private readonly api: BigqueryApi,
    private readonly options: BigquerySessionOptions,
  ) {}

  /** The synthetic partition column of each existing table this session loads (read once). */
  private readonly existingSynthetic = new Map<string, SyntheticColumn | undefined>();

  /**
   * The synthetic partition column a plan loads: the plan's for a new table; on an append (partition options
   * retained, none in the plan) the existing table's, read once from its schema.
   */
  private async syntheticFor(plan: OffloadPlan): Promise<SyntheticColumn | undefined> {
    if ((plan.partitioning?.columns.length ?? 0) > 0) return syntheticDefinitionOf(plan, this.api.project);
    const { database, table } = plan.target;
    const key = `${database}.${table}`;
    if (this.existingSynthetic.has(key)) return this.existingSynthetic.get(key);
    const info = await this.api.table(database, table);
    if (info === undefined) return undefined;
    const column = syntheticFromTable(database, table, info);
    this.existingSynthetic.set(key, column);
    return column;
  }

  /**
   * The plan's read-only checks (reference §5.5): a partition function — of a new table's key, or recorded on the
   * existing table an append loads — exists, takes the key's type and returns INT64.
   */
  async checkPlan(plan: OffloadPlan): Promise<void> {
    const synthetic = await this.syntheticFor(plan);
    if (synthetic !== undefined) await checkPartitionFunction(this.api, synthetic, plan);
  }

  private ds(dataset: string): DatasetRef {
    return { project: this.api.project, dataset };
  }

  private get verify() {
    return { maximumBytesBilled: this.options.settings.maximumBytesBilled };
  }

  /**
   * `BigQuery API v2 (project …, location …)` after listing one dataset, so `goe connect` proves the endpoint, the
   * credentials and the project (a failure is `ENGINE_ERROR` with BigQuery's message and, for 401/403, a hint).
   */
  async serverVersion(): Promise<string> {
    await this.api.datasetNames(1);
    const location = this.options.settings.location;
    return `BigQuery API v2 (project ${this.api.project}${location === undefined ? '' : `, location ${location}`})`;
  }

  async databaseExists(database: string): Promise<boolean> {
    return (await this.api.datasetLocation(database)) !== undefined;
  }

  async createDatabase(database: string): Promise<void> {
    const location = this.options.settings.location;
    await this.api.createDataset(database, {
      description: database.endsWith('_load') ? 'GOE load dataset (staging tables)' : 'Offload dataset for GOE',
      ...(location === undefined ? {} : { location }),
    });
  }

  async tableExists(database: string, table: string): Promise<boolean> {
    return (await this.api.table(database, table)) !== undefined;
  }

  async describeTable(database: string, table: string): Promise<BackendTable> {
    const info = await this.api.table(database, table);
    if (info === undefined)
      throw new GoeError('TABLE_NOT_FOUND', `Table ${database}.${table} does not exist in BigQuery`);
    return describe(database, table, info);
  }

  private tableOptions(plan: OffloadPlan): TableOptions {
    const partition = partitionOf(plan);
    const cluster = clusterOf(plan);
    const kms = this.options.settings.kmsKeyName;
    return {
      ...(partition === undefined ? {} : { partition }),
      ...(cluster.length === 0 ? {} : { cluster }),
      ...(kms === undefined ? {} : { kmsKeyName: kms }),
      description: `Offloaded from ${plan.source.owner}.${plan.source.table} by GOE`,
    };
  }

  /** The final table's fields: the plan's columns, then the synthetic partition column, if any. */
  private finalFields(plan: OffloadPlan) {
    const synthetic = syntheticDefinitionOf(plan, this.api.project);
    return [
      ...backendColumns(plan).map((c) =>
        schemaField(c.name, bigqueryTypeFor(c, plan.allow), c.nullable, canonicalDescription(c)),
      ),
      ...(synthetic === undefined ? [] : [schemaField(synthetic.name, 'INT64', true, syntheticDescription(synthetic))]),
    ];
  }

  ddlFor(plan: OffloadPlan): readonly string[] {
    const location = this.options.settings.location;
    const load = plan.target.loadDatabase;
    const columns = this.finalFields(plan).map((f) => ({
      name: f.name,
      type: fieldTypeText(f),
      nullable: f.mode === 'NULLABLE',
      ...(f.description === undefined ? {} : { description: f.description }),
    }));
    return [
      BIGQUERY_SQL.createSchema(this.ds(plan.target.database), {
        description: 'Offload dataset for GOE',
        ...(location === undefined ? {} : { location }),
      }),
      ...(load === undefined
        ? []
        : [
            BIGQUERY_SQL.createSchema(this.ds(load), {
              description: 'GOE load dataset (staging tables)',
              ...(location === undefined ? {} : { location }),
            }),
          ]),
      BIGQUERY_SQL.createTable(this.ds(plan.target.database), plan.target.table, columns, this.tableOptions(plan)),
    ];
  }

  /** Refuses load and final datasets in different locations (a load job cannot write across them). */
  private async checkLocations(plan: OffloadPlan): Promise<void> {
    const load = plan.target.loadDatabase;
    if (load === undefined) return;
    const [a, b] = await Promise.all([this.api.datasetLocation(plan.target.database), this.api.datasetLocation(load)]);
    if (a != null && b != null && a.toUpperCase() !== b.toUpperCase()) {
      throw new GoeError(
        'CONFIG_INVALID',
        `Load dataset ${load} is in ${b} but ${plan.target.database} is in ${a}: BigQuery cannot copy between locations`,
        { variable: 'BIGQUERY_DATASET_LOCATION', hint: `Drop ${load} (GOE recreates it in ${a}) or move the dataset` },
      );
    }
  }

  async createTable(plan: OffloadPlan): Promise<void> {
    await this.checkLocations(plan);
    const options = this.tableOptions(plan);
    const p = options.partition;
    const spec: TableSpec = {
      fields: this.finalFields(plan),
      ...(p?.kind === 'time' ? { timePartitioning: { type: p.granularity, field: p.column } } : {}),
      ...(p?.kind === 'range'
        ? {
            rangePartitioning: {
              field: p.column,
              range: { start: String(p.start), end: String(p.end), interval: String(p.interval) },
            },
          }
        : {}),
      ...(options.cluster === undefined ? {} : { clustering: { fields: options.cluster } }),
      ...(options.kmsKeyName === undefined ? {} : { kmsKeyName: options.kmsKeyName }),
      ...(options.description === undefined ? {} : { description: options.description }),
    };
    await this.api.createTable(plan.target.database, plan.target.table, spec);
  }

  /** Loads the chunk's staged files into its load table with a load job a rerun finds again. */
  async stageLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<void> {
    const load = loadTableOf(plan, chunk);
    const uris = chunk.files.files.map((f) => f.uri);
    if (uris.length === 0) throw new GoeError('INTERNAL', `Chunk ${chunk.number} staged no files`);
    if (uris.length > MAX_LOAD_URIS) {
      throw new GoeError(
        'OPTION_INVALID',
        `Chunk ${chunk.number} staged ${uris.length} files, more than the ${MAX_LOAD_URIS} source URIs of a BigQuery load job`,
        { hint: 'Offload in more chunks (--max-offload-chunk-size, --max-offload-chunk-count)' },
      );
    }
    await runLoadJob(
      this.api,
      {
        uris,
        format: plan.staging.format,
        dataset: load.dataset,
        table: load.table,
        fields: loadSchema(plan.columns, plan.staging.encoding),
        labels: {
          goe_table: `${plan.target.database}-${plan.target.table}`
            .toLowerCase()
            .replace(/[^a-z0-9_-]/g, '_')
            .slice(0, 63),
          goe_chunk: String(chunk.number),
        },
      },
      {
        ...this.options.loadJob,
        ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
        ...(this.options.onFoundJob === undefined ? {} : { onFound: this.options.onFoundJob }),
        ...(this.options.faultPoint === undefined
          ? {}
          : { onSubmitted: () => this.options.faultPoint?.('load:job-submitted') }),
      },
    );
    this.options.faultPoint?.('load:staged');
  }

  async validateStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult> {
    const load = loadTableOf(plan, chunk);
    const columns = backendColumns(plan).map((c) => ({ name: c.name, notNull: !c.nullable }));
    const { rows } = await this.api.query(BIGQUERY_SQL.stagedCheck(this.ds(load.dataset), load.table, columns));
    const [n, ...nulls] = rows[0] ?? [];
    const loadRows = Number(n ?? 0);
    const notNull = columns.filter((c) => c.notNull);
    const nullColumns = notNull.filter((_, i) => Number(nulls[i] ?? 0) > 0).map((c) => c.name);
    const details = { stagedRows: chunk.files.rows ?? 'unknown', loadRows };
    if (nullColumns.length > 0)
      return { ok: false, message: `NOT NULL column has NULL values: ${nullColumns.join(', ')}`, details };
    if (chunk.files.rows !== undefined && chunk.files.rows !== loadRows)
      return { ok: false, message: 'Offload row count does not match load table row count', details };
    return { ok: true, message: `${loadRows} staged rows in ${chunk.files.files.length} file(s)`, details };
  }

  async validateCasts(plan: OffloadPlan, chunk: LoadChunk): Promise<ValidationResult> {
    const checks = backendColumns(plan)
      .map((c) => castCheckOf(c, plan.staging.encoding, plan.allow))
      .filter((c) => c !== undefined);
    if (checks.length === 0) return { ok: true, message: 'No type conversions to check' };
    const load = loadTableOf(plan, chunk);
    const { rows } = await this.api.query(BIGQUERY_SQL.castCheck(this.ds(load.dataset), load.table, checks));
    const details: Record<string, number> = {};
    checks.forEach((c, i) => {
      const n = Number(rows[0]?.[i] ?? 0);
      if (n > 0) details[c.column] = n;
    });
    const failing = Object.keys(details);
    if (failing.length === 0) return { ok: true, message: `${checks.length} column conversion(s) checked` };
    return {
      ok: false,
      message: `Data type conversion issue in load data: ${failing.map((c) => `${c} (${details[c]} value(s))`).join(', ')}`,
      details,
    };
  }

  /** The typed INSERT … SELECT from the chunk's load table; returns BigQuery's count of inserted rows. */
  async finalLoad(plan: OffloadPlan, chunk: LoadChunk): Promise<bigint> {
    const load = loadTableOf(plan, chunk);
    const definition = await this.syntheticFor(plan);
    const synthetic = definition === undefined ? undefined : syntheticExpression(definition, plan);
    const columns = [
      ...backendColumns(plan).map((c) => ({
        name: c.name,
        expr: finalExpression(c, plan.staging.encoding, plan.allow),
      })),
      ...(synthetic === undefined ? [] : [synthetic]),
    ];
    const sql = BIGQUERY_SQL.insertFinal(
      this.ds(plan.target.database),
      this.ds(load.dataset),
      plan.target.table,
      load.table,
      columns,
    );
    this.options.faultPoint?.('load:before-commit');
    const result = await this.api.query(sql);
    this.options.faultPoint?.('load:inserted');
    if (result.dmlAffectedRows !== undefined) return result.dmlAffectedRows;
    const { rows } = await this.api.query(BIGQUERY_SQL.count(this.ds(load.dataset), load.table, ''));
    return BigInt(rows[0]?.[0] ?? 0);
  }

  async deleteScope(database: string, table: string, scope: OffloadScope): Promise<bigint | undefined> {
    const info = await this.api.table(database, table);
    if (info === undefined) return 0n;
    const where = this.filterOf(scope, database, table, info);
    const result = await this.api.query(BIGQUERY_SQL.deleteScope(this.ds(database), table, where.sql), {
      params: where.params,
    });
    return result.dmlAffectedRows;
  }

  async dropStaged(plan: OffloadPlan, chunk: LoadChunk): Promise<void> {
    const load = loadTableOf(plan, chunk);
    await this.api.deleteTable(load.dataset, load.table);
  }

  /** A scope's WHERE clause on a final table, expanded over its synthetic partition column (so BigQuery prunes). */
  private filterOf(scope: OffloadScope | undefined, database: string, table: string, info: TableInfo) {
    let synthetic: SyntheticColumn | undefined;
    try {
      synthetic = syntheticFromTable(database, table, info);
    } catch {
      synthetic = undefined; // an unreadable GOE_PART_ column: filter without the expansion (the same rows)
    }
    return scopeFilter(scope, columnTypes(info), synthetic);
  }

  private async info(database: string, table: string): Promise<TableInfo> {
    const info = await this.api.table(database, table);
    if (info === undefined)
      throw new GoeError('TABLE_NOT_FOUND', `Table ${database}.${table} does not exist in BigQuery`);
    return info;
  }

  async count(database: string, table: string, scope?: OffloadScope): Promise<bigint> {
    const where =
      scope === undefined || scope.kind === 'full'
        ? { sql: '', params: {} }
        : this.filterOf(scope, database, table, await this.info(database, table));
    const { rows } = await this.api.query(BIGQUERY_SQL.count(this.ds(database), table, where.sql), {
      params: where.params,
      ...this.verify,
    });
    return BigInt(rows[0]?.[0] ?? 0);
  }

  async aggregate(
    database: string,
    table: string,
    specs: readonly AggregateSpec[],
    scope?: OffloadScope,
  ): Promise<AggregateResult> {
    if (specs.length === 0) return {};
    const info = await this.info(database, table);
    const types = columnTypes(info);
    const defs = specs.map((spec) => {
      const [name, type] = columnOf(types, spec.column, database, table);
      return { column: name, fn: spec.fn, type };
    });
    const where = this.filterOf(scope, database, table, info);
    const { rows } = await this.api.query(BIGQUERY_SQL.aggregate(this.ds(database), table, defs, where.sql), {
      params: where.params,
      ...this.verify,
    });
    const out: Record<string, string | null> = {};
    specs.forEach((spec, i) => {
      const v = rows[0]?.[i] ?? null;
      out[aggregateKey(spec)] = v === null ? null : yearPadded(v, defs[i]!.type);
    });
    return out;
  }

  async maxPartitionValue(database: string, table: string, column: string): Promise<string | null> {
    const [name, type] = columnOf(columnTypes(await this.info(database, table)), column, database, table);
    const { rows } = await this.api.query(BIGQUERY_SQL.maxValue(this.ds(database), table, name, type), this.verify);
    const v = rows[0]?.[0] ?? null;
    return v === null ? null : yearPadded(v, type);
  }

  async partitionKeyValues(
    database: string,
    table: string,
    columns: readonly string[],
    mode: 'max' | 'distinct',
  ): Promise<readonly (readonly (string | null)[])[]> {
    const types = columnTypes(await this.info(database, table));
    const cols = columns.map((c) => {
      const [name, type] = columnOf(types, c, database, table);
      return { name, type };
    });
    const { rows } = await this.api.query(BIGQUERY_SQL.keyValues(this.ds(database), table, cols, mode), this.verify);
    return rows.map((r) =>
      r.slice(0, columns.length).map((v, i) => (v === null ? null : yearPadded(v, cols[i]!.type))),
    );
  }

  async dropTable(database: string, table: string): Promise<void> {
    await this.api.deleteTable(database, table);
  }

  /** Nothing to release: the client holds no connection. */
  async close(): Promise<void> {}
}

/** A date or datetime text with its year padded to four digits (`FORMAT_*('%Y')` writes year 1 as `1`); others as given. */
function yearPadded(text: string, type: string): string {
  return type === 'DATE' || type === 'DATETIME' || type === 'TIMESTAMP' ? padYear(text) : text;
}

function describe(database: string, table: string, info: TableInfo): BackendTable {
  const types = info.fields.map((f) => fieldTypeText(f));
  return {
    database,
    name: table,
    columns: info.fields.map((f, i) =>
      canonicalFromBigquery(f.name, types[i]!, (f.mode ?? 'NULLABLE').toUpperCase() !== 'REQUIRED', f.description),
    ),
    backendTypes: types,
    syntheticColumns: info.fields.filter((f) => /^GOE_PART_/i.test(f.name)).map((f) => f.name),
  };
}

/** Column name → base BigQuery type (`NUMERIC(12,2)` → `NUMERIC`; legacy names as standard ones). */
function columnTypes(info: TableInfo): Map<string, string> {
  const legacy: Record<string, string> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL' };
  return new Map(
    info.fields.map((f) => {
      const t = (f.type ?? '').toUpperCase();
      return [f.name, legacy[t] ?? t];
    }),
  );
}

function columnOf(types: Map<string, string>, column: string, database: string, table: string): [string, string] {
  for (const [name, type] of types) if (name.toUpperCase() === column.toUpperCase()) return [name, type];
  throw new GoeError('OPTION_INVALID', `Column ${column} does not exist in ${database}.${table}`, { column });
}
