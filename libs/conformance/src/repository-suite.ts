/**
 * `repositorySuite(harness)`: the contract of a metadata repository: command, step and chunk lifecycles, offload
 * metadata, the schema version, and refusal of a second start of the same command, step or chunk (also from a
 * second session, also concurrently).
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type {
  AdapterContext,
  CommandExecution,
  MetadataRepository,
  OffloadMetadata,
  RepositoryAdapter,
  TargetOwnership,
} from '@goe/core';
import { check, checkEqual, conformanceContext, fail, lazy, rejection, show, uniqueSuffix } from './check.js';
import { repositoryStatementCases } from './repository-statements.js';
import { makeSuite, type CaseDefinition, type Suite } from './suite.js';

/** How {@link repositorySuite} reaches a repository. */
export interface RepositoryHarness {
  /** Repository or variant name, shown as `repositorySuite[<name>]`. */
  readonly name: string;
  readonly adapter: RepositoryAdapter;
  /** Context for `adapter.open` (e.g. `OFFLOAD_REPOSITORY_URL`). Default `conformanceContext()`. */
  readonly context?: AdapterContext;
  /**
   * Opens a session on the same repository (called more than once: the suite checks that a second session sees
   * the first one's writes and cannot start the same command twice). Default `adapter.open(context)`.
   */
  open?(): Promise<MetadataRepository>;
  /** Cases to skip: case id (or prefix ending in `*`) → reason. */
  readonly skip?: Readonly<Record<string, string>>;
}

const iso = (offsetMs = 0) => new Date(Date.UTC(2024, 0, 2, 3, 4, 5) + offsetMs).toISOString();

/**
 * The repository conformance suite. Cases (ids): `schema.version`, `command.lifecycle`, `command.error`,
 * `command.statuses` (PREVIEW, LOCKED, NOOP, INTERRUPTED), `command.missing`, `command.double-start`,
 * `command.double-start-sessions` (two sessions start one id concurrently: exactly one wins), `command.list`,
 * `step.lifecycle`, `step.double-start`, `chunk.lifecycle`, `chunk.double-start`, `metadata.save-get`, `metadata.offload-variants`,
 * `metadata.column-transforms`, `metadata.overwrite`, `metadata.delete`, `metadata.missing`, `metadata.sessions` (written by one session, read by
 * another), `target.claim-get`, `target.move`, `target.release` (ownership of backend tables).
 *
 * @example
 * runSuite(repositorySuite({ name: 'sqlite', adapter: sqliteRepository, context: conformanceContext({ config: { OFFLOAD_REPOSITORY_URL: `sqlite:${file}` } }) }), { describe, it, afterAll });
 */
