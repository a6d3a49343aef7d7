/** Test helpers: a static ResolvedConfig, sessions on embedded PostgreSQL and PGlite, unique schemas. */
import { randomBytes } from 'node:crypto';
import { createEventBus, type EventBus, type GoeEvent, type ResolvedConfig } from '@goe/core';
import type { RecordBatch } from 'apache-arrow';
import { inject } from 'vitest';
import {
  openPostgresSession,
  PGLITE_CAPABILITIES,
  POSTGRES_CAPABILITIES,
  type PostgresFrontendSession,
} from '../src/index.js';

/** A ResolvedConfig over fixed values (what core's loader would hand the adapter). */
export function staticConfig(values: Record<string, string | number | boolean>): ResolvedConfig {
  const secrets = [values.POSTGRES_CONN].filter((v): v is string => typeof v === 'string');
  return {
    get: (name) => values[name] as never,
    require: (name) => {
      if (values[name] === undefined) throw new Error(`${name} missing`);
      return values[name] as never;
    },
    keys: () => Object.keys(values),
    mask: (text) => secrets.reduce((t, s) => t.split(s).join('***'), text),
  };
}

/** Engines every integration test runs against. */
export const ENGINES = ['pg', 'pglite'] as const;
export type Engine = (typeof ENGINES)[number];

/** The embedded PostgreSQL URL provided by the global setup. */
export function pgUrl(): string {
  return inject('pgUrl');
}

/** Opens a session on `engine` (PGlite in memory) with extra config values; events are recorded. */
export async function openSession(
  engine: Engine,
  extra: Record<string, string | number | boolean> = {},
): Promise<{ session: PostgresFrontendSession; events: GoeEvent[]; bus: EventBus }> {
  const bus = createEventBus();
  const events: GoeEvent[] = [];
  bus.on('*', (e) => events.push(e));
  const conn = engine === 'pg' ? pgUrl() : 'pglite://memory';
  const session = await openPostgresSession(
    { config: staticConfig({ POSTGRES_CONN: conn, ...extra }), events: bus },
    { pg: POSTGRES_CAPABILITIES, pglite: PGLITE_CAPABILITIES },
  );
  return { session, events, bus };
}

/** A unique schema name for one test file. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Drains an async iterable of batches. */
export async function drain(iterable: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of iterable) out.push(b);
  return out;
}
