/** Fixture columns and cases DuckDB cannot hold exactly, each with the test proving it is refused or flagged. */
export const DUCKDB_FIXTURE_EXCLUSIONS: Readonly<Record<string, string>> = {
  DECIMAL_76_38: 'DuckDB DECIMAL holds 38 digits: refused by the type map (type-map.test.ts, lossy.test.ts)',
  TIMESTAMP_TZ_NS:
    'DuckDB TIMESTAMPTZ holds microseconds: refused without --allow-nanosecond-timestamp-columns (lossy.test.ts)',
  'TIMESTAMP_NS.min': 'outside DuckDB TIMESTAMP_NS range (int64 extreme): flagged by validateCasts (lossy.test.ts)',
  'TIMESTAMP_NS.max': 'DuckDB reads int64 max nanoseconds as infinity: flagged by validateCasts (lossy.test.ts)',
  'INTERVAL_YM.max': 'DuckDB INTERVAL months are 32-bit: flagged by validateCasts (lossy.test.ts)',
  'INTERVAL_YM.min': 'DuckDB INTERVAL months are 32-bit: flagged by validateCasts (lossy.test.ts)',
  'INTERVAL_MDN.nanosecond':
    'DuckDB INTERVAL holds microseconds: flagged by validateCasts, truncated with the allowance (lossy.test.ts)',
  'DOUBLE.negative-zero':
    'DuckDB 1.5 storage folds -0.0 into 0.0 when it checkpoints a DOUBLE segment compressed with RLE or Constant ' +
    '(duckdb/duckdb#25580, #25709, #25592): loaded exactly, changed when the file is checkpointed — at the latest ' +
    'when the session releases it after the load; not detected by verification (e2e.test.ts keeps a tripwire)',
};
