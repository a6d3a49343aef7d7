/**
 * DuckDB size settings (`memory_limit`): parsed to bytes and written back, with DuckDB's units.
 */
import { GoeError } from '@goe/core';

const SIZE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};

/**
 * The bytes of a DuckDB size setting as DuckDB reads it: `KB`/`MB`/`GB`/`TB` are powers of 1000, `KiB`/`MiB`/…
 * powers of 1024 (units case-insensitive).
 *
 * @throws GoeError `INTERNAL` for a string that is not a size (settings are validated before they get here).
 * @example
 * sizeBytes('32MB') // 32000000
 * sizeBytes('1GiB') // 1073741824
 */
export function sizeBytes(size: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]+)\s*$/i.exec(size);
  const unit = m === null ? undefined : SIZE_UNITS[m[2]!.toUpperCase()];
  if (m === null || unit === undefined) throw new GoeError('INTERNAL', `Not a DuckDB size: ${JSON.stringify(size)}`);
  return Math.round(Number(m[1]) * unit);
}

/**
 * A byte count as a DuckDB size setting: whole MB when exact, else KiB rounded up (DuckDB's own unit for the
 * block-sized amounts a doubled limit gives).
 *
 * @example
 * formatSize(64_000_000) // '64MB'
 * formatSize(1536) // '2KiB'
 */
export function formatSize(bytes: number): string {
  if (bytes % 1e6 === 0) return `${bytes / 1e6}MB`;
  return `${Math.ceil(bytes / 1024)}KiB`;
}
