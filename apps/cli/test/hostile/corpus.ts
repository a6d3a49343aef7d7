/**
 * The hostile-input corpus (issue #11): cases kept as data — argv, environment, `offload.env` text, expected exit
 * code and error line — from two sources: the hand cases of `cases.json`, and cases generated here from the config
 * schemas (every variable of `COMMON_CONFIG` and of each first-party adapter's schema) and from the `goe offload`
 * option table (`OFFLOAD_CLI_OPTIONS`), so that a new variable or option gets hostile values without anyone writing
 * a case for it.
 *
 * Placeholders, expanded by the harness in argv, env values, `offload.env` text and paths:
 * `{{HOME}}` the case's OFFLOAD_HOME (a copy of a home whose warehouse already holds SH.SMALL), `{{SOURCE_CONN}}`
 * the case's source connection (a PostgreSQL server whose password is `{{SECRET}}`, or a PGlite directory),
 * `{{SECRET}}` that password, `{{SECRET_CONN}}` `postgres://goe:{{SECRET}}@127.0.0.1:{{CLOSED_PORT}}/goe` (a
 * closed local port), `{{CLOSED_PORT}}`, `{{TMP}}` a scratch directory of the case outside
 * OFFLOAD_HOME, `{{FILE}}` a regular file, `{{USERHOME}}` the case's `HOME`, `{{TEMPLATE_EXECUTION_ID}}` the id of
 * the command that offloaded SH.SMALL into the home.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMON_CONFIG, type ConfigSchema, type ConfigVariable } from '@goe/core';
import { DUCKDB_CONFIG } from '@goe/backend-duckdb';
import { POSTGRES_CONFIG } from '@goe/frontend-postgres';
import { SQLITE_REPOSITORY_CONFIG } from '@goe/repository-sqlite';
import { NATIVE_TRANSPORT_CONFIG } from '@goe/transport-native';
import { LOCAL_STORAGE_CONFIG } from '@goe/storage-local';
import { FILE_LOCK_CONFIG } from '@goe/lock-file';
import { OFFLOAD_CLI_OPTIONS, type CliOption } from '../../src/offload-options.js';

/**
 * What the repository may have gained: nothing, one PREVIEW command, one ERROR command (its steps too; its error
 * starts with the code the CLI printed), one LOCKED command, one SUCCESS command.
 */
export type RepoOutcome = 'none' | 'preview' | 'error' | 'locked' | 'success';

/** One acceptable outcome of a case. */
export interface Expectation {
  /** Exit code (architecture §8: 2 options/config, 3 state, 4 data, 5 engine/connectivity, 1 unexpected). */
  readonly exit: number;
  /**
   * Regular expression (source text). Exit ≠ 0: the one `error …` line of stderr must match it. Exit 0: some
   * line of stderr must match it (e.g. a warning).
   */
  readonly stderr?: string;
  /** Regular expressions no part of stderr may match. */
  readonly stderrNot?: readonly string[];
  /** `--json`: stdout is one JSON document matching this (partially). */
  readonly stdoutJson?: Record<string, unknown>;
  /** Repository rows the outcome explains (default: `none` for a refusal, `preview` for exit 0). */
  readonly repo?: RepoOutcome | readonly RepoOutcome[];
  /** The warehouse file and the OFFLOAD_HOME tree must be unchanged (default true). */
  readonly unchanged?: boolean;
}

/** One hostile case. */
export interface HostileCase {
  readonly id: string;
  readonly origin: 'generated' | 'hand';
  /** Arguments after `goe`. */
  readonly argv: readonly string[];
  /** Environment on top of the embedded-stack defaults; `null` unsets a variable. */
  readonly env?: Readonly<Record<string, string | null>>;
  /** Text of `OFFLOAD_HOME/conf/offload.env`. */
  readonly offloadEnv?: string;
  /** `binary` runs `node apps/cli/dist/goe.js` in a child (required when the case may block the event loop). */
  readonly runner?: 'in-process' | 'binary';
  /**
   * The source: `server` (default; a real PostgreSQL server, `POSTGRES_CONN` holds the password) or `pglite` (the
   * embedded stack's PGlite engine, `pglite://<dir>`).
   */
  readonly source?: 'server' | 'pglite';
  /**
   * Named preparations: `offload-env-is-directory` (conf/offload.env is a directory), `lock-held:<OWNER.TABLE>` (a
   * lock file of a live process, pid 1 on this host, in OFFLOAD_HOME/run).
   */
  readonly setup?: readonly string[];
  /** Paths (placeholders allowed) that must not exist after the run (created ones are reported, then removed). */
  readonly notCreated?: readonly string[];
  /** The acceptable outcomes (any one). */
  readonly expect: Expectation | readonly Expectation[];
  readonly note: string;
}

