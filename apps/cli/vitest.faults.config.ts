import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.aliases.ts';

/** `npm run test:faults`: the fault suite through the bundled CLI, against a real PostgreSQL server. */
export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'faults',
    root: import.meta.dirname,
    include: ['faults/**/*.test.ts'],
    globalSetup: ['../../libs/frontends/postgres/test/global-setup.ts'],
    testTimeout: 900_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
