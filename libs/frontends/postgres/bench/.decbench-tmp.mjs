// ../../tmp/decbench.ts
import { readFileSync as readFileSync2 } from "node:fs";

// libs/frontends/postgres/src/postgres-frontend.ts
import { defineFrontend } from "@goe/core";

// libs/frontends/postgres/src/config.ts
import { readFileSync } from "node:fs";
import { defineConfigSchema, GoeError } from "@goe/core";
var POSTGRES_SSL_MODES = ["disable", "require", "verify-ca", "verify-full"];
var POSTGRES_SPLIT_METHODS = ["auto", "partition", "page-range", "id_range", "mod"];
var POSTGRES_CONFIG = defineConfigSchema({
  group: "postgres",
  title: "PostgreSQL frontend",
  variables: [
    {
      name: "POSTGRES_CONN",
      type: "url",
      secret: true,
      schemes: ["postgres", "postgresql", "pglite"],
      description: "Source PostgreSQL: postgres://user:password@host:port/database[?sslmode=require] (driver pg), or pglite://<directory> for the embedded PGlite engine (pglite://memory: in memory, single connection)."
    },
    {
      name: "POSTGRES_SSLMODE",
      type: "enum",
      values: POSTGRES_SSL_MODES,
      description: "TLS mode when POSTGRES_CONN has no sslmode parameter: disable, require, verify-ca or verify-full."
    },
    {
      name: "POSTGRES_SSLROOTCERT",
      type: "path",
      description: "PEM file of the certificate authorities to trust (verify-ca, verify-full)."
    },
    { name: "POSTGRES_SSLCERT", type: "path", description: "PEM client certificate for TLS client authentication." },
    { name: "POSTGRES_SSLKEY", type: "path", description: "PEM private key of POSTGRES_SSLCERT." },
    {
      name: "POSTGRES_STATEMENT_TIMEOUT",
      type: "integer",
      min: 0,
      default: "0",
      description: "statement_timeout of every source session in milliseconds (0 = no limit; COPY counts as one statement)."
    },
    {
      name: "POSTGRES_CONNECT_TIMEOUT",
      type: "integer",
      min: 1,
      default: "30",
      description: "Seconds to wait for a source connection to open."
    },
    {
      name: "POSTGRES_DATA_SAMPLE_PERCENT",
      type: "string",
      default: "AUTO",
      pattern: "^(AUTO|\\d+(\\.\\d+)?)$",
      patternHint: "AUTO or a percentage from 0 to 100",
      description: "Sample size sizing unconstrained numeric columns (GOE --data-sample-percent): AUTO (100 % up to 1 GiB, less above), a percentage, or 0 to disable sampling (such columns then need --decimal-columns)."
    },
    {
      name: "POSTGRES_SPLIT_METHOD",
      type: "enum",
      values: POSTGRES_SPLIT_METHODS,
      default: "auto",
      description: "How parallel slices split a table: auto (leaf partitions, else page ranges), partition, page-range (ctid), id_range (ranges of an integer primary key) or mod (integer primary key modulo the parallelism)."
    },
    {
      name: "POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES",
      type: "boolean",
      default: "false",
      description: "Offload numeric NaN, Infinity and -Infinity as NULL instead of failing (the column becomes nullable)."
    },
    {
      name: "POSTGRES_ALLOW_INFINITE_DATES",
      type: "boolean",
      default: "false",
      description: "Offload date/timestamp infinity and -infinity as NULL instead of failing (the column becomes nullable)."
    },
    {
      name: "POSTGRES_ALLOW_BC_DATES",
      type: "boolean",
      default: "false",
      description: "Offload dates and timestamps before 0001-01-01 (BC) as proleptic Gregorian values instead of failing."
    }
  ]
});
function bool(config2, name) {
  const v = config2.get(name);
  if (v === void 0) return false;
  if (typeof v === "boolean") return v;
  return /^(true|y|yes|on|1)$/i.test(String(v));
}
function int(config2, name, dflt) {
  const v = config2.get(name);
  if (v === void 0 || v === "") return dflt;
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new GoeError("CONFIG_INVALID", `${name} must be a non-negative integer`, { variable: name });
  return n;
}
function parseSamplePercent(text) {
  if (text === void 0 || text === "" || /^auto$/i.test(text)) return -1;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    throw new GoeError(
      "CONFIG_INVALID",
      `POSTGRES_DATA_SAMPLE_PERCENT must be AUTO or 0-100, got ${JSON.stringify(text)}`,
      {
        variable: "POSTGRES_DATA_SAMPLE_PERCENT"
      }
    );
  }
  return n;
}
function readPem(config2, name) {
  const path = config2.get(name);
  if (path === void 0 || path === "") return void 0;
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    throw new GoeError("CONFIG_INVALID", `${name}: cannot read ${path}`, { variable: name, cause });
  }
}
function sslOptions(config2, url) {
  if (url.searchParams.has("sslmode")) return void 0;
  const mode = config2.get("POSTGRES_SSLMODE") ?? "disable";
  if (!POSTGRES_SSL_MODES.includes(mode)) {
    throw new GoeError("CONFIG_INVALID", `POSTGRES_SSLMODE must be one of ${POSTGRES_SSL_MODES.join(", ")}`, {
      variable: "POSTGRES_SSLMODE"
    });
  }
  if (mode === "disable") return false;
  const ca = readPem(config2, "POSTGRES_SSLROOTCERT");
  const cert = readPem(config2, "POSTGRES_SSLCERT");
  const key = readPem(config2, "POSTGRES_SSLKEY");
  const files = {
    ...ca === void 0 ? {} : { ca },
    ...cert === void 0 ? {} : { cert },
    ...key === void 0 ? {} : { key }
  };
  if (mode === "require") return { rejectUnauthorized: false, ...files };
  if (mode === "verify-ca") return { rejectUnauthorized: true, ...files, checkServerIdentity: () => void 0 };
  return { rejectUnauthorized: true, ...files };
}
function resolvePostgresSettings(config2) {
  const conn = config2.get("POSTGRES_CONN");
  if (conn === void 0 || conn === "") {
    throw new GoeError("CONFIG_INVALID", "POSTGRES_CONN is not set", {
      variable: "POSTGRES_CONN",
      hint: "Set POSTGRES_CONN=postgres://user:password@host:5432/database or pglite://<directory>"
    });
  }
  const common = {
    allowNumericSpecialValues: bool(config2, "POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES"),
    allowInfiniteDates: bool(config2, "POSTGRES_ALLOW_INFINITE_DATES"),
    allowBcDates: bool(config2, "POSTGRES_ALLOW_BC_DATES"),
    statementTimeoutMs: int(config2, "POSTGRES_STATEMENT_TIMEOUT", 0),
    connectTimeoutMs: int(config2, "POSTGRES_CONNECT_TIMEOUT", 30) * 1e3,
    dataSamplePercent: parseSamplePercent(config2.get("POSTGRES_DATA_SAMPLE_PERCENT")),
    splitMethod: config2.get("POSTGRES_SPLIT_METHOD") ?? "auto",
    applicationName: "goe"
  };
  if (!POSTGRES_SPLIT_METHODS.includes(common.splitMethod)) {
    throw new GoeError("CONFIG_INVALID", `POSTGRES_SPLIT_METHOD must be one of ${POSTGRES_SPLIT_METHODS.join(", ")}`, {
      variable: "POSTGRES_SPLIT_METHOD"
    });
  }
  if (/^pglite:/i.test(conn)) {
    const rest = conn.replace(/^pglite:(\/\/)?/i, "");
    if (rest === "")
      throw new GoeError("CONFIG_INVALID", "POSTGRES_CONN pglite:// needs a directory", { variable: "POSTGRES_CONN" });
    return { engine: "pglite", dataDir: rest === "memory" ? "memory://" : rest, ...common };
  }
  let url;
  try {
    url = new URL(conn);
  } catch {
    throw new GoeError("CONFIG_INVALID", "POSTGRES_CONN is not a valid URL (value not shown: it may hold a password)", {
      variable: "POSTGRES_CONN"
    });
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new GoeError(
      "CONFIG_INVALID",
      `POSTGRES_CONN must start with postgres://, postgresql:// or pglite://, got ${url.protocol}//`,
      {
        variable: "POSTGRES_CONN"
      }
    );
  }
  const ssl = sslOptions(config2, url);
  return { engine: "pg", url: conn, ...ssl === void 0 ? {} : { ssl }, ...common };
}
function redactUrl(url) {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}

// libs/frontends/postgres/src/connection.ts
import { GoeError as GoeError3, isGoeError } from "@goe/core";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

// libs/frontends/postgres/src/predicate.ts
import {
  GoeError as GoeError2,
  isDateType,
  isNumberType,
  isStringType,
  POSTGRES_PREDICATE_DIALECT,
  predicateColumnResolver,
  renderPredicate
} from "@goe/core";