/** The hand cases (`cases.json`). */
export function handCases(): HostileCase[] {
  const raw = JSON.parse(readFileSync(join(__dirname, 'cases.json'), 'utf8')) as {
    cases: Omit<HostileCase, 'origin'>[];
  };
  return raw.cases.map((c) => ({ ...c, origin: 'hand' as const }));
}

/** The first-party config schemas whose every variable gets hostile values. */
export const SCHEMAS: readonly ConfigSchema[] = [
  COMMON_CONFIG,
  POSTGRES_CONFIG,
  DUCKDB_CONFIG,
  SQLITE_REPOSITORY_CONFIG,
  NATIVE_TRANSPORT_CONFIG,
  LOCAL_STORAGE_CONFIG,
  FILE_LOCK_CONFIG,
];

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `error …` line must name the variable (or the alias it was given as). */
function namesVariable(names: readonly string[], codes = 'CONFIG_INVALID'): string {
  return `^error (${codes}): .*\\b(${names.map(esc).join('|')})\\b`;
}

/**
 * A preview of a table that is not offloaded yet (SH.OTHER): with harmless configuration it succeeds (exit 0, one
 * PREVIEW row), so a refusal is caused by the hostile value alone.
 */
const PREVIEW = ['offload', '-t', 'sh.other'];
/** The same with `-x --create-backend-db`: paths (warehouse, staging, locks, log) are really used. */
const EXECUTE = ['offload', '-t', 'sh.other', '-x', '--create-backend-db'];

/** Malformed values for one variable by its type: a label, the value, and where it is set (environment or offload.env). */
function malformedValues(v: ConfigVariable): { label: string; value: string; where: 'env' | 'file' }[] {
  const out: { label: string; value: string; where: 'env' | 'file' }[] = [];
  switch (v.type) {
    case 'integer':
      out.push({ label: 'not-a-number', value: 'lots', where: 'env' });
      out.push({ label: 'fraction', value: '1.5', where: 'file' });
      if (v.min !== undefined) out.push({ label: 'below-min', value: String(v.min - 1), where: 'env' });
      if (v.max !== undefined) out.push({ label: 'above-max', value: String(v.max + 1), where: 'env' });
      out.push({ label: 'overflow', value: '9'.repeat(25), where: 'env' });
      break;
    case 'enum':
      out.push({ label: 'out-of-enum', value: 'NOT_A_CHOICE', where: 'env' });
      out.push({ label: 'out-of-enum-file', value: `${v.values?.[0] ?? 'X'}X`, where: 'file' });
      break;
    case 'boolean':
      out.push({ label: 'not-a-boolean', value: 'maybe', where: 'env' });
      break;
    case 'url':
      out.push({ label: 'not-a-url', value: 'not a url', where: 'env' });
      if (v.schemes !== undefined)
        out.push({ label: 'bad-scheme', value: 'ftp://user:{{SECRET}}@host/x', where: 'env' });
      break;
    case 'path':
      out.push({ label: 'nul', value: '{{TMP}}/a\u0000b', where: 'file' });
      break;
    case 'string':
      if (v.pattern !== undefined) out.push({ label: 'pattern', value: 'not-a-size!', where: 'env' });
      break;
    case 'list':
      out.push({ label: 'no-such-plugin', value: 'goe-backend-no-such-plugin-xyz', where: 'env' });
      break;
  }
  // every type: a value with an embedded newline (an injected second assignment), from offload.env
  out.push({ label: 'newline', value: `${sample(v)}\nOFFLOAD_HOME=/tmp/evil`, where: 'file' });
  return out;
}

/** A valid-looking value of a variable (what a newline gets appended to). */
function sample(v: ConfigVariable): string {
  switch (v.type) {
    case 'integer':
      return String(Math.max(v.min ?? 1, 1));
    case 'enum':
      return v.default ?? v.values![0]!;
    case 'boolean':
      return 'true';
    case 'url':
      return v.name === 'POSTGRES_CONN' ? '{{SOURCE_CONN}}' : 'sqlite:{{TMP}}/repo.sqlite';
    case 'path':
      return '{{TMP}}/p';
    case 'list':
      return 'goe-x';
    case 'string':
      return v.default ?? 'x';
  }
}

