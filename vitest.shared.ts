import { defineProject } from 'vitest/config';
import { workspaceAliases } from './vitest.aliases.ts';

/**
 * Per-package Vitest project: sources of sibling packages are aliased so tests never need a build.
 *
 * @example
 * // libs/core/vitest.config.ts
 * import { packageProject } from '../../vitest.shared.ts';
 * export default packageProject('core');
 */
export function packageProject(name: string, testTimeout = 30_000) {
  return defineProject({
    resolve: { alias: workspaceAliases() },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout,
      hookTimeout: 120_000,
      environment: 'node',
    },
  });
}
