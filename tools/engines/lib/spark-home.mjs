// Where the pyspark wheel (in .venv/pyspark) keeps Spark, and the env its launcher scripts need.
import fs from 'node:fs';
import path from 'node:path';
import { VENV, exists } from './common.mjs';

// .venv/pyspark/lib/python3.X/site-packages/pyspark (whatever python3 made the venv)
export function sparkHome() {
  const lib = path.join(VENV, 'pyspark', 'lib');
  const py = exists(lib) ? fs.readdirSync(lib).find((d) => d.startsWith('python3')) : null;
  return path.join(lib, py ?? 'python3.11', 'site-packages', 'pyspark');
}

export const sparkSubmit = () => path.join(sparkHome(), 'bin', 'spark-submit');
export const PG_JDBC = { group: 'org.postgresql', artifact: 'postgresql', version: '42.7.14' };

export function sparkEnv() {
  return {
    SPARK_HOME: sparkHome(),
    PYSPARK_PYTHON: path.join(VENV, 'pyspark', 'bin', 'python'),
    PATH: `${path.join(VENV, 'pyspark', 'bin')}:${process.env.PATH}`,
    SPARK_LOCAL_IP: '127.0.0.1',
    SPARK_LOCAL_HOSTNAME: 'localhost',
  };
}

export const sparkInstalled = () => exists(sparkSubmit());
