/**
 * What `goe offload` does with each of GOE's options (reference §1.1–1.2, as `tools/goe-options/extract.mjs`
 * extracts them): it works here (with the test that shows its effect), it belongs to an engine adapter package
 * (`@goe/stack`'s `ENGINE_OPTION_PROVIDERS`: refused naming the package until that adapter is loaded), or it is
 * refused because it has no meaning here (only from {@link REFUSED_GOE_OPTIONS}). One fixed table; the test
 * apps/cli/test/goe-options.test.ts checks it against the extracted list.
 */
import { GoeError } from '@goe/core';

/** The outcome of one GOE option. */
export type GoeOptionOutcome =
  | {
      readonly outcome: 'works';
      /** Repository path of the test that shows the option's effect on the plan, the DDL, the SQL or the data. */
      readonly test: string;
      /** Text of that test naming the option's setting when it names neither the flag nor the key (default none). */
      readonly shows?: string;
    }
  | { readonly outcome: 'engine' }
  | { readonly outcome: 'refused'; readonly reason: string };

/**
 * GOE options refused because they have no meaning here, with the reason ("… is a GOE option that <reason>").
 * Empty: the hybrid-view options control the predicates recorded in the offload metadata, so they work.
 *
 * @example
 * Object.keys(REFUSED_GOE_OPTIONS) // []
 */
export const REFUSED_GOE_OPTIONS: Readonly<Record<string, string>> = Object.freeze({});

const works = (test: string, shows?: string): GoeOptionOutcome => ({
  outcome: 'works',
  test,
  ...(shows === undefined ? {} : { shows }),
});
const ENGINE: GoeOptionOutcome = { outcome: 'engine' };

const CLI = 'apps/cli/test/goe-options.test.ts';
const OUTPUT = 'apps/cli/test/reporter-options.test.ts';
const RUNNER = 'libs/core/test/runner/runner.test.ts';
const RERUN = 'libs/core/test/runner/rerun-matrix.test.ts';
const MODE = 'libs/core/test/runner/offload-mode.test.ts';
const VARIANTS = 'apps/cli/faults/variants.test.ts';
const TYPES = 'libs/core/test/types/data-type-controls.rules.test.ts';
const TYPES_E2E = 'apps/e2e/test/type-controls.test.ts';
const TRANSFORM_E2E = 'apps/e2e/test/transform-column.test.ts';
const VARIANTS_E2E = 'apps/e2e/test/variants.test.ts';
const PARTITIONING = 'libs/core/test/plan/partition-controls.rules.test.ts';
const OPTION_VARIABLES = 'libs/core/test/runner/option-variables.test.ts';
const OPTION_VALUES = 'libs/core/test/runner/options-values.test.ts';
const TRANSPORT_OPTIONS = 'libs/core/test/runner/transport-options.test.ts';
const PG_TRANSPORT_OPTIONS = 'libs/frontends/postgres/test/transport-options.test.ts';

/**
 * Every GOE `offload` option (by its primary flag: the long one, else the short one) and its outcome.
 *
 * @example
 * GOE_OPTION_OUTCOMES['--purge'] // { outcome: 'engine' }
 */
