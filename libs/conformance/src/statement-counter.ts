/**
 * Statement counting for the no-N+1 gate (issue #11): a {@link StatementCounter} records every statement a driver
 * runs, so a suite can check that describing, verifying and repository work issue a bounded number of statements
 * whatever the number of partitions, chunks or steps. Wrappers patch driver methods in place (an instance, or a
 * prototype so every connection an adapter opens is counted) and undo the patch on `restore()`; no driver is a
 * dependency of this package.
 *
 * A statement is one call of a driver method that sends SQL. Calls a counted call makes itself (`runAndReadAll`
 * calling `run`, `Pool.query` calling `Client.query`) are not counted again. `prepare` alone runs nothing: a prepared
 * statement counts each time it runs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { GoeError } from '@goe/core';
import { fail, shorten } from './check.js';

/**
 * What {@link StatementCounter.measure} reports.
 *
 * @example
 * const { result, count, statements } = await counter.measure(() => session.count(table, scope));
 * // count 1, statements ['SELECT count(*)::int8::text AS n FROM "sh"."sales" WHERE …']
 */
export interface StatementMeasurement<T> {
  /** What the measured function returned. */
  readonly result: T;
  /** Statements it issued. */
  readonly count: number;
  /** Their text (shortened), in order. */
  readonly statements: readonly string[];
}

/**
 * Options of {@link StatementCounter.wrap}.
 *
 * @example
 * counter.wrap(Statement.prototype, ['run', 'all'], { describe: (self) => (self as { source: string }).source });
 */
export interface WrapOptions {
  /**
   * The statement text of one call, for messages. Default: the first argument when it is a string, else its
   * `text` or `sql` property, else the method name.
   */
  readonly describe?: (self: unknown, args: readonly unknown[], method: string) => string;
  /** Methods missing on the target are skipped silently instead of refused. Default false. */
  readonly optional?: boolean;
}

/**
 * Records the statements drivers run (see the module comment). Measure one operation at a time: the counter
 * counts every wrapped call in the process, whichever session makes it.
 *
 * @example
 * const counter = createStatementCounter();
 * const restore = counter.wrap(driver, ['query']);
 * const { count } = await counter.measure(() => repo.listChunks(id));
 * restore();
 */
export interface StatementCounter {
  /** Statements recorded since the counter was made or last reset. */
  readonly count: number;
  /** The text of those statements (shortened), in order. */
  readonly statements: readonly string[];
  /** Records one statement (the wrappers call it; an adapter without a wrappable driver may call it directly). */
  record(statement?: string): void;
  /** Forgets what was recorded. */
  reset(): void;
  /** Resets, runs `fn` and returns the statements it issued; the counter keeps recording afterwards. */
  measure<T>(fn: () => Promise<T> | T): Promise<StatementMeasurement<T>>;
  /**
   * Replaces `methods` of `target` (an object or a prototype; inherited methods are shadowed) so that each call
   * records one statement; returns a function that puts them back.
   *
   * @throws GoeError `OPTION_INVALID` when a method is not a function of `target` (unless `optional`)
   */
  wrap(target: object, methods: readonly string[], options?: WrapOptions): () => void;
  /** Undoes every `wrap` of this counter (idempotent). */
  restore(): void;
}

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

function defaultDescribe(_self: unknown, args: readonly unknown[], method: string): string {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (first !== null && typeof first === 'object') {
    const text = (first as { text?: unknown; sql?: unknown }).text ?? (first as { sql?: unknown }).sql;
    if (typeof text === 'string') return text;
  }
  return `${method}()`;
}

/** One-line statement text for logs and messages. */
function oneLine(text: string): string {
  return shorten(text.replace(/\s+/g, ' ').trim(), 120);
}

/**
 * Makes a {@link StatementCounter}.
 *
 * @example
 * import pg from 'pg';
 * const counter = createStatementCounter();
 * countPgQueries(counter, pg.Client.prototype);
 * const { count } = await counter.measure(() => session.describeTable('sh', 'sales'));
 * counter.restore();
 */
