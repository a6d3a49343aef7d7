import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { conformanceContext, runSuite, storageSuite } from '@goe/conformance';
import { localStorage } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'goe-local-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runSuite(
  storageSuite({
    name: 'file',
    adapter: localStorage,
    context: conformanceContext({ config: { OFFLOAD_FS_PREFIX: join(dir, 'staging') } }),
  }),
  { describe, it, afterAll },
);