export function repositorySuite(harness: RepositoryHarness): Suite {
  const ctx = harness.context ?? conformanceContext();
  const sessions: MetadataRepository[] = [];
  const open = async () => {
    const r = await (harness.open ? harness.open() : harness.adapter.open(ctx));
    sessions.push(r);
    return r;
  };
  const repo = lazy(open);
  const second = lazy(open);
  const run = uniqueSuffix().toUpperCase();
  const owner = `CONFORMANCE_${run}`;
  const command = (table: string, extra: Partial<CommandExecution> = {}) => ({
    id: randomUUID(),
    command: 'OFFLOAD',
    commandLine: `goe offload -t ${owner}.${table} -x`,
    owner,
    table,
    startedAt: iso(),
    ...extra,
  });
  const metadata = (table: string, extra: Partial<OffloadMetadata> = {}): OffloadMetadata => ({
    owner,
    table,
    backendDatabase: owner.toLowerCase(),
    backendTable: table.toLowerCase(),
    offloadType: 'INCREMENTAL',
    incrementalKey: 'TIME_ID',
    highWaterMark: "TIMESTAMP '2024-01-01 00:00:00'",
    predicates: ['column(CHANNEL_ID) = numeric(3)', "column(NAME) = string('x''y')"],
    snapshot: '0000001',
    executionId: randomUUID(),
    updatedAt: iso(),
    ...extra,
  });
  /** The ownership of backend table `<owner>_<db>.<table>` (unique per suite run) by source `<owner>.<table>`. */
  const ownership = (db: string, table: string): TargetOwnership => ({
    backendDatabase: `${owner.toLowerCase()}_${db}`,
    backendTable: table.toLowerCase(),
    owner,
    table,
    executionId: randomUUID(),
    claimedAt: iso(),
  });
  const plain = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const same = (actual: unknown, expected: unknown, what: string) => {
    if (!isDeepStrictEqual(plain(actual), plain(expected)))
      fail(`${what}: got ${show(actual)}, expected ${show(expected)}`);
  };
  const pick = <T extends object>(value: T | undefined, keys: readonly (keyof T)[]) =>
    value === undefined
      ? undefined
      : Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]));

  const cases: CaseDefinition[] = [
    {
      id: 'schema.version',
      title: 'schemaVersion() is a positive integer',
      run: async () => {
        const v = await (await repo()).schemaVersion();
        check(Number.isInteger(v) && v >= 1, `schemaVersion() returned ${show(v)}`);
      },
    },
    {
      id: 'command.lifecycle',
      title: 'startCommand records EXECUTING; endCommand records the status and end time',
      run: async () => {
        const r = await repo();
        const c = command('T_LIFECYCLE');
        await r.startCommand(c);
        const started = await r.getCommand(c.id);
        same(
          pick(started, ['id', 'command', 'commandLine', 'owner', 'table', 'status', 'startedAt']),
          { ...c, status: 'EXECUTING' },
          'command after start',
        );
        checkEqual(started?.endedAt, undefined, 'endedAt after start');
        await r.endCommand(c.id, 'SUCCESS');
        const ended = await r.getCommand(c.id);
        checkEqual(ended?.status, 'SUCCESS', 'status after end');
        check(
          typeof ended?.endedAt === 'string' && !Number.isNaN(Date.parse(ended.endedAt)),
          `endedAt ${show(ended?.endedAt)} is not a timestamp`,
        );
      },
    },
    {
      id: 'command.error',
      title: 'endCommand(ERROR, message) keeps the message',
      run: async () => {
        const r = await repo();
        const c = command('T_ERROR');
        await r.startCommand(c);
        await r.endCommand(c.id, 'ERROR', 'VALIDATION_MISMATCH: 13 rows, expected 14');
        const ended = await r.getCommand(c.id);
        checkEqual(ended?.status, 'ERROR', 'status');
        checkEqual(ended?.error, 'VALIDATION_MISMATCH: 13 rows, expected 14', 'error');
      },
    },
    {
      id: 'command.statuses',
      title: 'a command may start as PREVIEW, LOCKED or NOOP',
      run: async () => {
        const r = await repo();
        for (const status of ['PREVIEW', 'LOCKED', 'NOOP', 'INTERRUPTED'] as const) {
          const c = command(`T_${status}`, { status });
          await r.startCommand(c);
          checkEqual((await r.getCommand(c.id))?.status, status, `status of a command started as ${status}`);
        }
      },
    },
    {
      id: 'command.missing',
      title: 'getCommand of an unknown id is undefined',
      run: async () => checkEqual(await (await repo()).getCommand(randomUUID()), undefined, 'getCommand(unknown)'),
    },
    {
      id: 'command.double-start',
      title: 'starting the same command id twice is refused with a GoeError',
      run: async () => {
        const r = await repo();
        const c = command('T_DOUBLE');
        await r.startCommand(c);
        await rejection(r.startCommand(c), 'second startCommand of one id');
        checkEqual((await r.getCommand(c.id))?.status, 'EXECUTING', 'status after the refused start');
      },
    },
    {
      id: 'command.double-start-sessions',
      title: 'two sessions starting one command id at the same time: exactly one succeeds',
      run: async () => {
        const [a, b] = [await repo(), await second()];
        const c = command('T_RACE');
        const results = await Promise.allSettled([a.startCommand(c), b.startCommand(c)]);
        checkEqual(results.filter((x) => x.status === 'fulfilled').length, 1, 'successful starts');
        checkEqual((await b.getCommand(c.id))?.id, c.id, 'the command seen from the second session');
      },
    },
    {
      id: 'command.list',
      title: 'listCommands filters by owner and table and honours limit',
      run: async () => {
        const r = await repo();
        const mine = [command('T_LIST', { startedAt: iso(1000) }), command('T_LIST', { startedAt: iso(2000) })];
        for (const c of [...mine, command('T_OTHER')]) await r.startCommand(c);
        const listed = await r.listCommands({ owner, table: 'T_LIST' });
        same(listed.map((c) => c.id).sort(), mine.map((c) => c.id).sort(), 'commands of T_LIST');
        checkEqual((await r.listCommands({ owner, table: 'T_LIST', limit: 1 })).length, 1, 'listCommands with limit 1');
      },
    },
    {
      id: 'step.lifecycle',
      title: 'steps are listed in start order with status, end time and details',
      run: async () => {
        const r = await repo();
        const c = command('T_STEPS');
        await r.startCommand(c);
        await r.startStep({ executionId: c.id, stepId: 'FIND_DATA', title: 'Find data to offload', startedAt: iso(1) });
        await r.endStep(c.id, 'FIND_DATA', 'SUCCESS', { rows: 14, partitions: ['P1', 'P2'] });
        await r.startStep({
          executionId: c.id,
          stepId: 'CREATE_TABLE',
          title: 'Create backend table',
          startedAt: iso(2),
        });
        await r.endStep(c.id, 'CREATE_TABLE', 'ERROR');
        const steps = await r.listSteps(c.id);
        same(
          steps.map((s) => [s.stepId, s.title, s.status]),
          [
            ['FIND_DATA', 'Find data to offload', 'SUCCESS'],
            ['CREATE_TABLE', 'Create backend table', 'ERROR'],
          ],
          'steps',
        );
        same(steps[0]?.details, { rows: 14, partitions: ['P1', 'P2'] }, 'details of FIND_DATA');
        check(
          steps.every((s) => typeof s.endedAt === 'string'),
          'a finished step has no endedAt',
        );
      },
    },
    {
      id: 'step.double-start',
      title: 'starting the same step of a command twice is refused with a GoeError',
      run: async () => {
        const r = await repo();
        const c = command('T_STEP_DOUBLE');
        await r.startCommand(c);
        const step = { executionId: c.id, stepId: 'FINAL_LOAD', title: 'Load final table', startedAt: iso() };
        await r.startStep(step);
        await rejection(r.startStep(step), 'second startStep of one step');
      },
    },
    {
      id: 'chunk.lifecycle',
      title: 'chunks are listed by number with status and rows',
      run: async () => {
        const r = await repo();
        const c = command('T_CHUNKS');
        await r.startCommand(c);
        await r.startChunk({ executionId: c.id, chunkNumber: 2, scope: 'P2', startedAt: iso(2) });
        await r.startChunk({ executionId: c.id, chunkNumber: 1, scope: 'P1', startedAt: iso(1) });
        await r.endChunk(c.id, 1, 'SUCCESS', 100);
        const chunks = await r.listChunks(c.id);
        same(
          chunks.map((k) => [k.chunkNumber, k.scope, k.status, k.rows ?? null]),
          [
            [1, 'P1', 'SUCCESS', 100],
            [2, 'P2', 'EXECUTING', null],
          ],
          'chunks',
        );
      },
    },
    {
      id: 'chunk.double-start',
      title: 'starting the same chunk twice is refused with a GoeError',
      run: async () => {
        const r = await repo();
        const c = command('T_CHUNK_DOUBLE');
        await r.startCommand(c);
        const chunk = { executionId: c.id, chunkNumber: 1, scope: 'FULL', startedAt: iso() };
        await r.startChunk(chunk);
        await rejection(r.startChunk(chunk), 'second startChunk of one chunk');
      },
    },
    {
      id: 'metadata.save-get',
      title: 'saveMetadata then getMetadata returns every field',
      run: async () => {
        const r = await repo();
        const m = metadata('T_META');
        await r.saveMetadata(m);
        same(await r.getMetadata(owner, 'T_META'), m, 'metadata');
      },
    },
    {
      id: 'metadata.offload-variants',
      title:
        'predicateType, incrementalRange and highValues (LIST value tuples, multi-column and MAXVALUE-truncated RANGE tuples) round-trip',
      run: async () => {
        const r = await repo();
        const list = metadata('T_META_LIST', {
          incrementalKey: 'REGION,CHANNEL',
          predicateType: 'LIST',
          incrementalRange: 'PARTITION',
          highValues: [
            ['EU', '1'],
            ["O'Brien, Ltd", '2'],
            ['Zürich €', '-3.5'],
          ],
        });
        await r.saveMetadata(list);
        same(await r.getMetadata(owner, 'T_META_LIST'), list, 'LIST metadata');
        const range = metadata('T_META_RANGE', {
          incrementalKey: 'YEAR,MONTH,DAY',
          predicateType: 'RANGE_AND_PREDICATE',
          incrementalRange: 'SUBPARTITION',
          highValues: [['2024', '3']],
        });
        await r.saveMetadata(range);
        same(await r.getMetadata(owner, 'T_META_RANGE'), range, 'RANGE_AND_PREDICATE metadata');
        const { predicateType: _t, incrementalRange: _r, highValues: _h, ...plain } = range;
        await r.saveMetadata(plain);
        same(await r.getMetadata(owner, 'T_META_RANGE'), plain, 'metadata saved again without the variant fields');
      },
    },
    {
      id: 'metadata.column-transforms',
      title:
        "columnTransforms (GOE's COL:fn('p1', 'p2') texts with quotes, commas, backslashes, multi-byte) round-trip in order, and are dropped when saved without them",
      run: async () => {
        const r = await repo();
        const m = metadata('T_META_TRANSFORMS', {
          columnTransforms: [
            'SSN:null',
            'NOTE:suppress',
            "NAME:translate('öÆø''', 'oA\\')",
            "PHONE:regexp_replace('([0-9]+), ([0-9])', '\\2-\\1')",
          ],
        });
        await r.saveMetadata(m);
        same(await r.getMetadata(owner, 'T_META_TRANSFORMS'), m, 'metadata with column transforms');
        const { columnTransforms: _c, ...plain } = m;
        await r.saveMetadata(plain);
        same(await r.getMetadata(owner, 'T_META_TRANSFORMS'), plain, 'metadata saved again without column transforms');
      },
    },
    {
      id: 'metadata.overwrite',
      title: 'saving metadata again replaces it (also dropping fields no longer set)',
      run: async () => {
        const r = await repo();
        await r.saveMetadata(metadata('T_META_2'));
        const full: OffloadMetadata = {
          owner,
          table: 'T_META_2',
          backendDatabase: 'db2',
          backendTable: 't2',
          offloadType: 'FULL',
          executionId: randomUUID(),
          updatedAt: iso(5000),
        };
        await r.saveMetadata(full);
        same(await r.getMetadata(owner, 'T_META_2'), full, 'metadata after the second save');
      },
    },
    {
      id: 'metadata.delete',
      title: 'deleteMetadata removes it; deleting again is harmless',
      run: async () => {
        const r = await repo();
        await r.saveMetadata(metadata('T_META_DEL'));
        await r.deleteMetadata(owner, 'T_META_DEL');
        checkEqual(await r.getMetadata(owner, 'T_META_DEL'), undefined, 'metadata after delete');
        await r.deleteMetadata(owner, 'T_META_DEL');
      },
    },
    {
      id: 'metadata.missing',
      title: 'getMetadata of a table never offloaded is undefined',
      run: async () =>
        checkEqual(await (await repo()).getMetadata(owner, 'T_NEVER'), undefined, 'getMetadata(unknown)'),
    },
    {
      id: 'metadata.sessions',
      title: 'metadata saved by one session is read by another',
      run: async () => {
        const m = metadata('T_META_SHARED');
        await (await repo()).saveMetadata(m);
        same(await (await second()).getMetadata(owner, 'T_META_SHARED'), m, 'metadata seen from the second session');
      },
    },
    {
      id: 'target.claim-get',
      title: 'claimTarget then getTargetOwner returns every field, matching the backend names case-insensitively',
      run: async () => {
        const r = await repo();
        const o = ownership('db_claim', 'T_CLAIM');
        await r.claimTarget(o);
        same(await r.getTargetOwner(o.backendDatabase.toUpperCase(), 't_claim'), o, 'owner (lower case)');
        same(
          await (await second()).getTargetOwner(o.backendDatabase, 'T_CLAIM'),
          o,
          'owner seen from the second session',
        );
      },
    },
    {
      id: 'target.move',
      title: 'claiming a target again moves it to the new owner (one owner per backend table)',
      run: async () => {
        const r = await repo();
        const first = ownership('db_move', 'T_MOVE');
        await r.claimTarget(first);
        const moved = { ...first, table: 'T_OTHER', executionId: randomUUID() };
        await r.claimTarget(moved);
        same(await r.getTargetOwner(first.backendDatabase, 't_move'), moved, 'owner after the move');
      },
    },
    {
      id: 'target.release',
      title: 'releaseTarget forgets the owner; releasing again or an unknown target is harmless',
      run: async () => {
        const r = await repo();
        const o = ownership('db_rel', 'T_REL');
        await r.claimTarget(o);
        await r.releaseTarget(o.backendDatabase.toUpperCase(), 't_rel');
        checkEqual(await r.getTargetOwner(o.backendDatabase, 't_rel'), undefined, 'owner after release');
        await r.releaseTarget(o.backendDatabase, 't_rel');
        checkEqual(
          await r.getTargetOwner(`${o.backendDatabase}_never`, 't_never'),
          undefined,
          'owner of an unknown target',
        );
      },
    },
    ...repositoryStatementCases(harness, repo),
  ];

  return makeSuite(`repositorySuite[${harness.name}]`, cases, harness.skip, async () => {
    const errors: unknown[] = [];
    for (const s of sessions.splice(0)) await s.close().catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  });
}
