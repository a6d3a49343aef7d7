// HiveServer2 endpoint: Spark Thrift Server (classes ship in the pyspark 4.3.0 wheel's jars) started with the
// bundled spark-submit, local[2], embedded Derby metastore under .run/data/hive. No auth (SASL PLAIN, any user).
import path from 'node:path';
import { freePort, tcpOpen } from '../common.mjs';
import { daemonEngine } from '../daemon-engine.mjs';
import { ensureVenv, venvReady } from '../toolchains.mjs';
import { sparkSubmit, sparkEnv } from '../spark-home.mjs';

export default daemonEngine({
  name: 'hive',
  what: 'HiveServer2 (Spark Thrift Server from pyspark)',
  installed: () => venvReady('pyspark'),
  install: () => ensureVenv('pyspark'),
  version: () => 'Spark Thrift Server (pyspark 4.3.0)',
  stopGraceMs: 20_000,
  async launch({ dataDir }) {
    const port = await freePort();
    const uiPort = await freePort();
    return {
      state: { port },
      processes: [
        {
          cmd: sparkSubmit(),
          args: [
            '--class', 'org.apache.spark.sql.hive.thriftserver.HiveThriftServer2',
            '--name', 'goe-test-thriftserver',
            '--master', 'local[2]',
            '--driver-memory', '1g',
            '--conf', `spark.sql.warehouse.dir=${path.join(dataDir, 'warehouse')}`,
            '--conf', `spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=${path.join(dataDir, 'metastore_db')};create=true`,
            '--conf', `spark.ui.port=${uiPort}`,
            '--conf', 'spark.ui.enabled=false',
            '--conf', `spark.driver.extraJavaOptions=-Dderby.system.home=${dataDir}`,
            '--hiveconf', `hive.server2.thrift.port=${port}`,
            '--hiveconf', 'hive.server2.thrift.bind.host=127.0.0.1',
            '--hiveconf', 'hive.server2.transport.mode=binary',
            'spark-internal',
          ],
          env: { ...sparkEnv(), HIVE_SERVER2_THRIFT_PORT: String(port), HIVE_SERVER2_THRIFT_BIND_HOST: '127.0.0.1' },
          health: () => tcpOpen(port),
          timeoutMs: 240_000,
          intervalMs: 1000,
        },
      ],
      env: {
        GOE_TEST_HIVE_HOST: '127.0.0.1',
        GOE_TEST_HIVE_PORT: port,
        GOE_TEST_HIVE_AUTH: 'PLAIN',
        GOE_TEST_HIVE_USER: 'goe',
        GOE_TEST_HIVE_PASSWORD: 'goe',
      },
    };
  },
});
