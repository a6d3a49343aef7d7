/**
 * Every Oracle statement the frontend renders, registered in {@link ORACLE_SQL}; each builder has a golden file
 * `test/golden/<name>.sql` citing its reference rule, checked by the SQL checker (sqlglot's `oracle` dialect, a
 * round trip, and Oracle's forbidden constructs: tools/sql-check). Identifiers are double-quoted as the dictionary
 * spells them (a name with a double quote is refused: Oracle cannot escape one); values are binds (`:owner`,
 * `:p0`), never literals. Dictionary queries read `ALL_*` views (no privilege beyond SELECT on the table), except the
 * ones named `dba…`, whose callers fall back when `DBA_*` is not granted.
 */
import { GoeError } from '@goe/core';

/**
 * `"NAME"`: an Oracle identifier, quoted.
 *
 * @throws GoeError `OPTION_INVALID` for an empty name or one holding a double quote
 * @example
 * quoteIdent('SALES') // '"SALES"'
 */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('"') || name.includes('\0')) {
    throw new GoeError('OPTION_INVALID', `Invalid Oracle identifier: ${JSON.stringify(name)}`, {
      hint: 'Oracle identifiers cannot hold a double quote',
    });
  }
  return `"${name}"`;
}

/** A table: its owner and name, as the dictionary spells them. */
export interface OracleTableRef {
  readonly owner: string;
  readonly table: string;
}

/** `"OWNER"."TABLE"`. */
export function tableRef(t: OracleTableRef): string {
  return `${quoteIdent(t.owner)}.${quoteIdent(t.table)}`;
}

/**
 * GOE's parallel hint (reference §2.2): 0 or 1 → `NO_PARALLEL`, n > 1 → `PARALLEL(n)`.
 *
 * @example
 * parallelHint(4) // 'PARALLEL(4)'
 */
export function parallelHint(degree: number): string {
  return degree > 1 ? `PARALLEL(${Math.floor(degree)})` : 'NO_PARALLEL';
}

/** How a read of the table is scoped: one snapshot, one partition, a predicate, the degree of parallelism. */
export interface ReadOptions {
  /** Read `AS OF SCN :scn` (the offload's snapshot). */
  readonly asOfScn?: boolean;
  /** Read one partition (`PARTITION ("P")`) or subpartition (`SUBPARTITION ("SP")`). */
  readonly partition?: { readonly name: string; readonly sub?: boolean };
  /**
   * Read several partitions (or subpartitions) in one statement: a `UNION ALL` of one branch per name, each
   * `AS OF SCN :scn`, as the derived table `v` (at most `MAX_UNION_ALL_SPLITS` names, GOE's limit). One name reads as
   * {@link ReadOptions.partition}.
   */
  readonly partitions?: { readonly names: readonly string[]; readonly sub?: boolean };
  /** A rendered predicate over the table's columns, with binds (`:p0`…), or '' for none. */
  readonly where?: string;
  /** Degree of the parallel hint (GOE's `--verify-parallelism` / transport parallelism). */
  readonly parallel?: number;
}

/** `PARTITION ("P")` / `SUBPARTITION ("SP")`. */
function partitionClause(p: { readonly name: string; readonly sub?: boolean }): string {
  return ` ${p.sub ? 'SUBPARTITION' : 'PARTITION'} (${quoteIdent(p.name)})`;
}

/**
 * `FROM "OWNER"."TABLE" [PARTITION ("P")] [AS OF SCN :scn] [WHERE …]`, or over several partitions
 * `FROM (SELECT * FROM … PARTITION ("P1") AS OF SCN :scn UNION ALL …) v [WHERE …]`.
 */
function from(t: OracleTableRef, o: ReadOptions): string {
  const scn = o.asOfScn ? ' AS OF SCN :scn' : '';
  const where = o.where === undefined || o.where === '' ? '' : `\nWHERE ${o.where}`;
  const names = o.partitions?.names ?? [];
  if (names.length > 1) {
    const sub = o.partitions?.sub === true;
    const branches = names.map((name) => `  SELECT * FROM ${tableRef(t)}${partitionClause({ name, sub })}${scn}`);
    return `FROM (\n${branches.join('\n  UNION ALL\n')}\n) v${where}`;
  }
  const one = names.length === 1 ? { name: names[0]!, sub: o.partitions?.sub === true } : o.partition;
  return `FROM ${tableRef(t)}${one === undefined ? '' : partitionClause(one)}${scn}${where}`;
}

