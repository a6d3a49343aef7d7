/**
 * `describeTable` for Oracle: the table's kind and partitioning, its columns mapped to canonical types, the primary
 * key, partitions and subpartitions with their HIGH_VALUE decoded, and segment sizes — at most seven dictionary
 * statements whatever the number of partitions (no N+1). Names are upper-cased (GOE's Oracle identifiers are not
 * case-sensitive); sizes need `DBA_SEGMENTS`, and without it the row estimate stands in (with a notice).
 */
import {
  canonicalColumn,
  GoeError,
  isGoeError,
  type CanonicalType,
  type PartitionMethod,
  type PartitionScheme,
  type SourceColumn,
  type SourcePartition,
  type SourceTable,
} from '@goe/core';
import type { OracleBinds } from './connection.js';
import { decodeHighValue, decodeListValues } from './high-value.js';
import { ORACLE_SQL } from './sql.js';
import { formatOracleType, oracleToCanonical, type OracleColumnType } from './type-map.js';

/** What introspection needs of a session (an {@link OracleConnection} is one). */
export interface DictionaryReader {
  query(sql: string, binds?: OracleBinds): Promise<unknown[][]>;
}

/** What Oracle says about a table beyond {@link SourceTable}. */
export interface OracleTableInfo {
  /** `IOT` for an index-organized table (split by partition or key, not by ROWID ranges), else null. */
  readonly iotType: string | null;
  readonly temporary: boolean;
  /** `ALL_PART_TABLES.INTERVAL` of an interval-partitioned table (reported as RANGE, as GOE does). */
  readonly interval?: string;
  /** Column names that are virtual (computed on read). */
  readonly virtualColumns: readonly string[];
}

/** The result of {@link describeOracleTable}. */
export interface OracleDescription {
  readonly table: SourceTable;
  readonly info: OracleTableInfo;
  /** Things the user should know (e.g. sizes estimated because DBA_SEGMENTS is not granted). */
  readonly notices: readonly string[];
}

const METHODS: Readonly<Record<string, PartitionMethod>> = { RANGE: 'range', LIST: 'list', HASH: 'hash' };

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function columnOf(row: unknown[]): { column: SourceColumn; virtual: boolean } {
  const [name, dataType, dataLength, precision, scale, charLength, charUsed, nullable, virtual] = row;
  const type: OracleColumnType = {
    dataType: String(dataType),
    dataLength: num(dataLength) ?? 0,
    dataPrecision: num(precision),
    dataScale: num(scale),
    charLength: num(charLength) ?? 0,
    charUsed: charUsed === 'B' || charUsed === 'C' ? charUsed : null,
  };
  const columnName = String(name);
  const mapping = oracleToCanonical(columnName, type);
  const isNullable = nullable !== 'N';
  const canonical = canonicalColumn({
    name: columnName,
    dataType: mapping.dataType,
    precision: mapping.precision ?? null,
    scale: mapping.scale ?? null,
    dataLength: mapping.dataLength ?? null,
    charLength: mapping.charLength ?? null,
    charSemantics: mapping.charSemantics ?? null,
    nullable: isNullable,
    safeMapping: mapping.safeMapping,
  });
  return {
    column: {
      name: columnName,
      dataType: formatOracleType(type),
      nullable: isNullable,
      safeMapping: mapping.safeMapping,
      dataLength: type.dataLength,
      ...(type.dataPrecision === null ? {} : { precision: type.dataPrecision }),
      ...(type.dataScale === null ? {} : { scale: type.dataScale }),
      ...(type.charLength > 0 ? { charLength: type.charLength } : {}),
      ...(mapping.charSemantics === undefined ? {} : { charSemantics: mapping.charSemantics }),
      canonical,
    },
    virtual: virtual === 'YES',
  };
}

/** One (sub)partition from its dictionary row, its HIGH_VALUE decoded by the scheme's method. */
function partitionOf(
  name: string,
  highValue: string | null,
  method: PartitionMethod,
  types: readonly (CanonicalType | undefined)[],
  rows: number | null,
): SourcePartition {
  const estimate = rows === null ? {} : { rowEstimate: rows };
  if (method === 'range' && highValue !== null) {
    return { name, upperBound: decodeHighValue(name, highValue, types), boundText: highValue, ...estimate };
  }
  if (method === 'list' && highValue !== null) {
    const { values, isDefault } = decodeListValues(name, highValue, types);
    return { name, values, ...(isDefault ? { isDefault: true } : {}), boundText: highValue, ...estimate };
  }
  return { name, ...estimate };
}

