/**
 * Test support: a simulated Oracle database behind node-oracledb's connection interface (typed against
 * `@types/oracledb`), for the layers no Oracle server can prove here. It is a fake of the server, not of our code:
 * - dictionary views are answered from table specs (routed by the view a statement reads, not by our SQL's text);
 * - data reads are evaluated: the select list (`"C"`, `TO_CHAR(… , 'SYYYY-…')`, `TO_CHAR(SYS_EXTRACT_UTC(…))`),
 *   `FROM t [PARTITION (p)] [AS OF SCN :scn]`, a `UNION ALL` of partitions, and WHERE conditions (comparisons, IN,
 *   IS NULL, AND/OR/NOT, `TO_DATE`/`TO_TIMESTAMP`, `ROWID BETWEEN CHARTOROWID(…)`, `MOD(ORA_HASH(…), n)`), with binds;
 * - values reach the application as the driver would hand them over: through the statement's `fetchTypeHandler`,
 *   NUMBERs and intervals through node-oracledb's own wire codecs, and without a handler NUMBER as a JS number
 *   (lossy, as the real driver), LOBs as locator objects;
 * - rows carry the SCN that inserted them, so `AS OF SCN` reads a consistent past;
 * - statements are logged per session, so tests count them (no N+1) and see session set-up.
 * Anything it cannot evaluate is an error naming the text, so a test never passes on SQL nothing checked.
 */
import { createRequire } from 'node:module';
import oracledb from 'oracledb';
import type { OracleColumnType, OracleDriver } from '../../src/index.js';
import { double, float, intervalDS, intervalYM, number } from './driver-codecs.js';

/** A value as the simulated server holds it (see {@link SimColumn}). */
export type SimValue = string | number | boolean | Buffer | Readonly<Record<string, number>> | null;

/** An empty CLOB or NCLOB (`EMPTY_CLOB()`): not NULL, unlike `''`, which a CLOB stores as NULL. */
export const EMPTY_CLOB: Readonly<Record<string, number>> = Object.freeze({ emptyClob: 1 });

const driverModule = createRequire(import.meta.url);
/** node-oracledb's own LOB class: locators reach the application as its instances. */
const DriverLob = driverModule('oracledb/lib/lob.js') as new () => oracledb.Lob & {
  _setup(impl: object, autoClose: boolean): void;
};
/** node-oracledb's connection implementation base: its lock serializes a LOB's calls, as on a real connection. */
const DriverConnectionImpl = driverModule('oracledb/lib/impl/connection.js') as new () => object;

/** LOB locators the simulated server handed out: created, read, and still open (not closed by the application). */
export interface LobLedger {
  created: number;
  read: number;
  open: number;
}

/**
 * A column: its `ALL_TAB_COLS` row. Values by type: NUMBER/FLOAT decimal text; DATE `YYYY-MM-DD HH:MI:SS`;
 * TIMESTAMP `YYYY-MM-DD HH:MI:SS.fffffffff`; time-zoned timestamps the same text in UTC; BINARY_* numbers; character
 * types and CLOBs strings; RAW/BLOB Buffers; intervals `{ days, hours, minutes, seconds, fseconds }` /
 * `{ years, months }`; BOOLEAN booleans.
 */
export interface SimColumn {
  readonly name: string;
  readonly type: OracleColumnType;
  readonly nullable?: boolean;
}

/** A partition: its HIGH_VALUE text and which rows it holds. */
export interface SimPartition {
  readonly name: string;
  readonly highValue: string;
  readonly holds: (row: readonly SimValue[]) => boolean;
}

/** A table of the simulated database. */
export interface SimTable {
  readonly owner: string;
  readonly name: string;
  readonly columns: readonly SimColumn[];
  readonly primaryKey?: readonly string[];
  readonly iot?: boolean;
  readonly partitioning?: {
    readonly type: 'RANGE' | 'LIST';
    readonly columns: readonly string[];
    readonly partitions: readonly SimPartition[];
  };
}

/** What the simulated database grants the admin user. */
export interface SimGrants {
  /** SELECT on DBA_SEGMENTS / DBA_EXTENTS (default true). */
  readonly dba?: boolean;
  /** SELECT on V$DATABASE (default true). */
  readonly vDatabase?: boolean;
  /** SELECT on V$PARAMETER (default true). */
  readonly vParameter?: boolean;
  /** The app user's FLASHBACK privileges: FLASHBACK ANY TABLE, a number of table grants, or none (default 'any'). */
  readonly flashback?: 'any' | number;
}

/** Settings of the simulated database. */
export interface SimSettings {
  /** NLS_NCHAR_CHARACTERSET (default AL16UTF16). */
  readonly ncharset?: string;
  /** UNDO_RETENTION in seconds (default 900). */
  readonly undoRetention?: number;
}

interface StoredRow {
  readonly values: readonly SimValue[];
  readonly scn: number;
  /** Block and slot of the row in the table's one extent (its ROWID). */
  readonly block: number;
  readonly slot: number;
}

interface Stored {
  readonly spec: SimTable;
  readonly objectId: number;
  readonly rows: StoredRow[];
}

const ROWS_PER_BLOCK = 4;
const FIRST_BLOCK = 128;
const RELATIVE_FNO = 7;

/** An Oracle error as node-oracledb throws it. */
export function oraError(code: string, text: string): Error {
  return Object.assign(new Error(`${code}: ${text}`), { code, errorNum: Number(code.slice(4)) });
}

