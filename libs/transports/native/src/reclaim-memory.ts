/**
 * Gives the transport's garbage back before the backend loads: one full V8 garbage collection at the end of a
 * NATIVE run. V8 frees the backing stores of dead ArrayBuffers (decoded batches, encoded pages, socket chunks)
 * only at a garbage collection, which an idle process does not run; without it the ~64 MB of external memory V8
 * tolerates before collecting stays resident while an in-process backend (DuckDB) allocates its own, and the two
 * peaks add up. Measured on the benchmark table (1 M rows): 210 MB → 140 MB resident after the collection, in
 * 10–30 ms.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * Runs a full garbage collection: `globalThis.gc` when the process exposes it (`node --expose-gc`), else the one a
 * fresh context gets after `--expose-gc` is set at run time; a no-op where neither works.
 *
 * @example
 * reclaimMemory(); // after the last staged file is committed
 */
export function reclaimMemory(): void {
  if (collect === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') collect = exposed;
    else {
      try {
        setFlagsFromString('--expose-gc');
        const gc: unknown = runInNewContext('gc');
        collect = typeof gc === 'function' ? (gc as () => void) : null;
      } catch {
        collect = null;
      }
    }
  }
  collect?.();
}
