/**
 * Every SQL builder's example rendering equals its golden file, which cites the rule it implements and parses with
 * sqlglot's postgres dialect (tools/test-support/golden-sql.ts; `UPDATE_GOLDEN=1` rewrites the statements).
 */
import { join } from 'node:path';
import { goldenSqlSuite } from '../../../../tools/test-support/golden-sql.js';
import { SQL_BUILDERS } from '../src/sql.js';

goldenSqlSuite({
  title: 'PostgreSQL frontend SQL',
  dir: join(import.meta.dirname, 'golden'),
  dialect: 'postgres',
  cases: Object.fromEntries(SQL_BUILDERS.map((b) => [b.name, () => b.render()])),
  // Valid PostgreSQL that sqlglot's postgres dialect does not parse; each runs on PostgreSQL 15/18 and PGlite in
  // this package's tests (snapshot.test.ts, frontendSuite), which is the proof these statements are right.
  parserRejects: {
    'begin-snapshot': {
      error: 'Invalid expression / Unexpected token. Line 2, Col: 47',
      why: 'sqlglot does not parse the READ ONLY transaction mode after ISOLATION LEVEL',
    },
    'copy-out': {
      error: 'Expecting ). Line 2, Col: 140',
      why: 'sqlglot does not parse COPY (query) TO STDOUT (FORMAT binary)',
    },
    'set-transaction-snapshot': {
      error: 'Unknown option SNAPSHOT',
      why: 'sqlglot does not know SET TRANSACTION SNAPSHOT',
    },
  },
});
