/**
 * Configuration of the GCS staging store: its own variables (endpoint, upload chunk, retries), the common
 * `OFFLOAD_FS_CONTAINER` (the bucket) and `OFFLOAD_FS_PREFIX`, and the Google SDK's `GOOGLE_APPLICATION_CREDENTIALS`.
 */
import { defineConfigSchema, GoeError, type ResolvedConfig } from '@goe/core';

/** Default `OFFLOAD_FS_PREFIX` inside the bucket (GOE's templates use `goe`). */
export const DEFAULT_GCS_PREFIX = 'goe';
/** Default upload chunk in MiB: the most a `put` holds in memory (per parallel slice). */
export const DEFAULT_CHUNK_MIB = 8;
/** Default retries of a request that failed with 408, 429, 5xx or a network error. */
export const DEFAULT_MAX_RETRIES = 5;

/**
 * The config schema of `@goe/storage-gcs` (group `storage-gcs`).
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | OFFLOAD_FS_GCS_ENDPOINT | (Google's) | JSON API endpoint: an emulator or a private endpoint |
 * | GOOGLE_APPLICATION_CREDENTIALS | (application default credentials) | service-account key file |
 * | OFFLOAD_FS_GCS_CHUNK_MIB | 8 | resumable-upload chunk (memory per upload) |
 * | OFFLOAD_FS_GCS_MAX_RETRIES | 5 | retries on 408/429/5xx/network errors, with exponential backoff |
 *
 * @example
 * loadConfig({ schemas: [COMMON_CONFIG, GCS_STORAGE_CONFIG] });
 */
export const GCS_STORAGE_CONFIG = defineConfigSchema({
  group: 'storage-gcs',
  title: 'Google Cloud Storage staging store (OFFLOAD_FS_SCHEME=gs)',
  variables: [
    {
      name: 'OFFLOAD_FS_GCS_ENDPOINT',
      type: 'url',
      schemes: ['http', 'https'],
      description:
        'GCS JSON API endpoint, for emulators (http://127.0.0.1:4443 for fake-gcs-server) and private endpoints ' +
        "(https://storage-NAME.p.googleapis.com). Unset: STORAGE_EMULATOR_HOST when set, else Google's endpoint. " +
        'Requests to a loopback endpoint are sent without credentials; any other endpoint is authenticated.',
    },
    {
      name: 'GOOGLE_APPLICATION_CREDENTIALS',
      type: 'path',
      description:
        'Service-account key file (JSON). Unset: application default credentials (gcloud auth ' +
        'application-default login, workload identity, the metadata server).',
    },
    {
      name: 'OFFLOAD_FS_GCS_CHUNK_MIB',
      type: 'integer',
      min: 1,
      max: 256,
      default: String(DEFAULT_CHUNK_MIB),
      description:
        'Resumable-upload chunk in MiB: each staging file is uploaded in chunks of this size, so it bounds the ' +
        'memory of one upload (one per parallel slice) and is the unit resent after a failed request.',
    },
    {
      name: 'OFFLOAD_FS_GCS_MAX_RETRIES',
      type: 'integer',
      min: 0,
      max: 20,
      default: String(DEFAULT_MAX_RETRIES),
      description:
        'Retries of a GCS request that failed with 408, 429, a 5xx status or a network error, with exponential ' +
        'backoff (1 s, 2 s, 4 s… at most 64 s, 600 s in all).',
    },
  ],
});

/**
 * Where and how the store connects, as resolved from the configuration.
 *
 * @example
 * const s: GcsSettings = { bucket: 'acme-stage', prefix: 'goe', chunkMiB: 8, maxRetries: 5 };
 */
export interface GcsSettings {
  /** The bucket (`OFFLOAD_FS_CONTAINER`). */
  readonly bucket: string;
  /** Object-name prefix inside the bucket, without leading or trailing `/` (`''`: the bucket root). */
  readonly prefix: string;
  /** JSON API endpoint; absent: the SDK's choice (STORAGE_EMULATOR_HOST, else Google's). */
  readonly endpoint?: string;
  /** Service-account key file; absent: application default credentials. */
  readonly keyFilename?: string;
  /** Upload chunk, MiB. Default {@link DEFAULT_CHUNK_MIB}. */
  readonly chunkMiB?: number;
  /** Retries of a failed request. Default {@link DEFAULT_MAX_RETRIES}. */
  readonly maxRetries?: number;
}

// Bucket names: 3–63 characters (222 with dots, each dot-separated part ≤ 63) of a-z 0-9 - _ ., starting and
// ending with a letter or digit (https://cloud.google.com/storage/docs/buckets#naming).
const BUCKET_RE = /^[a-z0-9][a-z0-9._-]*[a-z0-9]$/;

/**
 * Checks a bucket name against GCS's naming rules.
 *
 * @throws GoeError `CONFIG_INVALID` naming `OFFLOAD_FS_CONTAINER`
 * @example
 * checkBucketName('acme-stage') // 'acme-stage'
 * checkBucketName('gs://acme-stage') // throws: give the bucket name only
 */
