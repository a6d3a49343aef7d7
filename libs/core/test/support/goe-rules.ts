/**
 * The registry of GOE rules this port implements: one entry per distinct rule sentence of reference §1.1–§1.5
 * (canonical types, column attributes, char semantics, safe mapping, partition info and synthetic names), §3.7
 * (data-type control options, NOT NULL, lossless-by-default permissions) and §5.4–§5.5 (backend partition and sort
 * columns). Tests cite rule ids (`[T3.7-conflict] …`); a meta-test fails when a rule has no test case.
 *
 * Ids are `T<section>-<slug>`; texts restate GOE (no code copied). Entries marked "adapter-owned" or
 * "backend-owned" are implemented by adapters; their core case checks what core contributes.
 *
 * Test support only: the table lives under `test/`, so it is not part of `@goe/core`'s published bundle.
 */

/**
 * One rule: stable id, reference section and the rule restated.
 *
 * @example
 * const rule: GoeRule = { id: 'T3.7-conflict', section: '3.7', text: '...' };
 */
export interface GoeRule {
  readonly id: string;
  /** Reference section, e.g. `'3.7'`. */
  readonly section: string;
  readonly text: string;
}

/**
 * Every rule, in reference order.
 *
 * @example
 * GOE_RULES.find((r) => r.id === 'T1.4-merge-false-wins')?.text // 'An explicit False always wins.'
 */
