/**
 * Issue #13: every GOE `offload` option (extracted from the reference by tools/goe-options/extract.mjs, never
 * retyped) has exactly one outcome — works (accepted by the real commander program and mapped to an
 * `OffloadOptions` key or a CLI effect), engine (refused naming its packages) or refused (from the allow-list) —
 * and the CLI-only effects (`--version`, `--suppress-stdout`, `--dev-log`, `--target`) are shown.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_OPTION_PROVIDERS, engineOptionRefusal } from '@goe/stack';
import { Command } from 'commander';
import { buildProgram, cliVersion } from '../src/program.js';
import {
  GOE_OPTION_GROUPS,
  longFlag,
  OFFLOAD_CLI_OPTIONS,
  toOffloadOptions,
  type CliOption,
} from '../src/offload-options.js';
import { GOE_OPTION_OUTCOMES, REFUSED_GOE_OPTIONS, refusedOptionError } from '../src/goe-option-outcomes.js';
import { runGoeInProcess } from './support/in-process.js';
import { DevLog, devLogFallbackPath } from '../src/output.js';
import { GoeError, type GoeEvent } from '@goe/core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** One option as tools/goe-options/extract.mjs reports it. */
interface GoeOption {
  readonly flag: string;
  readonly long: string | undefined;
  readonly short: string | undefined;
  readonly section: '1.1' | '1.2';
  readonly group: string;
  readonly hidden: boolean;
  readonly default: string | undefined;
  readonly meaning: string;
}
const extractor = (await import(pathToFileURL(join(ROOT, 'tools/goe-options/extract.mjs')).href)) as {
  extractGoeOptions(path?: string): GoeOption[];
  referencePath(env?: NodeJS.ProcessEnv): string;
  loadGoeOptions(env?: NodeJS.ProcessEnv): { options: GoeOption[]; source: 'reference' | 'snapshot'; path: string };
  snapshotText(options: GoeOption[]): string;
  SNAPSHOT_PATH: string;
};
// The reference (../shared) when mounted, else the committed extraction that `extract.mjs --check` keeps in step.
const LOADED = extractor.loadGoeOptions();
const GOE = LOADED.options;
console.log(`[goe-options] ${GOE.length} options from the ${LOADED.source} (${LOADED.path})`);

/** The CLI option declaring a GOE flag (long or short). */
function cliOption(o: GoeOption): CliOption | undefined {
  return OFFLOAD_CLI_OPTIONS.find(
    (c) =>
      (o.long !== undefined && longFlag(c.flags) === o.long) ||
      (o.short !== undefined && c.flags.split(/[ ,]+/).includes(o.short)),
  );
}

let dir: string;
let pgDir: string;
let home: string;
const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: dir,
  OFFLOAD_HOME: home,
  FRONTEND_DISTRIBUTION: 'POSTGRES',
  POSTGRES_CONN: `pglite://${pgDir}`,
  NO_COLOR: '1',
  ...extra,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'goe-options-'));
  pgDir = join(dir, 'pg');
  home = join(dir, 'home');
  const db = await PGlite.create(pgDir);
  await db.exec(`CREATE SCHEMA sh;
    CREATE TABLE sh.small (id bigint PRIMARY KEY, name text);
    INSERT INTO sh.small SELECT g, 'n' || g FROM generate_series(1, 20) g;`);
  await db.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the extracted GOE option list', () => {
  it.runIf(LOADED.source === 'reference')(
    "the committed extraction (tools/goe-options/goe-offload-options.json) is the reference's",
    () => {
      expect(readFileSync(extractor.SNAPSHOT_PATH, 'utf8')).toBe(extractor.snapshotText(GOE));
    },
  );
  it('the committed extraction parses to the same options as the script reads', () => {
    const committed = JSON.parse(readFileSync(extractor.SNAPSHOT_PATH, 'utf8')) as GoeOption[];
    expect(committed.map((o) => o.flag)).toEqual(GOE.map((o) => o.flag));
  });
  it('reads §1.1 and §1.2 of the reference: ~97 options with their groups, aliases and hidden marks', () => {
    expect(GOE.length).toBeGreaterThanOrEqual(95);
    expect(GOE.length).toBeLessThanOrEqual(100);
    const by = (f: string) => GOE.find((o) => o.flag === f)!;
    expect(by('--table')).toMatchObject({ short: '-t', section: '1.2', group: 'Table selection / naming' });
    expect(by('--execute')).toMatchObject({ short: '-x', section: '1.1' });
    expect(by('--force').short).toBe('-f');
    expect(by('--suppress-stdout').hidden).toBe(true);
    expect(by('--transform-column')).toMatchObject({ hidden: true, group: 'Data type controls' });
    expect(by('--dev-log-level')).toMatchObject({
      hidden: true,
      default: 'WARN',
      group: 'Execute / verbosity / developer',
    });
    expect(by('--max-offload-chunk-count').default).toBe('`MAX_OFFLOAD_CHUNK_COUNT` or `100`');
    // rows naming several options give one entry each
    expect(GOE.filter((o) => /^--integer-\d+-columns$/.test(o.flag))).toHaveLength(5);
    expect(new Set(GOE.map((o) => o.flag)).size).toBe(GOE.length);
  });
});

