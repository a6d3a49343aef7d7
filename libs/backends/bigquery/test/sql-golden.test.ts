/**
 * Golden SQL: every builder of BIGQUERY_SQL renders one representative statement, compared with
 * test/golden/<builder>.sql, which cites its reference rule and parses with sqlglot's bigquery dialect
 * (tools/test-support/golden-sql.ts). `UPDATE_GOLDEN=1` rewrites the statements.
 */
import { join } from 'node:path';
import { goldenSqlSuite } from '../../../../tools/test-support/golden-sql.js';
import { BIGQUERY_SQL } from '../src/index.js';
import { sqlCases } from './sql-cases.js';

goldenSqlSuite({
  title: 'BigQuery SQL',
  dir: join(import.meta.dirname, 'golden'),
  dialect: 'bigquery',
  builders: Object.keys(BIGQUERY_SQL),
  cases: sqlCases({ project: 'acme-analytics', dataset: 'sh' }, { project: 'acme-analytics', dataset: 'sh_load' }),
});
