import { afterAll, beforeAll, expect, test } from 'vitest';
import hive from 'hive-driver';
import { engineSuite, env, uniqueName } from './engine-env';
import { tcpOpen } from '../lib/common.mjs';

const { TCLIService, TCLIService_types } = hive.thrift;

engineSuite('hive', ['GOE_TEST_HIVE_PORT'], () => {
  let client: any;
  let session: any;
  const utils = new hive.HiveUtils(TCLIService_types);
  const db = uniqueName('goe_db').replace(/-/g, '_');

  async function query(sql: string): Promise<any[]> {
    const op = await session.executeStatement(sql, { runAsync: true });
    await utils.waitUntilReady(op, false, () => {});
    await utils.fetchAll(op);
    const rows = utils.getResult(op).getValue();
    await op.close();
    return rows ?? [];
  }

  beforeAll(async () => {
    const port = Number(env.GOE_TEST_HIVE_PORT);
    // hive-driver resolves connect() before the socket is up and reports a refusal as an 'error' event:
    // probe first and always attach an error listener
    if (!(await tcpOpen(port))) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    client = new hive.HiveClient(TCLIService, TCLIService_types);
    client.on('error', (e: Error) => console.error(`hive-driver: ${e.message}`));
    await client.connect(
      { host: env.GOE_TEST_HIVE_HOST, port },
      new hive.connections.TcpConnection(),
      new hive.auth.PlainTcpAuthentication({ username: env.GOE_TEST_HIVE_USER, password: env.GOE_TEST_HIVE_PASSWORD }),
    );
    session = await client.openSession({ client_protocol: TCLIService_types.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10 });
  });
  afterAll(async () => {
    if (session) {
      await query(`DROP DATABASE IF EXISTS ${db} CASCADE`).catch(() => {});
      await session.close().catch(() => {});
    }
    try {
      await client?.close(); // not a promise in hive-driver 1.0.0
    } catch {
      /* already closed */
    }
  });

  test('HiveServer2 (Spark Thrift Server): DDL, insert, typed select via hive-driver', async () => {
    const info = await session.getInfo(TCLIService_types.TGetInfoType.CLI_DBMS_VER);
    expect(String(info.getValue())).toMatch(/\d+\.\d+/);
    await query(`CREATE DATABASE ${db}`);
    await query(`CREATE TABLE ${db}.t (id BIGINT, amount DECIMAL(12,2), d DATE, ts TIMESTAMP, name STRING) USING parquet`);
    await query(`INSERT INTO ${db}.t VALUES (1, 12.50, DATE'2026-01-31', TIMESTAMP'2026-01-31 12:34:56.789', 'alpha'), (2, NULL, NULL, NULL, NULL)`);
    const rows = await query(`SELECT id, amount, CAST(d AS STRING) d, name FROM ${db}.t ORDER BY id`);
    expect(rows.map((r) => [Number(r.id), r.amount === null ? null : Number(r.amount), r.d, r.name])).toEqual([
      [1, 12.5, '2026-01-31', 'alpha'],
      [2, null, null, null],
    ]);
    const tables = await query(`SHOW TABLES IN ${db}`);
    expect(tables.map((r) => r.tableName)).toContain('t');
  });
});