export function checkBucketName(bucket: string): string {
  const refuse = (why: string, hint: string): never => {
    throw new GoeError(
      'CONFIG_INVALID',
      `OFFLOAD_FS_CONTAINER ${JSON.stringify(bucket)} is not a GCS bucket name: ${why}`,
      {
        variable: 'OFFLOAD_FS_CONTAINER',
        hint,
      },
    );
  };
  const naming = 'Bucket names are 3-63 characters of a-z, 0-9, -, _ and ., starting and ending with a letter or digit';
  if (bucket.includes('://'))
    refuse('it is a URI', 'Give the bucket name only, e.g. acme-stage (the path goes in OFFLOAD_FS_PREFIX)');
  if (bucket.length < 3 || !BUCKET_RE.test(bucket)) refuse('invalid characters or shape', naming);
  const parts = bucket.split('.');
  if (bucket.length > (parts.length > 1 ? 222 : 63) || parts.some((p) => p.length === 0 || p.length > 63)) {
    refuse('too long, or an empty or over-long dot-separated part', naming);
  }
  if (bucket.startsWith('goog') || /g[o0]{2}gle/.test(bucket)) {
    refuse('names starting with "goog" or containing "google" are reserved', naming);
  }
  return bucket;
}

/**
 * Normalizes `OFFLOAD_FS_PREFIX` for a bucket: leading and trailing `/` removed; a `gs://bucket/path` URI is
 * accepted when its bucket is `bucket`.
 *
 * @throws GoeError `CONFIG_INVALID` for a URI of another scheme or bucket, `.`/`..`/empty segments or control
 *   characters
 * @example
 * normalizePrefix('/goe/stage/', 'acme') // 'goe/stage'
 * normalizePrefix('gs://acme/goe', 'acme') // 'goe'
 */
export function normalizePrefix(prefix: string, bucket: string): string {
  const refuse = (why: string): never => {
    throw new GoeError('CONFIG_INVALID', `OFFLOAD_FS_PREFIX ${JSON.stringify(prefix)} ${why}`, {
      variable: 'OFFLOAD_FS_PREFIX',
      hint: 'Give a path inside the bucket such as goe/staging (OFFLOAD_FS_SCHEME=gs, bucket in OFFLOAD_FS_CONTAINER)',
    });
  };
  let path = prefix.trim();
  const uri = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(path);
  if (uri) {
    if (uri[1]!.toLowerCase() !== 'gs') refuse(`is a ${uri[1]}:// URI, not a path in the GCS bucket ${bucket}`);
    if (uri[2] !== bucket) refuse(`names the bucket ${uri[2]}, but OFFLOAD_FS_CONTAINER is ${bucket}`);
    path = uri[3] ?? '';
  }
  path = path.replace(/^\/+|\/+$/g, '');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) refuse('holds a control character');
  if (path !== '' && path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    refuse('has an empty, . or .. segment');
  }
  return path;
}

/**
 * The store's settings from a resolved configuration: bucket (`OFFLOAD_FS_CONTAINER`, required), prefix
 * (`OFFLOAD_FS_PREFIX`, default {@link DEFAULT_GCS_PREFIX}), endpoint, key file, chunk and retries.
 *
 * @throws GoeError `CONFIG_INVALID` when the bucket is missing or invalid, or the prefix is invalid
 * @example
 * gcsSettings(config) // { bucket: 'acme-stage', prefix: 'goe', chunkMiB: 8, maxRetries: 5 }
 */
export function gcsSettings(config: ResolvedConfig | undefined): GcsSettings {
  const bucket = config?.get<string>('OFFLOAD_FS_CONTAINER')?.trim() ?? '';
  if (bucket === '') {
    throw new GoeError('CONFIG_INVALID', 'OFFLOAD_FS_CONTAINER/--offload-fs-container required for scheme: gs', {
      variable: 'OFFLOAD_FS_CONTAINER',
      hint: 'Set OFFLOAD_FS_CONTAINER to the bucket that holds the staging files, e.g. OFFLOAD_FS_CONTAINER=acme-stage',
    });
  }
  checkBucketName(bucket);
  const rawPrefix = config?.get<string>('OFFLOAD_FS_PREFIX');
  const endpoint = config?.get<string>('OFFLOAD_FS_GCS_ENDPOINT');
  const keyFilename = config?.get<string>('GOOGLE_APPLICATION_CREDENTIALS');
  return {
    bucket,
    prefix: rawPrefix === undefined ? DEFAULT_GCS_PREFIX : normalizePrefix(rawPrefix, bucket),
    ...(endpoint === undefined || endpoint === '' ? {} : { endpoint }),
    ...(keyFilename === undefined || keyFilename === '' ? {} : { keyFilename }),
    chunkMiB: config?.get<number>('OFFLOAD_FS_GCS_CHUNK_MIB') ?? DEFAULT_CHUNK_MIB,
    maxRetries: config?.get<number>('OFFLOAD_FS_GCS_MAX_RETRIES') ?? DEFAULT_MAX_RETRIES,
  };
}