const ROWID_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** (object, file, block, row) of an extended ROWID text (the simulator's own decoder). */
function decodeRowid(text: string): [number, number, number, number] {
  const n = (s: string) => [...s].reduce((v, ch) => v * 64 + ROWID_DIGITS.indexOf(ch), 0);
  return [n(text.slice(0, 6)), n(text.slice(6, 9)), n(text.slice(9, 15)), n(text.slice(15, 18))];
}

/** Oracle's type name without precision: `TIMESTAMP(6) WITH TIME ZONE` → `TIMESTAMP WITH TIME ZONE`. */
function baseType(t: string): string {
  return t
    .replace(/\(\d+(,\s*-?\d+)?\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The driver's database type of a column read bare. */
function dbTypeOf(type: string): oracledb.DbType {
  const map: Record<string, oracledb.DbType> = {
    NUMBER: oracledb.DB_TYPE_NUMBER,
    FLOAT: oracledb.DB_TYPE_NUMBER,
    VARCHAR2: oracledb.DB_TYPE_VARCHAR,
    NVARCHAR2: oracledb.DB_TYPE_NVARCHAR,
    CHAR: oracledb.DB_TYPE_CHAR,
    NCHAR: oracledb.DB_TYPE_NCHAR,
    CLOB: oracledb.DB_TYPE_CLOB,
    NCLOB: oracledb.DB_TYPE_NCLOB,
    BLOB: oracledb.DB_TYPE_BLOB,
    RAW: oracledb.DB_TYPE_RAW,
    BINARY_DOUBLE: oracledb.DB_TYPE_BINARY_DOUBLE,
    BINARY_FLOAT: oracledb.DB_TYPE_BINARY_FLOAT,
    'INTERVAL DAY TO SECOND': oracledb.DB_TYPE_INTERVAL_DS,
    'INTERVAL YEAR TO MONTH': oracledb.DB_TYPE_INTERVAL_YM,
    BOOLEAN: oracledb.DB_TYPE_BOOLEAN,
    ROWID: oracledb.DB_TYPE_ROWID,
    DATE: oracledb.DB_TYPE_DATE,
    TIMESTAMP: oracledb.DB_TYPE_TIMESTAMP,
    'TIMESTAMP WITH TIME ZONE': oracledb.DB_TYPE_TIMESTAMP_TZ,
    'TIMESTAMP WITH LOCAL TIME ZONE': oracledb.DB_TYPE_TIMESTAMP_LTZ,
  };
  const t = map[type];
  if (t === undefined) throw new Error(`simulated Oracle: no driver type for ${type}`);
  return t;
}

/** `TO_CHAR(datetime, 'SYYYY-MM-DD HH24:MI:SS[.FF9]')`: the sign column (space or '-') and four-digit year. */
function toCharDatetime(value: string, withFraction: boolean): string {
  const m = /^(-?)(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(value);
  if (!m) throw new Error(`simulated Oracle: not a datetime: ${value}`);
  const fraction = withFraction ? `.${(m[8] ?? '').padEnd(9, '0')}` : '';
  return `${m[1] === '-' ? '-' : ' '}${m[2]}-${m[3]}-${m[4]} ${m[5]}:${m[6]}:${m[7]}${fraction}`;
}

/** Exact comparison of two decimal texts. */
function compareDecimal(a: string, b: string): number {
  const parse = (t: string) => {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(t.trim());
    if (!m) throw new Error(`simulated Oracle: not a number: ${t}`);
    return { neg: m[1] === '-', int: (m[2] ?? '').replace(/^0+/, ''), frac: (m[3] ?? '').replace(/0+$/, '') };
  };
  const x = parse(a);
  const y = parse(b);
  const zero = (v: typeof x) => v.int === '' && v.frac === '';
  if (zero(x) && zero(y)) return 0;
  const sign = (v: typeof x) => (zero(v) ? 0 : v.neg ? -1 : 1);
  if (sign(x) !== sign(y)) return sign(x) - sign(y);
  const magnitude =
    x.int.length !== y.int.length
      ? x.int.length - y.int.length
      : x.int !== y.int
        ? x.int < y.int
          ? -1
          : 1
        : x.frac.padEnd(40, '0') < y.frac.padEnd(40, '0')
          ? -1
          : x.frac.padEnd(40, '0') > y.frac.padEnd(40, '0')
            ? 1
            : 0;
  return sign(x) < 0 ? -magnitude : magnitude;
}

/** The simulator's ORA_HASH: any deterministic hash serves (every slice of one offload uses the same). */
function oraHash(value: SimValue): number {
  const text = value === null ? '' : Buffer.isBuffer(value) ? value.toString('hex') : JSON.stringify(value);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

type Token = { kind: 'ident' | 'bind' | 'number' | 'string' | 'word' | 'op'; text: string };

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:"([^"]+)"|:(\w+)|(-?\d+(?:\.\d+)?)|'((?:[^']|'')*)'|([A-Za-z_][\w$]*)|(<=|>=|<>|!=|[=<>(),*]))/y;
  let pos = 0;
  while (pos < sql.length) {
    if (/^\s*$/.test(sql.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(sql);
    if (!m) throw new Error(`simulated Oracle cannot read: ${sql.slice(pos)}`);
    pos = re.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'ident', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'bind', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'number', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'string', text: m[4].replace(/''/g, "'") });
    else if (m[5] !== undefined) out.push({ kind: 'word', text: m[5].toUpperCase() });
    else out.push({ kind: 'op', text: m[6]! });
  }
  return out;
}

/** A typed value in a condition: what comparisons compare. */
type Operand =
  | { kind: 'number'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'rowid'; parts: [number, number, number, number] }
  | { kind: 'null' };

/** Evaluates one WHERE condition over a row (recursive descent over the forms our SQL writes). */
class Condition {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly binds: Readonly<Record<string, unknown>>,
    private readonly column: (name: string) => Operand,
    private readonly rowid: () => Operand,
  ) {}

  static evaluate(
    sql: string,
    binds: Readonly<Record<string, unknown>>,
    column: (name: string) => Operand,
    rowid: () => Operand,
  ): boolean {
    const c = new Condition(tokenize(sql), binds, column, rowid);
    const v = c.or();
    if (c.i !== c.tokens.length) throw new Error(`simulated Oracle: unexpected ${c.tokens[c.i]!.text} in ${sql}`);
    return v === true;
  }

  private peek(text: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && (t.kind === 'word' || t.kind === 'op') && t.text === text;
  }
  private take(text: string): void {
    if (!this.peek(text))
      throw new Error(`simulated Oracle: expected ${text} at ${this.tokens[this.i]?.text ?? 'end'}`);
    this.i++;
  }

  // three-valued: true, false or null (unknown)
  private or(): boolean | null {
    let v = this.and();
    while (this.peek('OR')) {
      this.i++;
      const r = this.and();
      v = v === true || r === true ? true : v === null || r === null ? null : false;
    }
    return v;
  }
  private and(): boolean | null {
    let v = this.not();
    while (this.peek('AND')) {
      this.i++;
      const r = this.not();
      v = v === false || r === false ? false : v === null || r === null ? null : true;
    }
    return v;
  }
  private not(): boolean | null {
    if (this.peek('NOT')) {
      this.i++;
      const v = this.not();
      return v === null ? null : !v;
    }
    return this.primary();
  }
  private primary(): boolean | null {
    if (this.peek('(')) {
      const save = this.i;
      this.i++;
      try {
        const v = this.or();
        this.take(')');
        return v;
      } catch {
        this.i = save; // a parenthesised operand, not a condition
      }
    }
    const left = this.operand();
    if (this.peek('IS')) {
      this.i++;
      const negate = this.peek('NOT');
      if (negate) this.i++;
      this.take('NULL');
      return (left.kind === 'null') !== negate;
    }
    if (this.peek('BETWEEN')) {
      this.i++;
      const lo = this.operand();
      this.take('AND');
      const hi = this.operand();
      const a = compare(left, lo);
      const b = compare(left, hi);
      return a === null || b === null ? null : a >= 0 && b <= 0;
    }
    const negate = this.peek('NOT');
    if (negate) this.i++;
    if (this.peek('IN')) {
      this.i++;
      this.take('(');
      const values = [this.operand()];
      while (this.peek(',')) {
        this.i++;
        values.push(this.operand());
      }
      this.take(')');
      const results = values.map((v) => compare(left, v));
      const found = results.includes(0) ? true : results.includes(null) ? null : false;
      return found === null ? null : found !== negate;
    }
    const op = this.tokens[this.i++];
    if (op?.kind !== 'op') throw new Error(`simulated Oracle: expected an operator at ${op?.text ?? 'end'}`);
    const c = compare(left, this.operand());
    if (c === null) return null;
    switch (op.text) {
      case '=':
        return c === 0;
      case '<>':
      case '!=':
        return c !== 0;
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
      case '>':
        return c > 0;
      case '>=':
        return c >= 0;
      default:
        throw new Error(`simulated Oracle: unknown operator ${op.text}`);
    }
  }

  private bind(name: string): unknown {
    if (!(name in this.binds)) throw oraError('ORA-01008', `not all variables bound (:${name})`);
    return this.binds[name];
  }

  private operand(): Operand {
    const t = this.tokens[this.i++];
    if (t === undefined) throw new Error('simulated Oracle: condition ends early');
    if (t.kind === 'ident') return this.column(t.text);
    if (t.kind === 'number') return { kind: 'number', text: t.text };
    if (t.kind === 'string') return { kind: 'text', text: t.text };
    if (t.kind === 'bind') {
      const v = this.bind(t.text);
      return v === null || v === undefined ? { kind: 'null' } : { kind: 'text', text: String(v) };
    }
    if (t.kind === 'op' && t.text === '(') {
      const v = this.operand();
      this.take(')');
      return v;
    }
    if (t.kind === 'word' && t.text === 'NULL') return { kind: 'null' };
    if (t.kind === 'word' && t.text === 'ROWID') return this.rowid();
    if (t.kind === 'word') {
      this.take('(');
      const args = [this.operand()];
      while (this.peek(',')) {
        this.i++;
        args.push(this.operand());
      }
      this.take(')');
      return callFunction(t.text, args);
    }
    throw new Error(`simulated Oracle: unexpected ${t.text}`);
  }
}

/** Functions our conditions use. */
function callFunction(name: string, args: Operand[]): Operand {
  const [a, b] = args;
  const text = (o: Operand | undefined) => (o?.kind === 'text' || o?.kind === 'number' ? o.text : undefined);
  switch (name) {
    case 'TO_DATE': {
      const v = text(a);
      if (v === undefined) return { kind: 'null' };
      if (text(b) !== 'YYYY-MM-DD HH24:MI:SS' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) {
        throw oraError('ORA-01861', `literal does not match format string (${v}, ${text(b)})`);
      }
      return { kind: 'text', text: `${v}.000000000` };
    }
    case 'TO_TIMESTAMP': {
      const v = text(a);
      if (v === undefined) return { kind: 'null' };
      if (text(b) !== 'YYYY-MM-DD HH24:MI:SS.FF9' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{9}$/.test(v)) {
        throw oraError('ORA-01830', `date format picture ends before converting entire input string (${v})`);
      }
      return { kind: 'text', text: v };
    }
    case 'CHARTOROWID': {
      const v = text(a);
      if (v === undefined || !/^[A-Za-z0-9+/]{18}$/.test(v)) throw oraError('ORA-01410', 'invalid ROWID');
      return { kind: 'rowid', parts: decodeRowid(v) };
    }
    case 'ORA_HASH':
      return a?.kind === 'null' ? { kind: 'null' } : { kind: 'number', text: String(oraHash(JSON.stringify(a))) };
    case 'MOD': {
      const x = text(a);
      const n = text(b);
      if (x === undefined || n === undefined) return { kind: 'null' };
      return { kind: 'number', text: String(BigInt(x) % BigInt(n)) };
    }
    default:
      throw new Error(`simulated Oracle: function ${name} is not simulated`);
  }
}

/** -1/0/1, or null when either side is NULL (numbers exactly; datetimes and text by code point). */
function compare(a: Operand, b: Operand): number | null {
  if (a.kind === 'null' || b.kind === 'null') return null;
  if (a.kind === 'rowid' || b.kind === 'rowid') {
    if (a.kind !== 'rowid' || b.kind !== 'rowid') throw new Error('simulated Oracle: ROWID compared with a non-ROWID');
    for (let i = 0; i < 4; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! < b.parts[i]! ? -1 : 1;
    return 0;
  }
  if (a.kind === 'number' || b.kind === 'number') return Math.sign(compareDecimal(a.text, b.text));
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

/** A parsed `FROM` clause. */
interface FromClause {
  readonly table: Stored;
  /** Partition (or subpartition) names read, or undefined for the whole table. */
  readonly partitions?: readonly string[];
  readonly asOfScn: boolean;
  /** A literal SCN (`AS OF SCN 4242`) rather than the `:scn` bind. */
  readonly scnLiteral?: string;
  readonly where?: string;
}

/** A statement as one session ran it. */
export interface SimStatement {
  readonly session: number;
  readonly sql: string;
  readonly binds: Readonly<Record<string, unknown>>;
  /** Rows a round trip fetches (`fetchArraySize`), for result-set reads. */
  readonly fetchArraySize?: number;
}

/**
 * The simulated database. `driver` is what `createOracleFrontend({ driver })` takes; `statements` logs every
 * statement; `insert` adds rows at a new SCN.
 *
 * @example
 * const db = new SimulatedOracle([salesTable]);
 * db.insert('SH', 'SALES', rows);
 * const frontend = createOracleFrontend({ driver: db.driver });
 */
export class SimulatedOracle {
  readonly statements: SimStatement[] = [];
  private readonly tables = new Map<string, Stored>();
  private scn = 1000;
  private sessions = 0;
  /** Sessions opened and not closed. */
  open = 0;
  /** Data reads that ran with AS OF SCN (extraction and verification). */
  asOfReads = 0;
  /** LOB locators handed out, read and left open. */
  readonly lobs: LobLedger = { created: 0, read: 0, open: 0 };

  constructor(
    tables: readonly SimTable[],
    private readonly grants: SimGrants = {},
    private readonly version = '23.5.0.24.7',
    private readonly settings: SimSettings = {},
  ) {
    tables.forEach((spec, i) =>
      this.tables.set(`${spec.owner}.${spec.name}`, { spec, objectId: 73_000 + i, rows: [] }),
    );
  }

  /** Creates a table (ORA-00955 when the name is taken). */
  createTable(spec: SimTable): void {
    const key = `${spec.owner}.${spec.name}`;
    if (this.tables.has(key)) throw oraError('ORA-00955', 'name is already used by an existing object');
    this.tables.set(key, { spec, objectId: 73_000 + this.tables.size, rows: [] });
  }

  /** Drops a table. */
  dropTable(owner: string, name: string): void {
    this.table(owner, name);
    this.tables.delete(`${owner}.${name}`);
  }

  /** The current SCN. */
  get currentScn(): number {
    return this.scn;
  }

  /**
   * Inserts rows (values in column order) at a new SCN; returns it. As in Oracle, an empty string in a character
   * column or CLOB is stored as NULL.
   */
  insert(owner: string, table: string, rows: readonly (readonly SimValue[])[]): number {
    const t = this.table(owner, table);
    this.scn += 1;
    const character = t.spec.columns.map((c) => /CHAR|CLOB/.test(c.type.dataType));
    for (const given of rows) {
      const values = given.map((v, i) => (v === '' && character[i] ? null : v));
      const n = t.rows.length;
      t.rows.push({
        values,
        scn: this.scn,
        block: FIRST_BLOCK + Math.floor(n / ROWS_PER_BLOCK),
        slot: n % ROWS_PER_BLOCK,
      });
    }
    return this.scn;
  }

  private table(owner: string, name: string): Stored {
    const t = this.tables.get(`${owner}.${name}`);
    if (t === undefined) throw oraError('ORA-00942', 'table or view does not exist');
    return t;
  }

  /** node-oracledb's `getConnection` over this database. */
  readonly driver: OracleDriver = {
    getConnection: async (attributes) => {
      if (attributes.password !== 'sim-password')
        throw oraError('ORA-01017', 'invalid username/password; logon denied');
      const session = ++this.sessions;
      this.open++;
      let closed = false;
      const execute = async (sql: string, binds: unknown = {}, options: oracledb.ExecuteOptions = {}) => {
        if (closed) throw Object.assign(new Error('NJS-003: invalid or closed connection'), { code: 'NJS-003' });
        const b = (binds ?? {}) as Record<string, unknown>;
        this.statements.push({
          session,
          sql,
          binds: b,
          ...(options.fetchArraySize === undefined ? {} : { fetchArraySize: options.fetchArraySize }),
        });
        const rows = this.run(sql, b, options);
        if (options.resultSet === true) {
          let served = 0;
          return {
            resultSet: {
              getRows: async (n: number) => {
                const page = rows.slice(served, served + n);
                served += page.length;
                return page;
              },
              close: async () => undefined,
            },
          };
        }
        return { rows: sql.startsWith('ALTER SESSION') ? undefined : rows };
      };
      const connection: Pick<oracledb.Connection, 'execute' | 'close' | 'oracleServerVersionString'> = {
        oracleServerVersionString: this.version,
        execute: execute as unknown as oracledb.Connection['execute'],
        close: (async () => {
          if (!closed) this.open--;
          closed = true;
        }) as oracledb.Connection['close'],
      };
      return connection as oracledb.Connection;
    },
  };

  /** Runs one statement: rows as arrays, as the driver hands them over. */
  private run(sql: string, binds: Record<string, unknown>, options: oracledb.ExecuteOptions): unknown[][] {
    if (sql.startsWith('ALTER SESSION SET ')) return [];
    const owner = String(binds.owner ?? '');
    const tableName = String(binds.table_name ?? '');
    const dictionary = () => this.tables.get(`${owner}.${tableName}`);
    if (/FROM v\$database/.test(sql)) {
      if (this.grants.vDatabase === false) throw oraError('ORA-00942', 'table or view does not exist');
      return [[this.scn]];
    }
    if (/FROM nls_database_parameters/.test(sql)) {
      return [
        [this.version.split('.').slice(0, 2).join('.') + '.0.0.0', 'AL32UTF8', this.settings.ncharset ?? 'AL16UTF16'],
      ];
    }
    if (/FROM v\$parameter WHERE name = 'undo_retention'/.test(sql)) {
      if (this.grants.vParameter === false) throw oraError('ORA-00942', 'table or view does not exist');
      return [[String(this.settings.undoRetention ?? 900)]];
    }
    if (/FROM session_privs/.test(sql)) {
      const f = this.grants.flashback ?? 'any';
      return [[f === 'any' ? 1 : 0, f === 'any' ? 0 : f, 0]];
    }
    if (/FROM all_tables t/.test(sql)) {
      const t = dictionary();
      if (t === undefined) return [];
      const p = t.spec.partitioning;
      return [
        [
          t.spec.iot ? 'IOT' : null,
          'N',
          p ? 'YES' : 'NO',
          t.rows.length,
          'DISABLED',
          p?.type ?? null,
          p ? 'NONE' : null,
          null,
        ],
      ];
    }
    if (/FROM all_tab_cols c/.test(sql)) {
      return (dictionary()?.spec.columns ?? []).map((c) => [
        c.name,
        c.type.dataType,
        c.type.dataLength,
        c.type.dataPrecision,
        c.type.dataScale,
        c.type.charLength,
        c.type.charUsed,
        c.nullable === false ? 'N' : 'Y',
        'NO',
      ]);
    }
    if (/FROM all_constraints c/.test(sql)) return (dictionary()?.spec.primaryKey ?? []).map((c) => [c]);
    if (/FROM all_part_key_columns k/.test(sql)) {
      return (dictionary()?.spec.partitioning?.columns ?? []).map((c, i) => ['PARTITION', c, i + 1]);
    }
    if (/FROM all_tab_partitions p/.test(sql)) {
      const t = dictionary();
      return (t?.spec.partitioning?.partitions ?? []).map((p, i) => [
        p.name,
        i + 1,
        p.highValue,
        t!.rows.filter((r) => p.holds(r.values)).length,
        0,
      ]);
    }
    if (/FROM all_tab_subpartitions s/.test(sql)) return [];
    if (/FROM dba_segments s/.test(sql)) {
      if (this.grants.dba === false) throw oraError('ORA-00942', 'table or view does not exist');
      const t = dictionary();
      return t === undefined ? [] : [[null, 65536 + t.rows.length * 100]];
    }
    if (/FROM dba_extents e/.test(sql)) {
      if (this.grants.dba === false) throw oraError('ORA-00942', 'table or view does not exist');
      const t = dictionary();
      if (t === undefined || t.rows.length === 0) return [];
      const blocks = Math.ceil(t.rows.length / ROWS_PER_BLOCK);
      // one extent per 2 blocks, like a small table's first extents
      return Array.from({ length: Math.ceil(blocks / 2) }, (_, i) => [
        t.objectId,
        RELATIVE_FNO,
        FIRST_BLOCK + 2 * i,
        Math.min(2, blocks - 2 * i),
        null,
      ]);
    }
    if (/SAMPLE BLOCK/.test(sql)) return this.sample(sql);
    if (sql.includes('\nUNION ALL\nSELECT ')) {
      return sql.split('\nUNION ALL\n').flatMap((part) => this.select(part, binds, options));
    }
    if (/^SELECT /.test(sql)) return this.select(sql, binds, options);
    throw new Error(`simulated Oracle cannot run: ${sql}`);
  }

  /** `FROM …` of a data read. */
  private from(text: string): FromClause {
    const union = /^FROM \(\n([\s\S]*)\n\) v(?:\nWHERE ([\s\S]*))?$/.exec(text);
    if (union) {
      const branches = union[1]!.split('\n  UNION ALL\n').map((b) => {
        const m =
          /^ {2}SELECT \* FROM "([^"]+)"\."([^"]+)" (?:SUB)?PARTITION \("([^"]+)"\)( AS OF SCN (?::scn|\d+))?$/.exec(b);
        if (!m) throw new Error(`simulated Oracle cannot read the branch: ${b}`);
        const literal = /\d+$/.exec(m[4] ?? '')?.[0];
        return { table: this.table(m[1]!, m[2]!), partition: m[3]!, asOf: m[4] !== undefined, literal };
      });
      return {
        table: branches[0]!.table,
        partitions: branches.map((b) => b.partition),
        asOfScn: branches.every((b) => b.asOf),
        ...(branches[0]!.literal === undefined ? {} : { scnLiteral: branches[0]!.literal }),
        ...(union[2] === undefined ? {} : { where: union[2] }),
      };
    }
    const m =
      /^FROM "([^"]+)"\."([^"]+)"(?: (?:SUB)?PARTITION \("([^"]+)"\))?( AS OF SCN (:scn|\d+))?(?:\nWHERE ([\s\S]*))?$/.exec(
        text,
      );
    if (!m) throw new Error(`simulated Oracle cannot read: ${text}`);
    return {
      table: this.table(m[1]!, m[2]!),
      ...(m[3] === undefined ? {} : { partitions: [m[3]] }),
      asOfScn: m[4] !== undefined,
      ...(m[5] !== undefined && m[5] !== ':scn' ? { scnLiteral: m[5] } : {}),
      ...(m[6] === undefined ? {} : { where: m[6] }),
    };
  }

  /** The rows a FROM clause reads (partitions, AS OF SCN, WHERE). */
  private rowsOf(from: FromClause, binds: Readonly<Record<string, unknown>>): StoredRow[] {
    const t = from.table;
    let rows = t.rows;
    if (from.asOfScn) {
      this.asOfReads++;
      const scn = Number(from.scnLiteral ?? binds.scn);
      if (!Number.isInteger(scn)) throw oraError('ORA-01008', 'not all variables bound (:scn)');
      if (scn > this.scn) throw oraError('ORA-08181', 'specified number is not a valid system change number');
      rows = rows.filter((r) => r.scn <= scn);
    }
    if (from.partitions !== undefined) {
      const parts = from.partitions.map((name) => {
        const p = t.spec.partitioning?.partitions.find((x) => x.name === name);
        if (p === undefined) throw oraError('ORA-02149', `Specified partition does not exist (${name})`);
        return p;
      });
      rows = rows.filter((r) => parts.some((p) => p.holds(r.values)));
    }
    if (from.where !== undefined) {
      const where = from.where;
      rows = rows.filter((r) =>
        Condition.evaluate(
          where,
          binds,
          (name) => operandOf(t.spec, r.values, name),
          () => ({ kind: 'rowid', parts: [t.objectId, RELATIVE_FNO, r.block, r.slot] }),
        ),
      );
    }
    return rows;
  }

  /** A SELECT over a table: COUNT(*), the key range, or extraction's select list. */
  private select(sql: string, binds: Record<string, unknown>, options: oracledb.ExecuteOptions): unknown[][] {
    const m = /^SELECT (?:\/\*\+ [^*]* \*\/ )?([\s\S]*?)\n(FROM [\s\S]*)$/.exec(sql);
    if (!m) throw new Error(`simulated Oracle cannot run: ${sql}`);
    const from = this.from(m[2]!);
    const rows = this.rowsOf(from, binds);
    const list = m[1]!;
    if (list === 'COUNT(*) AS "N"') return [[rows.length]];
    const range = /^TO_CHAR\(MIN\("([^"]+)"\), 'TM'\) AS "LO", TO_CHAR\(MAX\("\1"\), 'TM'\) AS "HI"$/.exec(list);
    if (range) {
      const values = rows.map((r) => operandOf(from.table.spec, r.values, range[1]!)).filter((v) => v.kind !== 'null');
      if (values.length === 0) return [[null, null]];
      const sorted = [...values].sort((a, b) => compare(a, b) ?? 0) as { text: string }[];
      return [[sorted[0]!.text, sorted[sorted.length - 1]!.text]];
    }
    const items = splitTopLevel(list);
    if (items.every((item) => / AS "A\d+"$/.test(item))) {
      return [items.map((item) => aggregate(from.table.spec, rows, item))];
    }
    const projections = items.map((item) => projection(from.table.spec, item));
    const handler = options.fetchTypeHandler;
    const deliver = projections.map((p) => {
      const response = handler?.({ name: p.column.name, dbType: p.dbType } as oracledb.Metadata<unknown>);
      return (v: SimValue) => delivered(v, p, response?.type, this.lobs);
    });
    return rows.map((r) => projections.map((p, i) => deliver[i]!(r.values[p.index] ?? null)));
  }

  /** The §2.1 sample over every row: per number column the largest integral digits, scale and exponent flag. */
  private sample(sql: string): unknown[][] {
    const t = /FROM "([^"]+)"\."([^"]+)" SAMPLE BLOCK/.exec(sql);
    if (!t) throw new Error(`simulated Oracle cannot run: ${sql}`);
    const table = this.table(t[1]!, t[2]!);
    const columns = [...sql.matchAll(/TO_CHAR\(ABS\("([^"]+)"\), 'TM'\)/g)].map((x) => x[1]!);
    const row = columns.flatMap((name) => {
      const index = table.spec.columns.findIndex((c) => c.name === name);
      const texts = table.rows.map((r) => r.values[index]).filter((v): v is string => typeof v === 'string');
      if (texts.length === 0) return [null, null, 0];
      const tm = texts.map((v) => tmText(v.replace(/^-/, '')));
      const digits = tm.map((v) => (v.includes('.') ? v.indexOf('.') : v.length));
      const scales = tm.map((v) => (v.includes('.') ? v.length - v.indexOf('.') - 1 : 0));
      return [Math.max(...digits), Math.max(...scales), tm.some((v) => v.includes('E')) ? 1 : 0];
    });
    return [row];
  }
}

/** `TO_CHAR(x, 'TM')` of a non-negative decimal: no leading zero before the point, exponent form beyond 64 chars. */
function tmText(decimal: string): string {
  let [int = '', frac = ''] = decimal.split('.');
  int = int.replace(/^0+/, '');
  frac = frac.replace(/0+$/, '');
  const text = frac === '' ? int || '0' : `${int}.${frac}`;
  return text.length > 64 ? `${text[0]}.${text.slice(1, 38)}E+${int.length - 1}` : text;
}

/** `TO_CHAR(x, 'TM')` of any decimal: the sign, then {@link tmText} of its magnitude. */
function tmSigned(decimal: string): string {
  const negative = decimal.startsWith('-');
  const text = tmText(decimal.replace(/^[+-]/, ''));
  return negative && text !== '0' ? `-${text}` : text;
}

/** Exact sum of decimal texts. */
function sumDecimals(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split('.')[1] ?? '').length));
  const total = values.reduce((sum, v) => {
    const [int = '0', frac = ''] = v.replace(/^[+-]/, '').split('.');
    const unscaled = BigInt(`${int || '0'}${frac.padEnd(scale, '0')}`);
    return sum + (v.startsWith('-') ? -unscaled : unscaled);
  }, 0n);
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return `${total < 0n ? '-' : ''}${text}`;
}

/** One aggregate of the verification (`ORACLE_SQL.aggregate`'s forms) over `rows`. */
function aggregate(table: SimTable, rows: readonly StoredRow[], item: string): unknown {
  const m =
    /^(?:TO_CHAR\()?(SYS_EXTRACT_UTC\()?(COUNT|SUM|MIN|MAX)\((DISTINCT )?"([^"]+)"\)\)?(?:, '([^']+)'\))? AS "A\d+"$/.exec(
      item,
    );
  if (!m) throw new Error(`simulated Oracle cannot evaluate the aggregate ${item}`);
  const [, utc, fn, distinct, name, format] = m;
  const index = table.columns.findIndex((c) => c.name === name);
  if (index < 0) throw oraError('ORA-00904', `"${name}": invalid identifier`);
  const type = baseType(table.columns[index]!.type.dataType);
  const values = rows.map((r) => r.values[index] ?? null).filter((v) => v !== null);
  const operands = rows.map((r) => operandOf(table, r.values, name!)).filter((o) => o.kind !== 'null');
  if (fn === 'COUNT') {
    return distinct ? new Set(operands.map((o) => JSON.stringify(o))).size : values.length;
  }
  if (values.length === 0) return null;
  if (fn === 'SUM') {
    if (format !== 'TM') throw new Error(`simulated Oracle: SUM without TO_CHAR(…, 'TM') in ${item}`);
    return type === 'NUMBER' || type === 'FLOAT'
      ? tmSigned(sumDecimals(values.map(String)))
      : String(values.reduce((a, b) => Number(a) + Number(b), 0));
  }
  const sorted = operands.map((o, i) => ({ o, v: values[i]! })).sort((a, b) => compare(a.o, b.o) ?? 0);
  const chosen = (fn === 'MIN' ? sorted[0] : sorted[sorted.length - 1])!.v;
  if (format === undefined) return chosen;
  if (format === 'TM') return typeof chosen === 'number' ? String(chosen) : tmSigned(String(chosen));
  if (format === 'SYYYY-MM-DD HH24:MI:SS') return toCharDatetime(String(chosen), false);
  if (format === 'SYYYY-MM-DD HH24:MI:SS.FF9') return toCharDatetime(String(chosen), true);
  throw new Error(`simulated Oracle: format ${format} is not simulated${utc ? ' (UTC)' : ''}`);
}

/** One item of a select list: the column it reads and how. */
interface Projection {
  readonly column: SimColumn;
  readonly index: number;
  readonly form: 'bare' | 'date' | 'timestamp' | 'utc' | 'lobInline' | 'lobLocator';
  readonly dbType: oracledb.DbType;
  /** The length in the CASE of a LOB's in-line value or locator. */
  readonly limit?: number;
}

function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out;
}