export const GOE_OPTION_OUTCOMES: Readonly<Record<string, GoeOptionOutcome>> = Object.freeze({
  // §1.1 common options
  '--version': works(CLI),
  '--execute': works(RUNNER),
  '--log-path': works('libs/core/test/runner/run-settings.test.ts'),
  '--log-level': works(OPTION_VALUES),
  '-v': works(OUTPUT),
  '--vv': works(OUTPUT),
  '--quiet': works('apps/cli/test/output-quiet.test.ts'),
  '--skip-steps': works(RUNNER),
  '--no-version-check': works(OPTION_VALUES),
  '--error-before-step': works(RERUN),
  '--error-after-step': works(RERUN),
  '--error-on-token': works(OPTION_VALUES),
  '--no-ansi': works(OUTPUT),
  '--suppress-stdout': works(CLI),
  // §1.2 table selection / naming
  '--table': works(RUNNER),
  '--target-name': works('libs/core/test/runner/planning.test.ts'),
  '--target': works(CLI),
  '--create-backend-db': works(RUNNER),
  // data identification
  '--less-than-value': works(MODE),
  '--older-than-date': works(MODE),
  '--older-than-days': works(MODE),
  '--equal-to-values': works(VARIANTS),
  '--partition-names': works(MODE),
  '--offload-predicate': works(MODE),
  '--offload-predicate-type': works(VARIANTS),
  '--offload-type': works(MODE),
  '--offload-by-subpartition': works(VARIANTS),
  '--no-modify-hybrid-view': works(MODE),
  '--reset-hybrid-view': works(VARIANTS_E2E),
  '--max-offload-chunk-size': works('libs/core/test/plan/partition-append.test.ts', 'maxChunkBytes'),
  '--max-offload-chunk-count': works('apps/e2e/test/incremental.test.ts'),
  // data type controls
  '--integer-1-columns': works(TYPES),
  '--integer-2-columns': works(TYPES),
  '--integer-4-columns': works(TYPES),
  '--integer-8-columns': works(TYPES),
  '--integer-38-columns': works(TYPES),
  '--decimal-columns': works(TYPES),
  '--decimal-columns-type': works(TYPES),
  '--date-columns': works(TYPES),
  '--timestamp-tz-columns': works(TYPES_E2E),
  '--double-columns': works(TYPES),
  '--variable-string-columns': works(TYPES),
  '--unicode-string-columns': works(TYPES),
  '--not-null-columns': works(TYPES),
  '--not-null-propagation': works(TYPES),
  '--allow-decimal-scale-rounding': works(TYPES_E2E),
  '--allow-floating-point-conversions': works('libs/core/test/types/lossy-conversions.rules.test.ts'),
  '--allow-nanosecond-timestamp-columns': works('libs/backends/duckdb/test/lossy.test.ts'),
  '--data-sample-percent': works('libs/frontends/postgres/test/sampling.test.ts'),
  '--data-sample-parallelism': works('libs/frontends/postgres/test/sampling.test.ts'),
  '--decimal-padding-digits': works('libs/frontends/postgres/test/sampling.test.ts'),
  '--transform-column': works(TRANSFORM_E2E),
  // backend partitioning, clustering, storage
  '--partition-columns': works(PARTITIONING),
  '--partition-granularity': works(PARTITIONING),
  '--partition-lower-value': works(PARTITIONING),
  '--partition-upper-value': works(PARTITIONING),
  '--partition-digits': works(PARTITIONING),
  '--partition-functions': works(PARTITIONING),
  '--sort-columns': works('libs/backends/duckdb/test/session.test.ts'),
  '--bucket-hash-column': ENGINE,
  '--storage-format': ENGINE,
  '--storage-compression': ENGINE,
  '--offload-stats': works('libs/backends/duckdb/test/stats.test.ts'),
  '--hive-column-stats': ENGINE,
  '--offload-distribute-enabled': ENGINE,
  '--offload-chunk-impala-insert-hint': ENGINE,
  '--offload-chunk-column': ENGINE,
  // transport
  '--offload-transport-method': works('apps/cli/test/adapter-names.test.ts'),
  '--offload-transport-parallelism': works(RUNNER),
  '--offload-transport-consistent-read': works(TRANSPORT_OPTIONS),
  '--offload-transport-snapshot': works(PG_TRANSPORT_OPTIONS),
  '--offload-transport-fetch-size': works(RUNNER),
  '--offload-transport-small-table-threshold': works(TRANSPORT_OPTIONS),
  '--offload-transport-dsn': ENGINE,
  '--offload-transport-jvm-overrides': ENGINE,
  '--offload-transport-queue-name': ENGINE,
  '--offload-transport-spark-properties': ENGINE,
  '--offload-transport-validation-polling-interval': ENGINE,
  '--sqoop-additional-options': ENGINE,
  '--sqoop-mapreduce-map-memory-mb': ENGINE,
  '--sqoop-mapreduce-map-java-opts': ENGINE,
  // staging / load table
  '--offload-fs-scheme': works(OPTION_VARIABLES),
  '--offload-fs-prefix': works(OPTION_VARIABLES),
  '--offload-fs-container': works(OPTION_VARIABLES),
  '--compress-load-table': works(TRANSPORT_OPTIONS),
  '--compute-load-table-stats': ENGINE,
  '--preserve-load-table': works('apps/e2e/test/transport-options.test.ts'),
  // validation
  '--verify': works(RUNNER),
  '--no-verify': works(RUNNER),
  '--verify-parallelism': works(PG_TRANSPORT_OPTIONS),
  // DDL file
  '--ddl-file': works('libs/core/test/runner/ddl-file.test.ts'),
  // reset / force / reuse
  '--reset-backend-table': works(RERUN),
  '--reuse-backend-table': works(RERUN),
  '--purge': ENGINE,
  '--force': works(RERUN),
  // execute / verbosity / developer
  '--dev-log': works(CLI),
  '--dev-log-level': works(CLI),
});

/**
 * The one-line refusal of a GOE option that has no meaning here.
 *
 * @example
 * refusedOptionError('--x', 'shapes hybrid views, which this GOE does not create').message
 * // '--x is a GOE option that shapes hybrid views, which this GOE does not create'
 */
export function refusedOptionError(flag: string, reason: string): GoeError {
  return new GoeError('OPTION_INVALID', `${flag} is a GOE option that ${reason}`, { variable: flag });
}
