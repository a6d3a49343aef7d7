/**
 * PostgreSQL (PGlite) → DuckDB with the real adapters:
 * - preview writes nothing: the OFFLOAD_HOME tree (except log/, the repository file and the source database), the
 *   DuckDB warehouse content and the repository row counts are unchanged but for one log file and one PREVIEW row;
 * - run 1 (a child process) paused in transport holds the lock; run 2 exits with LOCK_HELD before opening the
 *   frontend, the backend or staging (5 times); a run killed with SIGKILL does not block an immediate rerun;
 * - a secret in the configuration appears in no log, message or repository row.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { defineBackend, defineFrontend, defineStorage } from '@goe/core';
import { createStackRegistry, offload } from '@goe/stack';
import type { OffloadResult } from '@goe/core';
import { duckdbBackend } from '@goe/backend-duckdb';
import { postgresFrontend } from '@goe/frontend-postgres';
import { localStorage } from '@goe/storage-local';
import { bundleForChild } from '../../../tools/test-support/bundle-child.js';
import { createSourceTemplate, embeddedHome, warehouseState } from './support.js';

let template = '';
let child = '';
const children: ChildProcess[] = [];
beforeAll(async () => {
  [template, child] = await Promise.all([
    createSourceTemplate(),
    bundleForChild(fileURLToPath(new URL('./offload-child.ts', import.meta.url))),
  ]);
}, 240_000);
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function hashTree(dir: string, skip: (rel: string) => boolean): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (skip(rel)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else h.update(`${rel}\n`).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

function repoCounts(home: string): { commands: number; steps: number; chunks: number; metadata: number } {
  const db = new BetterSqlite3(join(home, 'repo', 'goe.sqlite'), { readonly: true });
  try {
    const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return {
      commands: n('command_execution'),
      steps: n('command_step'),
      chunks: n('offload_chunk'),
      metadata: n('offload_metadata'),
    };
  } finally {
    db.close();
  }
}

/** Adapters that record when a session is opened, delegating to the real ones. */
function spiedRegistry(calls: string[]) {
  return createStackRegistry()
    .use(
      defineFrontend({
        ...postgresFrontend,
        connect: (ctx) => (calls.push('frontend.connect'), postgresFrontend.connect(ctx)),
      }),
    )
    .use(
      defineBackend({
        ...duckdbBackend,
        connect: (ctx) => (calls.push('backend.connect'), duckdbBackend.connect(ctx)),
      }),
    )
    .use(defineStorage({ ...localStorage, open: (ctx) => (calls.push('storage.open'), localStorage.open(ctx)) }));
}

