// Where the pyspark wheel (in .venv/pyspark) keeps Spark, and the env its launcher scripts need.
import path from 'node:path';
import { VENV, exists } from './common.mjs';

export const SPARK_HOME = path.join(VENV, 'pyspark', 'lib', 'python3.11', 'site-packages', 'pyspark');
export const SPARK_SUBMIT = path.join(SPARK_HOME, 'bin', 'spark-submit');
export const PG_JDBC = { group: 'org.postgresql', artifact: 'postgresql', version: '42.7.14' };

export function sparkEnv() {
  return {
    SPARK_HOME,
    PYSPARK_PYTHON: path.join(VENV, 'pyspark', 'bin', 'python'),
    PATH: `${path.join(VENV, 'pyspark', 'bin')}:${process.env.PATH}`,
    SPARK_LOCAL_IP: '127.0.0.1',
    SPARK_LOCAL_HOSTNAME: 'localhost',
  };
}

export const sparkInstalled = () => exists(SPARK_SUBMIT);
