/** GOE's message texts of the partition and sort controls (reference §5.4). */

/**
 * GOE's message texts of §5.4, for callers that match on them.
 *
 * @example
 * if (err.message.startsWith(PARTITION_CONTROL_MESSAGES.tooManyPartitionColumns)) suggestFewerColumns();
 */
export const PARTITION_CONTROL_MESSAGES = Object.freeze({
  tooManyPartitionColumns: 'Too many partition columns for backend system',
  missingGranularity: 'Partition granularity (--partition-granularity) mandatory for column/data type',
  stringNotSupported: 'String columns cannot be used to partition the backend table',
  stringNotSupportedFunctionSuffix: ' without corresponding partition functions',
  functionsNotSupported: 'Offload partition functions are not supported',
  functionsElements: 'elements to match partition columns',
  chunkColumnNotPartitionColumn: 'Unknown partition column supplied as --offload-chunk-column',
  unknownSortColumns: 'Unknown columns specified for backend sorting',
  tooManySortColumns: 'Too many sort columns specified for backend system',
  invalidSortColumn: 'Column is not valid for backend sorting',
});