describe('GOE_OPTION_OUTCOMES', () => {
  it('gives every extracted option exactly one outcome, and names no other option', () => {
    const extracted = GOE.map((o) => o.flag).sort();
    expect(Object.keys(GOE_OPTION_OUTCOMES).sort()).toEqual(extracted);
  });

  it('refuses only options of the allow-list, and every allow-listed option is refused', () => {
    const refused = Object.entries(GOE_OPTION_OUTCOMES).filter(([, o]) => o.outcome === 'refused');
    expect(refused.map(([f]) => f).sort()).toEqual(Object.keys(REFUSED_GOE_OPTIONS).sort());
    expect(refusedOptionError('--x', 'shapes hybrid views').message).toBe(
      '--x is a GOE option that shapes hybrid views',
    );
    expect(refusedOptionError('--x', 'y').variable).toBe('--x');
  });

  it('marks as engine exactly the options of ENGINE_OPTION_PROVIDERS, none of which core declares', () => {
    const engine = Object.entries(GOE_OPTION_OUTCOMES)
      .filter(([, o]) => o.outcome === 'engine')
      .map(([f]) => f)
      .sort();
    expect(engine).toEqual(ENGINE_OPTION_PROVIDERS.map((p) => p.flag).sort());
    for (const flag of engine) expect(OFFLOAD_CLI_OPTIONS.some((c) => longFlag(c.flags) === flag)).toBe(false);
  });

  it('declares every works option, grouped under its GOE heading and hidden as GOE hides it', () => {
    const output = new Set(['-v', '--vv', '--quiet', '--no-ansi']); // added by the offload command itself
    for (const o of GOE) {
      if (GOE_OPTION_OUTCOMES[o.flag]!.outcome !== 'works' || output.has(o.flag)) continue;
      const c = cliOption(o);
      expect(c, o.flag).toBeDefined();
      expect(c!.group, o.flag).toBe(o.section === '1.1' ? GOE_OPTION_GROUPS.execute : o.group);
      expect(Boolean(c!.hidden), o.flag).toBe(o.hidden);
      if (o.short !== undefined) expect(c!.flags.startsWith(`${o.short}, `), o.flag).toBe(true);
    }
  });
});

/** A value that commander and toOffloadOptions accept for an option. */
function sample(c: CliOption): string[] {
  const flag = longFlag(c.flags);
  if (!c.flags.includes('<')) return [flag];
  if (flag === '--log-path') return [flag, join(dir, 'logs')];
  if (flag === '--ddl-file') return [flag, join(dir, 'ddl.sql')];
  if (c.choices) return [flag, c.choices[c.choices.length - 1]!.toLowerCase()];
  if (c.kind === 'int') return [flag, String(Math.max(c.range?.[0] ?? 1, 2))];
  if (c.kind === 'bool') return [flag, 'n'];
  if (c.kind === 'percent') return [flag, 'auto'];
  return [flag, 'X'];
}

