/** File names of a command's log and of `--ddl-file AUTO` (GOE's `<prefix>_<OWNER.TABLE>_<YYYYMMDD_HHMMSS_ffffff>`). */
import { createHash } from 'node:crypto';

/**
 * GOE's timestamp of file names: local time `YYYYMMDD_HHMMSS_ffffff` (microseconds; JavaScript clocks give
 * milliseconds, so the last three digits are `000`).
 *
 * @example
 * fileTimestamp(new Date(2025, 0, 31, 12, 0, 1, 234)) // '20250131_120001_234000'
 */
export function fileTimestamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}_${p(d.getMilliseconds(), 3)}000`;
}

/**
 * A file name made safe and at most 255 bytes (GOE's `standard_file_name`: cut and suffixed with a hash).
 *
 * @example
 * standardFileName('offload', 'SH.SALES', '20250131_120001_234000', '.log') // 'offload_SH.SALES_20250131_120001_234000.log'
 */
export function standardFileName(prefix: string, key: string, timestamp: string, extension: string): string {
  const safeKey = key.replace(/[^A-Za-z0-9._$#-]/g, '_');
  const name = `${prefix}_${safeKey}_${timestamp}${extension}`;
  if (Buffer.byteLength(name) <= 255) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${name.slice(0, 255 - extension.length - 13)}_${hash}${extension}`;
}
