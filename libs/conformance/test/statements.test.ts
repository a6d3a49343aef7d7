/**
 * The statement-count gate (issue #11, no N+1): the counter API, and proof that the `statements.*` cases fail on
 * in-memory adapters that issue one statement per partition, chunk or row, pass on the same adapters without the
 * breakage, fail when the counter does not see the driver, and are skipped with a printed reason without a counter.
 */
import { describe, expect, it } from 'vitest';
import {
  backendSuite,
  countBetterSqlite3Statements,
  countDuckDBStatements,
  countPgliteStatements,
  countPgQueries,
  createStatementCounter,
  executeSuite,
  frontendSuite,
  repositorySuite,
  type SuiteResult,
} from '@goe/conformance';
import {
  brokenMemoryBackend,
  brokenMemoryFrontend,
  brokenMemoryRepository,
  memoryBackend,
  memoryFrontend,
  memoryRepository,
} from './support/memory-adapters.js';

const fixtures = { lobBytes: 64 * 1024 };
const quiet = { log: () => {} };
const failedIds = (r: SuiteResult) => r.failures.map((f) => f.id).sort();
const statementIds = (r: SuiteResult) => [...r.passedIds, ...failedIds(r)].filter((id) => id.startsWith('statements.'));
const messageOf = (r: SuiteResult, id: string) =>
  String((r.failures.find((f) => f.id === id)?.error as Error | undefined)?.message);

describe('createStatementCounter', () => {
  it('counts calls of wrapped methods, measures, resets and restores', async () => {
    const counter = createStatementCounter();
    const driver = { run: (sql: string) => sql.length };
    const restore = counter.wrap(driver, ['run']);
    driver.run('SELECT 1');
    expect(counter.count).toBe(1);
    const m = await counter.measure(() => {
      driver.run('SELECT  2\n FROM t');
      return driver.run('SELECT 3');
    });
    expect(m).toEqual({ result: 8, count: 2, statements: ['SELECT 2 FROM t', 'SELECT 3'] });
    counter.reset();
    expect(counter.count).toBe(0);
    restore();
    driver.run('SELECT 4');
    expect(counter.count).toBe(0);
    expect(Object.getOwnPropertyNames(driver)).toEqual(['run']);
  });

  it('does not count calls a counted call makes itself, also across awaits', async () => {
    class Connection {
      async run(sql: string) {
        await new Promise((r) => setImmediate(r));
        return sql;
      }
      async runAndRead(sql: string) {
        return this.run(sql);
      }
      async runAndReadAll(sql: string) {
        await this.runAndRead(sql);
        return this.run(sql);
      }
    }
    const counter = createStatementCounter();
    const restore = countDuckDBStatements(counter, Connection.prototype);
    const c = new Connection();
    const m = await counter.measure(async () => {
      await c.runAndReadAll('SELECT 1');
      await Promise.all([c.run('SELECT 2'), c.runAndRead('SELECT 3')]);
    });
    expect(m.statements).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3']);
    restore();
    expect(Object.getOwnPropertyNames(Connection.prototype).sort()).toEqual([
      'constructor',
      'run',
      'runAndRead',
      'runAndReadAll',
    ]);
  });

  it('shadows inherited methods on a prototype and removes the shadow on restore', async () => {
    class Base {
      query(text: string | { text: string }) {
        return typeof text === 'string' ? text : text.text;
      }
    }
    class Pool extends Base {}
    const counter = createStatementCounter();
    const restore = countPgQueries(counter, Pool.prototype);
    new Pool().query({ text: 'SELECT $1' });
    new Base().query('not counted');
    expect(counter.statements).toEqual(['SELECT $1']);
    restore();
    expect(Object.getOwnPropertyNames(Pool.prototype)).toEqual(['constructor']);
  });

  it('counts PGlite query, exec and sql once each, better-sqlite3 statement runs, exec and pragma', () => {
    const counter = createStatementCounter();
    const pglite = {
      query: (sql: string) => sql,
      exec: (sql: string) => sql,
      sql(strings: TemplateStringsArray, ...values: unknown[]) {
        return this.query(strings.join('$'), values);
      },
    } as { query: (sql: string, params?: unknown[]) => string; exec: (sql: string) => string; sql: typeof String.raw };
    const undoPglite = countPgliteStatements(counter, pglite);
    pglite.query('SELECT 1');
    pglite.exec('BEGIN; SELECT 2; COMMIT');
    expect(pglite.sql`SELECT ${3}`).toBe('SELECT $');
    expect(counter.statements).toEqual(['SELECT 1', 'BEGIN; SELECT 2; COMMIT', 'SELECT ?']);
    undoPglite();

    class Statement {
      constructor(readonly source: string) {}
      run() {}
      get() {}
      all() {}
      iterate() {}
    }
    class Database {
      constructor(readonly path: string) {}
      prepare(sql: string) {
        return new Statement(sql);
      }
      exec() {}
      pragma() {}
      close() {}
    }
    counter.reset();
    const undoSqlite = countBetterSqlite3Statements(counter, Database);
    const db = new Database('x');
    const st = db.prepare('SELECT * FROM t WHERE id = ?');
    for (let i = 0; i < 3; i++) st.get();
    db.exec();
    db.pragma();
    expect(counter.count).toBe(5);
    undoSqlite();
    st.run();
    expect(counter.count).toBe(5);
  });

  it('refuses to wrap what is not a method', () => {
    expect(() => createStatementCounter().wrap({}, ['query'])).toThrow(/query is not a method/);
  });
});

