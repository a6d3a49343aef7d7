/**
 * Configuration of the BigQuery backend: GOE's variables (reference `goe-orchestration-and-cli.md` §7.2, the
 * BigQuery template), an endpoint for emulators and private endpoints, and the verification byte cap.
 */
import { defineConfigSchema, GoeError, type ResolvedConfig } from '@goe/core';

/**
 * The config schema of `@goe/backend-bigquery` (group `backend-bigquery`).
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | BIGQUERY_DATASET_PROJECT | the credentials' project | project of the datasets and tables |
 * | BIGQUERY_DATASET_LOCATION | BigQuery's (US) | location of datasets GOE creates |
 * | BIGQUERY_ENDPOINT | Google's | API endpoint: an emulator or a private endpoint |
 * | GOOGLE_APPLICATION_CREDENTIALS | application default credentials | service-account key file |
 * | GOOGLE_KMS_KEY_RING_PROJECT / _LOCATION / _NAME, GOOGLE_KMS_KEY_NAME | — | customer-managed encryption key |
 * | BIGQUERY_MAXIMUM_BYTES_BILLED | 1099511627776 (1 TiB) | cap of every verification query |
 *
 * @example
 * loadConfig({ schemas: [COMMON_CONFIG, BIGQUERY_CONFIG] });
 */
export const BIGQUERY_CONFIG = defineConfigSchema({
  group: 'backend-bigquery',
  title: 'BigQuery backend (QUERY_ENGINE=BIGQUERY)',
  variables: [
    {
      name: 'BIGQUERY_DATASET_PROJECT',
      type: 'string',
      pattern: '[a-z][a-z0-9-]{4,28}[a-z0-9]|[a-z][a-z0-9.-]*:[a-z][a-z0-9-]{4,28}[a-z0-9]',
      patternHint: 'a project id such as acme-analytics (or domain:project)',
      description: "Project of the datasets and tables GOE creates and reads. Unset: the credentials' project.",
    },
    {
      name: 'BIGQUERY_DATASET_LOCATION',
      type: 'string',
      description:
        'Location of the datasets GOE creates (--create-backend-db), e.g. EU or europe-west2; it must be ' +
        'compatible with the staging bucket. Unset: BigQuery chooses (US).',
    },
    {
      name: 'BIGQUERY_ENDPOINT',
      type: 'url',
      schemes: ['http', 'https'],
      description:
        'BigQuery API endpoint, for emulators (http://127.0.0.1:9050 for bigquery-emulator) and private ' +
        "endpoints. Unset: Google's. A loopback endpoint is sent a fixed fake token, never real credentials.",
    },
    {
      name: 'GOOGLE_APPLICATION_CREDENTIALS',
      type: 'path',
      description:
        'Service-account key file (JSON). Unset: application default credentials (gcloud auth ' +
        'application-default login, workload identity, the metadata server).',
    },
    {
      name: 'GOOGLE_KMS_KEY_RING_PROJECT',
      type: 'string',
      description: 'Project of the KMS key ring (CMEK). Unset: BIGQUERY_DATASET_PROJECT.',
    },
    {
      name: 'GOOGLE_KMS_KEY_RING_LOCATION',
      type: 'string',
      description: 'Location of the KMS key ring (CMEK), e.g. europe-west2.',
    },
    { name: 'GOOGLE_KMS_KEY_RING_NAME', type: 'string', description: 'Name of the KMS key ring (CMEK).' },
    {
      name: 'GOOGLE_KMS_KEY_NAME',
      type: 'string',
      description:
        'KMS key that encrypts the tables GOE creates (CMEK): a key name with the three GOOGLE_KMS_KEY_RING_* ' +
        'variables, or a full projects/…/locations/…/keyRings/…/cryptoKeys/… resource name. Unset: Google-managed keys.',
    },
    {
      name: 'BIGQUERY_MAXIMUM_BYTES_BILLED',
      type: 'integer',
      min: 1,
      default: '1099511627776',
      description:
        'Most bytes a verification query (counts, aggregates, high-water marks) may bill; BigQuery fails a query ' +
        'that would bill more instead of running it.',
    },
  ],
});

/**
 * Where and how the backend connects, as resolved from the configuration.
 *
 * @example
 * const s: BigquerySettings = { project: 'acme-analytics', maximumBytesBilled: 1099511627776 };
 */
export interface BigquerySettings {
  /** BIGQUERY_DATASET_PROJECT; absent: the credentials' project. */
  readonly project?: string;
  readonly location?: string;
  readonly endpoint?: string;
  readonly keyFilename?: string;
  /** The full KMS key resource name, when one is configured. */
  readonly kmsKeyName?: string;
  readonly maximumBytesBilled: number;
}

/**
 * The full KMS key resource name from GOE's variables: GOOGLE_KMS_KEY_NAME as given when it is already a resource
 * name, else built from the three GOOGLE_KMS_KEY_RING_* variables (the ring's project defaulting to `project`).
 *
 * @throws GoeError `CONFIG_INVALID` naming the missing ring variable
 * @example
 * kmsKeyName(config, 'acme') // 'projects/acme/locations/eu/keyRings/goe/cryptoKeys/tables'
 */
export function kmsKeyName(config: ResolvedConfig | undefined, project: string | undefined): string | undefined {
  const key = config?.get<string>('GOOGLE_KMS_KEY_NAME')?.trim();
  if (key === undefined || key === '') return undefined;
  if (key.startsWith('projects/')) return key;
  const ringProject = config?.get<string>('GOOGLE_KMS_KEY_RING_PROJECT') ?? project;
  const location = config?.get<string>('GOOGLE_KMS_KEY_RING_LOCATION');
  const ring = config?.get<string>('GOOGLE_KMS_KEY_RING_NAME');
  const missing = [
    ...(ringProject === undefined ? ['GOOGLE_KMS_KEY_RING_PROJECT (or BIGQUERY_DATASET_PROJECT)'] : []),
    ...(location === undefined ? ['GOOGLE_KMS_KEY_RING_LOCATION'] : []),
    ...(ring === undefined ? ['GOOGLE_KMS_KEY_RING_NAME'] : []),
  ];
  if (missing.length > 0) {
    throw new GoeError('CONFIG_INVALID', `GOOGLE_KMS_KEY_NAME=${key} needs ${missing.join(', ')}`, {
      variable: 'GOOGLE_KMS_KEY_NAME',
      hint: 'Set the key ring variables, or give the full projects/…/locations/…/keyRings/…/cryptoKeys/… name',
    });
  }
  return `projects/${ringProject}/locations/${location}/keyRings/${ring}/cryptoKeys/${key}`;
}

/**
 * The backend's settings from a resolved configuration.
 *
 * @example
 * bigquerySettings(config) // { project: 'acme-analytics', location: 'EU', maximumBytesBilled: 1099511627776 }
 */
export function bigquerySettings(config: ResolvedConfig | undefined): BigquerySettings {
  const text = (name: string) => {
    const v = config?.get<string>(name)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const project = text('BIGQUERY_DATASET_PROJECT');
  const kms = kmsKeyName(config, project);
  const optional = {
    project,
    location: text('BIGQUERY_DATASET_LOCATION'),
    endpoint: text('BIGQUERY_ENDPOINT'),
    keyFilename: text('GOOGLE_APPLICATION_CREDENTIALS'),
    kmsKeyName: kms,
  };
  return {
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    maximumBytesBilled: config?.get<number>('BIGQUERY_MAXIMUM_BYTES_BILLED') ?? 1099511627776,
  };
}
