/** An in-memory MetadataRepository (and a `memory` lock) for runner unit tests. */
import { GoeError, defineConfigSchema, defineLock, defineRepository } from '@goe/core';
import type {
  CommandExecution,
  CommandStep,
  LockHolder,
  MetadataRepository,
  OffloadChunkRecord,
  OffloadMetadata,
  TargetOwnership,
} from '@goe/core';

/** The rows a memory repository holds (inspect them in tests). */
export interface MemoryRepositoryState {
  readonly commands: CommandExecution[];
  readonly steps: CommandStep[];
  readonly chunks: OffloadChunkRecord[];
  readonly metadata: Map<string, OffloadMetadata>;
  /** Owners of backend tables, by `DATABASE.TABLE` upper-cased. */
  readonly targets: Map<string, TargetOwnership>;
}

/** New empty repository state. @example const repoState = createRepositoryState(); */
export function createRepositoryState(): MemoryRepositoryState {
  return { commands: [], steps: [], chunks: [], metadata: new Map(), targets: new Map() };
}

/** Row counts per table, for "preview writes nothing" checks. */
export function repositoryCounts(s: MemoryRepositoryState): {
  commands: number;
  steps: number;
  chunks: number;
  metadata: number;
} {
  return { commands: s.commands.length, steps: s.steps.length, chunks: s.chunks.length, metadata: s.metadata.size };
}

const mkey = (o: string, t: string) => `${o}.${t}`.toUpperCase();
const now = () => new Date().toISOString();

/** A MetadataRepository over `state`. */
export function memoryRepositoryOver(state: MemoryRepositoryState): MetadataRepository {
  const cmd = (id: string) => {
    const i = state.commands.findIndex((c) => c.id === id);
    if (i < 0) throw new GoeError('INTERNAL', `No command ${id}`);
    return i;
  };
  return {
    async startCommand(e) {
      state.commands.push({ ...e, status: e.status ?? 'EXECUTING' });
    },
    async endCommand(id, status, error) {
      const i = cmd(id);
      state.commands[i] = { ...state.commands[i]!, status, endedAt: now(), ...(error === undefined ? {} : { error }) };
    },
    getCommand: async (id) => state.commands.find((c) => c.id === id),
    listCommands: async (f = {}) =>
      state.commands
        .filter(
          (c) =>
            (f.owner === undefined || c.owner?.toUpperCase() === f.owner.toUpperCase()) &&
            (f.table === undefined || c.table?.toUpperCase() === f.table.toUpperCase()),
        )
        .reverse()
        .slice(0, f.limit ?? Infinity),
    async startStep(s) {
      state.steps.push({ ...s, status: 'EXECUTING' });
    },
    async endStep(executionId, stepId, status, details) {
      for (let i = state.steps.length - 1; i >= 0; i--) {
        const s = state.steps[i]!;
        if (s.executionId === executionId && s.stepId === stepId) {
          state.steps[i] = { ...s, status, endedAt: now(), ...(details === undefined ? {} : { details }) };
          return;
        }
      }
      throw new GoeError('INTERNAL', `No step ${stepId}`);
    },
    listSteps: async (id) => state.steps.filter((s) => s.executionId === id),
    async startChunk(c) {
      state.chunks.push({ ...c, status: 'EXECUTING' });
    },
    async endChunk(executionId, chunkNumber, status, rows) {
      const i = state.chunks.findIndex((c) => c.executionId === executionId && c.chunkNumber === chunkNumber);
      state.chunks[i] = { ...state.chunks[i]!, status, endedAt: now(), ...(rows === undefined ? {} : { rows }) };
    },
    listChunks: async (id) => state.chunks.filter((c) => c.executionId === id),
    getMetadata: async (o, t) => state.metadata.get(mkey(o, t)),
    saveMetadata: async (m) => void state.metadata.set(mkey(m.owner, m.table), m),
    deleteMetadata: async (o, t) => void state.metadata.delete(mkey(o, t)),
    getTargetOwner: async (d, t) => state.targets.get(mkey(d, t)),
    claimTarget: async (o) => void state.targets.set(mkey(o.backendDatabase, o.backendTable), o),
    releaseTarget: async (d, t) => void state.targets.delete(mkey(d, t)),
    schemaVersion: async () => 1,
    close: async () => undefined,
  };
}

/** A repository adapter over `state`. */
export function memoryRepository(state: MemoryRepositoryState) {
  return defineRepository({
    kind: 'repository',
    name: 'memory',
    apiVersion: 1,
    schemes: ['memory'],
    configSchema: defineConfigSchema({ group: 'memory-repository', title: 'memory repository', variables: [] }),
    open: async () => memoryRepositoryOver(state),
  });
}

/** An in-process lock adapter; `held` maps keys to holders (pre-fill it to simulate another process). */
export function memoryLock(held: Map<string, LockHolder>, calls?: string[]) {
  return defineLock({
    kind: 'lock',
    name: 'memory',
    apiVersion: 1,
    configSchema: defineConfigSchema({ group: 'memory-lock', title: 'memory lock', variables: [] }),
    async open() {
      return {
        async acquire(key, holder) {
          calls?.push(`lock.acquire ${key}`);
          const h = held.get(key);
          if (h !== undefined) {
            throw new GoeError(
              'LOCK_HELD',
              `Another Orchestration process has locked id: ${key} (held by pid ${h.pid} on host ${h.host})`,
            );
          }
          held.set(key, { ...holder, acquiredAt: now() });
          return {
            key,
            release: async () => {
              calls?.push(`lock.release ${key}`);
              held.delete(key);
            },
          };
        },
        holder: async (key) => held.get(key),
        close: async () => undefined,
      };
    },
  });
}
