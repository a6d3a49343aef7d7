/**
 * One snapshot for all slices: a coordinator connection holds a REPEATABLE READ transaction and exports its
 * snapshot (`pg_export_snapshot()`); every slice's connection imports it with `SET TRANSACTION SNAPSHOT`.
 * PGlite has a single connection: its token is of kind `none` and reads simply run in one transaction each.
 */
import type { SnapshotToken } from '@goe/core';
import type { PgConnection, PgConnector } from './connection.js';
import { BEGIN_SNAPSHOT_SQL, COMMIT_SQL, EXPORT_SNAPSHOT_SQL, setTransactionSnapshotSql } from './sql.js';

/**
 * Opens a snapshot every slice can share; `release()` ends the coordinator transaction (idempotent).
 *
 * @example
 * const snap = await openSnapshot(connector);
 * try { await Promise.all(slices.map((s) => drain(session.extract(table, s, { snapshot: snap })))) } finally { await snap.release() }
 */
export async function openSnapshot(connector: PgConnector): Promise<SnapshotToken> {
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