function hint(o: ReadOptions): string {
  return o.parallel === undefined ? '' : `/*+ ${parallelHint(o.parallel)} */ `;
}

/** An aggregate of the verification, on one column. */
export interface OracleAggregate {
  readonly column: string;
  readonly fn: 'count' | 'count_distinct' | 'min' | 'max' | 'sum';
  /** The column's Oracle base type (picks the exact text form of min/max). */
  readonly type: string;
}

/**
 * A value as exact text: numbers in `TM` (text-minimum) form, DATE and TIMESTAMP with a signed four-digit year and
 * every fractional digit, time-zoned timestamps in UTC, strings as they are.
 *
 * @example
 * textOf('MAX("SOLD")', 'DATE') // `TO_CHAR(MAX("SOLD"), 'SYYYY-MM-DD HH24:MI:SS')`
 */
export function textOf(expr: string, type: string): string {
  if (type === 'DATE') return `TO_CHAR(${expr}, 'SYYYY-MM-DD HH24:MI:SS')`;
  if (type === 'TIMESTAMP') return `TO_CHAR(${expr}, 'SYYYY-MM-DD HH24:MI:SS.FF9')`;
  if (type === 'TIMESTAMP WITH TIME ZONE' || type === 'TIMESTAMP WITH LOCAL TIME ZONE') {
    return `TO_CHAR(SYS_EXTRACT_UTC(${expr}), 'SYYYY-MM-DD HH24:MI:SS.FF9')`;
  }
  if (['NUMBER', 'FLOAT', 'BINARY_FLOAT', 'BINARY_DOUBLE'].includes(type)) return `TO_CHAR(${expr}, 'TM')`;
  return expr;
}

function aggregateExpr(a: OracleAggregate, i: number): string {
  const c = quoteIdent(a.column);
  const text =
    a.fn === 'count'
      ? `COUNT(${c})`
      : a.fn === 'count_distinct'
        ? `COUNT(DISTINCT ${c})`
        : a.fn === 'sum'
          ? `TO_CHAR(SUM(${c}), 'TM')`
          : textOf(`${a.fn.toUpperCase()}(${c})`, a.type);
  return `${text} AS "A${i}"`;
}

/** A numeric column to sample, or a date column (its earliest value). */
export interface SampleColumn {
  readonly name: string;
  readonly kind: 'number' | 'date';
}

/**
 * Every Oracle statement of the frontend, by name (each has a golden file).
 *
 * @example
 * ORACLE_SQL.count({ owner: 'SH', table: 'SALES' }, { asOfScn: true, parallel: 4 })
 */
