/**
 * GOE's version check, with a meaning here: every command records the GOE version that ran it
 * (`CommandExecution.goeVersion`), and a command refuses a repository last written by a newer GOE major.minor (its
 * records may mean things this version does not know). `--no-version-check` skips it.
 */
import { GoeError } from '../errors.js';
import type { MetadataRepository } from '../contracts/repository.js';

/**
 * This GOE's version (`major.minor.patch`), recorded on every command; kept equal to `@goe/core`'s package version
 * (a test checks it).
 *
 * @example
 * GOE_VERSION // '0.1.0'
 */
export const GOE_VERSION = '0.1.0';

/** The error code of a refused repository. */
export const VERSION_CHECK_CODE = 'CONFIG_INVALID';

/**
 * Compares two `major.minor[.patch…]` versions by major and minor only: negative when `a` is older, 0 when they
 * share major.minor, positive when `a` is newer. Text that is not a version compares as 0.0.
 *
 * @example
 * compareMajorMinor('1.3.9', '1.4.0') // < 0
 * compareMajorMinor('1.4.2', '1.4.0') // 0
 */
export function compareMajorMinor(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^\s*v?(\d+)\.(\d+)/.exec(v);
    return m === null ? [0, 0] : [Number(m[1]), Number(m[2])];
  };
  const [am, an] = parse(a);
  const [bm, bn] = parse(b);
  return am! !== bm! ? am! - bm! : an! - bn!;
}

/** `major.minor` of a version. @example majorMinor('1.4.2') // '1.4' */
export function majorMinor(version: string): string {
  const m = /^\s*v?(\d+)\.(\d+)/.exec(version);
  return m === null ? version : `${m[1]}.${m[2]}`;
}

/**
 * The GOE version that last wrote the repository: the version of its most recent command that recorded one
 * (commands written before versions were recorded are passed over); `undefined` for a repository with none.
 *
 * @example
 * await lastWriterVersion(repo) // '0.1.0'
 */
export async function lastWriterVersion(repo: Pick<MetadataRepository, 'listCommands'>): Promise<string | undefined> {
  const recent = await repo.listCommands({ limit: 50 });
  return recent.find((c) => c.goeVersion !== undefined && c.goeVersion !== '')?.goeVersion;
}

/**
 * Refuses a repository last written by a newer GOE major.minor than `version` (default {@link GOE_VERSION}), unless
 * `skip` (`--no-version-check`). Called after the repository is opened and before the command is recorded.
 *
 * @throws GoeError `CONFIG_INVALID` (exit 2): "Repository was written by GOE X.Y, this is A.B: upgrade, or run with
 *   --no-version-check"
 * @example
 * await checkRepositoryVersion(repo, { skip: options.noVersionCheck === true });
 */
export async function checkRepositoryVersion(
  repo: Pick<MetadataRepository, 'listCommands'>,
  options: { readonly skip?: boolean; readonly version?: string } = {},
): Promise<void> {
  if (options.skip === true) return;
  const version = options.version ?? GOE_VERSION;
  const writer = await lastWriterVersion(repo);
  if (writer === undefined || compareMajorMinor(writer, version) <= 0) return;
  throw new GoeError(
    VERSION_CHECK_CODE,
    `Repository was written by GOE ${majorMinor(writer)}, this is ${majorMinor(version)}: upgrade, or run with --no-version-check`,
    { variable: 'OFFLOAD_REPOSITORY_URL', hint: 'Upgrade GOE on this host, or run with --no-version-check' },
  );
}
