/**
 * GOE options that belong to one engine family (Hive/Impala, Synapse, BigQuery, the Spark and Sqoop transports):
 * which first-party adapters provide them. Such an option is declared by its adapter (`AdapterBase.options`) once
 * that package exists; until then, and whenever the adapter is not loaded, `goe offload` refuses it naming the
 * packages that provide it ({@link engineOptionRefusal}).
 */
import { FIRST_PARTY_CATALOG } from './catalog.js';

/** The adapters that provide one GOE engine option. */
export interface EngineOptionProvider {
  /** GOE's flag, e.g. `--purge`. */
  readonly flag: string;
  /** The kind of adapter that provides it. */
  readonly kind: 'backend' | 'transport';
  /** Catalog names of the providing adapters (lower case), e.g. `['hive', 'impala']`. */
  readonly adapters: readonly string[];
  /** The family in words, e.g. `Hive and Impala backends`. */
  readonly family: string;
}

const HADOOP = ['hive', 'impala'] as const;
const CLUSTER_TRANSPORTS = [
  'spark_submit',
  'spark_thrift',
  'spark_livy',
  'spark_dataproc_gcloud',
  'spark_batches_gcloud',
  'sqoop',
  'sqoop_by_query',
] as const;
const SQOOP = ['sqoop', 'sqoop_by_query'] as const;

const backend = (flag: string, adapters: readonly string[], family: string): EngineOptionProvider => ({
  flag,
  kind: 'backend',
  adapters,
  family,
});
const transport = (flag: string, adapters: readonly string[], family: string): EngineOptionProvider => ({
  flag,
  kind: 'transport',
  adapters,
  family,
});

/**
 * GOE's engine options and the first-party adapters that provide them (reference §1.2: "Hive only", "Impala only",
 * "Synapse only", the Spark/Sqoop transport options). `--offload-chunk-column` splits the Hadoop engines' final
 * INSERT; `--partition-functions` is not here: core plans it and checks it against the backend's capabilities.
 *
 * @example
 * ENGINE_OPTION_PROVIDERS.find((p) => p.flag === '--purge')?.adapters // ['hive', 'impala']
 */
export const ENGINE_OPTION_PROVIDERS: readonly EngineOptionProvider[] = Object.freeze([
  backend('--purge', HADOOP, 'Hive and Impala backends'),
  backend('--hive-column-stats', HADOOP, 'Hive and Impala backends'),
  backend('--offload-distribute-enabled', HADOOP, 'Hive and Impala backends'),
  backend('--compute-load-table-stats', HADOOP, 'Hive and Impala backends'),
  backend('--offload-chunk-column', HADOOP, 'Hive and Impala backends'),
  backend('--offload-chunk-impala-insert-hint', ['impala'], 'Impala backend'),
  backend('--bucket-hash-column', ['synapse'], 'Synapse backend'),
  backend('--storage-format', ['bigquery', ...HADOOP], 'BigQuery, Hive and Impala backends'),
  backend('--storage-compression', ['bigquery', ...HADOOP], 'BigQuery, Hive and Impala backends'),
  transport('--offload-transport-dsn', CLUSTER_TRANSPORTS, 'Spark, Livy, Dataproc and Sqoop transports'),
  transport('--offload-transport-jvm-overrides', CLUSTER_TRANSPORTS, 'Spark, Livy, Dataproc and Sqoop transports'),
  transport('--offload-transport-queue-name', CLUSTER_TRANSPORTS, 'Spark, Livy, Dataproc and Sqoop transports'),
  transport('--offload-transport-spark-properties', CLUSTER_TRANSPORTS, 'Spark, Livy, Dataproc and Sqoop transports'),
  transport(
    '--offload-transport-validation-polling-interval',
    CLUSTER_TRANSPORTS,
    'Spark, Livy, Dataproc and Sqoop transports',
  ),
  transport('--sqoop-additional-options', SQOOP, 'Sqoop transports'),
  transport('--sqoop-mapreduce-map-memory-mb', SQOOP, 'Sqoop transports'),
  transport('--sqoop-mapreduce-map-java-opts', SQOOP, 'Sqoop transports'),
]);

/**
 * The npm packages that provide an engine option, from the first-party catalog, each once, in catalog order.
 *
 * @example
 * engineOptionPackages(ENGINE_OPTION_PROVIDERS[0]!) // ['@goe/backend-hive', '@goe/backend-impala']
 */
export function engineOptionPackages(provider: EngineOptionProvider): string[] {
  const packages: string[] = [];
  for (const name of provider.adapters) {
    const pkg = FIRST_PARTY_CATALOG.adapters.find((e) => e.kind === provider.kind && e.name === name)?.package;
    if (pkg !== undefined && !packages.includes(pkg)) packages.push(pkg);
  }
  return packages;
}

/** `a`, `a or b`, `a, b or c`. */
function either(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]!}`;
}

/**
 * The one-line refusal of an engine option given while no loaded adapter declares it: the option, its family, the
 * packages that provide it and the setting that selects them (`QUERY_ENGINE` for backends,
 * `--offload-transport-method` for transports), with what this command uses.
 *
 * @param provider the option's row of {@link ENGINE_OPTION_PROVIDERS}
 * @param current this command's backend (`QUERY_ENGINE`) or transport method, upper case (default: not shown)
 * @example
 * engineOptionRefusal(ENGINE_OPTION_PROVIDERS[0]!, 'DUCKDB')
 * // '--purge is a GOE option of the Hive and Impala backends; it needs @goe/backend-hive or @goe/backend-impala
 * //  with QUERY_ENGINE=HIVE|IMPALA (this command uses DUCKDB)'
 */
export function engineOptionRefusal(provider: EngineOptionProvider, current?: string): string {
  const names = provider.adapters.map((a) => a.toUpperCase()).join('|');
  const selector = provider.kind === 'backend' ? `QUERY_ENGINE=${names}` : `--offload-transport-method ${names}`;
  const uses = current === undefined || current === '' ? '' : ` (this command uses ${current.toUpperCase()})`;
  return `${provider.flag} is a GOE option of the ${provider.family}; it needs ${either(engineOptionPackages(provider))} with ${selector}${uses}`;
}