/** Table, or view, not visible: the message names what to check. */
function notFound(owner: string, table: string): GoeError {
  return new GoeError(
    'TABLE_NOT_FOUND',
    `Table ${owner}.${table} does not exist in Oracle, or ORA_APP_USER cannot see it`,
    {
      hint: `Check the name, and grant SELECT on ${owner}.${table} to the app user`,
    },
  );
}

/**
 * Describes `owner.table` in at most seven statements: table info, columns, primary key, partition keys, partitions,
 * subpartitions (each only when needed) and segment sizes through `adm` (skipped, with a notice, without the grant).
 *
 * @throws GoeError `TABLE_NOT_FOUND`; `TYPE_UNSUPPORTED` naming a column Oracle cannot offload
 * @example
 * const { table } = await describeOracleTable(app, adm, 'sh', 'sales'); table.partitioning.method // 'range'
 */
export async function describeOracleTable(
  app: DictionaryReader,
  adm: DictionaryReader,
  ownerName: string,
  tableName: string,
): Promise<OracleDescription> {
  const owner = ownerName.toUpperCase();
  const name = tableName.toUpperCase();
  const binds = { owner, table_name: name };
  const [info] = await app.query(ORACLE_SQL.tableInfo(), binds);
  if (info === undefined) throw notFound(owner, name);
  const [iotType, temporary, partitioned, numRows, , partitioningType, subpartitioningType, interval] = info;
  const described = (await app.query(ORACLE_SQL.describeColumns(), binds)).map(columnOf);
  const columns = described.map((d) => d.column);
  const primaryKey = (await app.query(ORACLE_SQL.primaryKey(), binds)).map((r) => String(r[0]));
  const notices: string[] = [];

  let partitioning: PartitionScheme = { method: 'none', columns: [], partitions: [] };
  if (partitioned === 'YES') {
    const keys = await app.query(ORACLE_SQL.partitionKeys(), binds);
    const keyColumns = (kind: string) => keys.filter((k) => k[0] === kind).map((k) => String(k[1]));
    const typeOf = (c: string) => columns.find((x) => x.name === c)?.canonical.dataType;
    const method = METHODS[String(partitioningType)] ?? 'none';
    const subMethod = METHODS[String(subpartitioningType)];
    const partColumns = keyColumns('PARTITION');
    const subColumns = keyColumns('SUBPARTITION');
    const subs = new Map<string, SourcePartition[]>();
    if (subMethod !== undefined) {
      for (const r of await app.query(ORACLE_SQL.subpartitions(), binds)) {
        const parent = String(r[0]);
        const list = subs.get(parent) ?? [];
        list.push(partitionOf(String(r[1]), text(r[3]), subMethod, subColumns.map(typeOf), num(r[4])));
        subs.set(parent, list);
      }
    }
    const partitions = (await app.query(ORACLE_SQL.partitions(), binds)).map((r) => {
      const p = partitionOf(String(r[0]), text(r[2]), method, partColumns.map(typeOf), num(r[3]));
      const children = subs.get(p.name);
      return children === undefined ? p : { ...p, subpartitions: children };
    });
    partitioning = {
      method,
      columns: partColumns,
      partitions,
      ...(subMethod === undefined ? {} : { subpartitioning: { method: subMethod, columns: subColumns } }),
    };
  }

  let sizeBytes: number | undefined;
  try {
    const sizes = await adm.query(ORACLE_SQL.dbaSegmentSizes(), binds);
    sizeBytes = sizes.reduce((sum, r) => sum + (num(r[1]) ?? 0), 0);
  } catch (e) {
    if (!isGoeError(e) || !['ORA-00942', 'ORA-01031'].includes(e.engineCode ?? '')) throw e;
    notices.push(
      `Table size of ${owner}.${name} unknown (no SELECT on DBA_SEGMENTS for ORA_ADM_USER): the row estimate is used instead`,
    );
  }
  const rowEstimate = num(numRows);
  return {
    table: {
      owner,
      name,
      columns,
      primaryKey,
      partitioning,
      ...(sizeBytes === undefined ? {} : { sizeBytes }),
      ...(rowEstimate === null ? {} : { rowEstimate }),
    },
    info: {
      iotType: text(iotType),
      temporary: temporary === 'Y',
      ...(text(interval) === null ? {} : { interval: text(interval)! }),
      virtualColumns: described.filter((d) => d.virtual).map((d) => d.column.name),
    },
    notices,
  };
}