function projection(table: SimTable, item: string): Projection {
  const at = (name: string) => {
    const index = table.columns.findIndex((c) => c.name === name);
    if (index < 0) throw oraError('ORA-00904', `"${name}": invalid identifier`);
    return { column: table.columns[index]!, index };
  };
  let m = /^"([^"]+)"$/.exec(item);
  if (m) {
    const c = at(m[1]!);
    return { ...c, form: 'bare', dbType: dbTypeOf(baseType(c.column.type.dataType)) };
  }
  m = /^TO_CHAR\("([^"]+)", 'SYYYY-MM-DD HH24:MI:SS(\.FF9)?'\) AS "\1"$/.exec(item);
  if (m) return { ...at(m[1]!), form: m[2] ? 'timestamp' : 'date', dbType: oracledb.DB_TYPE_VARCHAR };
  m = /^TO_CHAR\(SYS_EXTRACT_UTC\("([^"]+)"\), 'SYYYY-MM-DD HH24:MI:SS\.FF9'\) AS "\1"$/.exec(item);
  if (m) return { ...at(m[1]!), form: 'utc', dbType: oracledb.DB_TYPE_VARCHAR };
  // DBMS_LOB.SUBSTR returns VARCHAR2 (CLOB), NVARCHAR2 (NCLOB) or RAW (BLOB); CASE … THEN lob END a locator
  m =
    /^CASE WHEN DBMS_LOB\.GETLENGTH\("([^"]+)"\) BETWEEN 1 AND (\d+) THEN DBMS_LOB\.SUBSTR\("\1", \2, 1\) END AS "\1"$/.exec(
      item,
    );
  if (m) {
    const c = at(m[1]!);
    const type = lobOf(c.column);
    const dbType = { CLOB: oracledb.DB_TYPE_VARCHAR, NCLOB: oracledb.DB_TYPE_NVARCHAR, BLOB: oracledb.DB_TYPE_RAW }[
      type
    ];
    const limit = Number(m[2]);
    if (limit > (type === 'BLOB' ? 2000 : type === 'NCLOB' ? 2000 : 4000)) {
      throw oraError('ORA-06502', 'PL/SQL: numeric or value error: character string buffer too small');
    }
    return { ...c, form: 'lobInline', dbType, limit };
  }
  m = /^CASE WHEN DBMS_LOB\.GETLENGTH\("([^"]+)"\) = 0 OR DBMS_LOB\.GETLENGTH\("\1"\) > (\d+) THEN "\1" END$/.exec(
    item,
  );
  if (m) {
    const c = at(m[1]!);
    return { ...c, form: 'lobLocator', dbType: dbTypeOf(lobOf(c.column)), limit: Number(m[2]) };
  }
  throw new Error(`simulated Oracle cannot evaluate the select item ${item}`);
}