describe('the statements.* cases fail on adapters that issue one statement per partition, chunk or row', () => {
  it('frontend: one statement per partition fails the four statement cases with the counts', async () => {
    const r = await executeSuite(
      frontendSuite({ ...brokenMemoryFrontend({ statementPerPartition: true }), fixtures }),
      quiet,
    );
    expect(failedIds(r)).toEqual([
      'statements.aggregate-partitions',
      'statements.count-partitions',
      'statements.describe-partitions',
      'statements.describe-subpartitions',
    ]);
    expect(messageOf(r, 'statements.describe-partitions')).toBe(
      'describeTable: 2 partitions → 4 statements, 40 partitions → 42 statements (grows with the partitions: N+1; ' +
        'most repeated: 40× SELECT bound FROM partitions WHERE name = ?)',
    );
    expect(messageOf(r, 'statements.describe-subpartitions')).toMatch(
      /^describeTable: 2×2 sub-partitions → 8 statements, 40×2 sub-partitions → 122 statements/,
    );
    expect(messageOf(r, 'statements.count-partitions')).toMatch(
      /^count: 2 partitions → 2 statements, 40 partitions → 40 statements \(grows with the partitions in scope: N\+1/,
    );
  });

  it('frontend: the same adapter without the breakage passes them', async () => {
    const r = await executeSuite(frontendSuite({ ...memoryFrontend(), fixtures }), quiet);
    expect(r.failures).toEqual([]);
    expect(statementIds(r)).toHaveLength(4);
  });

  it('backend: one statement per loaded chunk or partition fails the six statement cases', async () => {
    const r = await executeSuite(backendSuite({ ...brokenMemoryBackend({ statementPerUnit: true }), fixtures }), quiet);
    expect(failedIds(r)).toEqual([
      'statements.aggregate',
      'statements.count',
      'statements.describe-table',
      'statements.max-partition-value',
      'statements.partition-key-values',
      'statements.partitions',
    ]);
    expect(messageOf(r, 'statements.describe-table')).toBe(
      'describeTable: 1 chunk of 10 rows → 1 statement, 5 chunks of 400 rows → 5 statements (grows with the rows ' +
        'and chunks loaded: N+1; most repeated: 5× SELECT column_name, data_type FROM t WHERE unit = ?)',
    );
    expect(messageOf(r, 'statements.partitions')).toMatch(
      /^describeTable: 2 partitions → 2 statements, 40 partitions → 40 statements .*; count: 2 partitions → 2 statements, 40 partitions → 40 statements .*; maxPartitionValue: /,
    );
  });

  it('backend: the same adapter without the breakage passes them', async () => {
    const r = await executeSuite(backendSuite({ ...memoryBackend(), fixtures }), quiet);
    expect(r.failures).toEqual([]);
    expect(statementIds(r)).toHaveLength(6);
  });

  it('repository: one statement per row fails the seven statement cases', async () => {
    const r = await executeSuite(repositorySuite(brokenMemoryRepository()), quiet);
    expect(failedIds(r)).toEqual([
      'statements.get-command',
      'statements.list-chunks',
      'statements.list-commands',
      'statements.list-steps',
      'statements.metadata',
      'statements.write-chunk',
      'statements.write-step',
    ]);
    expect(messageOf(r, 'statements.list-chunks')).toBe(
      'listChunks: 3 chunks → 4 statements, 60 chunks → 61 statements (grows with the chunks: N+1)',
    );
    expect(messageOf(r, 'statements.metadata')).toMatch(
      /^saveMetadata: 3 predicates → 4 statements, 60 predicates → 61 statements .*; getMetadata: 3 predicates → 4 statements, 60 predicates → 61 statements/,
    );
  });

  it('repository: the same adapter without the breakage passes them', async () => {
    const r = await executeSuite(repositorySuite(memoryRepository()), quiet);
    expect(r.failures).toEqual([]);
    expect(statementIds(r)).toHaveLength(7);
  });
});

describe('the statements.* cases need a counter that sees the driver', () => {
  it('fail when the counter wraps nothing the adapter uses', async () => {
    const r = await executeSuite(
      repositorySuite({ ...memoryRepository(), statements: createStatementCounter() } as ReturnType<
        typeof memoryRepository
      >),
      quiet,
    );
    expect(failedIds(r)).toHaveLength(7);
    expect(messageOf(r, 'statements.list-steps')).toBe(
      'listSteps: 3 steps → 0 statements, 60 steps → 0 statements: the statement counter saw nothing (it does not ' +
        'wrap the driver the adapter uses)',
    );
  });

  it('are skipped with a printed reason without a counter or a way to make partitioned tables', async () => {
    const lines: string[] = [];
    const { statements: _s, partitionedTables: _p, ...bare } = memoryFrontend();
    const r = await executeSuite(frontendSuite({ ...bare, fixtures }), { log: (l) => lines.push(l) });
    expect(r.failures).toEqual([]);
    expect(lines).toContain(
      'skipped: frontendSuite[memory] statements.describe-partitions (the harness wires no statement counter (harness.statements))',
    );
    const { partitionedTables: _q, ...unpartitioned } = memoryFrontend();
    const lines2: string[] = [];
    await executeSuite(frontendSuite({ ...unpartitioned, fixtures }), { log: (l) => lines2.push(l) });
    expect(lines2).toContain(
      'skipped: frontendSuite[memory] statements.count-partitions (the harness cannot create partitioned tables (harness.partitionedTables))',
    );
    const { partitionedPlan: _b, ...backend } = memoryBackend();
    const lines3: string[] = [];
    const rb = await executeSuite(backendSuite({ ...backend, fixtures }), { log: (l) => lines3.push(l) });
    expect(rb.passedIds).toContain('statements.count');
    expect(lines3).toContain(
      'skipped: backendSuite[memory] statements.partitions (the harness cannot partition backend tables (harness.partitionedPlan))',
    );
  });
});
