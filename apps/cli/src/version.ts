/** The CLI's version. */
import { createRequire } from 'node:module';

/**
 * The CLI's version, from its package.json (`0.0.0` when it cannot be read).
 *
 * @example
 * cliVersion() // '0.1.0'
 */
export function cliVersion(): string {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