// libs/frontends/postgres/src/quote.ts
function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
function quoteLiteral(text) {
  const q = text.replace(/'/g, "''");
  return text.includes("\\") ? `E'${q.replace(/\\/g, "\\\\")}'` : `'${q}'`;
}
function qualified(schema, table2) {
  return `${quoteIdent(schema)}.${quoteIdent(table2)}`;
}

// libs/frontends/postgres/src/predicate.ts
function invalid(message) {
  return new GoeError2("PREDICATE_INVALID", message);
}
function checkType(value, context) {
  const t = context.columnType;
  if (t === "LARGE_STRING" || t === "LARGE_BINARY")
    throw invalid(`Data type is not supported for offload predicate: ${t} (column ${context.columnName})`);
  const ok = value.kind === "numeric" ? isNumberType(t) : value.kind === "datetime" ? isDateType(t) : isStringType(t);
  if (!ok)
    throw invalid(
      `Columns of data type ${t} cannot be compared to ${value.kind} values (column ${context.columnName})`
    );
  return t;
}
function datetimeType(t, hasTime) {
  if (t === "TIMESTAMP_TZ") return "timestamptz";
  return t === "DATE" && !hasTime ? "date" : "timestamp";
}
var BIND_DIALECT = {
  ...POSTGRES_PREDICATE_DIALECT,
  name: "postgres",
  castPlaceholder(placeholder, value, context) {
    const t = checkType(value, context);
    if (value.kind === "datetime") return `CAST(${placeholder} AS ${datetimeType(t, value.hasTime)})`;
    return POSTGRES_PREDICATE_DIALECT.castPlaceholder(placeholder, value, context);
  }
};
var INLINE_DIALECT = {
  name: "postgres-inline",
  inlineValues: true,
  quoteIdentifier: quoteIdent,
  renderLiteral(value, context) {
    const t = checkType(value, context);
    if (value.kind === "numeric") return value.value.startsWith("-") ? `(${value.value})` : value.value;
    if (value.kind === "datetime") return `${quoteLiteral(value.value)}::${datetimeType(t, value.hasTime)}`;
    return quoteLiteral(value.value);
  }
};
function options(table2) {
  const resolve = predicateColumnResolver(table2.columns.map((c) => c.name));
  return {
    resolveColumn: resolve,
    columnType: (ref) => {
      const name = resolve(ref);
      return table2.columns.find((c) => c.name === name)?.canonical.dataType;
    }
  };
}
function renderPredicateSql(ast, table2) {
  return renderPredicate(ast, BIND_DIALECT, options(table2));
}
function renderPredicateInline(ast, table2) {
  return renderPredicate(ast, INLINE_DIALECT, options(table2)).sql;
}

// libs/frontends/postgres/src/sql.ts
var SESSION_SETUP_SQL = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'";
var SERVER_VERSION_SQL = "SELECT version() AS version, current_setting('server_version_num') AS num";
var RESOLVE_TABLE_SQL = `SELECT c.oid::int8::text AS oid, n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS relkind
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND lower(n.nspname) = lower($1) AND lower(c.relname) = lower($2)
ORDER BY n.nspname, c.relname`;
var COLUMNS_SQL = `WITH RECURSIVE cols AS (
  SELECT a.attnum, a.attname, a.attnotnull AS notnull, a.atttypid AS decl, a.atttypid AS typid, a.atttypmod AS typmod,
         pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS dflt
  FROM pg_catalog.pg_attribute a
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT c.attnum, c.attname, c.notnull OR t.typnotnull, c.decl, t.typbasetype,
         CASE WHEN c.typmod = -1 THEN t.typtypmod ELSE c.typmod END, c.dflt
  FROM cols c JOIN pg_catalog.pg_type t ON t.oid = c.typid
  WHERE t.typtype = 'd'
)
SELECT c.attnum::int4 AS attnum, c.attname::text AS name, c.notnull, c.dflt,
       t.typname::text AS typname, t.typtype::text AS typtype, t.typcategory::text AS typcategory,
       c.typmod::int4 AS typmod, pg_catalog.format_type(c.typid, c.typmod) AS formatted,
       pg_catalog.format_type(c.decl, NULL) AS declared
FROM cols c JOIN pg_catalog.pg_type t ON t.oid = c.typid
WHERE t.typtype <> 'd'
ORDER BY c.attnum`;
var PRIMARY_KEY_SQL = `SELECT a.attname::text AS name
FROM pg_catalog.pg_index i
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indrelid = $1::oid AND i.indisprimary
ORDER BY k.ord`;
var PARTITION_KEY_COLUMNS = `(SELECT json_agg(CASE WHEN k.attnum = 0 THEN NULL ELSE a.attname::text END ORDER BY k.ord)::text
   FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
   LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum)`;
var PARTITION_KEY_SQL = `SELECT pt.partstrat::text AS strategy, pg_catalog.pg_get_partkeydef(pt.partrelid) AS keydef,
  ${PARTITION_KEY_COLUMNS} AS columns
FROM pg_catalog.pg_partitioned_table pt
WHERE pt.partrelid = $1::oid`;
var PARTITIONS_SQL = `WITH RECURSIVE tree AS (
  SELECT i.inhrelid AS oid, i.inhparent AS parent, 1 AS level
  FROM pg_catalog.pg_inherits i WHERE i.inhparent = $1::oid
  UNION ALL
  SELECT i.inhrelid, i.inhparent, t.level + 1
  FROM pg_catalog.pg_inherits i JOIN tree t ON i.inhparent = t.oid
)
SELECT t.oid::int8::text AS oid, t.parent::int8::text AS parent, t.level::int4 AS level,
       n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS relkind,
       pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound,
       pt.partstrat::text AS substrategy,
       CASE WHEN pt.partrelid IS NULL THEN NULL ELSE ${PARTITION_KEY_COLUMNS} END AS subcolumns,
       c.reltuples::float8 AS reltuples, pg_catalog.pg_table_size(c.oid)::int8::text AS bytes,
       greatest(c.relpages::int8, pg_catalog.pg_relation_size(c.oid) / current_setting('block_size')::int8)::text AS pages
FROM tree t
JOIN pg_catalog.pg_class c ON c.oid = t.oid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
ORDER BY t.level, c.relname`;
var RELATION_SIZE_SQL = `SELECT pg_catalog.pg_table_size(c.oid)::int8::text AS bytes, c.reltuples::float8 AS reltuples,
       greatest(c.relpages::int8, pg_catalog.pg_relation_size(c.oid) / current_setting('block_size')::int8)::text AS pages
FROM pg_catalog.pg_class c WHERE c.oid = $1::oid`;
var BEGIN_SNAPSHOT_SQL = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
var EXPORT_SNAPSHOT_SQL = "SELECT pg_catalog.pg_export_snapshot() AS id";
var COMMIT_SQL = "COMMIT";
function setTransactionSnapshotSql(id) {
  if (!/^[0-9A-Fa-f-]+$/.test(id)) throw new Error(`Not a snapshot id: ${JSON.stringify(id)}`);
  return `SET TRANSACTION SNAPSHOT ${quoteLiteral(id)}`;
}
function sampleNumericSql(from, columns, percent) {
  const parts = columns.map((c, i) => {
    const q = quoteIdent(c.name);
    const special = `${q}::numeric IN ('NaN', 'Infinity', '-Infinity')`;
    return [
      `max(CASE WHEN ${special} THEN NULL WHEN abs(${q}::numeric) < 1 THEN 0 ELSE length(trunc(abs(${q}::numeric))::text) END)::int4 AS i${i}`,
      `max(CASE WHEN ${special} THEN NULL ELSE min_scale(${q}::numeric) END)::int4 AS s${i}`,
      `count(*) FILTER (WHERE ${special})::int8::text AS x${i}`
    ].join(",\n       ");
  });
  const sample = percent > 0 && percent < 100 ? ` TABLESAMPLE SYSTEM (${Number(percent.toFixed(6))})` : "";
  return `SELECT ${parts.join(",\n       ")}
FROM ${from}${sample}`;
}
function selectSql(projections, from, where2) {
  const w = where2.length === 0 ? "" : ` WHERE ${where2.map((c) => `(${c})`).join(" AND ")}`;
  return `SELECT ${projections.join(", ")} FROM ${from}${w}`;
}
function copyOutSql(select, engine = "pg") {
  return `COPY (${select}) TO ${engine === "pg" ? "STDOUT" : "'/dev/blob'"} (FORMAT binary)`;
}
function countSql(from, where2) {
  return selectSql(["count(*)::int8::text AS n"], from, where2);
}
function aggregateSql(expressions, from, where2) {
  return selectSql(
    expressions.map((e, i) => `${e} AS a${i}`),
    from,
    where2
  );
}
function keyRangeSql(column, from, where2) {
  const q = quoteIdent(column);
  return selectSql([`min(${q})::text AS lo`, `max(${q})::text AS hi`], from, where2);
}
function ctidRangeSql(from, to) {
  const lo = `ctid >= '(${from},0)'::tid`;
  return to === void 0 ? lo : `${lo} AND ctid < '(${to},0)'::tid`;
}
function keyRangeConditionSql(column, lo, hi) {
  const q = quoteIdent(column);
  const parts = [];
  if (lo !== void 0) parts.push(`${q} >= ${checkInteger(lo)}`);
  if (hi !== void 0) parts.push(`${q} < ${checkInteger(hi)}`);
  return parts.length === 0 ? "true" : parts.join(" AND ");
}
function modConditionSql(column, modulus, remainder) {
  return `abs(${quoteIdent(column)} % ${modulus}) = ${remainder}`;
}
function checkInteger(text) {
  if (!/^-?\d+$/.test(text)) throw new Error(`Not an integer: ${JSON.stringify(text)}`);
  return text;
}
var GOLDEN_TABLE = {
  owner: "sh",
  name: "sales",
  primaryKey: [],
  partitioning: { method: "none", columns: [], partitions: [] },
  columns: [
    ["id", "bigint", "INTEGER_8"],
    ["Note", "text", "VARIABLE_STRING"],
    ["sale_date", "date", "DATE"],
    ["created", "timestamp(6) without time zone", "TIMESTAMP"]
  ].map(([name, dataType, canonical]) => ({
    name,
    dataType,
    nullable: true,
    safeMapping: true,
    canonical: { name, dataType: canonical, nullable: true, safeMapping: true }
  }))
};

// libs/frontends/postgres/src/connection.ts
var CONNECT_CODES = /* @__PURE__ */ new Set(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "EAI_AGAIN"]);
function mapPgError(error, context) {
  if (isGoeError(error)) return error;
  const e = error ?? {};
  const code = typeof e.code === "string" ? e.code : void 0;
  const message = context.mask(String(e.message ?? error));
  const isSqlState = code !== void 0 && /^[0-9A-Z]{5}$/.test(code);
  const connectionClass = code !== void 0 && CONNECT_CODES.has(code) || isSqlState && (code.startsWith("08") || code.startsWith("28") || code === "3D000" || code === "57P03");
  const details = {
    ...context.sql === void 0 ? {} : { sql: context.mask(context.sql) },
    ...code === void 0 ? {} : { engineCode: code },
    ...e.hint === void 0 ? {} : { hint: context.mask(e.hint) },
    cause: error
  };
  if (connectionClass || context.connecting && !isSqlState) {
    return new GoeError3("CONNECTION_FAILED", `Cannot connect to PostgreSQL: ${message}`, details);
  }
  const detail = e.detail ? ` (${context.mask(e.detail)})` : "";
  return new GoeError3("ENGINE_ERROR", `PostgreSQL error${code ? ` ${code}` : ""}: ${message}${detail}`, details);
}
function urlMasker(url, extra) {
  let password;
  if (url !== void 0) {
    try {
      password = decodeURIComponent(new URL(url).password) || void 0;
    } catch {
      password = void 0;
    }
  }
  return (text) => {
    let out = url === void 0 ? text : text.split(url).join(redactUrl(url));
    if (password !== void 0 && password.length > 0) out = out.split(password).join("***");
    return extra ? extra(out) : out;
  };
}
function aborted(signal) {
  return new GoeError3("ABORTED", "Extraction cancelled", { cause: signal?.reason });
}
var PgClientConnection = class {
  constructor(client, mask) {
    this.client = client;
    this.mask = mask;
  }
  client;
  mask;
  engine = "pg";
  broken = false;
  async query(sql, params = []) {
    try {
      const result = await this.client.query(sql, params);
      return Array.isArray(result) ? result.at(-1)?.rows ?? [] : result.rows;
    } catch (error) {
      throw mapPgError(error, { sql, mask: this.mask });
    }
  }
  async *copyOut(select, signal) {
    const sql = copyOutSql(select, "pg");
    if (signal?.aborted) throw aborted(signal);
    const stream = this.client.query(copyTo(sql));
    const onAbort = () => stream.destroy(aborted(signal));
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for await (const chunk of stream) yield chunk;
    } catch (error) {
      if (signal?.aborted) throw aborted(signal);
      throw mapPgError(error, { sql, mask: this.mask });
    } finally {
      signal?.removeEventListener("abort", onAbort);
      if (!stream.readableEnded) {
        this.broken = true;
        stream.destroy();
        this.client.connection.stream.destroy();
      }
    }
  }
  async close() {
    if (this.broken) return;
    const timeout = new Promise((resolve) => setTimeout(resolve, 2e3).unref());
    await Promise.race([this.client.end().catch(() => void 0), timeout]);
  }
};
function pgConnector(settings, mask) {
  return {
    engine: "pg",
    async open() {
      const client = new pg.Client({
        connectionString: settings.url,
        ...settings.ssl === void 0 ? {} : { ssl: settings.ssl },
        application_name: settings.applicationName,
        connectionTimeoutMillis: settings.connectTimeoutMs,
        ...settings.statementTimeoutMs > 0 ? { statement_timeout: settings.statementTimeoutMs } : {}
      });
      client.on("error", () => void 0);
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => void 0);
        throw mapPgError(error, { mask, connecting: true });
      }
      const conn = new PgClientConnection(client, mask);
      await conn.query(SESSION_SETUP_SQL);
      return conn;
    },
    async close() {
    }
  };
}
var Mutex = class {
  tail = Promise.resolve();
  acquire() {
    let release;
    const next = new Promise((r) => release = r);
    const prev = this.tail;
    this.tail = prev.then(() => next);
    return prev.then(() => release);
  }
};
var PGLITE_CHUNK = 1 << 20;
var PgliteConnection = class {
  constructor(db, release, mask) {
    this.db = db;
    this.release = release;
    this.mask = mask;
  }
  db;
  release;
  mask;
  engine = "pglite";
  released = false;
  async query(sql, params = []) {
    try {
      if (params.length === 0 && /;\s*\S/.test(sql)) {
        const results = await this.db.exec(sql);
        return results.at(-1)?.rows ?? [];
      }
      return (await this.db.query(sql, params)).rows;
    } catch (error) {
      throw mapPgError(error, { sql, mask: this.mask });
    }
  }
  async *copyOut(select, signal) {
    const sql = copyOutSql(select, "pglite");
    if (signal?.aborted) throw aborted(signal);
    let bytes;
    try {
      const result = await this.db.query(sql);
      bytes = result.blob ? new Uint8Array(await result.blob.arrayBuffer()) : new Uint8Array(0);
    } catch (error) {
      throw mapPgError(error, { sql, mask: this.mask });
    }
    for (let off = 0; off < bytes.length; off += PGLITE_CHUNK) {
      if (signal?.aborted) throw aborted(signal);
      yield bytes.subarray(off, Math.min(bytes.length, off + PGLITE_CHUNK));
    }
  }
  async close() {
    if (this.released) return;
    this.released = true;
    await this.db.query("ROLLBACK").catch(() => void 0);
    this.release();
  }
};
var ENGINES = /* @__PURE__ */ new Map();
function pgliteConnector(settings, mask) {
  const dir = settings.dataDir ?? "memory://";
  let engine;
  const acquire = () => {
    if (engine) return engine;
    const shared = dir === "memory://" ? void 0 : ENGINES.get(dir);
    if (shared) {
      shared.refs++;
      return engine = shared;
    }
    const created = {
      refs: 1,
      mutex: new Mutex(),
      db: (async () => {
        try {
          const { PGlite } = await import("@electric-sql/pglite");
          const instance = await PGlite.create(dir);
          await instance.exec(SESSION_SETUP_SQL);
          return instance;
        } catch (error) {
          throw mapPgError(error, { mask, connecting: true });
        }
      })()
    };
    if (dir !== "memory://") ENGINES.set(dir, created);
    return engine = created;
  };
  return {
    engine: "pglite",
    async open() {
      const e = acquire();
      const instance = await e.db;
      const release = await e.mutex.acquire();
      return new PgliteConnection(instance, release, mask);
    },
    async close() {
      const e = engine;
      if (e === void 0) return;
      engine = void 0;
      if (--e.refs > 0) return;
      if (ENGINES.get(dir) === e) ENGINES.delete(dir);
      const instance = await e.db.catch(() => void 0);
      await instance?.close().catch(() => void 0);
    }
  };
}
function createConnector(settings, extraMask) {
  const mask = urlMasker(settings.url, extraMask);
  return settings.engine === "pg" ? pgConnector(settings, mask) : pgliteConnector(settings, mask);
}

