/**
 * Staging compatibility, checked while planning (before any session writes, in preview too): the transport must
 * write to the store's URI scheme, the backend must load from it, and both must handle the staging format.
 */
import { GoeError } from '../errors.js';
import type { BackendCapabilities } from '../contracts/backend.js';
import type { StorageCapabilities } from '../contracts/storage.js';
import type { TransportCapabilities } from '../contracts/transport.js';

/** The sides {@link checkStagingCompatibility} compares: adapter names and their staging capabilities. */
export interface StagingCompatibilityInput {
  readonly backend: { readonly name: string; readonly capabilities: Pick<BackendCapabilities, 'staging'> };
  readonly transport: { readonly name: string; readonly capabilities: Pick<TransportCapabilities, 'staging'> };
  readonly storage: { readonly name: string; readonly capabilities: Pick<StorageCapabilities, 'scheme' | 'aliases'> };
  /** `OFFLOAD_STAGING_FORMAT` (upper case). */
  readonly format: string;
}

const list = (items: readonly string[]) => items.join(', ');
const oneOf = (items: readonly string[]) => (items.length === 1 ? items[0]! : `one of ${list(items)}`);
const refuse = (message: string, variable: string, hint?: string) =>
  new GoeError('CONFIG_INVALID', message, { variable, ...(hint === undefined ? {} : { hint }) });

/**
 * Refuses a staging set-up that cannot work, naming both sides and the variable to change:
 *
 * 1. the transport must write to the store's scheme (`transport.staging.schemes`, `'*'` = any) →
 *    `--offload-transport-method`;
 * 2. the backend must load from the store's scheme or one of its aliases (`backend.staging.schemes`) →
 *    `OFFLOAD_FS_SCHEME`;
 * 3. the backend must load, and the transport write, the format → `OFFLOAD_STAGING_FORMAT`.
 *
 * @throws GoeError `CONFIG_INVALID` (exit 2) with `variable` set
 * @example
 * checkStagingCompatibility({ backend: quackBackend, transport: nativeTransport, storage: localStorage, format: 'PARQUET' });
 * // GoeError: Backend quack cannot load staging files from scheme file (it loads from: gs); set OFFLOAD_FS_SCHEME to gs
 */
export function checkStagingCompatibility(input: StagingCompatibilityInput): void {
  const { backend, transport, storage } = input;
  const format = input.format.toUpperCase();
  const scheme = storage.capabilities.scheme;
  const storeSchemes = [scheme, ...(storage.capabilities.aliases ?? [])].map((s) => s.toLowerCase());
  const serves = (schemes: readonly string[]) => schemes.some((s) => storeSchemes.includes(s.toLowerCase()));

  const writes = transport.capabilities.staging.schemes;
  if (writes !== '*' && !serves(writes)) {
    throw refuse(
      `Transport ${transport.name} cannot write staging files to scheme ${scheme} (it writes to: ${list(writes)}); choose another transport with --offload-transport-method or set OFFLOAD_FS_SCHEME to ${oneOf(writes)}`,
      '--offload-transport-method',
    );
  }
  const loads = backend.capabilities.staging.schemes;
  if (!serves(loads)) {
    throw refuse(
      `Backend ${backend.name} cannot load staging files from scheme ${scheme} (it loads from: ${list(loads)}); set OFFLOAD_FS_SCHEME to ${oneOf(loads)}`,
      'OFFLOAD_FS_SCHEME',
    );
  }
  const backendFormats = backend.capabilities.staging.formats;
  const transportFormats = transport.capabilities.staging.formats;
  const common = backendFormats.filter((f) => transportFormats.includes(f));
  const suggestion =
    common.length > 0
      ? `set OFFLOAD_STAGING_FORMAT to ${oneOf(common)}`
      : `no format suits both; choose another transport with --offload-transport-method`;
  if (!backendFormats.some((f) => f === format)) {
    throw refuse(
      `Backend ${backend.name} cannot load staging format ${format} (it loads: ${list(backendFormats)}); ${suggestion}`,
      'OFFLOAD_STAGING_FORMAT',
    );
  }
  if (!transportFormats.some((f) => f === format)) {
    throw refuse(
      `Transport ${transport.name} cannot write staging format ${format} (it writes: ${list(transportFormats)}); ${suggestion}`,
      'OFFLOAD_STAGING_FORMAT',
    );
  }
}