/** Parses `goe offload -t sh.small …args` with the real program (the offload action replaced) and returns its options. */
async function parseOffload(args: readonly string[]): Promise<Record<string, unknown>> {
  const saved = { ...process.env };
  process.env.OFFLOAD_HOME = home;
  const write = process.stdout.write;
  try {
    const program = buildProgram();
    const offload = program.commands.find((c) => c.name() === 'offload')!;
    let parsed: Record<string, unknown> | undefined;
    offload.action((opts: Record<string, unknown>) => {
      parsed = opts;
    });
    await program.parseAsync(['node', 'goe', 'offload', '-t', 'sh.small', ...args]);
    return parsed!;
  } finally {
    process.stdout.write = write;
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe('works options through the real commander program', () => {
  const works = GOE.filter((o) => GOE_OPTION_OUTCOMES[o.flag]!.outcome === 'works' && o.flag !== '--version');
  it.each(works.map((o) => [o.flag, o] as const))(
    '%s is accepted and reaches OffloadOptions or a CLI effect',
    async (_f, o) => {
      const c = cliOption(o);
      const args = c === undefined ? [o.flag] : sample(c);
      const parsed = await parseOffload(args);
      if (c === undefined) {
        // the offload command's own output options: -v, --vv, --quiet, --no-ansi
        const attr = new Command().createOption(o.flag === '-v' ? '-v, --verbose' : o.flag).attributeName();
        expect(parsed[attr], o.flag).toBe(o.flag === '--no-ansi' ? false : true);
        return;
      }
      if (c.key.startsWith('_')) {
        expect(
          Object.values(parsed).some((v) => v !== undefined),
          o.flag,
        ).toBe(true);
        const attr = new Command().createOption(c.flags).attributeName();
        expect(parsed[attr], o.flag).toBeDefined();
        return;
      }
      const options = toOffloadOptions(parsed) as unknown as Record<string, unknown>;
      const allowKey = {
        '--allow-decimal-scale-rounding': 'decimalScaleRounding',
        '--allow-floating-point-conversions': 'floatingPointConversions',
        '--allow-nanosecond-timestamp-columns': 'nanosecondTimestamps',
      } as Record<string, string>;
      if (allowKey[o.flag] !== undefined)
        expect((options.allow as Record<string, unknown>)[allowKey[o.flag]!]).toBe(true);
      else expect(options[c.key], o.flag).not.toBeUndefined();
    },
  );

  it('types values: repeatable options collect arrays, booleans, AUTO or a number, choices in their spelling', async () => {
    const o = toOffloadOptions(
      await parseOffload([
        '--equal-to-values',
        'EU',
        '--equal-to-values',
        'APAC,ANZ',
        '--decimal-columns',
        'A',
        '--decimal-columns-type',
        '10,2',
        '--decimal-columns',
        'B',
        '--decimal-columns-type',
        '12,4',
        '--transform-column',
        'a:null',
        '--transform-column',
        'b:suppress',
        '--offload-transport-consistent-read',
        'FALSE',
        '--data-sample-percent',
        '12.5',
        '--offload-predicate-type',
        'list_as_range',
        '--offload-stats',
        'none',
        '--log-level',
        'DEBUG',
        '--no-modify-hybrid-view',
        '--no-version-check',
        '--target',
        'duckdb',
      ]),
    ) as unknown as Record<string, unknown>;
    expect(o).toMatchObject({
      equalToValues: ['EU', 'APAC,ANZ'],
      decimalColumns: ['A', 'B'],
      decimalColumnsType: ['10,2', '12,4'],
      transformColumns: ['a:null', 'b:suppress'],
      offloadTransportConsistentRead: false,
      dataSamplePercent: 12.5,
      offloadPredicateType: 'LIST_AS_RANGE',
      offloadStats: 'NONE',
      logLevel: 'debug',
      noModifyHybridView: true,
      noVersionCheck: true,
      target: 'duckdb',
    });
    const yes = toOffloadOptions(
      await parseOffload(['--offload-transport-consistent-read', 'y', '--data-sample-percent', 'Auto']),
    );
    expect(yes).toMatchObject({ offloadTransportConsistentRead: true, dataSamplePercent: 'AUTO' });
  });
});

describe('refusals at parse time: exit 2, one line naming the option', () => {
  const cases: [string[], RegExp][] = [
    [['--offload-transport-fetch-size', '1e20'], /--offload-transport-fetch-size must be an integer/],
    [['--offload-transport-parallelism', '0x10'], /--offload-transport-parallelism must be an integer/],
    [['--verify-parallelism', '1.5'], /--verify-parallelism must be an integer/],
    [['--data-sample-parallelism', '-1'], /--data-sample-parallelism must be an integer from 0/],
    [['--offload-transport-consistent-read', 'maybe'], /--offload-transport-consistent-read must be true or false/],
    [['--data-sample-percent', 'lots'], /--data-sample-percent must be AUTO or a number/],
    [['--offload-predicate-type', 'HASH'], /--offload-predicate-type must be one of LIST, LIST_AS_RANGE/],
    [['--log-level', 'trace'], /--log-level must be one of info, detail, debug/],
    [['--offload-transport-snapshot', 'id\nname'], /--offload-transport-snapshot must be one word/],
    [['--dev-log', '/tmp/x.log'], /--dev-log must be one of FILE, stdout/],
  ];
  it.each(cases)('%j', async (args, message) => {
    const r = await runGoeInProcess(['offload', '-t', 'sh.small', ...args], env());
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error OPTION_INVALID: /);
    expect(lines[0]).toMatch(message);
  });
});

describe('engine options without their adapter', () => {
  it.each(ENGINE_OPTION_PROVIDERS.map((p) => [p.flag, p] as const))(
    '%s exits 2 naming its packages',
    async (flag, p) => {
      const r = await runGoeInProcess(['offload', '-t', 'sh.small', flag, 'v'], env({ QUERY_ENGINE: 'DUCKDB' }));
      expect(r.code).toBe(2);
      const current = p.kind === 'backend' ? 'DUCKDB' : 'AUTO';
      expect(r.err).toBe(`error OPTION_INVALID: ${engineOptionRefusal(p, current)}\n`);
      expect(r.out).toBe('');
    },
  );

  it('names the backend --target chose, and is hidden from --help', async () => {
    const r = await runGoeInProcess(
      ['offload', '-t', 'sh.small', '--target', 'bigquery', '--purge'],
      env({ QUERY_ENGINE: 'DUCKDB' }),
    );
    expect(r.err).toBe(
      'error OPTION_INVALID: --purge is a GOE option of the Hive and Impala backends; it needs @goe/backend-hive or ' +
        '@goe/backend-impala with QUERY_ENGINE=HIVE|IMPALA (this command uses BIGQUERY)\n',
    );
    const help = await runGoeInProcess(['offload', '--help'], env());
    expect(help.out).not.toContain('--purge');
  });

  it('suggests the near option for a truly unknown one', async () => {
    const r = await runGoeInProcess(['offload', '-t', 'sh.small', '--offload-stat', 'NONE'], env());
    expect(r.code).toBe(2);
    expect(r.err).toBe("error OPTION_INVALID: unknown option '--offload-stat' (Did you mean --offload-stats?)\n");
  });
});

describe('goe offload --help', () => {
  it("groups the options under GOE's headings, in GOE's order, hidden ones hidden", async () => {
    const r = await runGoeInProcess(['offload', '--help'], env());
    expect(r.code).toBe(0);
    const headings = r.out
      .split('\n')
      .filter((l) => /^[A-Z][^:]*:$/.test(l))
      .map((l) => l.slice(0, -1));
    // then commander's own "Options" (-h, --help), then the examples, the variables and the exit codes
    expect(headings).toEqual([
      ...Object.values(GOE_OPTION_GROUPS),
      'Options',
      'Examples',
      'Environment (or $OFFLOAD_HOME/conf/offload.env; an option wins over its variable)',
      'Exit codes',
    ]);
    const section = (h: string) => r.out.split(`\n${h}:\n`)[1]!.split('\n\n')[0]!;
    expect(section('Data identification')).toContain('--equal-to-values <csv>');
    expect(section('Data identification')).toContain('--offload-predicate-type <type>');
    expect(section('Data type controls')).toContain('--data-sample-percent <AUTO|pct>');
    expect(section('Staging / load table')).toContain('--compress-load-table');
    expect(section('Validation')).toContain('--verify-parallelism <n>');
    expect(section('Execute / verbosity / developer')).toMatch(/-x, --execute[\s\S]*--quiet[\s\S]*--no-ansi/);
    for (const hidden of GOE.filter((o) => o.hidden))
      expect(r.out, hidden.flag).not.toMatch(new RegExp(`${hidden.flag}\\b(?!-)`));
  });
});

describe('CLI-only effects', () => {
  it('--version on goe offload prints the version and exits 0', async () => {
    const r = await runGoeInProcess(['offload', '--version'], env());
    expect(r).toMatchObject({ code: 0, out: `${cliVersion()}\n` });
  });

  it('--suppress-stdout prints nothing on stdout; the log file is still written', async () => {
    const logs = join(dir, 'suppress-logs');
    const shown = await runGoeInProcess(['offload', '-t', 'sh.small', '--json', '--log-path', logs], env());
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ status: 'preview' });
    const r = await runGoeInProcess(
      ['offload', '-t', 'sh.small', '--json', '--suppress-stdout', '--log-path', logs],
      env(),
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('');
    const files = readdirSync(logs).filter((f) => /^offload_SH\.SMALL_.*\.log$/.test(f));
    expect(files).toHaveLength(2);
    for (const f of files) expect(readFileSync(join(logs, f), 'utf8')).toMatch(/\S/);
  });

  it('--dev-log stdout writes the developer log at --dev-log-level; FILE writes dev_<log name>', async () => {
    const logs = join(dir, 'dev-logs');
    const out = await runGoeInProcess(
      ['offload', '-t', 'sh.small', '--dev-log', 'stdout', '--dev-log-level', 'info', '--log-path', logs],
      env(),
    );
    expect(out.code).toBe(0);
    expect(out.out).toMatch(/^\S+ INFO Step \S+: /m);
    const quiet = await runGoeInProcess(
      ['offload', '-t', 'sh.small', '--dev-log', 'stdout', '--log-path', logs],
      env(),
    );
    expect(quiet.out).not.toMatch(/ INFO /); // default level warn
    const file = await runGoeInProcess(
      ['offload', '-t', 'sh.small', '--dev-log', 'FILE', '--dev-log-level', 'info', '--log-path', logs],
      env(),
    );
    expect(file.code).toBe(0);
    const dev = readdirSync(logs).filter((f) => f.startsWith('dev_offload_SH.SMALL_'));
    expect(dev).toHaveLength(1);
    expect(readdirSync(logs)).toContain(dev[0]!.slice('dev_'.length));
    expect(readFileSync(join(logs, dev[0]!), 'utf8')).toMatch(/ INFO Step /);
  });

  it('--target selects the backend as QUERY_ENGINE would, and wins over the environment', async () => {
    const wrong = await runGoeInProcess(['offload', '-t', 'sh.small'], env({ QUERY_ENGINE: 'NOSUCHENGINE' }));
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/NOSUCHENGINE/i);
    const r = await runGoeInProcess(
      ['offload', '-t', 'sh.small', '--target', 'duckdb', '--json'],
      env({ QUERY_ENGINE: 'NOSUCHENGINE' }),
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const bad = await runGoeInProcess(
      ['offload', '-t', 'sh.small', '--target', 'nosuchengine'],
      env({ QUERY_ENGINE: 'DUCKDB' }),
    );
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/NOSUCHENGINE/i);
  });
});

