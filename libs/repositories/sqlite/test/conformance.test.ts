import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, it } from 'vitest';
import {
  conformanceContext,
  countBetterSqlite3Statements,
  createStatementCounter,
  repositorySuite,
  runSuite,
  type RepositoryStatementsHarness,
} from '@goe/conformance';
import { sqliteRepository } from '../src/index.js';

const file = join(mkdtempSync(join(tmpdir(), 'goe-repo-conf-')), 'repo', 'goe.sqlite');

// Every statement the repository runs through better-sqlite3 (prepared statement runs, exec, pragma) is counted
// for the statements.* cases (no N+1); the prototypes are restored after the suite.
const statements = createStatementCounter();
afterAll(countBetterSqlite3Statements(statements, BetterSqlite3));

const harness: RepositoryStatementsHarness = {
  name: 'sqlite',
  adapter: sqliteRepository,
  context: conformanceContext({ config: { OFFLOAD_REPOSITORY_URL: `sqlite:${file}` } }),
  statements,
};

runSuite(repositorySuite(harness), { describe, it, afterAll });