export const ORACLE_SQL = {
  /**
   * Session settings that make every value read unambiguously (reference §2.2 session; our decision): ISO formats
   * with every digit, a UTC session time zone (TIMESTAMP WITH LOCAL TIME ZONE reads as UTC).
   */
  sessionSetup: () => [
    `ALTER SESSION SET NLS_DATE_FORMAT = 'SYYYY-MM-DD HH24:MI:SS'`,
    `ALTER SESSION SET NLS_TIMESTAMP_FORMAT = 'SYYYY-MM-DD HH24:MI:SS.FF9'`,
    `ALTER SESSION SET NLS_TIMESTAMP_TZ_FORMAT = 'SYYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM'`,
    `ALTER SESSION SET NLS_NUMERIC_CHARACTERS = '.,'`,
    `ALTER SESSION SET TIME_ZONE = '+00:00'`,
  ],
  /** Version and character sets (reference §2.2 frontend facts; the AL32UTF8 rule), one statement. */
  databaseInfo: () =>
    [
      'SELECT',
      `  (SELECT version FROM product_component_version WHERE product LIKE 'Oracle%' FETCH FIRST 1 ROWS ONLY) AS "VERSION",`,
      `  (SELECT value FROM nls_database_parameters WHERE parameter = 'NLS_CHARACTERSET') AS "CHARSET",`,
      `  (SELECT value FROM nls_database_parameters WHERE parameter = 'NLS_NCHAR_CHARACTERSET') AS "NCHARSET"`,
      'FROM dual',
    ].join('\n'),
  /** The instance's `compatible` (identifier length: 128 from 12.2.0, else 30); needs SELECT on `V$PARAMETER`. */
  compatible: () => `SELECT value FROM v$parameter WHERE name = 'compatible'`,
  /** `UNDO_RETENTION` in seconds (`goe connect`: how long an AS OF SCN read is safe from ORA-01555); needs `V$PARAMETER`. */
  undoRetention: () => `SELECT value FROM v$parameter WHERE name = 'undo_retention'`,
  /**
   * The session's FLASHBACK privileges in one statement (`goe connect`; an AS OF SCN read of another user's table
   * needs FLASHBACK on it or FLASHBACK ANY TABLE): the system privilege, and object grants direct or through roles.
   */
  flashbackPrivileges: () =>
    [
      'SELECT',
      `  (SELECT COUNT(*) FROM session_privs WHERE privilege = 'FLASHBACK ANY TABLE') AS "ANY_TABLE",`,
      `  (SELECT COUNT(*) FROM all_tab_privs WHERE privilege = 'FLASHBACK' AND grantee IN (USER, 'PUBLIC')) AS "GRANTED",`,
      `  (SELECT COUNT(*) FROM role_tab_privs WHERE privilege = 'FLASHBACK' AND role IN (SELECT role FROM session_roles)) AS "BY_ROLE"`,
      'FROM dual',
    ].join('\n'),
  /** The SCN every slice reads as of (reference orchestration §5, consistent read); needs SELECT on `V$DATABASE`. */
  currentScn: () => 'SELECT current_scn FROM v$database',
  /**
   * A table's columns from `ALL_TAB_COLS`, hidden columns left out, virtual columns marked, in column order
   * (reference §2.2 "From the dictionary").
   */
  describeColumns: () =>
    [
      'SELECT c.column_name, c.data_type, c.data_length, c.data_precision, c.data_scale, c.char_length, c.char_used,',
      '  c.nullable, c.virtual_column',
      'FROM all_tab_cols c',
      `WHERE c.owner = :owner AND c.table_name = :table_name AND c.hidden_column = 'NO'`,
      'ORDER BY c.column_id',
    ].join('\n'),
  /** The primary key's columns, in key order. */
  primaryKey: () =>
    [
      'SELECT cc.column_name',
      'FROM all_constraints c',
      'JOIN all_cons_columns cc ON cc.owner = c.owner AND cc.constraint_name = c.constraint_name',
      `WHERE c.owner = :owner AND c.table_name = :table_name AND c.constraint_type = 'P'`,
      'ORDER BY cc.position',
    ].join('\n'),
  /**
   * A table's kind and partitioning in one statement: IOT, temporary, row estimate, compression, and
   * `ALL_PART_TABLES`' partitioning and subpartitioning types and interval (reference §2.2 partition metadata).
   */
  tableInfo: () =>
    [
      'SELECT t.iot_type, t.temporary, t.partitioned, t.num_rows, t.compression, p.partitioning_type,',
      '  p.subpartitioning_type, p."INTERVAL"',
      'FROM all_tables t',
      'LEFT JOIN all_part_tables p ON p.owner = t.owner AND p.table_name = t.table_name',
      'WHERE t.owner = :owner AND t.table_name = :table_name',
    ].join('\n'),
  /** Partition and subpartition key columns in one statement, in key order. */
  partitionKeys: () =>
    [
      `SELECT 'PARTITION' AS kind, k.column_name, k.column_position`,
      'FROM all_part_key_columns k',
      `WHERE k.owner = :owner AND k.name = :table_name AND k.object_type = 'TABLE'`,
      'UNION ALL',
      `SELECT 'SUBPARTITION' AS kind, s.column_name, s.column_position`,
      'FROM all_subpart_key_columns s',
      `WHERE s.owner = :owner AND s.name = :table_name AND s.object_type = 'TABLE'`,
      'ORDER BY 1, 3',
    ].join('\n'),
  /** Every partition with its HIGH_VALUE text and row estimate, in position order (one statement). */
  partitions: () =>
    [
      'SELECT p.partition_name, p.partition_position, p.high_value, p.num_rows, p.subpartition_count',
      'FROM all_tab_partitions p',
      'WHERE p.table_owner = :owner AND p.table_name = :table_name',
      'ORDER BY p.partition_position',
    ].join('\n'),
  /** Every subpartition with its parent and HIGH_VALUE, in position order (one statement). */
  subpartitions: () =>
    [
      'SELECT s.partition_name, s.subpartition_name, s.subpartition_position, s.high_value, s.num_rows',
      'FROM all_tab_subpartitions s',
      'WHERE s.table_owner = :owner AND s.table_name = :table_name',
      'ORDER BY s.partition_name, s.subpartition_position',
    ].join('\n'),
  /** Segment bytes per (sub)partition, one statement; needs SELECT on `DBA_SEGMENTS` (fallback: row estimates). */
  dbaSegmentSizes: () =>
    [
      'SELECT s.partition_name, SUM(s.bytes) AS bytes',
      'FROM dba_segments s',
      `WHERE s.owner = :owner AND s.segment_name = :table_name AND s.segment_type LIKE 'TABLE%'`,
      'GROUP BY s.partition_name',
    ].join('\n'),
  /**
   * The table's extents for ROWID-range slices (split method `extent`), with the (sub)partition each belongs to (so a
   * partition scope reads only its own), one statement; needs SELECT on `DBA_EXTENTS` (fallback: split by `mod`).
   */
  dbaExtents: () =>
    [
      'SELECT o.data_object_id, e.relative_fno, e.block_id, e.blocks, e.partition_name',
      'FROM dba_extents e',
      `JOIN all_objects o ON o.owner = e.owner AND o.object_name = e.segment_name AND o.object_type LIKE 'TABLE%'`,
      `  AND (o.subobject_name = e.partition_name OR (o.subobject_name IS NULL AND e.partition_name IS NULL))`,
      `WHERE e.owner = :owner AND e.segment_name = :table_name AND e.segment_type LIKE 'TABLE%'`,
      'ORDER BY o.data_object_id, e.relative_fno, e.block_id',
    ].join('\n'),
  /**
   * MIN and MAX of an index-organized table's numeric key as exact text, for `id_range` slices (reference
   * orchestration §5.2), as of the snapshot.
   */
  keyRange: (t: OracleTableRef, column: string, o: ReadOptions = {}) =>
    `SELECT TO_CHAR(MIN(${quoteIdent(column)}), 'TM') AS "LO", TO_CHAR(MAX(${quoteIdent(column)}), 'TM') AS "HI"\n${from(t, o)}`,
  /** Row count of the table or a scope of it, as of the snapshot (reference orchestration §8.1, GOE's hints). */
  count: (t: OracleTableRef, o: ReadOptions = {}) => `SELECT ${hint(o)}COUNT(*) AS "N"\n${from(t, o)}`,
  /** The verification's aggregates in one statement, as exact text (reference orchestration §8.1). */
  aggregate: (t: OracleTableRef, aggregates: readonly OracleAggregate[], o: ReadOptions = {}) =>
    `SELECT ${hint(o)}${aggregates.map(aggregateExpr).join(', ')}\n${from(t, o)}`,
  /**
   * One slice's rows, each column in its exact wire form (`extractProjection`: server `TO_CHAR` text for datetimes,
   * the column itself otherwise, read by the driver's fetch type handler).
   */
  extract: (t: OracleTableRef, projections: readonly string[], o: ReadOptions = {}) =>
    `SELECT ${hint(o)}${projections.join(', ')}\n${from(t, o)}`,
  /**
   * The data sample of reference §2.1: per NUMBER/FLOAT column its largest integral digits, largest scale and a
   * "suspect" flag (exponent notation) over `TO_CHAR(ABS(x), 'TM')`, per DATE column its earliest value; from a
   * `SAMPLE BLOCK (pct)` of the table.
   */
  sample: (t: OracleTableRef, columns: readonly SampleColumn[], percent: number, parallel = 1) => {
    const pct = Math.min(99.999999, Math.max(0.000001, percent));
    const inner = columns.map((c, i) =>
      c.kind === 'number' ? `TO_CHAR(ABS(${quoteIdent(c.name)}), 'TM') AS "T${i}"` : `${quoteIdent(c.name)} AS "T${i}"`,
    );
    const outer = columns.flatMap((c, i) =>
      c.kind === 'number'
        ? [
            `MAX(CASE WHEN INSTR("T${i}", '.') > 0 THEN INSTR("T${i}", '.') - 1 ELSE LENGTH("T${i}") END) AS "I${i}"`,
            `MAX(CASE WHEN INSTR("T${i}", '.') > 0 THEN LENGTH("T${i}") - INSTR("T${i}", '.') ELSE 0 END) AS "S${i}"`,
            `MAX(CASE WHEN INSTR("T${i}", 'E') > 0 THEN 1 ELSE 0 END) AS "E${i}"`,
          ]
        : [`TO_CHAR(MIN("T${i}"), 'SYYYY-MM-DD HH24:MI:SS') AS "D${i}"`],
    );
    return [
      `SELECT /*+ NO_MERGE(v) ${parallelHint(parallel)} */`,
      `  ${outer.join(',\n  ')}`,
      `FROM (SELECT ${inner.join(', ')} FROM ${tableRef(t)} SAMPLE BLOCK (${pct})) v`,
    ].join('\n');
  },
} as const;
