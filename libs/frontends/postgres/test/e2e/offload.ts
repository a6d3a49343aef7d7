/**
 * Test-only: one offload through the real adapters — PostgreSQL frontend (describe, snapshot, slices, COPY binary)
 * → NATIVE transport → Parquet in a local staging store → DuckDB backend (create, stage, validate, final load) —
 * planned by core's `planOffload`, plus the readers that render every value as text in each engine.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createEventBus,
  planOffload,
  planTargetNames,
  type AdapterContext,
  type BackendSession,
  type CanonicalColumn,
  type LoadChunk,
  type OffloadPlan,
  type SourceTable,
  type StagedFiles,
  type ValidationResult,
} from '@goe/core';
import {
  DUCKDB_CAPABILITIES,
  DuckdbConnection,
  duckdbBackend,
  quoteIdent,
  resolveDuckdbSettings,
  stagedPath,
  tableRef,
} from '@goe/backend-duckdb';
import { openLocalStore, type LocalStagingStore } from '@goe/storage-local';
import { nativeTransport } from '@goe/transport-native';
import { tableFromIPC, tableToIPC, type Data } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import type { PostgresFrontendSession } from '../../src/index.js';
import { staticConfig } from '../helpers.js';
import { duckdbTextSql, pgTextSql } from './render.js';

/** Every row of a table as text, by ID: `[ID, column 1, …]` in the order of the columns asked for. */
export type TableTexts = Map<number, (string | null)[]>;

/** The DuckDB side: a database file, a staging directory and a backend session. */
export interface Warehouse {
  readonly config: Record<string, string>;
  readonly store: LocalStagingStore;
  readonly backend: BackendSession;
  close(): Promise<void>;
}

function adapterContext(config: Record<string, string>): AdapterContext {
  return { config: staticConfig(config), events: createEventBus() };
}

/** Opens a DuckDB database and a staging store under `dir`. */
export async function openWarehouse(dir: string): Promise<Warehouse> {
  const config = { DUCKDB_DATABASE: join(dir, 'goe.duckdb'), DUCKDB_MEMORY_LIMIT: '512MB', DUCKDB_THREADS: '2' };
  const store = await openLocalStore({ root: join(dir, 'staging') });
  const backend = await duckdbBackend.connect(adapterContext(config));
  return { config, store, backend, close: () => backend.close() };
}

/** What one offload did. */
export interface OffloadOutcome {
  readonly plan: OffloadPlan;
  readonly files: StagedFiles;
  readonly staged: ValidationResult;
  readonly casts: ValidationResult;
  /** Rows the final load inserted (absent when a validation failed). */
  readonly loaded?: bigint;
}

/** Inputs of {@link offloadToDuckdb}. */
export interface OffloadInput {
  readonly frontend: PostgresFrontendSession;
  readonly source: SourceTable;
  readonly warehouse: Warehouse;
  readonly database: string;
  readonly table: string;
  /** A snapshot another transaction exported, to read at (`--offload-transport-snapshot`); default a new one. */
  readonly snapshotToken?: string;
  /** Staged files compressed (`--compress-load-table`); default true. */
  readonly compress?: boolean;
  /** Called with the staged files before the backend reads them (to corrupt one). */
  readonly beforeStageLoad?: (files: StagedFiles) => Promise<void>;
}

/**
 * Plans (core `planOffload`: parallelism 2, Parquet), transports on one snapshot with the NATIVE transport
 * (which plans the frontend's slices), then runs the backend steps in GOE's order: create database and table,
 * stage load, validate staged rows, validate casts, final load, drop staged.
 */
