/**
 * Test helper shared by the adapter packages: the `GoeError` a call throws, sync or async (anything else thrown, or
 * nothing, fails the test).
 *
 * @example
 * const e = await goeErrorOf(() => connect(badSettings)); expect(e.code).toBe('CONNECTION_FAILED');
 */
import { isGoeError, type GoeError } from '@goe/core';

export async function goeErrorOf(run: () => unknown): Promise<GoeError> {
  try {
    await run();
  } catch (e) {
    if (isGoeError(e)) return e;
    throw e;
  }
  throw new Error('expected a GoeError, but nothing was thrown');
}