/** `offload.env` text assigning `value` (double-quoted with escapes, so newlines survive). */
function envLine(name: string, value: string): string {
  const quoted = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\$(?!\{\{)/g, '\\$');
  // a NUL cannot be escaped in offload.env: it is written raw
  return `${name}="${quoted}"\n`;
}

/** Variables whose value is only read when the frontend uses TLS (set up so they are read). */
const TLS_FILES = new Set(['POSTGRES_SSLROOTCERT', 'POSTGRES_SSLCERT', 'POSTGRES_SSLKEY']);

/** Cases generated from the config schemas: every variable (and alias) gets malformed values. */
export function configCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  const seen = new Set<string>();
  for (const schema of SCHEMAS) {
    for (const v of schema.variables) {
      if (seen.has(v.name)) continue;
      seen.add(v.name);
      // hostile values are given under the canonical name, and once under each GOE alias
      const names = [v.name, ...(v.aliases ?? [])];
      const code = v.type === 'list' && v.name === 'GOE_PLUGINS' ? 'CONFIG_INVALID|ADAPTER_INVALID' : 'CONFIG_INVALID';
      // the source is the PostgreSQL server, its password in POSTGRES_CONN: it must never appear
      const base: Record<string, string | null> = {};
      if (TLS_FILES.has(v.name)) base.POSTGRES_SSLMODE = 'require';
      for (const m of malformedValues(v)) {
        const asAlias = m.label === 'out-of-enum' && names.length > 1 ? names.slice(1) : [];
        for (const name of [v.name, ...asAlias]) {
          const id = `config.${name}.${m.label}`;
          const value = m.value;
          // the environment wins over offload.env, and the canonical name over an alias: clear both
          const cleared = { ...base, [v.name]: null, [name]: null };
          cases.push({
            id,
            origin: 'generated',
            argv: PREVIEW,
            env: m.where === 'env' ? { ...cleared, [name]: value } : cleared,
            ...(m.where === 'file' ? { offloadEnv: `# hostile ${id}\n${envLine(name, value)}` } : {}),
            expect: { exit: 2, stderr: namesVariable(name === v.name ? names : [name, v.name], code), repo: 'none' },
            note: `${v.type} variable ${name} (${schema.group}) set to a malformed value (${m.label}) in ${m.where === 'env' ? 'the environment' : 'offload.env'}`,
          });
        }
      }
      if (v.type === 'path') {
        // a path the OS refuses (procfs): the offload that uses it must fail with one line naming it, not hang
        cases.push({
          id: `config.${v.name}.proc-path`,
          origin: 'generated',
          argv: EXECUTE,
          env: { ...base, [v.name]: `/proc/nope/${v.name.toLowerCase()}` },
          runner: 'binary',
          expect: { exit: 2, stderr: namesVariable(names, 'CONFIG_INVALID|OPTION_INVALID'), repo: ['none', 'error'] },
          note: `path variable ${v.name} pointing under /proc (mkdir/open fail there; recursive mkdir loops in Node)`,
        });
      }
      // an empty value: typed variables fall back to their default (GOE's rule), strings stay empty; either the
      // preview works or the variable is named — never a crash or an unnamed failure
      cases.push({
        id: `config.${v.name}.empty`,
        origin: 'generated',
        argv: PREVIEW,
        env: { [v.name]: '' },
        expect: [
          { exit: 0, repo: 'preview' },
          { exit: 2, stderr: namesVariable(names), repo: 'none' },
        ],
        note: `${v.type} variable ${v.name} set to the empty string: the default applies, or it is refused by name`,
      });
    }
  }
  return cases;
}

/** Specific malformed values of options whose values have a form (besides the generic ones). */
const OPTION_VALUES: Readonly<Record<string, readonly string[]>> = {
  targetName: ['nodot', 'a.b.c'],
  olderThanDate: ['2024-13-45', 'yesterday'],
  olderThanDays: ['ten', '-3'],
  lessThanValue: ['1; DROP TABLE sh.small'],
  partitionNames: ['NO_SUCH_PARTITION'],
  offloadPredicate: ['garbage(', 'column(id) = numeric(1); DROP TABLE sh.small'],
  maxOffloadChunkSize: ['huge', '-1G'],
  decimalColumnsType: ['abc', '39,40'],
  partitionLowerValue: ['abc'],
  partitionUpperValue: ['abc'],
  offloadTransportMethod: ['NO_SUCH_METHOD'],
  executionId: ['not-a-uuid'],
  errorBeforeStep: ['no_such_step'],
  errorAfterStep: ['no_such_step'],
  skipSteps: ['no_such_step'],
  ddlFile: ['{{TMP}}/no-such-dir/x.sql'],
  logPath: ['{{FILE}}'],
};