describe('the effect tests the works rows name', () => {
  it('exist and name the option (its flag or its OffloadOptions key)', () => {
    const missing: string[] = [];
    for (const o of GOE) {
      const row = GOE_OPTION_OUTCOMES[o.flag]!;
      if (row.outcome !== 'works') continue;
      const path = join(ROOT, row.test);
      const text = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      const c = cliOption(o);
      const names = [
        o.flag,
        ...(c === undefined || c.key.startsWith('_') ? [] : [c.key]),
        ...(row.shows === undefined ? [] : [row.shows]),
      ];
      if (text === undefined) missing.push(`${o.flag}: ${row.test} does not exist`);
      else if (!names.some((n) => text.includes(n))) missing.push(`${o.flag}: ${row.test} does not name it`);
    }
    expect(missing).toEqual([]);
  });
});

describe('DevLog', () => {
  const at = () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  it('writes events at or above its level as time LEVEL message lines, the final error too', () => {
    let text = '';
    const dev = new DevLog('STDOUT', 'DEBUG' as never, (t) => void (text += t), at);
    const events: GoeEvent[] = [
      { type: 'progress', slice: undefined, rows: 5, bytes: 50 } as unknown as GoeEvent,
      { type: 'log', level: 'debug', message: 'a debug\nline' } as GoeEvent,
      { type: 'notice', message: 'a notice' } as GoeEvent,
      { type: 'warning', message: 'a warning' } as GoeEvent,
      { type: 'step:end', step: 'X', title: 'Find data to offload', status: 'ok', ms: 7 } as GoeEvent,
    ];
    for (const e of events) dev.event(e);
    dev.error(new GoeError('OPTION_INVALID', 'bad'));
    dev.error(new Error('plain'));
    dev.error('text');
    expect(dev.finish('/nowhere/offload.log')).toBeUndefined();
    expect(text.split('\n').filter((l) => l !== '')).toEqual([
      '2026-01-02T03:04:05.000Z DEBUG progress all: 5 rows, 50 bytes',
      '2026-01-02T03:04:05.000Z DEBUG a debug\\nline',
      '2026-01-02T03:04:05.000Z INFO a notice',
      '2026-01-02T03:04:05.000Z WARN a warning',
      '2026-01-02T03:04:05.000Z INFO Step Find data to offload: ok (7 ms)',
      '2026-01-02T03:04:05.000Z ERROR OPTION_INVALID: bad',
      '2026-01-02T03:04:05.000Z ERROR plain',
      '2026-01-02T03:04:05.000Z ERROR text',
    ]);
  });

  it('FILE: written at the end next to the log, or to the fallback path when the command failed early', () => {
    const logs = join(dir, 'devlog-unit');
    const dev = new DevLog('FILE', undefined, undefined, at);
    dev.event({ type: 'warning', message: 'w' } as GoeEvent);
    dev.event({ type: 'notice', message: 'hidden at warn' } as GoeEvent);
    const path = dev.finish(join(logs, 'offload_SH.X_1.log'))!;
    expect(path).toBe(join(logs, 'dev_offload_SH.X_1.log'));
    expect(readFileSync(path, 'utf8')).toBe('2026-01-02T03:04:05.000Z WARN w\n');
    expect(new DevLog('FILE').finish(undefined, undefined)).toBeUndefined();
    const fallback = devLogFallbackPath({ logPath: logs, table: 'sh.a b' }, at());
    expect(fallback).toBe(join(logs, 'dev_offload_SH.A_B_20260102T030405Z.log'));
    expect(devLogFallbackPath({ table: 'sh.x' }, at(), { OFFLOAD_HOME: join(dir, 'h') })).toBe(
      join(dir, 'h', 'log', 'dev_offload_SH.X_20260102T030405Z.log'),
    );
  });
});
