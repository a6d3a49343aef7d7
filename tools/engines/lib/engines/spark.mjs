// Spark (transport): pyspark's bundled spark-submit in local mode + the PostgreSQL JDBC driver from Maven Central.
// Nothing long-running: "start" proves the launcher and JVM work and publishes the paths.
import path from 'node:path';
import { JARS, exists, run, writeState, readState, clearState, writeEngineEnv, runSync } from '../common.mjs';
import { ensureVenv, venvReady, mavenJar, javaVersion } from '../toolchains.mjs';
import { sparkHome, sparkSubmit, PG_JDBC, sparkEnv } from '../spark-home.mjs';

const jdbcJar = path.join(JARS, `${PG_JDBC.artifact}-${PG_JDBC.version}.jar`);

export default {
  name: 'spark',
  what: 'Spark local[2] via pyspark spark-submit (+ PostgreSQL JDBC jar)',
  supported: true,
  installed: () => venvReady('pyspark') && exists(jdbcJar),
  async install() {
    await mavenJar(PG_JDBC.group, PG_JDBC.artifact, PG_JDBC.version);
    return ensureVenv('pyspark');
  },
  version: () => `pyspark ${runSync(sparkEnv().PYSPARK_PYTHON, ['-c', 'import pyspark;print(pyspark.__version__)']).out}, java ${javaVersion()}`,
  async start() {
    const out = await run(sparkSubmit(), ['--version'], { env: sparkEnv(), timeoutMs: 120_000 });
    const version = /version (\d+\.\d+\.\d+)/.exec(out)?.[1];
    if (!version) throw new Error(`spark-submit --version printed no version:\n${out.slice(-1000)}`);
    writeState(this.name, { status: 'running', sparkVersion: version });
    writeEngineEnv(this.name, {
      GOE_TEST_SPARK_SUBMIT: sparkSubmit(),
      GOE_TEST_SPARK_HOME: sparkHome(),
      GOE_TEST_SPARK_MASTER: 'local[2]',
      GOE_TEST_SPARK_JDBC_JARS: jdbcJar,
      GOE_TEST_SPARK_PYTHON: sparkEnv().PYSPARK_PYTHON,
    });
    return {};
  },
  pid: () => null,
  async health() {
    return readState(this.name)?.status === 'running' && exists(sparkSubmit());
  },
  async stop() {
    clearState(this.name);
  },
};
