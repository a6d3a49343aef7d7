/**
 * Session narrowing: the adapter declares a server's capabilities; a PGlite session (one in-process connection, no
 * exported snapshot) narrows them, and core's effectiveCapabilities reads the session's.
 */
import { createEventBus, effectiveCapabilities } from '@goe/core';
import { describe, expect, it } from 'vitest';
import { PGLITE_SESSION_CAPABILITIES, POSTGRES_CAPABILITIES, postgresFrontend } from '../src/index.js';
import { pgUrl, staticConfig } from './helpers.js';

const connect = (conn: string) =>
  postgresFrontend.connect({ config: staticConfig({ POSTGRES_CONN: conn }), events: createEventBus() });

describe('PostgreSQL frontend capabilities', () => {
  it('declares a server, a display name, and PGlite narrowing as data', () => {
    expect(postgresFrontend.displayName).toBe('PostgreSQL');
    expect(postgresFrontend.capabilities).toEqual(POSTGRES_CAPABILITIES);
    expect(POSTGRES_CAPABILITIES).toEqual({
      snapshot: 'exported-snapshot',
      maxParallelism: 64,
    });
    expect(PGLITE_SESSION_CAPABILITIES).toEqual({ snapshot: 'none', maxParallelism: 1 });
  });

  it('a PGlite session narrows to one connection and no snapshot; a server session does not', async () => {
    const lite = await connect('pglite://memory');
    const server = await connect(pgUrl());
    try {
      expect(effectiveCapabilities(postgresFrontend, lite)).toEqual({
        snapshot: 'none',
        maxParallelism: 1,
      });
      expect(effectiveCapabilities(postgresFrontend, server)).toEqual(POSTGRES_CAPABILITIES);
    } finally {
      await lite.close();
      await server.close();
    }
  });
});
