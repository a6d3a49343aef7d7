/**
 * The transportSuite harness of the childproc transport: a reader role with a distinctive password (the suite
 * checks that no slice source holds it), two-partition fixture tables written by the admin connection, the pgwire
 * frontend describing the slices, a dirstore store, and the between-slices hook wired into the transport.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import pg from 'pg';
import { conformanceContext, uniqueSuffix } from '@goe/conformance';
import { createChildprocTransport, dirPath, openDirStore } from 'goe-backend-quack';

export async function transportHarness({ pgUrl, dir, frontend }) {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const suffix = uniqueSuffix();
  const role = `goe_reader_${suffix}`;
  const password = `Zq9-distinctive-${suffix}-pw`;
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  const url = new URL(pgUrl);
  url.username = role;
  url.password = password;
  const context = conformanceContext({
    config: { POSTGRES_CONN: url.toString(), CHILDPROC_JOBS_DIR: join(dir, 'jobs') },
  });
  let hook;
  let store;
  return {
    name: 'childproc',
    transport: createChildprocTransport({ betweenSlices: () => hook }),
    context,
    source: {
      frontend,
      context,
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
    },
    openStore: async () => (store ??= await openDirStore(join(dir, 'transport-stage'))),
    readStaged: async ({ store: s, files }) =>
      files.files.flatMap(
        (f) => tableFromIPC(parquet.readParquet(readFileSync(dirPath(s.uri(f.path)))).intoIPCStream()).batches,
      ),
    betweenSlices: (h) => (hook = h),
    secrets: [password],
    async cleanup() {
      await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    },
  };
}