export function createStatementCounter(): StatementCounter {
  let log: string[] = [];
  const inside = new AsyncLocalStorage<true>();
  const undo: (() => void)[] = [];
  const record = (statement = 'statement') => {
    log.push(oneLine(statement));
  };
  const counter: StatementCounter = {
    get count() {
      return log.length;
    },
    get statements() {
      return [...log];
    },
    record,
    reset() {
      log = [];
    },
    async measure<T>(fn: () => Promise<T> | T): Promise<StatementMeasurement<T>> {
      log = [];
      const result = await fn();
      const statements = [...log];
      return { result, count: statements.length, statements };
    },
    wrap(target, methods, options = {}) {
      const describe = options.describe ?? defaultDescribe;
      const restores: (() => void)[] = [];
      for (const method of methods) {
        const original = (target as Record<string, unknown>)[method];
        if (typeof original !== 'function') {
          if (options.optional) continue;
          throw new GoeError('OPTION_INVALID', `StatementCounter.wrap: ${method} is not a method of the target`);
        }
        const own = Object.getOwnPropertyDescriptor(target, method);
        const call = original as AnyMethod;
        const wrapped = function (this: unknown, ...args: unknown[]): unknown {
          if (inside.getStore()) return call.apply(this, args);
          record(describe(this, args, method));
          return inside.run(true, () => call.apply(this, args));
        };
        Object.defineProperty(target, method, { value: wrapped, writable: true, configurable: true });
        restores.push(() => {
          if ((target as Record<string, unknown>)[method] !== wrapped) return;
          if (own) Object.defineProperty(target, method, own);
          else delete (target as Record<string, unknown>)[method];
        });
      }
      let done = false;
      const restore = () => {
        if (done) return;
        done = true;
        for (const r of restores.reverse()) r();
      };
      undo.push(restore);
      return restore;
    },
    restore() {
      for (const r of undo.splice(0).reverse()) r();
    },
  };
  return counter;
}

/**
 * Counts node-postgres queries: wraps `query` of a `pg.Client`, a `pg.Pool`, or their prototype
 * (`pg.Client.prototype` counts every client an adapter creates). A `COPY … TO STDOUT` stream is one statement.
 * Wrap either clients or pools: a pool query runs on a client and is counted once either way.
 *
 * @example
 * import pg from 'pg';
 * const restore = countPgQueries(counter, pg.Client.prototype);
 * afterAll(restore);
 */
export function countPgQueries(counter: StatementCounter, target: object): () => void {
  return counter.wrap(target, ['query']);
}

/**
 * Counts PGlite statements: wraps `query`, `exec` and `sql` of a PGlite instance or of `PGlite.prototype` (every
 * engine an adapter opens). One `exec` of several `;`-separated statements counts once (one round trip).
 *
 * @example
 * import { PGlite } from '@electric-sql/pglite';
 * const restore = countPgliteStatements(counter, PGlite.prototype);
 */
export function countPgliteStatements(counter: StatementCounter, target: object): () => void {
  return counter.wrap(target, ['query', 'exec', 'sql'], {
    optional: true,
    describe: (_self, args, method) =>
      method === 'sql' && Array.isArray(args[0])
        ? (args[0] as string[]).join('?')
        : defaultDescribe(_self, args, method),
  });
}

const DUCKDB_RUN_METHODS = [
  'run',
  'runAndRead',
  'runAndReadAll',
  'runAndReadUntil',
  'stream',
  'streamAndRead',
  'streamAndReadAll',
  'streamAndReadUntil',
  'start',
  'startThenRead',
  'startThenReadAll',
  'startThenReadUntil',
  'startStream',
  'startStreamThenRead',
  'startStreamThenReadAll',
  'startStreamThenReadUntil',
] as const;