export async function offloadToDuckdb(input: OffloadInput): Promise<OffloadOutcome> {
  const { frontend, source, warehouse, database, table } = input;
  const target = planTargetNames({
    owner: source.owner,
    table: source.name,
    targetName: { database, table },
    capabilities: DUCKDB_CAPABILITIES,
  });
  const plan = planOffload({
    options: { table: `${source.owner}.${source.name}`, execute: true },
    source,
    frontend: 'postgres',
    backend: { name: 'duckdb', capabilities: DUCKDB_CAPABILITIES },
    target,
    existingBackendTable: false,
    transport: { method: 'NATIVE', parallelism: 2, batchRows: 4 },
    staging: { format: 'PARQUET', compress: input.compress ?? true, prefix: `${database}/${table}/run-1` },
  });
  const snapshot = await frontend.snapshot(input.snapshotToken);
  let files: StagedFiles;
  try {
    const ctx = adapterContext(warehouse.config);
    files = await nativeTransport.run(
      { plan, table: source, frontend, store: warehouse.store, events: ctx.events, snapshot },
      ctx,
    );
  } finally {
    await snapshot.release();
  }
  await input.beforeStageLoad?.(files);
  const { backend } = warehouse;
  const chunk: LoadChunk = { number: 1, files, scope: plan.scope };
  if (!(await backend.databaseExists(plan.target.database))) await backend.createDatabase(plan.target.database);
  await backend.createTable(plan);
  await backend.stageLoad(plan, chunk);
  try {
    const staged = await backend.validateStaged(plan, chunk);
    const casts = await backend.validateCasts(plan, chunk);
    const loaded = staged.ok && casts.ok ? await backend.finalLoad(plan, chunk) : undefined;
    return { plan, files, staged, casts, ...(loaded === undefined ? {} : { loaded }) };
  } finally {
    await backend.dropStaged(plan, chunk);
  }
}

/** Every row of the PostgreSQL table as PostgreSQL renders it (UTC, ISO dates, ISO 8601 intervals). */
export async function postgresTexts(
  session: PostgresFrontendSession,
  owner: string,
  table: string,
  columns: readonly CanonicalColumn[],
): Promise<TableTexts> {
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const list = columns.map((c) => `${pgTextSql(c, ident(c.name))} AS ${ident(c.name)}`).join(', ');
  const settings =
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 1";
  const rows = await session.query<Record<string, string | null>>(
    `${settings}; SELECT "ID"::text AS "ID", ${list} FROM ${ident(owner)}.${ident(table)} ORDER BY "ID"`,
  );
  return new Map(rows.map((r) => [Number(r.ID), ['ID', ...columns.map((c) => c.name)].map((n) => r[n] ?? null)]));
}

/** Every row of the DuckDB table as DuckDB renders it (TimeZone UTC). */
export async function duckdbTexts(
  warehouse: Warehouse,
  database: string,
  table: string,
  columns: readonly CanonicalColumn[],
): Promise<TableTexts> {
  const conn = await DuckdbConnection.open(resolveDuckdbSettings(staticConfig(warehouse.config)));
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    const list = columns.map((c) => duckdbTextSql(c, quoteIdent(c.name))).join(', ');
    const from = tableRef({ catalog: conn.catalog, schema: database }, table);
    const rows = await conn.rows(`SELECT CAST("ID" AS VARCHAR), ${list} FROM ${from} ORDER BY "ID"`);
    return new Map(rows.map((r) => [Number(r[0]), r.map((v) => (v === null ? null : String(v)))]));
  } finally {
    await conn.close();
  }
}

/**
 * Rewrites the staged Parquet file holding row `id` with one value of `column` changed by `change` (same
 * schema, same rows, same row count): a corruption only a value comparison can notice.
 *
 * @returns the staged file that was rewritten.
 */
export async function corruptStagedValue(
  files: StagedFiles,
  column: string,
  id: number,
  change: (values: Data['values'], at: number) => void,
): Promise<string> {
  for (const f of files.files) {
    const path = stagedPath(f.uri);
    const arrow = tableFromIPC(parquet.readParquet(await readFile(path)).intoIPCStream());
    const at = [...arrow.getChild('ID')!].map(Number).indexOf(id);
    if (at < 0) continue;
    let end = 0; // rows up to the end of the chunk holding the row
    const chunk = arrow.getChild(column)!.data.find((d) => at < (end += d.length))!;
    change(chunk.values, at - (end - chunk.length));
    const props = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY).build();
    await writeFile(path, parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(arrow, 'stream')), props));
    return path;
  }
  throw new Error(`no staged file holds ID ${id}`);
}