// libs/frontends/postgres/src/extract/extract.ts
import { GoeError as GoeError8 } from "@goe/core";

// libs/frontends/postgres/src/slices.ts
import { GoeError as GoeError4 } from "@goe/core";
function leavesInScope(info, scope) {
  if (scope.kind !== "partitions") return info.leaves;
  if (info.relkind !== "p") throw new GoeError4("OPTION_INVALID", `${info.schema}.${info.name} is not partitioned`);
  const out = /* @__PURE__ */ new Map();
  for (const name of scope.partitions) {
    const key = [...info.partitionLeaves.keys()].find((k) => k === name) ?? [...info.partitionLeaves.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === void 0)
      throw new GoeError4("OPTION_INVALID", `Unknown partition ${name} of ${info.schema}.${info.name}`);
    for (const l of info.partitionLeaves.get(key)) out.set(`${l.schema}.${l.name}`, l);
  }
  return [...out.values()];
}
function scopeConditions(table2, info, scope) {
  if (scope.kind === "predicate") return [renderPredicateInline(scope.predicate, table2)];
  if (scope.kind === "partitions") {
    const leaves = leavesInScope(info, scope);
    if (leaves.length === 0) return ["false"];
    return [`tableoid IN (${leaves.map((l) => `${quoteLiteral(qualified(l.schema, l.name))}::regclass`).join(", ")})`];
  }
  return [];
}
function split(u) {
  const from = u.f ?? 0;
  const to = u.t ?? u.p;
  if (to - from < 2) return void 0;
  const mid = from + Math.floor((to - from) / 2);
  const lo = { s: u.s, n: u.n, p: u.p, f: from, t: mid };
  const hi = { s: u.s, n: u.n, p: u.p, f: mid, ...u.t === void 0 ? {} : { t: u.t } };
  if (lo.f === 0) delete lo.f;
  return [lo, hi];
}
var weight = (u) => Math.max(1, (u.t ?? u.p) - (u.f ?? 0));
function unitSlices(table2, info, scope, parallelism) {
  let units = leavesInScope(info, scope).map((l) => ({ s: l.schema, n: l.name, p: l.pages }));
  while (units.length < parallelism) {
    const biggest = units.reduce(
      (a, u) => a === void 0 || weight(u) > weight(a) ? u : a,
      void 0
    );
    const halves = biggest && split(biggest);
    if (!halves) break;
    units = units.filter((u) => u !== biggest).concat(halves);
  }
  const bins = Array.from({ length: Math.min(parallelism, Math.max(1, units.length)) }, () => []);
  const load = bins.map(() => 0);
  for (const u of [...units].sort((a, b) => weight(b) - weight(a))) {
    const i = load.indexOf(Math.min(...load));
    bins[i].push(u);
    load[i] += weight(u);
  }
  const totalPages = info.leaves.reduce((s, l) => s + Math.max(1, l.pages), 0);
  const method = info.relkind === "p" ? "partition" : "page-range";
  return bins.map((bin, i) => ({
    id: `${method}-${i}`,
    method,
    scope,
    params: { units: JSON.stringify(bin) },
    ...table2.rowEstimate === void 0 ? {} : { rowEstimate: Math.round(table2.rowEstimate * load[i] / totalPages) }
  }));
}
function integerKey(table2, method) {
  const pk = table2.primaryKey;
  const col = pk.length === 1 ? table2.columns.find((c) => c.name === pk[0]) : void 0;
  if (!col || !["INTEGER_1", "INTEGER_2", "INTEGER_4", "INTEGER_8", "INTEGER_38"].includes(col.canonical.dataType)) {
    throw new GoeError4(
      "OPTION_INVALID",
      `POSTGRES_SPLIT_METHOD=${method} needs a single-column integer primary key on ${table2.owner}.${table2.name}`,
      {
        variable: "POSTGRES_SPLIT_METHOD"
      }
    );
  }
  return col.name;
}
async function planPostgresSlices(input) {
  const { table: table2, info, scope } = input;
  const n = Math.max(1, Math.floor(input.parallelism));
  const all = {
    id: "all",
    method: "all",
    scope,
    params: {},
    ...table2.rowEstimate === void 0 ? {} : { rowEstimate: table2.rowEstimate }
  };
  if (info.relkind === "v" || info.relkind === "f" || n === 1 && info.relkind !== "p") return [all];
  const method = input.method === "auto" ? info.relkind === "p" ? "partition" : "page-range" : input.method;
  if (method === "partition" || method === "page-range") return unitSlices(table2, info, scope, n);
  const key = integerKey(table2, method);
  if (method === "mod") {
    return Array.from({ length: n }, (_, r) => ({
      id: `mod-${r}`,
      method: "mod",
      scope,
      params: { column: key, modulus: n, remainder: r }
    }));
  }
  const from = qualified(info.schema, info.name);
  const conn = await input.conn();
  const range = (await conn.query(
    keyRangeSql(key, from, scopeConditions(table2, info, scope))
  ))[0];
  if (!range || range.lo === null || range.hi === null) return [all];
  const lo = BigInt(range.lo);
  const hi = BigInt(range.hi);
  const count = BigInt(n);
  const step = (hi - lo + count) / count;
  const slices = [];
  for (let i = 0n; i < count; i++) {
    const a = lo + step * i;
    if (a > hi) break;
    slices.push({
      id: `id_range-${i}`,
      method: "id_range",
      scope,
      params: {
        column: key,
        lo: i === 0n ? null : a.toString(),
        hi: i === count - 1n || a + step > hi ? null : (a + step).toString()
      }
    });
  }
  return slices;
}
function sliceSources(table2, info, slice) {
  const scope = slice.scope;
  const p = slice.params;
  if (slice.method === "partition" || slice.method === "page-range") {
    const where3 = scope.kind === "predicate" ? [renderPredicateInline(scope.predicate, table2)] : [];
    const units = JSON.parse(String(p.units));
    return units.map((u) => ({
      from: qualified(u.s, u.n),
      where: u.f === void 0 && u.t === void 0 ? where3 : [...where3, ctidRangeSql(u.f ?? 0, u.t)]
    }));
  }
  const where2 = scopeConditions(table2, info, scope);
  const from = qualified(info.schema, info.name);
  if (slice.method === "id_range") {
    const cond = keyRangeConditionSql(
      String(p.column),
      p.lo === null ? void 0 : String(p.lo),
      p.hi === null ? void 0 : String(p.hi)
    );
    return [{ from, where: [...where2, cond] }];
  }
  if (slice.method === "mod")
    return [{ from, where: [...where2, modConditionSql(String(p.column), Number(p.modulus), Number(p.remainder))] }];
  if (slice.method === "all") return [{ from, where: where2 }];
  throw new GoeError4("OPTION_INVALID", `Slice method ${slice.method} is not one the PostgreSQL frontend plans`);
}

// libs/frontends/postgres/src/snapshot.ts
async function openSnapshot(connector) {
  if (connector.engine === "pglite") return { kind: "none", id: "none", release: async () => void 0 };
  const conn = await connector.open();
  try {
    await conn.query(BEGIN_SNAPSHOT_SQL);
    const id = (await conn.query(EXPORT_SNAPSHOT_SQL))[0].id;
    let released = false;
    return {
      kind: "exported-snapshot",
      id,
      async release() {
        if (released) return;
        released = true;
        await conn.query(COMMIT_SQL).catch(() => void 0);
        await conn.close();
      }
    };
  } catch (error) {
    await conn.close();
    throw error;
  }
}
async function beginRead(conn, snapshot) {
  await conn.query(BEGIN_SNAPSHOT_SQL);
  if (snapshot?.kind === "exported-snapshot") await conn.query(setTransactionSnapshotSql(snapshot.id));
}
async function endRead(conn) {
  await conn.query(COMMIT_SQL);
}

// libs/frontends/postgres/src/extract/copy-binary.ts
import { makeData as makeData2, RecordBatch, Struct } from "apache-arrow";

// libs/frontends/postgres/src/extract/decoders.ts
import { GoeError as GoeError6 } from "@goe/core";
import { makeData } from "apache-arrow";