/**
 * Counts `@duckdb/node-api` statements: wraps the `run*`, `stream*` and `start*` methods of a `DuckDBConnection`
 * (or `DuckDBConnection.prototype`) and, when given, of `DuckDBPreparedStatement.prototype` (a prepared statement
 * counts each time it runs; `prepare` itself is not a statement).
 *
 * @example
 * import { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
 * const restore = countDuckDBStatements(counter, DuckDBConnection.prototype, DuckDBPreparedStatement.prototype);
 */
export function countDuckDBStatements(
  counter: StatementCounter,
  connection: object,
  preparedStatement?: object,
): () => void {
  const restores = [counter.wrap(connection, DUCKDB_RUN_METHODS, { optional: true })];
  if (preparedStatement) {
    restores.push(
      counter.wrap(preparedStatement, DUCKDB_RUN_METHODS, {
        optional: true,
        describe: (self, _args, method) => `prepared ${method}() (${String((self as { sql?: unknown }).sql ?? '?')})`,
      }),
    );
  }
  return () => restores.forEach((r) => r());
}

/**
 * A better-sqlite3 `Database` constructor (the default export of `better-sqlite3`).
 *
 * @example
 * import Database from 'better-sqlite3';
 * const ctor: BetterSqlite3Constructor = Database;
 */
export type BetterSqlite3Constructor = new (path: string) => {
  prepare(sql: string): object;
  close(): unknown;
};

/**
 * Counts better-sqlite3 statements: wraps `exec` and `pragma` of `Database.prototype` and `run`, `get`, `all` and
 * `iterate` of its `Statement` class (found by preparing `SELECT 1` on a throw-away in-memory database), so
 * statements prepared once and run many times count every run; transactions count their `BEGIN` and `COMMIT`.
 *
 * @example
 * import Database from 'better-sqlite3';
 * const restore = countBetterSqlite3Statements(counter, Database);
 */
export function countBetterSqlite3Statements(
  counter: StatementCounter,
  Database: BetterSqlite3Constructor,
): () => void {
  const probe = new Database(':memory:');
  let statementPrototype: object;
  try {
    statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as object;
  } finally {
    probe.close();
  }
  const restores = [
    counter.wrap(Database.prototype as object, ['exec', 'pragma'], {
      describe: (_self, args, method) => (method === 'pragma' ? `PRAGMA ${String(args[0])}` : String(args[0])),
    }),
    counter.wrap(statementPrototype, ['run', 'get', 'all', 'iterate'], {
      describe: (self) => String((self as { source?: unknown }).source ?? 'statement'),
    }),
  ];
  return () => restores.forEach((r) => r());
}

/** The statement that repeats most often in a measurement, for messages: `38× SELECT …`. */
function mostRepeated(statements: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const s of statements) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best: [string, number] | undefined;
  for (const entry of counts) if (best === undefined || entry[1] > best[1]) best = entry;
  return best && best[1] > 1 ? `${best[1]}× ${best[0]}` : undefined;
}

/**
 * @internal Fails unless the operation issued no more statements on the large input than on the small one, e.g.
 * `describeTable: 2 partitions → 5 statements, 40 partitions → 43 statements (grows with the partitions: N+1; most
 * repeated: 38× SELECT …)`. Fails as well when neither run issued a statement: the counter does not see the driver.
 */
export function checkStatementBound(
  what: string,
  small: readonly [label: string, measurement: StatementMeasurement<unknown>],
  large: readonly [label: string, measurement: StatementMeasurement<unknown>],
  growth: string,
): void {
  const [sl, sm] = small;
  const [ll, lm] = large;
  const n = (k: number) => `${k} statement${k === 1 ? '' : 's'}`;
  const counts = `${sl} → ${n(sm.count)}, ${ll} → ${n(lm.count)}`;
  if (sm.count === 0 && lm.count === 0)
    fail(`${what}: ${counts}: the statement counter saw nothing (it does not wrap the driver the adapter uses)`);
  if (lm.count > sm.count) {
    const repeated = mostRepeated(lm.statements);
    fail(`${what}: ${counts} (grows with the ${growth}: N+1${repeated ? `; most repeated: ${repeated}` : ''})`);
  }
}
