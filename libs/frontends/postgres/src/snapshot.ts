/**
 * One snapshot for all slices: a coordinator connection holds a REPEATABLE READ transaction and exports its
 * snapshot (`pg_export_snapshot()`); every slice's connection imports it with `SET TRANSACTION SNAPSHOT`.
 * PGlite has a single connection: its token is of kind `none` and reads simply run in one transaction each.
 * A given snapshot (`--offload-transport-snapshot`) is an id another transaction exported and keeps open.
 */
import { GoeError, type SnapshotToken } from '@goe/core';
import type { PgConnection, PgConnector } from './connection.js';
import { BEGIN_SNAPSHOT_SQL, COMMIT_SQL, EXPORT_SNAPSHOT_SQL, setTransactionSnapshotSql } from './sql.js';

/** The form of an exported snapshot id (`pg_export_snapshot()`), checked before a given one is used. */
export const SNAPSHOT_ID_PATTERN = /^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$/;

/**
 * Opens a snapshot every slice can share; `release()` ends the coordinator transaction (idempotent). With `token`
 * (`--offload-transport-snapshot`: a snapshot another transaction exported and still holds open), no new one is
 * exported: the token's form is checked, one connection imports it to prove it is valid, and the token returned
 * carries it (its `release()` holds nothing).
 *
 * @throws GoeError `OPTION_INVALID` (`--offload-transport-snapshot`) for a token of another form, for one the server
 *   does not know (its exporting transaction ended), or on PGlite (one connection, nothing to share)
 * @example
 * const snap = await openSnapshot(connector);
 * try { await Promise.all(slices.map((s) => drain(session.extract(table, s, { snapshot: snap })))) } finally { await snap.release() }
 * const given = await openSnapshot(connector, '00000003-0000001B-1'); // given.id === '00000003-0000001B-1'
 */
export async function openSnapshot(connector: PgConnector, token?: string): Promise<SnapshotToken> {
  if (token !== undefined) return useSnapshot(connector, token);
  if (connector.engine === 'pglite') return { kind: 'none', id: 'none', release: async () => undefined };
  const conn = await connector.open();
  try {
    await conn.query(BEGIN_SNAPSHOT_SQL);
    const id = (await conn.query<{ id: string }>(EXPORT_SNAPSHOT_SQL))[0]!.id;
    let released = false;
    return {
      kind: 'exported-snapshot',
      id,
      async release() {
        if (released) return;
        released = true;
        await conn.query(COMMIT_SQL).catch(() => undefined);
        await conn.close();
      },
    };
  } catch (error) {
    await conn.close();
    throw error;
  }
}

/** A given exported snapshot: validated in form, then imported once to check the server still has it. */
async function useSnapshot(connector: PgConnector, token: string): Promise<SnapshotToken> {
  const refuse = (why: string, cause?: unknown) =>
    new GoeError('OPTION_INVALID', `--offload-transport-snapshot: ${why}`, {
      variable: '--offload-transport-snapshot',
      ...(cause === undefined ? {} : { cause }),
    });
  if (connector.engine === 'pglite')
    throw refuse('PGlite cannot read at a given snapshot (one connection, no exported snapshots)');
  const id = token.trim();
  if (!SNAPSHOT_ID_PATTERN.test(id))
    throw refuse(
      `${JSON.stringify(token)} is not an exported snapshot id (pg_export_snapshot(), e.g. 00000003-0000001B-1)`,
    );
  const conn = await connector.open();
  try {
    await conn.query(BEGIN_SNAPSHOT_SQL);
    await conn.query(setTransactionSnapshotSql(id));
    await conn.query(COMMIT_SQL);
  } catch (error) {
    throw refuse(
      `snapshot ${id} cannot be imported (the transaction that exported it must stay open during the offload): ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  } finally {
    await conn.close();
  }
  return { kind: 'exported-snapshot', id, release: async () => undefined };
}

/**
 * Starts a read-only REPEATABLE READ transaction on `conn`, importing `snapshot` when it is an exported one.
 *
 * @example
 * await beginRead(conn, options.snapshot);
 */
export async function beginRead(conn: PgConnection, snapshot: SnapshotToken | undefined): Promise<void> {
  await conn.query(BEGIN_SNAPSHOT_SQL);
  if (snapshot?.kind === 'exported-snapshot') await conn.query(setTransactionSnapshotSql(snapshot.id));
}

/**
 * Ends a read transaction.
 *
 * @example
 * await beginRead(conn, snapshot); …; await endRead(conn);
 */
export async function endRead(conn: PgConnection): Promise<void> {
  await conn.query(COMMIT_SQL);
}