// libs/frontends/postgres/src/extract/buffers.ts
import { endianness } from "node:os";
import { GoeError as GoeError5 } from "@goe/core";
if (endianness() !== "LE") {
  throw new GoeError5(
    "INTERNAL",
    "@goe/frontend-postgres decodes into little-endian Arrow buffers and needs a little-endian CPU"
  );
}
var INITIAL_ROWS = 1024;
var Validity = class {
  bits;
  nullCount = 0;
  constructor(rows = INITIAL_ROWS) {
    this.bits = new Uint8Array(rows + 7 >> 3);
  }
  /** Marks row `i` valid. */
  set(i) {
    if (i >> 3 >= this.bits.length) this.grow(i);
    this.bits[i >> 3] |= 1 << (i & 7);
  }
  /** Marks row `i` null (bits start cleared). */
  unset(i) {
    if (i >> 3 >= this.bits.length) this.grow(i);
    this.nullCount++;
  }
  grow(i) {
    const next = new Uint8Array(Math.max(this.bits.length * 2, (i >> 3) + 1));
    next.set(this.bits);
    this.bits = next;
  }
  /** The bitmap of `rows` rows, or an empty array when nothing is null. */
  finish(rows) {
    return this.nullCount === 0 ? new Uint8Array(0) : this.bits.subarray(0, rows + 7 >> 3);
  }
};
var FixedBytes = class {
  constructor(width, rows = INITIAL_ROWS) {
    this.width = width;
    this.bytes = new Uint8Array(rows * width);
  }
  width;
  bytes;
  /** Byte offset of row `i`, growing the buffer when needed. */
  slot(i) {
    const o = i * this.width;
    if (o + this.width > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, o + this.width));
      next.set(this.bytes);
      this.bytes = next;
    }
    return o;
  }
  /** The values of `rows` rows as an `ArrayBuffer` slice view. */
  finish(rows) {
    return this.bytes.subarray(0, rows * this.width);
  }
};
var VarBytes = class {
  constructor(large, rows = INITIAL_ROWS, bytes = 64 * 1024) {
    this.large = large;
    this.data = new Uint8Array(bytes);
    this.offsets = new Int32Array((rows + 1) * (large ? 2 : 1));
  }
  large;
  data;
  length = 0;
  offsets;
  /** Ensures room for `n` more bytes. */
  reserve(n) {
    if (this.length + n <= this.data.length) return;
    const next = new Uint8Array(Math.max(this.data.length * 2, this.length + n));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /** Copies `len` bytes from `src` at `p` (no view objects for short values). */
  append(src, p, len2) {
    this.reserve(len2);
    const d = this.data;
    let o = this.length;
    if (len2 < 48) {
      for (let k = 0; k < len2; k++) d[o++] = src[p + k];
    } else {
      src.copy(d, o, p, p + len2);
      o += len2;
    }
    this.length = o;
  }
  /** Appends one ASCII byte. */
  appendByte(b) {
    this.reserve(1);
    this.data[this.length++] = b;
  }
  /** Records the end offset of row `i`. */
  end(i) {
    const k = this.large ? (i + 1) * 2 : i + 1;
    if (k + 1 >= this.offsets.length) {
      const next = new Int32Array(Math.max(this.offsets.length * 2, k + 2));
      next.set(this.offsets);
      this.offsets = next;
    }
    if (this.large) {
      this.offsets[k] = this.length | 0;
      this.offsets[k + 1] = Math.floor(this.length / 4294967296);
    } else {
      if (this.length > 2147483647)
        throw new GoeError5("INTERNAL", "A batch column exceeds 2 GiB of text; lower the batch size");
      this.offsets[k] = this.length;
    }
  }
  /** Offsets (`Int32Array` or `BigInt64Array`) and data of `rows` rows. */
  finish(rows) {
    const n = rows + 1;
    const offsets = this.large ? new BigInt64Array(this.offsets.buffer, this.offsets.byteOffset, n) : this.offsets.subarray(0, n);
    return { offsets, data: this.data.subarray(0, this.length) };
  }
};

// libs/frontends/postgres/src/extract/decoders.ts
var PG_EPOCH_DAYS = 10957;
var PG_EPOCH_MICROS = 9466848e8;
var PG_DAY_0001 = -730119;
var US_PER_DAY = 864e8;
var TWO32 = 4294967296;
var EPOCH_HI = Math.floor(PG_EPOCH_MICROS / TWO32);
var EPOCH_LO = PG_EPOCH_MICROS - EPOCH_HI * TWO32;
var MIN_US = PG_DAY_0001 * US_PER_DAY;
var MIN_HI = Math.floor(MIN_US / TWO32);
var MIN_LO = MIN_US - MIN_HI * TWO32;
function corrupt(what) {
  return new GoeError6("ENGINE_ERROR", `Corrupted COPY binary stream: ${what}`, { engineCode: "GOE_COPY_DECODE" });
}
function refused(name, what, variable) {
  return new GoeError6("TYPE_LOSSY_CONVERSION", `Column ${name}: ${what} cannot be offloaded`, {
    column: name,
    variable,
    hint: `Set ${variable}=true to offload such values as NULL${variable === "POSTGRES_ALLOW_BC_DATES" ? " (BC dates: kept as proleptic Gregorian)" : ""}`
  });
}
var FixedDecoder = class {
  constructor(type, name, fieldLength, outWidth) {
    this.type = type;
    this.name = name;
    this.fieldLength = fieldLength;
    this.outWidth = outWidth;
    this.values = new FixedBytes(outWidth);
  }
  type;
  name;
  fieldLength;
  outWidth;
  validity = new Validity();
  values;
  /** Rows of the largest batch so far: the next batch's buffers start that big (no regrowth). */
  capacity = 0;
  appendNull(row) {
    this.values.slot(row);
    this.validity.unset(row);
  }
  bytes(rows) {
    return rows * this.outWidth;
  }
  finish(rows) {
    const bytes = this.values.finish(rows);
    const nullBitmap = this.validity.finish(rows);
    const nullCount = this.validity.nullCount;
    this.capacity = Math.max(this.capacity, rows);
    this.values = new FixedBytes(this.outWidth, this.capacity);
    this.validity = new Validity(this.capacity);
    const ArrayType = this.type.ArrayType;
    const elementBytes = ArrayType.BYTES_PER_ELEMENT;
    const data2 = new ArrayType(bytes.buffer, bytes.byteOffset, bytes.byteLength / elementBytes);
    return makeData({ type: this.type, length: rows, nullCount, nullBitmap, data: data2 });
  }
};
var Swap8Decoder = class extends FixedDecoder {
  constructor(type, name) {
    super(type, name, 8, 8);
  }
  append(buf, p, _len, row) {
    const o = this.values.slot(row);
    const out = this.values.bytes;
    out[o] = buf[p + 7];
    out[o + 1] = buf[p + 6];
    out[o + 2] = buf[p + 5];
    out[o + 3] = buf[p + 4];
    out[o + 4] = buf[p + 3];
    out[o + 5] = buf[p + 2];
    out[o + 6] = buf[p + 1];
    out[o + 7] = buf[p];
    this.validity.set(row);
  }
};
var Swap4Decoder = class extends FixedDecoder {
  constructor(type, name) {
    super(type, name, 4, 4);
  }
  append(buf, p, _len, row) {
    const o = this.values.slot(row);
    const out = this.values.bytes;
    out[o] = buf[p + 3];
    out[o + 1] = buf[p + 2];
    out[o + 2] = buf[p + 1];
    out[o + 3] = buf[p];
    this.validity.set(row);
  }
};
var Swap2Decoder = class extends FixedDecoder {
  constructor(type, name) {
    super(type, name, 2, 2);
  }
  append(buf, p, _len, row) {
    const o = this.values.slot(row);
    const out = this.values.bytes;
    out[o] = buf[p + 1];
    out[o + 1] = buf[p];
    this.validity.set(row);
  }
};
var Int8Decoder = class extends FixedDecoder {
  constructor(type, name) {
    super(type, name, 2, 1);
  }
  append(buf, p, _len, row) {
    const v = buf[p] << 24 >> 16 | buf[p + 1];
    if (v < -128 || v > 127) {
      throw new GoeError6("TYPE_LOSSY_CONVERSION", `Column ${this.name}: ${v} does not fit INTEGER_1`, {
        column: this.name
      });
    }
    const o = this.values.slot(row);
    this.values.bytes[o] = v & 255;
    this.validity.set(row);
  }
};
var BoolDecoder = class extends FixedDecoder {
  constructor(type, name) {
    super(type, name, 1, 1);
  }
  append(buf, p, _len, row) {
    const o = this.values.slot(row);
    this.values.bytes[o] = buf[p] === 0 ? 0 : 1;
    this.validity.set(row);
  }
  finish(rows) {
    const bytes = this.values.finish(rows);
    const packed = new Uint8Array(rows + 7 >> 3);
    for (let i = 0; i < rows; i++) if (bytes[i]) packed[i >> 3] |= 1 << (i & 7);
    const nullBitmap = this.validity.finish(rows);
    const nullCount = this.validity.nullCount;
    this.capacity = Math.max(this.capacity, rows);
    this.values = new FixedBytes(1, this.capacity);
    this.validity = new Validity(this.capacity);
    return makeData({ type: this.type, length: rows, nullCount, nullBitmap, data: packed });
  }
};
var DateDecoder = class extends FixedDecoder {
  constructor(type, ctx) {
    super(type, ctx.name, 4, 4);
    this.ctx = ctx;
  }
  ctx;
  append(buf, p, _len, row) {
    const d = buf[p] << 24 | buf[p + 1] << 16 | buf[p + 2] << 8 | buf[p + 3];
    if (d === 2147483647 || d === -2147483648) {
      if (!this.ctx.allowInfiniteDates)
        throw refused(this.name, `date ${d > 0 ? "infinity" : "-infinity"}`, "POSTGRES_ALLOW_INFINITE_DATES");
      this.appendNull(row);
      return;
    }
    if (d < PG_DAY_0001 && !this.ctx.allowBcDates)
      throw refused(this.name, "a date before 0001-01-01 (BC)", "POSTGRES_ALLOW_BC_DATES");
    const v = d + PG_EPOCH_DAYS;
    const o = this.values.slot(row);
    const out = this.values.bytes;
    out[o] = v & 255;
    out[o + 1] = v >>> 8 & 255;
    out[o + 2] = v >>> 16 & 255;
    out[o + 3] = v >>> 24;
    this.validity.set(row);
  }
};
var TimestampDecoder = class extends FixedDecoder {
  constructor(type, ctx, nanos) {
    super(type, ctx.name, 8, 8);
    this.ctx = ctx;
    this.nanos = nanos;
  }
  ctx;
  nanos;
  append(buf, p, _len, row) {
    const hi = buf[p] << 24 | buf[p + 1] << 16 | buf[p + 2] << 8 | buf[p + 3];
    const lo = (buf[p + 4] << 24 | buf[p + 5] << 16 | buf[p + 6] << 8 | buf[p + 7]) >>> 0;
    if (hi === 2147483647 && lo === 4294967295 || hi === -2147483648 && lo === 0) {
      if (!this.ctx.allowInfiniteDates) {
        throw refused(this.name, `timestamp ${hi > 0 ? "infinity" : "-infinity"}`, "POSTGRES_ALLOW_INFINITE_DATES");
      }
      this.appendNull(row);
      return;
    }
    if ((hi < MIN_HI || hi === MIN_HI && lo < MIN_LO) && !this.ctx.allowBcDates) {
      throw refused(this.name, "a timestamp before 0001-01-01 (BC)", "POSTGRES_ALLOW_BC_DATES");
    }
    let rlo = lo + EPOCH_LO;
    let rhi = hi + EPOCH_HI;
    if (rlo >= TWO32) {
      rlo -= TWO32;
      rhi += 1;
    }
    const o = this.values.slot(row);
    const out = this.values.bytes;
    if (this.nanos) {
      const ns = (BigInt(rhi) * 4294967296n + BigInt(rlo)) * 1000n;
      if (ns > 9223372036854775807n || ns < -9223372036854775808n) {
        throw new GoeError6(
          "TYPE_LOSSY_CONVERSION",
          `Column ${this.name}: timestamp out of the nanosecond range (1677-2262)`,
          { column: this.name }
        );
      }
      new DataView(out.buffer, out.byteOffset).setBigInt64(o, ns, true);
    } else {
      out[o] = rlo & 255;
      out[o + 1] = rlo >>> 8 & 255;
      out[o + 2] = rlo >>> 16 & 255;
      out[o + 3] = rlo >>> 24;
      out[o + 4] = rhi & 255;
      out[o + 5] = rhi >>> 8 & 255;
      out[o + 6] = rhi >>> 16 & 255;
      out[o + 7] = rhi >>> 24 & 255;
    }
    this.validity.set(row);
  }
};
var TimeNanosDecoder = class extends FixedDecoder {
  constructor(type, name) {
    super(type, name, 8, 8);
  }
  append(buf, p, _len, row) {
    const o = this.values.slot(row);
    const us = buf.readBigInt64BE(p);
    new DataView(this.values.bytes.buffer, this.values.bytes.byteOffset).setBigInt64(o, us * 1000n, true);
    this.validity.set(row);
  }
};
var VarDecoder = class {
  constructor(type, name, large) {
    this.type = type;
    this.name = name;
    this.large = large;
    this.values = new VarBytes(large);
  }
  type;
  name;
  large;
  fieldLength = -1;
  validity = new Validity();
  values;
  capacity = 0;
  byteHint = 64 * 1024;
  append(buf, p, len2, row) {
    this.values.append(buf, p, len2);
    this.values.end(row);
    this.validity.set(row);
  }
  appendNull(row) {
    this.values.end(row);
    this.validity.unset(row);
  }
  bytes(rows) {
    return this.values.length + rows * (this.large ? 8 : 4);
  }
  /** Direct access for decoders that write text themselves (intervals). */
  get buffer() {
    return this.values;
  }
  markValid(row) {
    this.values.end(row);
    this.validity.set(row);
  }
  finish(rows) {
    const { offsets, data: data2 } = this.values.finish(rows);
    const nullBitmap = this.validity.finish(rows);
    const nullCount = this.validity.nullCount;
    this.capacity = Math.max(this.capacity, rows);
    this.byteHint = Math.min(Math.max(this.byteHint, data2.length + (data2.length >> 3)), 64 * 1024 * 1024);
    this.values = new VarBytes(this.large, this.capacity, this.byteHint);
    this.validity = new Validity(this.capacity);
    return makeData({ type: this.type, length: rows, nullCount, nullBitmap, valueOffsets: offsets, data: data2 });
  }
};

// libs/frontends/postgres/src/extract/copy-binary.ts
var SIGNATURE = [80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0];
var HEADER_FIXED = SIGNATURE.length + 8;
function toBuffer(chunk) {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
var CopyBinaryDecoder = class {
  constructor(schema, columns, limits) {
    this.schema = schema;
    this.columns = columns;
    this.limits = limits;
    this.fieldLengths = Int32Array.from(columns.map((c) => c.fieldLength));
    this.lens = new Int32Array(columns.length);
  }
  schema;
  columns;
  limits;
  pending = [];
  pendingLength = 0;
  need = 0;
  headerDone = false;
  trailerSeen = false;
  rows = 0;
  ready = [];
  /** Rows decoded so far (all batches). */
  totalRows = 0;
  /** Bytes received so far. */
  totalBytes = 0;
  fieldLengths;
  lens;
  /** Feeds the next chunk of the stream. */
  push(chunk) {
    if (chunk.length === 0) return;
    this.totalBytes += chunk.length;
    if (this.trailerSeen) throw corrupt("data after the trailer");
    const buf = toBuffer(chunk);
    let start = 0;
    if (this.pendingLength > 0) {
      const before = this.pendingLength;
      let take = 0;
      for (; ; ) {
        if (before + buf.length < this.need || this.need - before <= take) {
          this.pending.push(buf);
          this.pendingLength += buf.length;
          return;
        }
        take = this.need - before;
        const pos2 = this.decode(Buffer.concat([...this.pending, buf.subarray(0, take)], before + take), 0);
        if (pos2 > 0) {
          start = pos2 - before;
          this.pending = [];
          this.pendingLength = 0;
          break;
        }
      }
    }
    const pos = this.decode(buf, start);
    if (pos < buf.length) {
      if (this.trailerSeen) throw corrupt("data after the trailer");
      const rest = buf.subarray(pos);
      this.pending.push(rest);
      this.pendingLength = rest.length;
    }
  }
  /** Declares the end of the stream: a missing trailer or a partial row is a truncated stream. */
  end() {
    if (!this.headerDone) throw corrupt("truncated before the end of the header");
    if (this.pendingLength > 0 || !this.trailerSeen) throw corrupt("truncated (no trailer, or a partial row)");
    if (this.rows > 0) this.flush();
  }
  /** Batches completed since the last call. */
  take() {
    const out = this.ready;
    this.ready = [];
    return out;
  }
  header(buf, at) {
    if (buf.length - at < HEADER_FIXED) {
      this.need = HEADER_FIXED;
      return at;
    }
    for (let i = 0; i < SIGNATURE.length; i++) if (buf[at + i] !== SIGNATURE[i]) throw corrupt("bad signature");
    const flags = buf.readUInt32BE(at + SIGNATURE.length);
    if ((flags & 4294901759) !== 0 || (flags & 65536) !== 0)
      throw corrupt(`unsupported header flags 0x${flags.toString(16)}`);
    const ext = buf.readUInt32BE(at + SIGNATURE.length + 4);
    if (ext > 1 << 20) throw corrupt(`header extension of ${ext} bytes`);
    if (buf.length - at < HEADER_FIXED + ext) {
      this.need = HEADER_FIXED + ext;
      return at;
    }
    this.headerDone = true;
    return at + HEADER_FIXED + ext;
  }
  /** Decodes complete rows from `start`; returns where the first incomplete item starts (`need`: its known size). */
  decode(buf, start) {
    let pos = start;
    if (!this.headerDone) {
      pos = this.header(buf, pos);
      if (!this.headerDone) return pos;
    }
    const n = this.columns.length;
    const columns = this.columns;
    const fixed2 = this.fieldLengths;
    const end = buf.length;
    const { batchRows, batchBytes } = this.limits;
    for (; ; ) {
      if (end - pos < 2) {
        this.need = 2;
        return pos;
      }
      const count = buf[pos] << 8 | buf[pos + 1];
      if (count === 65535) {
        this.trailerSeen = true;
        return pos + 2;
      }
      if (count !== n) throw corrupt(`row with ${count} fields, expected ${n}`);
      const lens = this.lens;
      let p = pos + 2;
      for (let i = 0; i < n; i++) {
        if (end - p < 4) {
          this.need = p + 4 - pos;
          return pos;
        }
        const len2 = buf[p] << 24 | buf[p + 1] << 16 | buf[p + 2] << 8 | buf[p + 3];
        lens[i] = len2;
        p += 4;
        if (len2 === -1) continue;
        const f = fixed2[i];
        if (len2 < 0 || f >= 0 && len2 !== f) {
          throw corrupt(`field length ${len2} in column ${columns[i].name}${f >= 0 ? ` (expected ${f})` : ""}`);
        }
        if (end - p < len2) {
          this.need = p + len2 - pos;
          return pos;
        }
        p += len2;
      }
      const row = this.rows;
      p = pos + 2;
      for (let i = 0; i < n; i++) {
        const len2 = lens[i];
        p += 4;
        if (len2 < 0) columns[i].appendNull(row);
        else {
          columns[i].append(buf, p, len2, row);
          p += len2;
        }
      }
      const rowBytes = p - pos;
      pos = p;
      this.rows = row + 1;
      this.totalRows++;
      if (this.rows >= batchRows || ((row & 63) === 63 || rowBytes > 65536) && this.batchBytes() >= batchBytes)
        this.flush();
    }
  }
  batchBytes() {
    let total = 0;
    for (const c of this.columns) total += c.bytes(this.rows);
    return total;
  }
  flush() {
    const rows = this.rows;
    const children = this.columns.map((c) => c.finish(rows));
    const data2 = makeData2({ type: new Struct(this.schema.fields), length: rows, nullCount: 0, children });
    this.ready.push(new RecordBatch(this.schema, data2));
    this.rows = 0;
  }
};

// libs/frontends/postgres/src/extract/columns.ts
import { arrowSchemaFor, assertNever } from "@goe/core";

// libs/frontends/postgres/src/extract/numeric.ts
import { formatInterval, GoeError as GoeError7 } from "@goe/core";
import { makeData as makeData3 } from "apache-arrow";
var POW10 = [1, 10, 100, 1e3, 1e4];
var TWO322 = 4294967296;
var SAFE = Number.MAX_SAFE_INTEGER;
var DecimalDecoder = class {
  constructor(type, ctx, precision, scale, nwords) {
    this.type = type;
    this.ctx = ctx;
    this.precision = precision;
    this.scale = scale;
    this.nwords = nwords;
    this.name = ctx.name;
    this.values = new FixedBytes(nwords * 4);
    this.wordsOf = this.values.bytes;
    this.words = new Uint32Array(this.wordsOf.buffer);
    this.limbs = new Uint32Array(nwords);
    this.maxIntDigits = precision - scale;
  }
  type;
  ctx;
  precision;
  scale;
  nwords;
  fieldLength = -1;
  validity = new Validity();
  values;
  words;
  wordsOf;
  limbs;
  acc = 0;
  big = false;
  capacity = 0;
  maxIntDigits;
  name;
  lossy(what) {
    return new GoeError7(
      "TYPE_LOSSY_CONVERSION",
      `Column ${this.name}: a value ${what} DECIMAL(${this.precision},${this.scale}) and would be changed`,
      {
        column: this.name,
        hint: `Give --decimal-columns ${this.name} a wider --decimal-columns-type, or sample more data`
      }
    );
  }
  mulAdd(m, a) {
    if (!this.big) {
      const t = this.acc * m + a;
      if (t <= SAFE) {
        this.acc = t;
        return;
      }
      this.limbs.fill(0);
      this.limbs[0] = this.acc >>> 0;
      this.limbs[1] = Math.floor(this.acc / TWO322);
      this.big = true;
    }
    const l = this.limbs;
    let carry = a;
    for (let j = 0; j < l.length; j++) {
      const t = l[j] * m + carry;
      l[j] = t >>> 0;
      carry = Math.floor(t / TWO322);
    }
    if (carry !== 0) throw this.lossy("exceeds");
  }
  append(buf, p, len2, row) {
    if (len2 < 8) throw corrupt(`numeric field of ${len2} bytes in column ${this.name}`);
    const ndigits = buf[p] << 8 | buf[p + 1];
    const weight2 = buf[p + 2] << 24 >> 16 | buf[p + 3];
    const sign = buf[p + 4] << 8 | buf[p + 5];
    if (len2 !== 8 + 2 * ndigits)
      throw corrupt(`numeric field length ${len2} for ${ndigits} digits in column ${this.name}`);
    if (sign !== 0 && sign !== 16384) {
      if (sign !== 49152 && sign !== 53248 && sign !== 61440)
        throw corrupt(`numeric sign 0x${sign.toString(16)} in column ${this.name}`);
      if (!this.ctx.allowNumericSpecialValues) {
        const what = sign === 49152 ? "NaN" : sign === 53248 ? "Infinity" : "-Infinity";
        throw new GoeError7("TYPE_LOSSY_CONVERSION", `Column ${this.name}: numeric ${what} cannot be offloaded`, {
          column: this.name,
          variable: "POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES",
          hint: "Set POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES=true to offload NaN and \xB1Infinity as NULL"
        });
      }
      this.appendNull(row);
      return;
    }
    let q = p + 8;
    if (ndigits > 0 && weight2 >= 0) {
      const d0 = buf[q] << 8 | buf[q + 1];
      const intDigits = 4 * weight2 + (d0 >= 1e3 ? 4 : d0 >= 100 ? 3 : d0 >= 10 ? 2 : 1);
      if (intDigits > this.maxIntDigits) throw this.lossy("exceeds");
    }
    this.acc = 0;
    this.big = false;
    let e = 4 * weight2 + this.scale;
    let i = 0;
    let lastE = -1;
    let acc = 0;
    for (; i < ndigits && e >= 0 && acc < 9e11; i++, e -= 4, q += 2) {
      const d = buf[q] << 8 | buf[q + 1];
      if (d > 9999) throw corrupt(`numeric digit ${d} in column ${this.name}`);
      acc = acc * 1e4 + d;
      lastE = e;
    }
    this.acc = acc;
    for (; i < ndigits && e >= 0; i++, e -= 4, q += 2) {
      const d = buf[q] << 8 | buf[q + 1];
      if (d > 9999) throw corrupt(`numeric digit ${d} in column ${this.name}`);
      this.mulAdd(1e4, d);
      lastE = e;
    }
    if (lastE > 0) {
      let k = lastE;
      for (; k >= 4; k -= 4) this.mulAdd(1e4, 0);
      if (k > 0) this.mulAdd(POW10[k], 0);
    }
    if (i < ndigits) {
      const d = buf[q] << 8 | buf[q + 1];
      if (d > 9999) throw corrupt(`numeric digit ${d} in column ${this.name}`);
      if (e > -4) {
        const div = POW10[-e];
        if (d % div !== 0) throw this.lossy("has more fractional digits than");
        if (lastE < 0) this.acc = d / div;
        else this.mulAdd(1, d / div);
      } else if (d !== 0) throw this.lossy("has more fractional digits than");
      for (i++, q += 2; i < ndigits; i++, q += 2) {
        if (buf[q] !== 0 || buf[q + 1] !== 0) throw this.lossy("has more fractional digits than");
      }
    }
    this.write(row, sign === 16384);
  }
  write(row, negative) {
    const o = this.values.slot(row);
    if (this.values.bytes !== this.wordsOf) {
      this.wordsOf = this.values.bytes;
      this.words = new Uint32Array(this.wordsOf.buffer);
    }
    const w = this.words;
    const base = o >> 2;
    const n = this.nwords;
    if (!this.big) {
      w[base] = this.acc >>> 0;
      w[base + 1] = Math.floor(this.acc / TWO322);
      for (let j = 2; j < n; j++) w[base + j] = 0;
    } else {
      for (let j = 0; j < n; j++) w[base + j] = this.limbs[j];
    }
    if (negative) {
      let carry = 1;
      for (let j = 0; j < n; j++) {
        const t = (~w[base + j] >>> 0) + carry;
        w[base + j] = t >>> 0;
        carry = t > 4294967295 ? 1 : 0;
      }
    }
    this.validity.set(row);
  }
  appendNull(row) {
    this.values.slot(row);
    this.validity.unset(row);
  }
  bytes(rows) {
    return rows * this.nwords * 4;
  }
  finish(rows) {
    const bytes = this.values.finish(rows);
    const nullBitmap = this.validity.finish(rows);
    const nullCount = this.validity.nullCount;
    this.capacity = Math.max(this.capacity, rows);
    this.values = new FixedBytes(this.nwords * 4, this.capacity);
    this.validity = new Validity(this.capacity);
    const data2 = new Uint32Array(bytes.buffer, bytes.byteOffset, rows * this.nwords);
    return makeData3({ type: this.type, length: rows, nullCount, nullBitmap, data: data2 });
  }
};
var IntervalDecoder = class extends VarDecoder {
  constructor(type, name, kind) {
    super(type, name, false);
    this.kind = kind;
  }
  kind;
  fieldLength = 16;
  append(buf, p, _len, row) {
    const micros = buf.readBigInt64BE(p);
    const days = buf.readInt32BE(p + 8);
    const months = buf.readInt32BE(p + 12);
    if (this.kind === "INTERVAL_DS" && months !== 0 || this.kind === "INTERVAL_YM" && (days !== 0 || micros !== 0n)) {
      throw new GoeError7(
        "TYPE_LOSSY_CONVERSION",
        `Column ${this.name}: an interval with ${this.kind === "INTERVAL_DS" ? "months" : "days or time"} does not fit ${this.kind}`,
        {
          column: this.name
        }
      );
    }
    const text = formatInterval(this.kind, { months, days, nanoseconds: micros * 1000n });
    const out = this.buffer;
    for (let k = 0; k < text.length; k++) out.appendByte(text.charCodeAt(k));
    this.markValid(row);
  }
};

// libs/frontends/postgres/src/extract/columns.ts
function sourceWireType(dataType) {
  const t = dataType.toLowerCase();
  if (t === "smallint") return "int2";
  if (t === "integer") return "int4";
  if (t === "bigint") return "int8";
  if (t === "real") return "float4";
  if (t === "double precision") return "float8";
  if (t === "boolean") return "bool";
  if (t === "bytea") return "bytea";
  if (t === "date") return "date";
  if (t.startsWith("numeric")) return "numeric";
  if (t === "text" || t === "name" || t.startsWith("character varying")) return "text";
  if (t === "bpchar" || t === "character" || t.startsWith("character(")) return "bpchar";
  if (t.startsWith("timestamp")) return t.endsWith("with time zone") ? "timestamptz" : "timestamp";
  if (t.startsWith("time")) return t.endsWith("with time zone") ? "other" : "time";
  if (t.startsWith("interval")) return "interval";
  return "other";
}
function targetWireType(t) {
  switch (t) {
    case "INTEGER_1":
    case "INTEGER_2":
      return "int2";
    case "INTEGER_4":
      return "int4";
    case "INTEGER_8":
      return "int8";
    case "INTEGER_38":
    case "DECIMAL":
      return "numeric";
    case "FLOAT":
      return "float4";
    case "DOUBLE":
      return "float8";
    case "FIXED_STRING":
    case "VARIABLE_STRING":
    case "LARGE_STRING":
      return "text";
    case "BINARY":
    case "LARGE_BINARY":
      return "bytea";
    case "DATE":
      return "date";
    case "TIME":
      return "time";
    case "TIMESTAMP":
      return "timestamp";
    case "TIMESTAMP_TZ":
      return "timestamptz";
    case "INTERVAL_DS":
    case "INTERVAL_YM":
    case "INTERVAL_MDN":
      return "interval";
    case "BOOLEAN":
      return "bool";
    default:
      return assertNever(t, "canonical type");
  }
}
function projectionFor(column) {
  const src = sourceWireType(column.dataType);
  const target = targetWireType(column.canonical.dataType);
  const q = quoteIdent(column.name);
  if (src === target || target === "text" && src === "bpchar") return q;
  return `${q}::${target}`;
}
function decoderFor(column, type, options2) {
  const name = column.name;
  const t = column.canonical.dataType;
  const ctx = { ...options2, name };
  switch (t) {
    case "INTEGER_1":
      return new Int8Decoder(type, name);
    case "INTEGER_2":
      return new Swap2Decoder(type, name);
    case "INTEGER_4":
    case "FLOAT":
      return new Swap4Decoder(type, name);
    case "INTEGER_8":
    case "DOUBLE":
      return new Swap8Decoder(type, name);
    case "INTEGER_38":
    case "DECIMAL": {
      const d = type;
      return new DecimalDecoder(type, ctx, d.precision, d.scale, d.bitWidth === 256 ? 8 : 4);
    }
    case "FIXED_STRING":
    case "VARIABLE_STRING":
    case "BINARY":
      return new VarDecoder(type, name, false);
    case "LARGE_STRING":
    case "LARGE_BINARY":
      return new VarDecoder(type, name, true);
    case "DATE":
      return new DateDecoder(type, ctx);
    case "TIME":
      return (column.canonical.scale ?? 6) > 6 ? new TimeNanosDecoder(type, name) : new Swap8Decoder(type, name);
    case "TIMESTAMP":
    case "TIMESTAMP_TZ":
      return new TimestampDecoder(type, ctx, (column.canonical.scale ?? 6) > 6);
    case "INTERVAL_DS":
    case "INTERVAL_YM":
    case "INTERVAL_MDN":
      return new IntervalDecoder(type, name, t);
    case "BOOLEAN":
      return new BoolDecoder(type, name);
    default:
      return assertNever(t, "canonical type");
  }
}
function extractionColumns(columns, options2) {
  const schema = arrowSchemaFor(columns.map((c) => c.canonical));
  return {
    schema,
    projections: columns.map(projectionFor),
    decoders: () => columns.map((c, i) => decoderFor(c, schema.fields[i].type, options2))
  };
}

// libs/frontends/postgres/src/extract/extract.ts
var DEFAULT_BATCH_ROWS = 65536;
var DEFAULT_BATCH_BYTES = 16 * 1024 * 1024;
async function* extractSlice(input) {
  const { options: options2, slice } = input;
  const limits = {
    batchRows: Math.max(1, options2.batchRows ?? DEFAULT_BATCH_ROWS),
    batchBytes: Math.max(1, options2.batchBytes ?? DEFAULT_BATCH_BYTES)
  };
  const columns = extractionColumns(input.table.columns, input.values);
  const sources = sliceSources(input.table, input.info, slice);
  const signal = options2.signal;
  const checkAbort = () => {
    if (signal?.aborted) throw new GoeError8("ABORTED", "Extraction cancelled", { cause: signal.reason });
  };
  checkAbort();
  const conn = await input.connector.open();
  let rows = 0;
  let bytes = 0;
  try {
    await beginRead(conn, options2.snapshot);
    for (const source of sources) {
      const decoder = new CopyBinaryDecoder(columns.schema, columns.decoders(), limits);
      const select = selectSql(columns.projections, source.from, source.where);
      for await (const chunk of conn.copyOut(select, signal)) {
        decoder.push(chunk);
        for (const batch of decoder.take()) {
          checkAbort();
          rows += batch.numRows;
          input.events?.emit({ type: "progress", slice: slice.id, rows, bytes: bytes + decoder.totalBytes });
          yield batch;
        }
      }
      decoder.end();
      bytes += decoder.totalBytes;
      for (const batch of decoder.take()) {
        checkAbort();
        rows += batch.numRows;
        input.events?.emit({ type: "progress", slice: slice.id, rows, bytes });
        yield batch;
      }
    }
    await endRead(conn);
  } finally {
    await conn.close();
  }
}

// libs/frontends/postgres/src/introspect.ts
import {
  canonicalColumn,
  GoeError as GoeError11
} from "@goe/core";

// libs/frontends/postgres/src/partition-bounds.ts
import { GoeError as GoeError9 } from "@goe/core";
function tokenize(text) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")" || ch === ",") {
      out.push({ kind: "punct", text: ch });
      i++;
    } else if (ch === "'" || (ch === "E" || ch === "e") && text[i + 1] === "'") {
      const escaped = ch !== "'";
      let j = escaped ? i + 2 : i + 1;
      let value = "";
      for (; ; ) {
        if (j >= text.length) throw bad(text);
        const c = text[j];
        if (c === "'" && text[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (c === "'") {
          j++;
          break;
        } else if (escaped && c === "\\" && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else {
          value += c;
          j++;
        }
      }
      out.push({ kind: "string", text: value, raw: text.slice(i, j) });
      i = j;
    } else {
      let j = i;
      while (j < text.length && !/[\s(),]/.test(text[j])) j++;
      out.push({ kind: "word", text: text.slice(i, j) });
      i = j;
    }
  }
  return out;
}
function bad(text) {
  return new GoeError9("ENGINE_ERROR", `Unrecognised partition bound: ${text}`);
}
var INTEGER_TYPES = ["INTEGER_1", "INTEGER_2", "INTEGER_4", "INTEGER_8"];
function boundValue(t, type) {
  if (t.kind === "word") {
    const w = t.text.toUpperCase();
    if (w === "MINVALUE" || w === "MAXVALUE") return { kind: w };
    if (w === "NULL") return { kind: "value", value: null, text: "NULL" };
    if (w === "TRUE" || w === "FALSE") return { kind: "value", value: w === "TRUE", text: w.toLowerCase() };
  }
  if (t.kind === "punct") throw new GoeError9("ENGINE_ERROR", `Unexpected '${t.text}' in a partition bound`);
  const text = t.kind === "string" ? t.raw : t.text;
  const plain = t.text;
  if (type !== void 0 && INTEGER_TYPES.includes(type) && /^-?\d+$/.test(plain)) {
    const n = Number(plain);
    return { kind: "value", value: Number.isSafeInteger(n) ? n : BigInt(plain), text };
  }
  if (type === "BOOLEAN" && /^(true|false)$/i.test(plain)) return { kind: "value", value: /^true$/i.test(plain), text };
  return { kind: "value", value: plain, text };
}
function list(tokens, at, types, source) {
  if (tokens[at]?.text !== "(") throw bad(source);
  const items = [];
  let i = at + 1;
  for (; ; ) {
    const t = tokens[i];
    if (t === void 0) throw bad(source);
    items.push(boundValue(t, types[items.length] ?? types[0]));
    i++;
    const sep = tokens[i];
    if (sep?.text === ")") return { items, next: i + 1 };
    if (sep?.text !== ",") throw bad(source);
    i++;
  }
}
function decodePartitionBound(text, keyTypes) {
  const trimmed = text.trim();
  if (/^DEFAULT$/i.test(trimmed)) return { isDefault: true };
  const tokens = tokenize(trimmed);
  const word = (i) => tokens[i]?.kind === "word" ? tokens[i].text.toUpperCase() : void 0;
  if (word(0) !== "FOR" || word(1) !== "VALUES") throw bad(text);
  if (word(2) === "FROM") {
    const lower = list(tokens, 3, keyTypes, text);
    if (word(lower.next) !== "TO") throw bad(text);
    const upper = list(tokens, lower.next + 1, keyTypes, text);
    return { lowerBound: lower.items, upperBound: upper.items };
  }
  if (word(2) === "IN") {
    const values2 = list(tokens, 3, keyTypes, text);
    return { values: values2.items.map((v) => [v]) };
  }
  if (word(2) === "WITH") {
    const m = /modulus\s+(\d+)\s*,\s*remainder\s+(\d+)/i.exec(trimmed);
    if (!m) throw bad(text);
    return { hash: { modulus: Number(m[1]), remainder: Number(m[2]) } };
  }
  throw bad(text);
}

// libs/frontends/postgres/src/type-map.ts
import { GoeError as GoeError10, MAX_ARROW_DECIMAL_PRECISION } from "@goe/core";
function numericTypmod(typmod) {
  if (typmod < 4) return void 0;
  const t = typmod - 4;
  return { precision: t >> 16 & 65535, scale: (t & 2047 ^ 1024) - 1024 };
}
function integralType(precision, scale, safe) {
  if (scale !== 0 || precision === void 0) return void 0;
  const p = precision;
  if (p >= 1 && p <= 2) return "INTEGER_1";
  if (p >= 3 && p <= 4) return "INTEGER_2";
  if (p >= 5 && p <= 9) return "INTEGER_4";
  if (p >= 17 && p <= 18 && !safe) return "INTEGER_38";
  if (p >= 10 && p <= 18) return "INTEGER_8";
  if (p >= 19 && p <= 38) return "INTEGER_38";
  return void 0;
}
function decimalMapping(column, precision, scale, safe) {
  let p = precision;
  let s = scale;
  if (s < 0) {
    p -= s;
    s = 0;
  }
  if (s > p) p = s;
  const integral = integralType(p, s, safe);
  if (integral !== void 0)
    return { dataType: integral, precision: p, scale: 0, safeMapping: safe, special: "numeric" };
  if (p > MAX_ARROW_DECIMAL_PRECISION) {
    throw new GoeError10(
      "TYPE_UNSUPPORTED",
      `Column ${column}: numeric(${precision},${scale}) needs ${p} digits; at most ${MAX_ARROW_DECIMAL_PRECISION} can be offloaded exactly`,
      {
        column,
        hint: `Use --decimal-columns ${column} with a smaller --decimal-columns-type, or --double-columns ${column}`
      }
    );
  }
  return { dataType: "DECIMAL", precision: p, scale: s, safeMapping: safe, special: "numeric" };
}
var fixed = (dataType) => () => ({ dataType, safeMapping: true });
var len = (typmod) => typmod >= 4 ? typmod - 4 : void 0;
var frac = (typmod) => typmod >= 0 ? typmod : 6;
var str = (dataType, charLength) => ({
  dataType,
  safeMapping: true,
  charSemantics: "CHAR",
  ...charLength === void 0 ? {} : { charLength }
});
var asText = () => str("VARIABLE_STRING");
var RULES = {
  int2: fixed("INTEGER_2"),
  int4: fixed("INTEGER_4"),
  int8: fixed("INTEGER_8"),
  oid: fixed("INTEGER_8"),
  float4: fixed("FLOAT"),
  float8: fixed("DOUBLE"),
  bool: fixed("BOOLEAN"),
  numeric: (t, column) => {
    const ps = numericTypmod(t.typmod);
    if (ps === void 0) return { dataType: "DECIMAL", safeMapping: false, needsSampling: true, special: "numeric" };
    return decimalMapping(column, ps.precision, ps.scale, true);
  },
  bpchar: (t) => len(t.typmod) === void 0 ? str("VARIABLE_STRING") : str("FIXED_STRING", len(t.typmod)),
  char: () => str("FIXED_STRING", 1),
  varchar: (t) => str("VARIABLE_STRING", len(t.typmod)),
  text: () => str("VARIABLE_STRING"),
  name: () => str("VARIABLE_STRING", 63),
  citext: asText,
  uuid: () => str("VARIABLE_STRING", 36),
  json: () => str("LARGE_STRING"),
  jsonb: () => str("LARGE_STRING"),
  xml: () => str("LARGE_STRING"),
  inet: asText,
  cidr: asText,
  macaddr: asText,
  macaddr8: asText,
  bytea: fixed("LARGE_BINARY"),
  date: () => ({ dataType: "DATE", safeMapping: true, special: "datetime" }),
  timestamp: (t) => ({ dataType: "TIMESTAMP", scale: frac(t.typmod), safeMapping: true, special: "datetime" }),
  timestamptz: (t) => ({ dataType: "TIMESTAMP_TZ", scale: frac(t.typmod), safeMapping: true, special: "datetime" }),
  time: (t) => ({ dataType: "TIME", scale: frac(t.typmod), safeMapping: true }),
  interval: () => ({ dataType: "INTERVAL_MDN", scale: 6, safeMapping: true })
};
function refuse(column, t, why) {
  throw new GoeError10("TYPE_UNSUPPORTED", `Column ${column}: PostgreSQL type ${t.declared} is not supported (${why})`, {
    column,
    hint: "Exclude the column, or offload a view that casts it (e.g. to text)"
  });
}
function mapPostgresType(column, t) {
  if (t.typcategory === "A") refuse(column, t, "arrays have no canonical type");
  if (t.typtype === "e") return str("VARIABLE_STRING");
  if (t.typtype === "r" || t.typtype === "m") refuse(column, t, "ranges have no canonical type");
  if (t.typtype === "c") refuse(column, t, "composite types have no canonical type");
  if (t.typcategory === "G") refuse(column, t, "geometric types have no canonical type");
  const rule = Object.prototype.hasOwnProperty.call(RULES, t.typname) ? RULES[t.typname] : void 0;
  if (rule === void 0) refuse(column, t, "no exact canonical type");
  return rule(t, column);
}
function sampledNumericMapping(column, integralDigits, scale) {
  return decimalMapping(column, Math.max(1, integralDigits + scale), scale, false);
}

// libs/frontends/postgres/src/sampling.ts
var GIB = 1024 ** 3;
function autoSamplePercent(percent, sizeBytes) {
  if (percent >= 0) return percent;
  if (sizeBytes === void 0 || sizeBytes <= GIB) return 100;
  const gib = sizeBytes / GIB;
  const pct = 100 * Math.max(1, Math.log10(gib)) / gib;
  return Math.min(100, Math.max(1e-6, pct));
}
async function sampleNumericColumns(conn, from, columns, percent, events) {
  const out = /* @__PURE__ */ new Map();
  if (columns.length === 0) return out;
  const rows = await conn.query(
    sampleNumericSql(
      from,
      columns.map((name) => ({ name })),
      percent
    )
  );
  const row = rows[0] ?? {};
  columns.forEach((name, i) => {
    const intDigits = row[`i${i}`];
    const scale = row[`s${i}`];
    const specials = Number(row[`x${i}`] ?? 0);
    if (specials > 0) {
      events?.emit({
        type: "warning",
        code: "NUMERIC_SPECIAL_VALUES",
        message: `Column ${name} holds numeric NaN or Infinity values: extraction fails unless POSTGRES_ALLOW_NUMERIC_SPECIAL_VALUES=true (then they become NULL)`
      });
    }
    if (intDigits === null || intDigits === void 0 || scale === null || scale === void 0) {
      events?.emit({
        type: "warning",
        code: "SAMPLE_EMPTY",
        message: `Column ${name}: numeric without precision and no value in the sample; give --decimal-columns ${name} --decimal-columns-type p,s`
      });
      out.set(name, { specials });
      return;
    }
    const mapping = sampledNumericMapping(name, Number(intDigits), Number(scale));
    events?.emit({
      type: "notice",
      message: `Sampled numeric column ${name}: ${Number(intDigits)} integral digits, scale ${Number(scale)} \u2192 ${mapping.dataType}${mapping.dataType === "DECIMAL" ? `(${mapping.precision},${mapping.scale})` : ""}; to skip sampling next time: --decimal-columns ${name} --decimal-columns-type ${mapping.precision},${mapping.scale}`
    });
    out.set(name, { mapping, specials });
  });
  return out;
}

// libs/frontends/postgres/src/introspect.ts
var STRATEGY = { r: "range", l: "list", h: "hash" };
function unquote(name) {
  const m = /^"(.*)"$/s.exec(name);
  return m ? { text: m[1].replace(/""/g, '"'), exact: true } : { text: name, exact: false };
}
async function resolveTable(conn, owner, table2) {
  const o = unquote(owner);
  const t = unquote(table2);
  let rows = await conn.query(RESOLVE_TABLE_SQL, [o.text, t.text]);
  if (o.exact) rows = rows.filter((r) => r.schema === o.text);
  if (t.exact) rows = rows.filter((r) => r.name === t.text);
  const exact = rows.filter((r) => r.schema === o.text && r.name === t.text);
  if (exact.length === 1) return exact[0];
  if (rows.length === 1) return rows[0];
  if (rows.length === 0) {
    throw new GoeError11("TABLE_NOT_FOUND", `Table ${owner}.${table2} does not exist`, {
      hint: 'Check -t owner.table; quote mixed-case names like sh."Sales"'
    });
  }
  throw new GoeError11(
    "TABLE_NOT_FOUND",
    `Table ${owner}.${table2} is ambiguous: ${rows.map((r) => qualified(r.schema, r.name)).join(", ")}`,
    {
      hint: "Name one of them exactly, with quotes for mixed case"
    }
  );
}
function num(text) {
  return text === null || text === void 0 ? 0 : Number(text);
}
function estimate(reltuples) {
  return reltuples >= 0 ? Math.round(reltuples) : void 0;
}
function sourceColumn(row, mapping, settings) {
  const nullable = !row.notnull;
  const nullsAdded = mapping.special === "numeric" && settings.allowNumericSpecialValues || mapping.special === "datetime" && settings.allowInfiniteDates;
  const canonical = canonicalColumn({
    name: row.name,
    dataType: mapping.dataType,
    precision: mapping.precision ?? null,
    scale: mapping.scale ?? null,
    charLength: mapping.charLength ?? null,
    charSemantics: mapping.charSemantics ?? null,
    nullable: nullable || nullsAdded,
    safeMapping: mapping.safeMapping,
    dataDefault: row.dflt
  });
  const ps = row.typname === "numeric" ? numericTypmod(row.typmod) : void 0;
  const len2 = (row.typname === "varchar" || row.typname === "bpchar") && row.typmod >= 4 ? row.typmod - 4 : void 0;
  return {
    name: row.name,
    dataType: row.formatted,
    nullable,
    safeMapping: mapping.safeMapping,
    ...ps ? { precision: ps.precision, scale: ps.scale } : {},
    ...len2 === void 0 ? {} : { charLength: len2, charSemantics: "CHAR" },
    ...row.dflt === null ? {} : { dataDefault: row.dflt },
    canonical
  };
}
function buildPartitions(rows, ownerSchema, parentOid, keyTypes, typeOf, leavesOut) {
  return rows.filter((r) => r.parent === parentOid).map((r) => {
    const bound = r.bound === null ? {} : decodePartitionBound(r.bound, keyTypes);
    const name = r.schema === ownerSchema ? r.name : `${r.schema}.${r.name}`;
    let subpartitions;
    let leaves;
    if (r.relkind === "p") {
      const subKeys = JSON.parse(r.subcolumns ?? "[]").map(typeOf);
      subpartitions = buildPartitions(rows, ownerSchema, r.oid, subKeys, typeOf, leavesOut);
      leaves = subpartitions.flatMap((s) => leavesOut.get(s.name) ?? []);
    } else {
      const rowEstimate2 = estimate(r.reltuples);
      leaves = [
        {
          schema: r.schema,
          name: r.name,
          pages: num(r.pages),
          sizeBytes: num(r.bytes),
          ...rowEstimate2 === void 0 ? {} : { rowEstimate: rowEstimate2 }
        }
      ];
    }
    leavesOut.set(name, leaves);
    const rowEstimate = leaves.reduce((s, l) => s + (l.rowEstimate ?? 0), 0);
    return {
      name,
      ...bound,
      ...r.bound === null ? {} : { boundText: r.bound },
      rowEstimate,
      sizeBytes: leaves.reduce((s, l) => s + (l.sizeBytes ?? 0), 0),
      ...subpartitions ? { subpartitions } : {}
    };
  });
}
async function partitioning(conn, schema, oid, columns, leavesOut) {
  const key = (await conn.query(PARTITION_KEY_SQL, [oid]))[0];
  if (key === void 0) return { method: "none", columns: [], partitions: [] };
  const typeOf = (c) => c === null ? void 0 : columns.find((x) => x.name === c)?.canonical.dataType;
  const keyColumns = JSON.parse(key.columns);
  const rows = await conn.query(PARTITIONS_SQL, [oid]);
  const partitions = buildPartitions(rows, schema, oid, keyColumns.map(typeOf), typeOf, leavesOut);
  const subs = rows.filter((r) => r.parent === oid);
  const allSub = subs.length > 0 && subs.every((r) => r.relkind === "p" && r.substrategy === subs[0].substrategy);
  const names = keyColumns.map((c) => c ?? key.keydef);
  return {
    method: STRATEGY[key.strategy] ?? "none",
    columns: names,
    partitions,
    ...allSub ? {
      subpartitioning: {
        method: STRATEGY[subs[0].substrategy ?? ""] ?? "none",
        columns: JSON.parse(subs[0].subcolumns ?? "[]").map((c) => c ?? "(expression)")
      }
    } : {}
  };
}
async function describePostgresTable(conn, owner, tableName, settings, events) {
  const rel = await resolveTable(conn, owner, tableName);
  const colRows = await conn.query(COLUMNS_SQL, [rel.oid]);
  const mappings = colRows.map((r) => mapPostgresType(r.name, r));
  const size = (await conn.query(RELATION_SIZE_SQL, [rel.oid]))[0];
  const leavesOut = /* @__PURE__ */ new Map();
  let columns = colRows.map((r, i) => sourceColumn(r, mappings[i], settings));
  const scheme = await partitioning(conn, rel.schema, rel.oid, columns, leavesOut);
  const leafSet = /* @__PURE__ */ new Set();
  for (const p of scheme.partitions) for (const l of leavesOut.get(p.name) ?? []) leafSet.add(l);
  const ownRows = estimate(num(size?.reltuples ?? -1));
  const leaves = rel.relkind === "p" ? [...leafSet] : [
    {
      schema: rel.schema,
      name: rel.name,
      pages: num(size?.pages),
      sizeBytes: num(size?.bytes),
      ...ownRows === void 0 ? {} : { rowEstimate: ownRows }
    }
  ];
  const sizeBytes = leaves.reduce((s, l) => s + (l.sizeBytes ?? 0), 0);
  const rowEstimate = rel.relkind === "p" ? leaves.reduce((s, l) => s + (l.rowEstimate ?? 0), 0) : ownRows;
  const toSample = colRows.filter((_, i) => mappings[i].needsSampling).map((r) => r.name);
  const percent = autoSamplePercent(settings.dataSamplePercent, sizeBytes);
  if (toSample.length > 0 && percent > 0) {
    const outcomes = await sampleNumericColumns(
      conn,
      qualified(rel.schema, rel.name),
      toSample,
      rel.relkind === "v" ? 100 : percent,
      events
    );
    columns = columns.map((c, i) => {
      const mapping = outcomes.get(c.name)?.mapping;
      return mapping ? sourceColumn(colRows[i], mapping, settings) : c;
    });
  }
  const pk = await conn.query(PRIMARY_KEY_SQL, [rel.oid]);
  const version = (await conn.query(SERVER_VERSION_SQL))[0]?.version ?? "";
  const table2 = {
    owner: rel.schema,
    name: rel.name,
    columns,
    primaryKey: pk.map((r) => r.name),
    partitioning: scheme,
    sizeBytes,
    ...rowEstimate === void 0 ? {} : { rowEstimate },
    serverVersion: shortVersion(version)
  };
  return {
    table: table2,
    info: { schema: rel.schema, name: rel.name, relkind: rel.relkind, leaves, partitionLeaves: leavesOut }
  };
}
function shortVersion(version) {
  const m = /^PostgreSQL (\S+)/.exec(version);
  return m ? `PostgreSQL ${m[1].replace(/,$/, "")}` : version;
}

// libs/frontends/postgres/src/verify.ts
import {
  GoeError as GoeError12,
  isNumberType as isNumberType2,
  isStringType as isStringType2
} from "@goe/core";
function where(table2, info, scope) {
  if (scope.kind === "predicate") {
    const r = renderPredicateSql(scope.predicate, table2);
    return { where: [r.sql], params: [...r.params] };
  }
  return { where: scopeConditions(table2, info, scope), params: [] };
}
function countStatement(table2, info, scope) {
  const w = where(table2, info, scope);
  return { sql: countSql(qualified(info.schema, info.name), w.where), params: w.params };
}
function findColumn(table2, name) {
  const exact = table2.columns.find((c) => c.name === name);
  if (exact) return exact;
  const matches = table2.columns.filter((c) => c.name.toUpperCase() === name.toUpperCase());
  if (matches.length !== 1) {
    throw new GoeError12(
      "OPTION_INVALID",
      `Column ${name} ${matches.length === 0 ? "does not exist in" : "is ambiguous in"} ${table2.owner}.${table2.name}`,
      {
        column: name
      }
    );
  }
  return matches[0];
}
function aggregateExpression(column, fn) {
  const q = quoteIdent(column.name);
  const t = column.canonical.dataType;
  const wire = sourceWireType(column.dataType);
  const text = isStringType2(t) ? `(${wire === "text" || wire === "bpchar" ? q : `${q}::text`} COLLATE "C")` : q;
  switch (fn) {
    case "count":
      return `count(${q})::int8::text`;
    case "count_distinct":
      return `count(DISTINCT ${isStringType2(t) ? text : q})::int8::text`;
    case "sum":
      if (!isNumberType2(t))
        throw new GoeError12("OPTION_INVALID", `sum() needs a numeric column; ${column.name} is ${column.dataType}`, {
          column: column.name
        });
      return `sum(${q})::text`;
    case "min":
    case "max":
      if (t === "BOOLEAN") return `${fn === "min" ? "bool_and" : "bool_or"}(${q})::text`;
      return `${fn}(${isStringType2(t) ? text : q})::text`;
  }
}
function aggregateStatement(table2, info, scope, specs) {
  const w = where(table2, info, scope);
  const exprs = specs.map((s) => aggregateExpression(findColumn(table2, s.column), s.fn));
  return { sql: aggregateSql(exprs, qualified(info.schema, info.name), w.where), params: w.params };
}
function aggregateKeys(specs) {
  return specs.map((s) => `${s.fn}(${s.column})`);
}
function aggregateResult(specs, row) {
  const keys = aggregateKeys(specs);
  return Object.fromEntries(keys.map((k, i) => [k, row?.[`a${i}`] ?? null]));
}

// libs/frontends/postgres/src/session.ts
var Session = class {
  constructor(connector, settings, capabilities, ctx) {
    this.connector = connector;
    this.settings = settings;
    this.capabilities = capabilities;
    this.ctx = ctx;
    this.engine = connector.engine;
  }
  connector;
  settings;
  capabilities;
  ctx;
  engine;
  main;
  infos = /* @__PURE__ */ new Map();
  /** Runs `fn` on the metadata connection (PGlite: a lease released afterwards). */
  async withMain(fn) {
    if (this.engine === "pglite") {
      const conn = await this.connector.open();
      try {
        return await fn(conn);
      } finally {
        await conn.close();
      }
    }
    this.main ??= this.connector.open();
    return fn(await this.main);
  }
  /** Opens the main connection now, so connection errors surface at connect time. */
  async open() {
    await this.withMain(async () => void 0);
    return this;
  }
  query(sql, params = []) {
    return this.withMain((c) => c.query(sql, params));
  }
  async serverVersion() {
    const row = (await this.query(SERVER_VERSION_SQL))[0];
    return shortVersion(row?.version ?? "");
  }
  async describeTable(owner, table2) {
    const described = await this.withMain(
      (c) => describePostgresTable(c, owner, table2, this.settings, this.ctx.events)
    );
    this.infos.set(`${described.table.owner}\0${described.table.name}`, described.info);
    return described.table;
  }
  async info(table2) {
    const key = `${table2.owner}\0${table2.name}`;
    const known = this.infos.get(key);
    if (known) return known;
    const described = await this.withMain(
      (c) => describePostgresTable(c, quoteIdent(table2.owner), quoteIdent(table2.name), this.settings, void 0)
    );
    this.infos.set(key, described.info);
    return described.info;
  }
  snapshot() {
    return openSnapshot(this.connector);
  }
  async planSlices(table2, scope, parallelism) {
    const info = await this.info(table2);
    return this.withMain(
      (conn) => planPostgresSlices({
        table: table2,
        info,
        scope,
        parallelism: Math.min(parallelism, this.capabilities.maxParallelism),
        method: this.settings.splitMethod,
        conn: async () => conn
      })
    );
  }
  async *extract(table2, slice, options2 = {}) {
    const info = await this.info(table2);
    yield* extractSlice({
      connector: this.connector,
      table: table2,
      info,
      slice,
      options: options2,
      values: this.settings,
      ...this.ctx.events === void 0 ? {} : { events: this.ctx.events }
    });
  }
  /** Runs a read in the snapshot (own connection) or on the metadata connection. */
  async read(statement, snapshot) {
    if (snapshot?.kind !== "exported-snapshot") return (await this.query(statement.sql, statement.params))[0];
    const conn = await this.connector.open();
    try {
      await beginRead(conn, snapshot);
      const rows = await conn.query(statement.sql, statement.params);
      await endRead(conn);
      return rows[0];
    } finally {
      await conn.close();
    }
  }
  async count(table2, scope, snapshot) {
    const row = await this.read(countStatement(table2, await this.info(table2), scope), snapshot);
    return BigInt(row?.n ?? 0);
  }
  async aggregate(table2, scope, specs, snapshot) {
    if (specs.length === 0) return {};
    const statement = aggregateStatement(table2, await this.info(table2), scope, specs);
    return aggregateResult(specs, await this.read(statement, snapshot));
  }
  renderPredicate(ast, table2) {
    return renderPredicateSql(ast, table2);
  }
  async close() {
    const main = this.main;
    this.main = void 0;
    if (main) await (await main.catch(() => void 0))?.close();
    await this.connector.close();
  }
};
async function openPostgresSession(ctx, capabilities) {
  const settings = resolvePostgresSettings(ctx.config);
  const connector = createConnector(settings, (t) => ctx.config.mask(t));
  const session2 = new Session(connector, settings, capabilities[settings.engine], ctx);
  try {
    return await session2.open();
  } catch (error) {
    await connector.close();
    throw error;
  }
}

// libs/frontends/postgres/src/postgres-frontend.ts
var POSTGRES_CAPABILITIES = Object.freeze({
  snapshot: "exported-snapshot",
  splitBy: ["partition", "subpartition", "page-range", "id_range", "mod"],
  maxParallelism: 64,
  partitionMethods: ["range", "list", "hash"],
  identifierCase: "lower",
  dataSampling: true
});
var PGLITE_CAPABILITIES = Object.freeze({
  ...POSTGRES_CAPABILITIES,
  snapshot: "none",
  maxParallelism: 1
});
var postgresFrontend = defineFrontend({
  kind: "frontend",
  name: "postgres",
  apiVersion: 1,
  description: "PostgreSQL (pg or PGlite): COPY binary decoded into Arrow, exported snapshots, partition and page-range slices",
  configSchema: POSTGRES_CONFIG,
  capabilities: POSTGRES_CAPABILITIES,
  connect: (ctx) => openPostgresSession(ctx, { pg: POSTGRES_CAPABILITIES, pglite: PGLITE_CAPABILITIES })
});

// ../../tmp/decbench.ts
var values = { POSTGRES_CONN: "postgres://goe_bench:bench@127.0.0.1:5432/postgres" };
var config = { get: (n) => values[n], require: (n) => values[n], keys: () => Object.keys(values), mask: (t) => t };
var session = await postgresFrontend.connect({ config, events: { emit: () => void 0 } });
var table = await session.describeTable("goe_bench", "sales_1000000");
await session.close();
var data = readFileSync2("/tmp/sales.bin");
var cols = extractionColumns(table.columns, { allowNumericSpecialValues: false, allowInfiniteDates: false, allowBcDates: false });
for (let run = 0; run < 9; run++) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const d = new CopyBinaryDecoder(cols.schema, cols.decoders(), { batchRows: 65536, batchBytes: 16 << 20 });
  let rows = 0;
  for (let off = 0; off < data.length; off += 65536) {
    d.push(data.subarray(off, Math.min(data.length, off + 65536)));
    for (const b of d.take()) rows += b.numRows;
  }
  d.end();
  for (const b of d.take()) rows += b.numRows;
  const cpu = process.cpuUsage(cpu0);
  console.log(`rows ${rows} wall ${(performance.now() - t0).toFixed(0)} ms cpu ${((cpu.user + cpu.system) / 1e3).toFixed(0)} ms`);
}