async function startPausedRun(home: string, marker: string) {
  const proc = spawn(process.execPath, [child, home, marker], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  let text = '';
  proc.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  const out = new Promise<string>((r) => proc.on('exit', () => r(text.trim())));
  for (let i = 0; i < 3000 && !existsSync(marker); i++) {
    if (proc.exitCode !== null) throw new Error(`run 1 exited early: ${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { proc, out };
}

describe('e2e: preview, lock, secrets (PostgreSQL → DuckDB)', () => {
  it('preview writes nothing but one PREVIEW command row and its log', async () => {
    const { home, env } = embeddedHome(template);
    await offload({ table: 'SH.SALES', execute: true, createBackendDb: true }, { env });
    const skip = (rel: string) =>
      rel === 'log' ||
      rel.startsWith('log/') ||
      rel.startsWith('repo/') ||
      rel === 'demo' ||
      rel.startsWith('demo/') ||
      rel.startsWith('warehouse/');
    const tree = hashTree(home, skip);
    const warehouse = await warehouseState(env, [['sh', 'sales']]);
    const counts = repoCounts(home);
    const logs = readdirSync(join(home, 'log')).length;

    const r: OffloadResult = await offload(
      { table: 'SH.SALES', resetBackendTable: true, createBackendDb: true },
      { env },
    );

    expect(r.status).toBe('PREVIEW');
    expect(hashTree(home, skip)).toBe(tree);
    expect(await warehouseState(env, [['sh', 'sales']])).toBe(warehouse);
    expect(repoCounts(home)).toEqual({ ...counts, commands: counts.commands + 1 });
    expect(readdirSync(join(home, 'log'))).toHaveLength(logs + 1);
    const db = new BetterSqlite3(join(home, 'repo', 'goe.sqlite'), { readonly: true });
    expect(db.prepare('SELECT status FROM command_execution WHERE id = ?').get(r.executionId)).toEqual({
      status: 'PREVIEW',
    });
    db.close();
    expect(existsSync(join(home, 'run'))).toBe(true); // from the execute run; preview takes no lock
    expect(readdirSync(join(home, 'run')).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 120_000);

  it('refuses run 2 with LOCK_HELD before it opens anything while run 1 is paused in transport (5 times)', async () => {
    for (let round = 1; round <= 5; round++) {
      const { home, env } = embeddedHome(template);
      const marker = join(home, 'pause');
      const run1 = await startPausedRun(home, marker);
      const calls: string[] = [];
      const e = await offload(
        { table: 'SH.SALES', execute: true, createBackendDb: true },
        { env, registry: spiedRegistry(calls) },
      ).catch((x: Error & { code?: string }) => x);
      expect((e as { code?: string }).code).toBe('LOCK_HELD');
      expect((e as Error).message).toContain(
        `Another Orchestration process has locked id: SH.SALES (held by pid ${run1.proc.pid} on host `,
      );
      expect(calls).toEqual([]);
      rmSync(marker);
      expect(await run1.out).toBe('done 5');
      const db = new BetterSqlite3(join(home, 'repo', 'goe.sqlite'), { readonly: true });
      const statuses = (db.prepare('SELECT status FROM command_execution').all() as { status: string }[])
        .map((x) => x.status)
        .sort();
      expect(statuses).toEqual(['LOCKED', 'SUCCESS']);
      db.close();
    }
  }, 300_000);

  it('does not let a run killed with SIGKILL block an immediate rerun', async () => {
    const { home, env } = embeddedHome(template);
    const marker = join(home, 'pause');
    const run1 = await startPausedRun(home, marker);
    run1.proc.kill('SIGKILL');
    await run1.out;
    const r = await offload(
      { table: 'SH.SALES', execute: true, resetBackendTable: true, createBackendDb: true },
      { env },
    );
    expect(r).toMatchObject({ status: 'SUCCESS', rows: 5 });
    expect(r.verification).toBe('Source and DuckDB table data matches: offload successful');
  }, 120_000);

  it('masks a configuration secret in logs, messages and repository rows', async () => {
    const secret = 'Tr0ub4dor&3-e2e';
    const { home, env } = embeddedHome(template, {
      OFFLOAD_REPOSITORY_URL: 'sqlite:repo/goe.sqlite',
      ORA_APP_PASS: secret,
    });
    const r = await offload(
      {
        table: 'SH.SALES',
        execute: true,
        createBackendDb: true,
        commandLine: ['goe', 'offload', '-t', 'SH.SALES', '-x', '--password', secret, `--target-name=${secret}`],
      },
      { env },
    ).catch((e: Error) => e);
    const texts = [JSON.stringify(r), r instanceof Error ? r.message : ''];
    for (const f of readdirSync(join(home, 'log'))) texts.push(readFileSync(join(home, 'log', f), 'utf8'));
    const db = new BetterSqlite3(join(home, 'repo', 'goe.sqlite'), { readonly: true });
    for (const t of ['command_execution', 'command_step', 'offload_chunk', 'offload_metadata'])
      texts.push(JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all()));
    db.close();
    for (const t of texts) expect(t).not.toContain(secret);
    expect(texts.join('\n')).toContain('--password ***');
  }, 120_000);
});
