/** GCS client errors turned into GoeErrors that say what failed, where, and what to do. */
import { GoeError, isGoeError } from '@goe/core';

/** What was being done when a request failed, for the message. */
export interface GcsErrorContext {
  /** e.g. `upload`, `list`, `read`, `delete`. */
  readonly action: string;
  /** `gs://bucket/name` (or the bucket URI). */
  readonly uri: string;
  readonly bucket: string;
  /** The endpoint when not Google's, for connection errors. */
  readonly endpoint?: string;
  /** Whether the bucket exists, when the caller checked after a 404. */
  readonly bucketExists?: boolean;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * The HTTP status of a client error (`ApiError.code`, or a Gaxios `response.status`), if any.
 *
 * @example
 * httpStatus({ code: 404 }) // 404
 */
export function httpStatus(e: unknown): number | undefined {
  const err = e as { code?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  if (err === null || typeof err !== 'object') return undefined;
  for (const v of [err.code, err.status, err.response?.status]) if (typeof v === 'number') return v;
  return undefined;
}

/**
 * A GoeError for a failed GCS request:
 * - a missing bucket → `CONFIG_INVALID` naming `OFFLOAD_FS_CONTAINER`;
 * - 401/403 → `CONNECTION_FAILED` naming the credentials and the role to grant;
 * - a network error → `CONNECTION_FAILED` naming the endpoint;
 * - anything else (including a missing object) → `ENGINE_ERROR` with the HTTP status as `engineCode`.
 *
 * @example
 * throw gcsError(e, { action: 'upload', uri: 'gs://b/goe/x.parquet', bucket: 'b' });
 */
export function gcsError(e: unknown, ctx: GcsErrorContext): GoeError {
  if (isGoeError(e)) return e;
  const status = httpStatus(e);
  const message = (e as Error | undefined)?.message ?? String(e);
  const code = (e as { code?: unknown } | undefined)?.code;
  if (
    ctx.bucketExists === false ||
    (ctx.bucketExists === undefined && status === 404 && /bucket does not exist|bucket.*not found/i.test(message))
  ) {
    return new GoeError('CONFIG_INVALID', `GCS bucket gs://${ctx.bucket} does not exist (${ctx.action} ${ctx.uri})`, {
      variable: 'OFFLOAD_FS_CONTAINER',
      engineCode: '404',
      hint: `Create it (gcloud storage buckets create gs://${ctx.bucket} --location=…) or set OFFLOAD_FS_CONTAINER to an existing bucket`,
      cause: e,
    });
  }
  if (status === 401 || status === 403) {
    return new GoeError('CONNECTION_FAILED', `GCS refused to ${ctx.action} ${ctx.uri} (HTTP ${status}): ${message}`, {
      engineCode: String(status),
      hint:
        status === 401
          ? 'Check the credentials: GOOGLE_APPLICATION_CREDENTIALS (a service-account key file) or gcloud auth application-default login'
          : `Grant the service account roles/storage.objectAdmin (or objectCreator + objectViewer + object delete) on gs://${ctx.bucket}`,
      cause: e,
    });
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    const where = ctx.endpoint ?? 'https://storage.googleapis.com';
    return new GoeError('CONNECTION_FAILED', `Cannot reach GCS at ${where} to ${ctx.action} ${ctx.uri}: ${message}`, {
      engineCode: code,
      hint:
        ctx.endpoint === undefined
          ? 'Check the network path to Google'
          : 'Check OFFLOAD_FS_GCS_ENDPOINT and that the service listens there',
      cause: e,
    });
  }
  return new GoeError('ENGINE_ERROR', `GCS could not ${ctx.action} ${ctx.uri}: ${message}`, {
    ...(status !== undefined ? { engineCode: String(status) } : typeof code === 'string' ? { engineCode: code } : {}),
    cause: e,
  });
}
