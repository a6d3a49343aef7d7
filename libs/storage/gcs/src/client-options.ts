/**
 * The options of the `@google-cloud/storage` client, built from {@link GcsSettings} by one pure function, so the
 * emulator's client and a real project's client differ only in endpoint and credentials.
 */
import { IdempotencyStrategy, type StorageOptions } from '@google-cloud/storage';
import { DEFAULT_MAX_RETRIES, type GcsSettings } from './config.js';

/**
 * True for an endpoint on this machine (`localhost`, `127.0.0.0/8`, `::1`): emulators, which take no credentials.
 *
 * @example
 * isLoopbackEndpoint('http://127.0.0.1:4443') // true
 * isLoopbackEndpoint('https://storage-acme.p.googleapis.com') // false
 */
export function isLoopbackEndpoint(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The client options for `new Storage(options)`:
 * - `apiEndpoint` when an endpoint is set; a loopback endpoint is sent no credentials (emulators), any other
 *   custom endpoint is authenticated (`useAuthWithCustomEndpoint`);
 * - `keyFilename` when a key file is set, else the SDK's application default credentials;
 * - retries: `autoRetry`, `maxRetries`, exponential backoff (×2, ≤ 64 s, ≤ 600 s in all) and
 *   `IdempotencyStrategy.RetryAlways` — every write of this store is a whole object at a deterministic name, so
 *   resending it is safe.
 *
 * @example
 * new Storage(gcsClientOptions({ bucket: 'b', prefix: 'goe', endpoint: 'http://127.0.0.1:4443' }))
 */
export function gcsClientOptions(settings: GcsSettings): StorageOptions {
  const endpoint = settings.endpoint;
  const loopback = endpoint !== undefined && isLoopbackEndpoint(endpoint);
  return {
    ...(endpoint === undefined
      ? {}
      : { apiEndpoint: endpoint.replace(/\/+$/, ''), useAuthWithCustomEndpoint: !loopback }),
    ...(settings.keyFilename === undefined ? {} : { keyFilename: settings.keyFilename }),
    // an emulator on loopback: fixed fake credentials, so the SDK never looks for ADC files or a metadata server
    ...(loopback && settings.keyFilename === undefined
      ? {
          projectId: 'goe-emulator',
          credentials: { client_email: 'goe@goe-emulator.iam.example', private_key: 'unused' },
        }
      : {}),
    retryOptions: {
      autoRetry: (settings.maxRetries ?? DEFAULT_MAX_RETRIES) > 0,
      maxRetries: settings.maxRetries ?? DEFAULT_MAX_RETRIES,
      retryDelayMultiplier: 2,
      maxRetryDelay: 64,
      totalTimeout: 600,
      idempotencyStrategy: IdempotencyStrategy.RetryAlways,
    },
    userAgent: 'goe-ts/storage-gcs',
  };
}
