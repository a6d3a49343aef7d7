/** Deterministic staging file names: `<prefix>/<sliceId>-<seq 00001>.<ext>`, so a retry rewrites the same objects. */

/**
 * A slice id made safe for a file name: letters, digits, `.`, `_` and `-` are kept, anything else becomes `_`.
 *
 * @example
 * safeSliceId('p 2024/01') // 'p_2024_01'
 */
export function safeSliceId(id: string): string {
  const s = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return s === '' ? '_' : s;
}

/**
 * The store path of file number `seq` (1-based) of a slice.
 *
 * @example
 * stagingFileName('sh/sales/run-7', 's0', 1, 'parquet') // 'sh/sales/run-7/s0-00001.parquet'
 */
export function stagingFileName(prefix: string, sliceId: string, seq: number, ext: string): string {
  const base = `${safeSliceId(sliceId)}-${String(seq).padStart(5, '0')}.${ext}`;
  const p = prefix.replace(/\/+$/, '');
  return p === '' ? base : `${p}/${base}`;
}