/** A column's value as a condition operand. */
function operandOf(table: SimTable, values: readonly SimValue[], name: string): Operand {
  const index = table.columns.findIndex((c) => c.name === name);
  if (index < 0) throw oraError('ORA-00904', `"${name}": invalid identifier`);
  const v = values[index] ?? null;
  if (v === null) return { kind: 'null' };
  const type = baseType(table.columns[index]!.type.dataType);
  if (type === 'NUMBER' || type === 'FLOAT') return { kind: 'number', text: String(v) };
  if (type === 'DATE') return { kind: 'text', text: `${String(v)}.000000000` };
  if (type.startsWith('TIMESTAMP')) {
    const [day, time = ''] = String(v).split(' ');
    const [hms, frac = ''] = time.split('.');
    return { kind: 'text', text: `${day} ${hms}.${frac.padEnd(9, '0')}` };
  }
  if (typeof v === 'number') return { kind: 'number', text: String(v) };
  if (typeof v === 'string') return { kind: 'text', text: v };
  return { kind: 'text', text: JSON.stringify(v) };
}

/** DBMS_LOB's argument: a LOB column, or ORA-00932 as Oracle. */
function lobOf(column: SimColumn): 'CLOB' | 'NCLOB' | 'BLOB' {
  const type = baseType(column.type.dataType);
  if (type === 'CLOB' || type === 'NCLOB' || type === 'BLOB') return type;
  throw oraError('ORA-00932', `inconsistent datatypes: expected BLOB or CLOB got ${type}`);
}