/** Integer options and the smallest value that makes sense. */
const INT_MIN: Readonly<Record<string, number>> = {
  maxOffloadChunkCount: 1,
  offloadTransportParallelism: 1,
  offloadTransportFetchSize: 1,
  partitionDigits: 1,
};

const longFlag = (o: CliOption) => /--[a-z0-9-]+/.exec(o.flags)![0];

/** How an error (line or hint) may name an option besides its flag: GOE's own message texts. */
const OPTION_NAMES: Readonly<Record<string, string>> = {
  table: '(--table|-t\\b|Table )',
  ddlFile: '(--ddl-file|DDL (file|path))',
  offloadPredicate: '(--offload-predicate|offload predicate)',
  notNullColumns: '(--not-null-columns|NOT NULL)',
  sortColumns: '(--sort-columns|backend sorting)',
  partitionFunctions: '(--partition-functions|partition functions)',
  offloadTransportMethod: '(--offload-transport-method|transport method)',
};

/** Cases generated from the option table: every option gets malformed values. */
export function optionCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const o of OFFLOAD_CLI_OPTIONS) {
    const flag = longFlag(o);
    const name = esc(flag);
    // the error line names the option (its long form, or -t for the table)
    const names = OPTION_NAMES[o.key] ?? name;
    const refuse = (codes = '[A-Z_]+_INVALID|TABLE_NOT_FOUND'): Expectation => ({
      exit: 2,
      stderr: `^error (${codes}): .*${names}`,
      repo: ['none', 'error'],
    });
    const add = (label: string, argv: string[], expect: Expectation | Expectation[], note: string) =>
      cases.push({ id: `option.${flag.slice(2)}.${label}`, origin: 'generated', argv, expect, note });
    const others = o.key === 'table' ? ['offload'] : PREVIEW;
    if (o.kind === 'flag') {
      if (flag.startsWith('--no-')) {
        add('with-value', [...others, `${flag}=yes`], refuse('OPTION_INVALID'), `${flag} takes no value`);
      } else {
        add('with-value', [...others, `${flag}=yes`], refuse('OPTION_INVALID'), `flag ${flag} given a value`);
      }
      continue;
    }
    // a value option as the last argument: its value is missing
    add('missing-value', [...others, flag], refuse('OPTION_INVALID'), `${flag} without its value`);
    // a value with a newline: refused by name, in one line
    add(
      'newline',
      [...others, flag, o.kind === 'int' ? '2\n3' : 'id\nname'],
      o.key === 'partitionGranularity'
        ? [refuse(), { exit: 0, stderr: '^Ignoring --partition-granularity', repo: 'preview' }]
        : refuse(),
      `${flag} with a newline in its value${o.key === 'partitionGranularity' ? ' (or ignored, said, without partition columns)' : ''}`,
    );
    if (o.kind === 'int') {
      add('not-a-number', [...others, flag, 'lots'], refuse('OPTION_INVALID'), `${flag} given a non-number`);
      const min = INT_MIN[o.key] ?? 0;
      add('below-min', [...others, flag, String(min - 1)], refuse('OPTION_INVALID'), `${flag} below its minimum`);
      add('overflow', [...others, flag, '9'.repeat(25)], refuse('OPTION_INVALID'), `${flag} beyond any integer`);
    }
    if (o.choices)
      add(
        'out-of-choices',
        [...others, flag, 'bogus'],
        refuse('OPTION_INVALID'),
        `${flag} not one of ${o.choices.join(', ')}`,
      );
    if (o.kind === 'csv' || o.kind === 'repeat') {
      const v = o.key === 'decimalColumns' ? ['--decimal-columns-type', '10,2'] : [];
      if (
        o.key !== 'decimalColumnsType' &&
        o.key !== 'skipSteps' &&
        o.key !== 'partitionGranularity' &&
        o.key !== 'partitionFunctions'
      ) {
        add(
          'sql-injection',
          [...others, flag, 'id);DROP TABLE sh.small;--', ...v],
          refuse(),
          `${flag} with SQL in a column name (a column the table does not have)`,
        );
      }
    }
    for (const [i, value] of (OPTION_VALUES[o.key] ?? []).entries()) {
      add(`malformed-${i + 1}`, [...others, flag, value], refuse(), `${flag} ${JSON.stringify(value)}`);
    }
  }
  return cases;
}

/** Every case: generated (config, options) then hand. */
export function corpus(): HostileCase[] {
  const all = [...configCases(), ...optionCases(), ...handCases()];
  const ids = new Set<string>();
  for (const c of all) {
    if (ids.has(c.id)) throw new Error(`duplicate hostile case id ${c.id}`);
    ids.add(c.id);
  }
  return all;
}
