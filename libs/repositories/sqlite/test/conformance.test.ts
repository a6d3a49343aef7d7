import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { conformanceContext, repositorySuite, runSuite } from '@goe/conformance';
import { sqliteRepository } from '../src/index.js';

const file = join(mkdtempSync(join(tmpdir(), 'goe-repo-conf-')), 'repo', 'goe.sqlite');

runSuite(
  repositorySuite({
    name: 'sqlite',
    adapter: sqliteRepository,
    context: conformanceContext({ config: { OFFLOAD_REPOSITORY_URL: `sqlite:${file}` } }),
  }),
  { describe, it, afterAll },
);