/** A LOB value's `DBMS_LOB.GETLENGTH`: characters (UCS-2 code units) of a CLOB, bytes of a BLOB. */
function lobLength(v: SimValue): number {
  if (v === EMPTY_CLOB) return 0;
  return Buffer.isBuffer(v) ? v.length : String(v).length;
}

/** A locator of `v` as the driver hands it over: an instance of node-oracledb's `Lob` over a simulated reader. */
function locator(v: SimValue, dbType: oracledb.DbType, ledger: LobLedger): oracledb.Lob {
  const value = v === EMPTY_CLOB ? '' : (v as string | Buffer);
  let open = true;
  const connImpl = new DriverConnectionImpl();
  const impl = {
    _getConnImpl: () => connImpl,
    getType: () => dbType,
    getLength: () => value.length,
    // the thin driver reads past the end of an empty LOB as null
    getData: async () => {
      if (!open) throw Object.assign(new Error('NJS-022: invalid Lob'), { code: 'NJS-022' });
      ledger.read++;
      return value.length === 0 ? null : value;
    },
    read: async () => (value.length === 0 ? null : value),
    close: async () => {
      if (open) ledger.open--;
      open = false;
    },
  };
  const lob = new DriverLob();
  lob._setup(impl, true);
  ledger.created++;
  ledger.open++;
  return lob;
}

