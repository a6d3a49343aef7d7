/**
 * The Parquet writer settings of staged files, as plain data: the main-thread encoder and the encoder worker
 * (which cannot import this module) build the same parquet-wasm `WriterProperties` from them (a test checks that
 * both write byte-identical files).
 */

/**
 * Parquet writer settings taken from the plan's staging spec.
 *
 * @example
 * parquetEncoderFactory(store, { compression: 'SNAPPY', rowGroupRows: 65_536 })
 */
export interface ParquetEncoderOptions {
  readonly compression: 'ZSTD' | 'SNAPPY' | 'NONE';
  /** Rows per row group (parquet-wasm buffers one whole row group). */
  readonly rowGroupRows: number;
}

/**
 * The `created_by` written into every staged Parquet file.
 *
 * @example
 * (await parquetInfo(bytes)).createdBy // starts with PARQUET_CREATED_BY
 */
export const PARQUET_CREATED_BY = 'GOE for TypeScript (@goe/transport-native)';

/**
 * Everything a parquet-wasm `WriterPropertiesBuilder` is given, by parquet-wasm enum member name.
 *
 * @example
 * writerSettings({ compression: 'NONE', rowGroupRows: 122_880 })
 * // { codec: 'UNCOMPRESSED', rowGroupRows: 122880, statistics: 'None', dictionary: false, createdBy: 'GOE for TypeScript (…)' }
 */
export interface WriterSettings {
  readonly codec: 'ZSTD' | 'SNAPPY' | 'UNCOMPRESSED';
  readonly rowGroupRows: number;
  readonly statistics: 'None';
  readonly dictionary: boolean;
  readonly createdBy: string;
}

/**
 * The writer settings of a staged file: the codec, row groups of `rowGroupRows`, no column statistics and no
 * dictionary encoding.
 *
 * - Statistics: a staging file is read once, whole, by a loader, so min/max statistics buy nothing; and with them
 *   parquet-wasm keeps memory for every row group of a decimal (fixed-length byte array) column until the file
 *   closes (measured: +8 MB of wasm memory per million rows of the benchmark table in one file), so memory would
 *   grow with the file size.
 * - Dictionary: parquet-wasm builds a dictionary per column chunk until it passes 1 MiB, i.e. for the whole row
 *   group of a unique key. Measured on the benchmark table (500 k rows, uncompressed): 1.9–2.6 s with dictionaries,
 *   0.3–0.5 s without, for files 5 % larger; a staging file is read once, so the loader gains little from them.
 *
 * @example
 * writerSettings({ compression: 'ZSTD', rowGroupRows: 65_536 }).codec // 'ZSTD'
 */
export function writerSettings(options: ParquetEncoderOptions): WriterSettings {
  return {
    codec: options.compression === 'NONE' ? 'UNCOMPRESSED' : options.compression,
    rowGroupRows: options.rowGroupRows,
    statistics: 'None',
    dictionary: false,
    createdBy: `${PARQUET_CREATED_BY} with parquet-wasm`,
  };
}