export const GOE_RULES = [
  {
    id: 'T1.1-const-FIXED_STRING',
    section: '1.1',
    text: "GOE_TYPE_FIXED_STRING has the value 'FIXED_STRING': blank-padded fixed-length char (CHAR/NCHAR).",
  },
  {
    id: 'T1.1-const-LARGE_STRING',
    section: '1.1',
    text: "GOE_TYPE_LARGE_STRING has the value 'LARGE_STRING': LOB text (CLOB, NCLOB, LONG, TEXT, XMLTYPE).",
  },
  {
    id: 'T1.1-const-VARIABLE_STRING',
    section: '1.1',
    text: "GOE_TYPE_VARIABLE_STRING has the value 'VARIABLE_STRING': bounded/unbounded varchar.",
  },
  {
    id: 'T1.1-const-BINARY',
    section: '1.1',
    text: "GOE_TYPE_BINARY has the value 'BINARY': bounded binary (RAW, VARBINARY, BYTE).",
  },
  {
    id: 'T1.1-const-LARGE_BINARY',
    section: '1.1',
    text: "GOE_TYPE_LARGE_BINARY has the value 'LARGE_BINARY': LOB binary (BLOB, LONG RAW).",
  },
  {
    id: 'T1.1-const-INTEGER_1',
    section: '1.1',
    text: "GOE_TYPE_INTEGER_1 has the value 'INTEGER_1': 1-byte signed int (p 1-2).",
  },
  {
    id: 'T1.1-const-INTEGER_2',
    section: '1.1',
    text: "GOE_TYPE_INTEGER_2 has the value 'INTEGER_2': 2-byte int (p 3-4).",
  },
  {
    id: 'T1.1-const-INTEGER_4',
    section: '1.1',
    text: "GOE_TYPE_INTEGER_4 has the value 'INTEGER_4': 4-byte int (p 5-9).",
  },
  {
    id: 'T1.1-const-INTEGER_8',
    section: '1.1',
    text: "GOE_TYPE_INTEGER_8 has the value 'INTEGER_8': 8-byte int (p 10-18).",
  },
  {
    id: 'T1.1-const-INTEGER_38',
    section: '1.1',
    text: "GOE_TYPE_INTEGER_38 has the value 'INTEGER_38': 38-digit integer (p 19-38).",
  },
  {
    id: 'T1.1-const-DECIMAL',
    section: '1.1',
    text: "GOE_TYPE_DECIMAL has the value 'DECIMAL': exact decimal (p,s); p/s may be unset.",
  },
  { id: 'T1.1-const-FLOAT', section: '1.1', text: "GOE_TYPE_FLOAT has the value 'FLOAT': IEEE single." },
  { id: 'T1.1-const-DOUBLE', section: '1.1', text: "GOE_TYPE_DOUBLE has the value 'DOUBLE': IEEE double." },
  { id: 'T1.1-const-DATE', section: '1.1', text: "GOE_TYPE_DATE has the value 'DATE': date, no time part." },
  { id: 'T1.1-const-TIME', section: '1.1', text: "GOE_TYPE_TIME has the value 'TIME': time of day, no date." },
  {
    id: 'T1.1-const-TIMESTAMP',
    section: '1.1',
    text: "GOE_TYPE_TIMESTAMP has the value 'TIMESTAMP': date+time, no zone; data_scale = fractional digits.",
  },
  {
    id: 'T1.1-const-TIMESTAMP_TZ',
    section: '1.1',
    text: "GOE_TYPE_TIMESTAMP_TZ has the value 'TIMESTAMP_TZ': date+time with zone.",
  },
  {
    id: 'T1.1-const-INTERVAL_DS',
    section: '1.1',
    text: "GOE_TYPE_INTERVAL_DS has the value 'INTERVAL_DS': day-to-second interval (p = day digits, s = fractional digits).",
  },
  {
    id: 'T1.1-const-INTERVAL_YM',
    section: '1.1',
    text: "GOE_TYPE_INTERVAL_YM has the value 'INTERVAL_YM': year-to-month interval (p = year digits).",
  },
  { id: 'T1.1-const-BOOLEAN', section: '1.1', text: "GOE_TYPE_BOOLEAN has the value 'BOOLEAN': boolean." },
  {
    id: 'T1.1-flags-FIXED_STRING',
    section: '1.1',
    text: 'FIXED_STRING class flags (number/date/string/binary/interval/tz/has_time): string.',
  },
  {
    id: 'T1.1-flags-LARGE_STRING',
    section: '1.1',
    text: 'LARGE_STRING class flags (number/date/string/binary/interval/tz/has_time): string.',
  },
  {
    id: 'T1.1-flags-VARIABLE_STRING',
    section: '1.1',
    text: 'VARIABLE_STRING class flags (number/date/string/binary/interval/tz/has_time): string.',
  },
  {
    id: 'T1.1-flags-BINARY',
    section: '1.1',
    text: 'BINARY class flags (number/date/string/binary/interval/tz/has_time): binary.',
  },
  {
    id: 'T1.1-flags-LARGE_BINARY',
    section: '1.1',
    text: 'LARGE_BINARY class flags (number/date/string/binary/interval/tz/has_time): binary.',
  },
  {
    id: 'T1.1-flags-INTEGER_1',
    section: '1.1',
    text: 'INTEGER_1 class flags (number/date/string/binary/interval/tz/has_time): number.',
  },
  {
    id: 'T1.1-flags-INTEGER_2',
    section: '1.1',
    text: 'INTEGER_2 class flags (number/date/string/binary/interval/tz/has_time): number.',
  },
  {
    id: 'T1.1-flags-INTEGER_4',
    section: '1.1',
    text: 'INTEGER_4 class flags (number/date/string/binary/interval/tz/has_time): number.',
  },
  {
    id: 'T1.1-flags-INTEGER_8',
    section: '1.1',
    text: 'INTEGER_8 class flags (number/date/string/binary/interval/tz/has_time): number.',
  },
  {
    id: 'T1.1-flags-INTEGER_38',
    section: '1.1',
    text: 'INTEGER_38 class flags (number/date/string/binary/interval/tz/has_time): number.',
  },
  {
    id: 'T1.1-flags-DECIMAL',
    section: '1.1',
    text: 'DECIMAL class flags (number/date/string/binary/interval/tz/has_time): number.',
  },
  {
    id: 'T1.1-flags-FLOAT',
    section: '1.1',
    text: 'FLOAT class flags (number/date/string/binary/interval/tz/has_time): number.',
  },
  {
    id: 'T1.1-flags-DOUBLE',
    section: '1.1',
    text: 'DOUBLE class flags (number/date/string/binary/interval/tz/has_time): number.',
  },
  {
    id: 'T1.1-flags-DATE',
    section: '1.1',
    text: 'DATE class flags (number/date/string/binary/interval/tz/has_time): date.',
  },
  {
    id: 'T1.1-flags-TIME',
    section: '1.1',
    text: 'TIME class flags (number/date/string/binary/interval/tz/has_time): has_time only (NOT date-based).',
  },
  {
    id: 'T1.1-flags-TIMESTAMP',
    section: '1.1',
    text: 'TIMESTAMP class flags (number/date/string/binary/interval/tz/has_time): date, has_time.',
  },
  {
    id: 'T1.1-flags-TIMESTAMP_TZ',
    section: '1.1',
    text: 'TIMESTAMP_TZ class flags (number/date/string/binary/interval/tz/has_time): date, has_time, tz.',
  },
  {
    id: 'T1.1-flags-INTERVAL_DS',
    section: '1.1',
    text: 'INTERVAL_DS class flags (number/date/string/binary/interval/tz/has_time): interval.',
  },
  {
    id: 'T1.1-flags-INTERVAL_YM',
    section: '1.1',
    text: 'INTERVAL_YM class flags (number/date/string/binary/interval/tz/has_time): interval.',
  },
  {
    id: 'T1.1-flags-BOOLEAN',
    section: '1.1',
    text: 'BOOLEAN class flags (number/date/string/binary/interval/tz/has_time): none of the classes.',
  },
  { id: 'T1.1-bytes-INTEGER_1', section: '1.1', text: 'INTEGER_1 has a default byte length of 1.' },
  { id: 'T1.1-bytes-INTEGER_2', section: '1.1', text: 'INTEGER_2 has a default byte length of 2.' },
  { id: 'T1.1-bytes-INTEGER_4', section: '1.1', text: 'INTEGER_4 has a default byte length of 4.' },
  { id: 'T1.1-bytes-INTEGER_8', section: '1.1', text: 'INTEGER_8 has a default byte length of 8.' },
  { id: 'T1.1-bytes-FLOAT', section: '1.1', text: 'FLOAT has a default byte length of 4.' },
  { id: 'T1.1-bytes-DOUBLE', section: '1.1', text: 'DOUBLE has a default byte length of 8.' },
  { id: 'T1.1-bytes-none', section: '1.1', text: 'Every other canonical type has no default byte length.' },
  {
    id: 'T1.1-bytes-fill',
    section: '1.1',
    text: 'CANONICAL_TYPE_BYTE_LENGTHS fills data_length automatically when a canonical column is built without one.',
  },
  { id: 'T1.1-group-all', section: '1.1', text: 'ALL_CANONICAL_TYPES holds all 20 types, in the table order.' },
  { id: 'T1.1-group-date', section: '1.1', text: 'DATE_CANONICAL_TYPES = DATE, TIMESTAMP, TIMESTAMP_TZ.' },
  {
    id: 'T1.1-group-numeric',
    section: '1.1',
    text: 'NUMERIC_CANONICAL_TYPES = INTEGER_1/2/4/8/38, DECIMAL, FLOAT, DOUBLE.',
  },
  {
    id: 'T1.1-group-string',
    section: '1.1',
    text: 'STRING_CANONICAL_TYPES = FIXED_STRING, LARGE_STRING, VARIABLE_STRING.',
  },
  {
    id: 'T1.1-no-dialect-format',
    section: '1.1',
    text: 'The canonical column\'s format_data_type and is_nan_capable deliberately raise "not implemented": a canonical column has no dialect type text (GOE-TS: canonical columns are plain data without such methods).',
  },
  {
    id: 'T1.1-ext-INTERVAL_MDN',
    section: '1.1',
    text: "GOE-TS extension: INTERVAL_MDN (months, days, nanoseconds held independently) is an interval type outside GOE's 20.",
  },
  { id: 'T1.2-name-required', section: '1.2', text: 'name is a required non-empty string.' },
  {
    id: 'T1.2-data-type-required',
    section: '1.2',
    text: 'data_type is a required non-empty string (for a canonical column: a canonical type).',
  },
  { id: 'T1.2-data-length', section: '1.2', text: 'data_length is an int or None (bytes for strings/binary).' },
  { id: 'T1.2-char-length', section: '1.2', text: 'char_length is an int or None (characters).' },
  {
    id: 'T1.2-char-semantics-upper',
    section: '1.2',
    text: 'char_semantics is None, BYTE, CHAR or UNICODE, upper-cased on input.',
  },
  { id: 'T1.2-char-semantics-invalid', section: '1.2', text: 'Any other char_semantics value is an error.' },
  { id: 'T1.2-precision-scale', section: '1.2', text: 'data_precision and data_scale are ints or None.' },
  { id: 'T1.2-scale-negative', section: '1.2', text: 'data_scale may be negative (Oracle sources).' },
  { id: 'T1.2-nullable-true', section: '1.2', text: 'nullable accepts Y/YES/TRUE (any case) as true.' },
  { id: 'T1.2-nullable-false', section: '1.2', text: 'nullable accepts N/NO/FALSE (any case) as false.' },
  { id: 'T1.2-nullable-invalid', section: '1.2', text: 'Any other nullable string is an error.' },
  { id: 'T1.2-data-default', section: '1.2', text: 'data_default may be anything and is not validated.' },
  { id: 'T1.2-safe-mapping-default', section: '1.2', text: 'safe_mapping is a bool or None and defaults to True.' },
  { id: 'T1.2-partition-info', section: '1.2', text: 'partition_info is a ColumnPartitionInfo or None.' },
  {
    id: 'T1.2-staging-file-column-name',
    section: '1.2',
    text: 'staging_file_column_name exists only for staging columns (§8), never on canonical columns.',
  },
  {
    id: 'T1.2-from-override',
    section: '1.2',
    text: 'from_override (canonical only) is True when the column was created by a data-type control or by --unicode-string-columns.',
  },
  {
    id: 'T1.2-match-table-column',
    section: '1.2',
    text: 'match_table_column finds a column by name case-insensitively.',
  },
  {
    id: 'T1.2-match-table-column-position',
    section: '1.2',
    text: "match_table_column_position returns a column's position by name case-insensitively.",
  },
  {
    id: 'T1.2-match-partition-by-source',
    section: '1.2',
    text: 'match_partition_column_by_source finds a partition column by its source column name case-insensitively.',
  },
  {
    id: 'T1.2-get-partition-columns',
    section: '1.2',
    text: 'get_partition_columns returns the columns with partition_info, sorted by partition_info.position.',
  },
  {
    id: 'T1.2-unbound-string',
    section: '1.2',
    text: 'is_unbound_string: string-based and both data_length and char_length unset.',
  },
  {
    id: 'T1.2-unbound-string-snowflake',
    section: '1.2',
    text: 'Snowflake overrides is_unbound_string: TEXT of length 16777216 is also unbound (backend-owned; the core rule stays length-based).',
  },
  {
    id: 'T1.2-clone',
    section: '1.2',
    text: 'clone copies a column and optionally overrides name/type/length/nullable/char_length/char_semantics/partition_info.',
  },
  { id: 'T1.3-byte-char', section: '1.3', text: 'BYTE and CHAR describe how a source length was declared.' },
  {
    id: 'T1.3-unicode',
    section: '1.3',
    text: 'UNICODE means a national character type or a user request via --unicode-string-columns.',
  },
  {
    id: 'T1.3-unicode-effects',
    section: '1.3',
    text: 'Unicode drives Oracle present N-types, Synapse nchar/nvarchar and lower max lengths on present (adapter-owned; core carries UNICODE through controls and clones).',
  },
  {
    id: 'T1.3-dialect-semantics',
    section: '1.3',
    text: 'BigQuery and Snowflake columns always carry CHAR; Hadoop columns always BYTE (adapter-owned; core accepts and keeps either).',
  },
  { id: 'T1.4-cell-none-none', section: '1.4', text: 'is_safe_mapping(prior=None, new=None) = None (prior).' },
  { id: 'T1.4-cell-none-false', section: '1.4', text: 'is_safe_mapping(prior=None, new=False) = False.' },
  { id: 'T1.4-cell-none-true', section: '1.4', text: 'is_safe_mapping(prior=None, new=True) = True.' },
  { id: 'T1.4-cell-false-none', section: '1.4', text: 'is_safe_mapping(prior=False, new=None) = False (prior).' },
  { id: 'T1.4-cell-false-false', section: '1.4', text: 'is_safe_mapping(prior=False, new=False) = False.' },
  { id: 'T1.4-cell-false-true', section: '1.4', text: 'is_safe_mapping(prior=False, new=True) = False (prior).' },
  { id: 'T1.4-cell-true-none', section: '1.4', text: 'is_safe_mapping(prior=True, new=None) = True (prior).' },
  { id: 'T1.4-cell-true-false', section: '1.4', text: 'is_safe_mapping(prior=True, new=False) = False.' },
  { id: 'T1.4-cell-true-true', section: '1.4', text: 'is_safe_mapping(prior=True, new=True) = True (prior).' },
  { id: 'T1.4-merge-false-wins', section: '1.4', text: 'An explicit False always wins.' },
  { id: 'T1.4-merge-true-never-overwrites-false', section: '1.4', text: 'True never overwrites a prior False.' },
  {
    id: 'T1.4-merge-input-is-prior',
    section: '1.4',
    text: "Every to_canonical_column / from_canonical_column merges with the input column's flag as prior (adapter-owned; core keeps a source's unsafe flag on columns it does not override).",
  },
  {
    id: 'T1.4-consequences',
    section: '1.4',
    text: 'Unsafe numeric or date canonical columns trigger data sampling; unsafe integer/float columns are staged as strings; BigQuery rounds unsafe decimals up to BIGNUMERIC (staging and BigQuery parts adapter-owned).',
  },
  { id: 'T1.5-field-position', section: '1.5', text: 'ColumnPartitionInfo.position is 0-based and required.' },
  {
    id: 'T1.5-field-source-column-name',
    section: '1.5',
    text: 'ColumnPartitionInfo.source_column_name names the source column.',
  },
  {
    id: 'T1.5-field-granularity',
    section: '1.5',
    text: 'ColumnPartitionInfo.granularity is Y/M/D or an integer/integer-string.',
  },
  {
    id: 'T1.5-field-digits',
    section: '1.5',
    text: 'ColumnPartitionInfo.digits is the zero-pad width for string synthetic numbers.',
  },
  {
    id: 'T1.5-field-range-start',
    section: '1.5',
    text: 'ColumnPartitionInfo.range_start is the native integer range partitioning lower bound.',
  },
  {
    id: 'T1.5-field-range-end',
    section: '1.5',
    text: 'ColumnPartitionInfo.range_end is the native integer range partitioning upper bound.',
  },
  { id: 'T1.5-field-function', section: '1.5', text: 'ColumnPartitionInfo.function is a DB.UDF partition function.' },
  {
    id: 'T1.5-name-upper',
    section: '1.5',
    text: 'The synthetic name is the upper-case of GOE_PART_<desc>_<source column>.',
  },
  { id: 'T1.5-name-function', section: '1.5', text: '<desc> is U<position> when a function is set.' },
  {
    id: 'T1.5-name-number-digits',
    section: '1.5',
    text: 'Else for a number-based source with digits set, <desc> is the granularity left-padded with zeros to digits width (1000, digits 10 -> 0000001000).',
  },
  {
    id: 'T1.5-name-granularity',
    section: '1.5',
    text: 'Otherwise <desc> is the granularity as given (Y, M, D, 1000, 2).',
  },
  {
    id: 'T1.5-regex',
    section: '1.5',
    text: 'Recognition regex (case-insensitive): ^GOE_PART_ then (Y|M|D|\\d+|U\\d+) then _ then [A-Z0-9$#_]+$.',
  },
  {
    id: 'T1.5-regex-groups',
    section: '1.5',
    text: 'Group 2 of the regex is the granularity, group 3 the source column.',
  },
  { id: 'T1.5-regex-h1-time-id', section: '1.5', text: 'goe_part_m_h1_time_id is synthetic with source h1_time_id.' },
  { id: 'T1.5-regex-not-U-x', section: '1.5', text: 'goe_part_U_x is not synthetic.' },
  { id: 'T1.5-regex-not-1U-x', section: '1.5', text: 'goe_part_1U_x is not synthetic.' },
  { id: 'T1.5-regex-not-p-x', section: '1.5', text: 'goe_part_p_x is not synthetic.' },
  { id: 'T1.5-regex-not-month-x', section: '1.5', text: 'goe_part_month_x is not synthetic.' },
  {
    id: 'T1.5-decode-digits',
    section: '1.5',
    text: 'A backend column decoded from its name gets digits = length of the granularity token.',
  },
  {
    id: 'T1.5-decode-digits-string-only',
    section: '1.5',
    text: 'Decoded digits are discarded unless the backend column is string-based.',
  },
  { id: 'T3.7-opt-integer-1', section: '3.7', text: '--integer-1-columns assigns INTEGER_1.' },
  { id: 'T3.7-opt-integer-2', section: '3.7', text: '--integer-2-columns assigns INTEGER_2.' },
  { id: 'T3.7-opt-integer-4', section: '3.7', text: '--integer-4-columns assigns INTEGER_4.' },
  { id: 'T3.7-opt-integer-8', section: '3.7', text: '--integer-8-columns assigns INTEGER_8.' },
  { id: 'T3.7-opt-integer-38', section: '3.7', text: '--integer-38-columns assigns INTEGER_38.' },
  { id: 'T3.7-opt-date', section: '3.7', text: '--date-columns assigns DATE (date sources; drops the time part).' },
  {
    id: 'T3.7-opt-decimal',
    section: '3.7',
    text: '--decimal-columns with --decimal-columns-type=p,s assigns DECIMAL(p,s); both repeatable and paired positionally.',
  },
  {
    id: 'T3.7-opt-timestamp-tz',
    section: '3.7',
    text: "--timestamp-tz-columns assigns TIMESTAMP_TZ with scale = the backend's max datetime scale.",
  },
  { id: 'T3.7-opt-double', section: '3.7', text: '--double-columns assigns DOUBLE.' },
  {
    id: 'T3.7-opt-variable-string',
    section: '3.7',
    text: '--variable-string-columns assigns VARIABLE_STRING without a length (used to land dates as strings).',
  },
  {
    id: 'T3.7-opt-unicode',
    section: '3.7',
    text: '--unicode-string-columns is not a type: it sets char_semantics UNICODE and from_override.',
  },
  { id: 'T3.7-opt-not-null', section: '3.7', text: '--not-null-columns sets nullable.' },
  {
    id: 'T3.7-opt-allow-decimal-scale-rounding',
    section: '3.7',
    text: '--allow-decimal-scale-rounding permits rounding of decimal places (default off).',
  },
  {
    id: 'T3.7-opt-allow-floating-point-conversions',
    section: '3.7',
    text: '--allow-floating-point-conversions permits lossy floating-point conversions, e.g. NaN/Inf -> NULL (default off).',
  },
  {
    id: 'T3.7-opt-allow-nanosecond-timestamp-columns',
    section: '3.7',
    text: '--allow-nanosecond-timestamp-columns permits offloading timestamps finer than the backend holds (default off).',
  },
  {
    id: 'T3.7-opt-data-sample-defaults',
    section: '3.7',
    text: '--data-sample-percent defaults to AUTO and --data-sample-parallelism to 0.',
  },
  { id: 'T3.7-opt-decimal-padding-default', section: '3.7', text: '--decimal-padding-digits defaults to 2.' },
  { id: 'T3.7-src-integer-numeric', section: '3.7', text: 'Integer controls apply to numeric sources only.' },
  { id: 'T3.7-src-double-numeric', section: '3.7', text: '--double-columns applies to numeric sources only.' },
  { id: 'T3.7-src-date-dates', section: '3.7', text: '--date-columns applies to date sources only.' },
  { id: 'T3.7-src-timestamp-tz-dates', section: '3.7', text: '--timestamp-tz-columns applies to date sources only.' },
  {
    id: 'T3.7-src-variable-string-dates',
    section: '3.7',
    text: '--variable-string-columns is only effective for date-based (and variable string) columns.',
  },
  {
    id: 'T3.7-src-unicode-strings',
    section: '3.7',
    text: '--unicode-string-columns applies to string sources only, else "Invalid data type conversion".',
  },
  {
    id: 'T3.7-src-invalid-message',
    section: '3.7',
    text: 'An invalid override fails with "Invalid data type conversion for column NAME: SRC -> TGT" (GOE-TS appends the option).',
  },
  { id: 'T3.7-csv-upper', section: '3.7', text: 'All CSV option values are upper-cased.' },
  { id: 'T3.7-csv-empty-item', section: '3.7', text: 'GOE-TS: an empty item in a column list (A,,B) is an error.' },
  {
    id: 'T3.7-wildcard-expand',
    section: '3.7',
    text: 'Each CSV is expanded with * wildcards against the source column names.',
  },
  { id: 'T3.7-wildcard-case-insensitive', section: '3.7', text: 'Wildcard matching is case-insensitive.' },
  { id: 'T3.7-wildcard-anchored', section: '3.7', text: 'Wildcard patterns are anchored at both ends.' },
  {
    id: 'T3.7-wildcard-only-star',
    section: '3.7',
    text: 'Only * is special in a pattern; every other character is literal.',
  },
  {
    id: 'T3.7-wildcard-no-match',
    section: '3.7',
    text: 'A wildcard that matches nothing is an error ("No columns match pattern").',
  },
  {
    id: 'T3.7-unknown-column',
    section: '3.7',
    text: 'GOE-TS: a plain column name that matches no source column is an error (GOE ignores it).',
  },
  {
    id: 'T3.7-conflict',
    section: '3.7',
    text: 'A column named by two options fails with "Data type conflict for columns [...] when assigning type with --option".',
  },
  {
    id: 'T3.7-assignment-order',
    section: '3.7',
    text: 'Assignment order: INTEGER_1, INTEGER_2, INTEGER_4, INTEGER_8, INTEGER_38, DATE, DECIMAL pairs, TIMESTAMP_TZ, then DOUBLE, VARIABLE_STRING.',
  },
  {
    id: 'T3.7-override-no-lengths',
    section: '3.7',
    text: 'Override columns have only type (+p/s or scale), no lengths; the source nullability is copied onto them (§2.1).',
  },
  {
    id: 'T3.7-decimal-count',
    section: '3.7',
    text: '--decimal-columns and --decimal-columns-type counts must match ("Unbalanced --decimal-columns, --decimal-columns-type pairs").',
  },
  {
    id: 'T3.7-decimal-regex',
    section: '3.7',
    text: 'The decimal spec must match ^([1-9][0-9]?)\\s*,\\s*([0-9][0-9]?)$.',
  },
  { id: 'T3.7-decimal-precision-bounds', section: '3.7', text: '1 <= p <= backend max precision.' },
  { id: 'T3.7-decimal-scale-bounds', section: '3.7', text: '0 <= s <= backend max scale.' },
  { id: 'T3.7-decimal-scale-le-precision', section: '3.7', text: 's <= p.' },
  {
    id: 'T3.7-append-ignored',
    section: '3.7',
    text: 'On an existing backend table (incremental append) the options are ignored with a notice.',
  },
  {
    id: 'T3.7-append-unicode-rederived',
    section: '3.7',
    text: 'On append, unicode columns are re-derived from the backend (Synapse nchar/nvarchar; others canonical UNICODE semantics) (backend-owned; core leaves char semantics untouched on append).',
  },
  {
    id: 'T3.7-legacy-option-names',
    section: '3.7',
    text: 'CANONICAL_TYPE_OPTION_NAMES also lists --binary-columns, --large-binary-columns, --large-string-columns, --interval-ds-columns, --interval-ym-columns: legacy present-side names with no offload option.',
  },
  {
    id: 'T3.7-not-null-exact',
    section: '3.7',
    text: '--not-null-columns makes exactly those columns NOT NULL and all others nullable.',
  },
  { id: 'T3.7-not-null-wildcards', section: '3.7', text: '--not-null-columns accepts wildcards.' },
  {
    id: 'T3.7-not-null-unknown',
    section: '3.7',
    text: 'Unknown --not-null-columns names fail with "Unknown columns specified for NOT NULL".',
  },
  {
    id: 'T3.7-not-null-auto',
    section: '3.7',
    text: 'Without --not-null-columns, --not-null-propagation AUTO keeps source nullability.',
  },
  {
    id: 'T3.7-not-null-none',
    section: '3.7',
    text: 'Without --not-null-columns, --not-null-propagation NONE makes all columns nullable.',
  },
  {
    id: 'T3.7-not-null-default-auto',
    section: '3.7',
    text: '--not-null-propagation (env OFFLOAD_NOT_NULL_PROPAGATION) defaults to AUTO.',
  },
  {
    id: 'T3.7-not-null-ddl',
    section: '3.7',
    text: 'NOT NULL is emitted in DDL only where the backend supports it and never on external/load tables (backend-owned; core notices when the backend cannot).',
  },
  {
    id: 'T3.7-lossy-scale',
    section: '3.7',
    text: 'Lossless by default: a decimal scale reduction (or a scale above the backend maximum) needs --allow-decimal-scale-rounding.',
  },
  {
    id: 'T3.7-lossy-narrowing',
    section: '3.7',
    text: "Lossless by default: narrowing a number's integral range needs --allow-decimal-scale-rounding.",
  },
  {
    id: 'T3.7-lossy-to-float',
    section: '3.7',
    text: 'Lossless by default: an exact number into FLOAT/DOUBLE that the float cannot hold exactly needs --allow-floating-point-conversions.',
  },
  {
    id: 'T3.7-lossy-from-float',
    section: '3.7',
    text: 'Lossless by default: FLOAT/DOUBLE into DECIMAL (or DOUBLE into FLOAT) needs --allow-floating-point-conversions.',
  },
  {
    id: 'T3.7-lossy-nan',
    section: '3.7',
    text: 'Lossless by default: FLOAT/DOUBLE into a backend without NaN/Infinity needs --allow-floating-point-conversions (NaN/Inf become NULL).',
  },
  {
    id: 'T3.7-lossy-nanoseconds',
    section: '3.7',
    text: "Lossless by default: fractional seconds beyond the backend's max datetime scale (e.g. ns into a µs backend) need --allow-nanosecond-timestamp-columns.",
  },
  {
    id: 'T3.7-lossy-date-drops-time',
    section: '3.7',
    text: 'TIMESTAMP -> DATE is allowed only when asked for with --date-columns (a notice records it).',
  },
  {
    id: 'T3.7-lossy-precision-above-max',
    section: '3.7',
    text: 'A DECIMAL precision above the backend maximum (or more than 38 integral digits) is refused; the hint names --decimal-columns.',
  },
  {
    id: 'T5.4-partition-columns-option',
    section: '5.4',
    text: '--partition-columns is a CSV (wildcards allowed) of backend partition columns.',
  },
  { id: 'T5.4-default-rdbms', section: '5.4', text: '--partition-columns defaults to the RDBMS partition columns.' },
  {
    id: 'T5.4-default-none-no-partitioning',
    section: '5.4',
    text: 'No default when the backend cannot partition by column.',
  },
  { id: 'T5.4-default-none-hash', section: '5.4', text: 'No default when the RDBMS partitioning is HASH (notice).' },
  { id: 'T5.4-default-drop-interval', section: '5.4', text: 'INTERVAL-typed RDBMS keys are dropped from the default.' },
  {
    id: 'T5.4-default-drop-string',
    section: '5.4',
    text: 'String RDBMS keys are dropped from the default when the backend cannot partition by string and no partition function is given (notice).',
  },
  {
    id: 'T5.4-too-many',
    section: '5.4',
    text: 'More partition columns than the backend maximum fail with "Too many partition columns for backend system".',
  },
  {
    id: 'T5.4-no-partitioning',
    section: '5.4',
    text: 'Partition columns on a backend that cannot partition are refused (GOE wording: its maximum is 0).',
  },
  {
    id: 'T5.4-granularity-list-number',
    section: '5.4',
    text: 'An RDBMS LIST key that is a number defaults to granularity 1.',
  },
  {
    id: 'T5.4-granularity-list-string',
    section: '5.4',
    text: 'An RDBMS LIST key that is a string defaults to its byte data_length.',
  },
  {
    id: 'T5.4-granularity-list-date',
    section: '5.4',
    text: 'An RDBMS LIST key that is a date defaults to D (unless landed as string).',
  },
  {
    id: 'T5.4-granularity-date-default',
    section: '5.4',
    text: "Other date columns default to the backend's date granularity (M on BigQuery/Hadoop).",
  },
  {
    id: 'T5.4-granularity-missing',
    section: '5.4',
    text: 'A missing granularity fails with "Partition granularity (--partition-granularity) mandatory for column/data type" (also with a function on BigQuery).',
  },
  {
    id: 'T5.4-granularity-count',
    section: '5.4',
    text: '--partition-granularity needs one element per partition column.',
  },
  { id: 'T5.4-granularity-date-valid', section: '5.4', text: 'Dates must use a supported date granularity (Y, M, D).' },
  {
    id: 'T5.4-granularity-digits',
    section: '5.4',
    text: 'Numbers, strings and dates landed as strings need a granularity matching ^\\d+$.',
  },
  {
    id: 'T5.4-string-not-supported',
    section: '5.4',
    text: 'String keys (or dates landed as strings) on a backend without string partitioning fail with "String columns cannot be used to partition the backend table[ without corresponding partition functions]".',
  },
  {
    id: 'T5.4-info-digits',
    section: '5.4',
    text: 'Partition digits: 1 for dates, None for numbers when synthetic numbers are not strings (BigQuery), else --partition-digits (default 15).',
  },
  {
    id: 'T5.4-info-fields',
    section: '5.4',
    text: 'Partition info per column carries position, source name, granularity, function and range bounds.',
  },
  {
    id: 'T5.4-functions-bigquery-only',
    section: '5.4',
    text: '--partition-functions are supported only where the backend has partition functions (BigQuery).',
  },
  { id: 'T5.4-functions-form', section: '5.4', text: 'A partition function must be DB.NAME.' },
  { id: 'T5.4-functions-count', section: '5.4', text: '--partition-functions needs one element per partition column.' },
  { id: 'T5.4-chunk-column', section: '5.4', text: '--offload-chunk-column must be a partition column.' },
  {
    id: 'T5.4-bounds-integral',
    section: '5.4',
    text: '--partition-lower-value and --partition-upper-value must be integral (negatives allowed).',
  },
  {
    id: 'T5.4-sort-option',
    section: '5.4',
    text: '--sort-columns is a CSV of cluster columns (wildcards allowed), or NONE.',
  },
  {
    id: 'T5.4-sort-unknown',
    section: '5.4',
    text: 'Unknown sort columns fail with "Unknown columns specified for backend sorting".',
  },
  {
    id: 'T5.4-sort-max',
    section: '5.4',
    text: 'More sort columns than the backend maximum (BigQuery 4) fail with "Too many sort columns specified for backend system".',
  },
  {
    id: 'T5.4-sort-default-pk',
    section: '5.4',
    text: 'A first BigQuery offload without --sort-columns clusters by the source primary key.',
  },
  {
    id: 'T5.4-sort-type',
    section: '5.4',
    text: 'A column type the backend cannot sort by fails with "Column is not valid for backend sorting".',
  },
  {
    id: 'T5.4-append-ignored',
    section: '5.4',
    text: 'On append, partition options are ignored with a notice ("Retaining ...").',
  },
  {
    id: 'T5.5-synthetic',
    section: '5.5',
    text: 'A synthetic column is needed with a function or when the backend says so (BigQuery: NUMERIC/BIGNUMERIC keys; Hadoop: always; others: never).',
  },
  {
    id: 'T5.5-range-required',
    section: '5.5',
    text: 'Numeric keys on a backend whose synthetic numbers are not strings require --partition-lower-value and --partition-upper-value within the backend range.',
  },
] as const satisfies readonly GoeRule[];

/**
 * A rule id, e.g. `'T3.7-conflict'`.
 *
 * @example
 * const id: GoeRuleId = 'T1.5-regex-h1-time-id';
 */
export type GoeRuleId = (typeof GOE_RULES)[number]['id'];

/**
 * Reference sections covered by {@link GOE_RULES}.
 *
 * @example
 * GOE_RULE_SECTIONS.includes('3.7') // true
 */
export const GOE_RULE_SECTIONS = ['1.1', '1.2', '1.3', '1.4', '1.5', '3.7', '5.4', '5.5'] as const;

/**
 * The rule with an id, or `undefined`.
 *
 * @example
 * findGoeRule('T3.7-wildcard-no-match')?.section // '3.7'
 */
export function findGoeRule(id: string): GoeRule | undefined {
  return GOE_RULES.find((r) => r.id === id);
}