/** A stored value as the driver hands it over for this select item and fetch type. */
function delivered(
  v: SimValue,
  p: Projection,
  fetchAs: number | oracledb.DbType | undefined,
  ledger: LobLedger,
): unknown {
  if (v === null) return null;
  const type = baseType(p.column.type.dataType);
  if (p.form === 'date') return toCharDatetime(String(v), false);
  if (p.form === 'timestamp' || p.form === 'utc') return toCharDatetime(String(v), true);
  if (p.form === 'lobInline') {
    const length = lobLength(v);
    return length >= 1 && length <= p.limit! ? v : null;
  }
  if (p.form === 'lobLocator') {
    const length = lobLength(v);
    if (length !== 0 && length <= p.limit!) return null;
    return fetchAs === undefined ? locator(v, p.dbType, ledger) : v === EMPTY_CLOB ? '' : v;
  }
  if (v === EMPTY_CLOB) return fetchAs === oracledb.STRING ? '' : locator(v, p.dbType, ledger);
  switch (type) {
    case 'NUMBER':
    case 'FLOAT': {
      const text = number(String(v));
      return fetchAs === oracledb.STRING ? text : Number(text);
    }
    case 'BINARY_DOUBLE':
      return double(Number(v));
    case 'BINARY_FLOAT':
      return float(Number(v));
    case 'INTERVAL DAY TO SECOND':
      return intervalDS(v as object);
    case 'INTERVAL YEAR TO MONTH':
      return intervalYM(v as object);
    case 'CLOB':
    case 'NCLOB':
      return fetchAs === oracledb.STRING ? v : locator(v, p.dbType, ledger);
    case 'BLOB':
      return fetchAs === oracledb.BUFFER ? v : locator(v, p.dbType, ledger);
    case 'CHAR':
    case 'NCHAR':
      return String(v).padEnd(p.column.type.charLength, ' ');
    default:
      return v;
  }
}
