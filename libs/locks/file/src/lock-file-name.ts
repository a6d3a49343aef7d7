/** Lock file names: one file per lock key, safe on every filesystem whatever characters the key holds. */
import { createHash } from 'node:crypto';

/** Longest encoded key kept verbatim in a file name; longer keys are cut and suffixed with a hash. */
const MAX_ENCODED = 180;

/**
 * The file name of the lock of `key`: `orchestration_<encoded key>.lock` (GOE's `orchestration_<id>.lock`).
 * Letters, digits, `.`, `_` and `-` stay; every other UTF-8 byte becomes `%XX`; a leading `.` is escaped; very
 * long keys are cut and end with a SHA-256 prefix so distinct keys never share a file.
 *
 * @example
 * lockFileName('SH.SALES')         // 'orchestration_SH.SALES.lock'
 * lockFileName('dbo.My Table/x')   // 'orchestration_dbo.My%20Table%2Fx.lock'
 */
export function lockFileName(key: string): string {
  let encoded = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9._-]/.test(c) && byte < 0x80 ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (encoded.startsWith('.')) encoded = `%2E${encoded.slice(1)}`;
  if (encoded.length > MAX_ENCODED) {
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
    encoded = `${encoded.slice(0, MAX_ENCODED - 17)}~${hash}`;
  }
  return `orchestration_${encoded}.lock`;
}
