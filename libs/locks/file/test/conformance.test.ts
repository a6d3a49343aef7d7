import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { conformanceContext, lockSuite, runSuite } from '@goe/conformance';
import { fileLock } from '../src/index.js';

runSuite(
  lockSuite({
    name: 'file',
    adapter: fileLock,
    context: conformanceContext({ offloadHome: mkdtempSync(join(tmpdir(), 'goe-lock-conf-')) }),
  }),
  { describe, it, afterAll },
);
