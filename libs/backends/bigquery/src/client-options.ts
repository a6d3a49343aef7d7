/**
 * The options of the `@google-cloud/bigquery` client, built from {@link BigquerySettings} by one pure function, so
 * the emulator's client and a real project's client differ only in endpoint and credentials.
 */
import type { BigQueryOptions } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';
import type { BigquerySettings } from './config.js';

/** The project an emulator client uses when BIGQUERY_DATASET_PROJECT is unset (tools/engines starts it so). */
export const EMULATOR_PROJECT = 'goe-test';

/**
 * True for an endpoint on this machine (emulators).
 *
 * @example
 * isLoopbackEndpoint('http://127.0.0.1:9050') // true
 */
export function isLoopbackEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

/**
 * A credential for an emulator: a fixed fake token that never expires (the BigQuery SDK authenticates even with a
 * custom endpoint; a key file would make it ask Google for a token).
 *
 * @example
 * new BigQuery({ apiEndpoint: 'http://127.0.0.1:9050', authClient: emulatorAuthClient() })
 */
export function emulatorAuthClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'goe-emulator-token', expiry_date: Date.now() + 365 * 24 * 3600_000 });
  return client;
}

/**
 * The client options for `new BigQuery(options)`: project and location, retries (the SDK's, on 429/5xx), a user
 * agent; `apiEndpoint` for a custom endpoint; a key file when set; a fake token for a loopback endpoint.
 *
 * @example
 * new BigQuery(bigqueryClientOptions({ project: 'acme', maximumBytesBilled: 1e12 }))
 */
export function bigqueryClientOptions(settings: BigquerySettings): BigQueryOptions {
  const endpoint = settings.endpoint?.replace(/\/+$/, '');
  const loopback = endpoint !== undefined && isLoopbackEndpoint(endpoint);
  return {
    ...(settings.project !== undefined
      ? { projectId: settings.project }
      : loopback
        ? { projectId: EMULATOR_PROJECT }
        : {}),
    ...(settings.location === undefined ? {} : { location: settings.location }),
    ...(endpoint === undefined ? {} : { apiEndpoint: endpoint }),
    ...(settings.keyFilename === undefined || loopback ? {} : { keyFilename: settings.keyFilename }),
    ...(loopback ? { authClient: emulatorAuthClient() } : {}),
    autoRetry: true,
    maxRetries: 5,
    userAgent: 'goe-ts/backend-bigquery',
  };
}
