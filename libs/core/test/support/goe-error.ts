/** Test helper: the GoeError a synchronous call throws. */
import { isGoeError, type GoeError } from '@goe/core';

/** Runs `fn`, expecting a GoeError; returns it (anything else thrown, or nothing, fails the test). */
export function goeError(fn: () => unknown): GoeError {
  try {
    fn();
  } catch (e) {
    if (!isGoeError(e)) throw e;
    return e;
  }
  throw new Error('expected a GoeError, but nothing was thrown');
}
