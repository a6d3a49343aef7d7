/**
 * `goe init`: writes a commented `$OFFLOAD_HOME/conf/offload.env` for a frontend, a backend and a staging store,
 * from the templates shipped in this package (generated from the adapters' config schemas) — or, for an adapter a
 * `GOE_PLUGINS` package provides, from its schema. Never overwrites a file unless `--force` (which keeps the old
 * one as `offload.env.bak`); the file is created readable by its owner only, since it will hold passwords.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import {
  didYouMean,
  GoeError,
  offloadEnvPath,
  quoteInput,
  resolveOffloadHome,
  type AdapterKind,
  type Registry,
} from '@goe/core';
import { registerFirstParty } from '../adapters.js';
import {
  commentAssignments,
  dedupeSections,
  essentialFirst,
  groupOfPackage,
  renderInitFile,
  schemaSection,
  setVariable,
  shippedTemplates,
  unsetVariables,
  type EnvTemplate,
  type InitSection,
} from '../env-templates.js';
import { outputOptions, Reporter } from '../output.js';
import { cliVersion } from '../version.js';

/** The embedded stack's companions: always written, after the chosen adapters. */
const COMPANIONS = ['transport-native', 'repository-sqlite', 'lock-file'] as const;

/** What {@link initFile} needs. */
export interface InitChoice {
  readonly frontend: string;
  readonly backend: string;
  readonly staging: string;
}

/** One chosen adapter's section and the variables it leaves to fill in. */
interface Chosen {
  readonly section: InitSection;
  readonly unset: readonly string[];
}

async function chosen(
  registry: Registry,
  templates: ReadonlyMap<string, EnvTemplate>,
  kind: AdapterKind,
  name: string,
  option: string,
): Promise<Chosen> {
  const groups = new Set(templates.keys());
  const fromTemplate = (pkg: string | undefined): Chosen | undefined => {
    const group = pkg === undefined ? undefined : groupOfPackage(pkg, groups);
    const t = group === undefined ? undefined : templates.get(group);
    return t === undefined ? undefined : { section: { title: t.title, body: t.body }, unset: unsetVariables(t.body) };
  };
  if (registry.has(kind, name)) {
    const adapter = registry.get(kind, name);
    const shipped = fromTemplate(adapter.package);
    if (shipped !== undefined) return shipped;
    const section = schemaSection(adapter.configSchema);
    return { section, unset: unsetVariables(section.body) };
  }
  const entry = registry.catalogEntry(kind, name);
  if (entry !== undefined) {
    const shipped = fromTemplate(entry.package);
    if (shipped !== undefined) return shipped;
    throw new GoeError(
      'OPTION_INVALID',
      `${option} ${name}: ${entry.package} is not released yet, so this CLI has no template for it`,
      {
        hint: `Choose one of: ${registry
          .names(kind)
          .filter((n) => fromTemplate(registry.catalogEntry(kind, n)?.package) !== undefined || registry.has(kind, n))
          .join(', ')}`,
      },
    );
  }
  const suggestion = didYouMean(name, registry.knownNames(kind));
  throw new GoeError(
    'OPTION_INVALID',
    `${option} ${quoteInput(name)}: no ${kind} adapter has that name${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
    { hint: `Known ${kind} names: ${registry.names(kind).join(', ')}; a plugin's adapter needs GOE_PLUGINS` },
  );
}

/**
 * The file `goe init` writes for a choice, and the variables to fill in (the frontend's and backend's unset ones).
 *
 * @throws GoeError `OPTION_INVALID` naming the option of an unknown or unreleased adapter
 * @example
 * const { text } = await initFile(await registerFirstParty(), { frontend: 'oracle', backend: 'duckdb', staging: 'file' });
 */
export async function initFile(
  registry: Registry,
  choice: InitChoice,
  now: Date = new Date(),
): Promise<{ text: string; unset: readonly string[]; adapters: InitChoice }> {
  const templates = shippedTemplates();
  const frontend = await chosen(registry, templates, 'frontend', choice.frontend, '--frontend');
  const backend = await chosen(registry, templates, 'backend', choice.backend, '--backend');
  const staging = await chosen(registry, templates, 'storage', choice.staging, '--staging');
  const adapters = {
    frontend: choice.frontend.toUpperCase(),
    backend: choice.backend.toUpperCase(),
    staging: choice.staging.toLowerCase(),
  };
  const common = templates.get('common')!;
  let commonBody = setVariable(commentAssignments(common.body), 'FRONTEND_DISTRIBUTION', adapters.frontend);
  commonBody = setVariable(commonBody, 'QUERY_ENGINE', adapters.backend);
  commonBody = setVariable(commonBody, 'OFFLOAD_FS_SCHEME', adapters.staging);
  const companions = COMPANIONS.flatMap((g) => {
    const t = templates.get(g);
    return t === undefined ? [] : [{ title: t.title, body: t.body }];
  });
  const wanted = [{ title: common.title, body: commonBody }, frontend.section, backend.section, staging.section];
  for (const c of companions) if (!wanted.some((s) => s.title === c.title)) wanted.push(c);
  const sections = dedupeSections(wanted)
    .map((s, i) => (i === 0 ? s : { title: s.title, body: commentAssignments(s.body) }))
    .filter((s) => s.body.trim() !== '');
  const text = renderInitFile({
    ...adapters,
    sections,
    header: [
      `GOE offload.env for ${adapters.frontend} → ${adapters.backend} (staging ${adapters.staging}), written by`,
      `goe init (@goe/cli ${cliVersion()}) on ${now.toISOString().slice(0, 10)}.`,
      '',
      'Only the adapters are set; "# NAME=value" lines show defaults, "# NAME=" lines have none. Variables set in the process',
      'environment win over this file. Values may use ${VAR} references, quotes and "export KEY=value".',
      'Check it with: goe connect. Add variables that a newer GOE knows: goe connect --upgrade-environment-file.',
      'Passwords below are secrets: this file is created readable by its owner only; keep it so.',
    ],
  });
  return { text, unset: essentialFirst([...frontend.unset, ...backend.unset]), adapters };
}

/** Builds the `init` subcommand. */
export function initCommand(): Command {
  return new Command('init')
    .description('Write a commented $OFFLOAD_HOME/conf/offload.env for a frontend, a backend and a staging store')
    .option('--frontend <name>', 'source adapter (FRONTEND_DISTRIBUTION), e.g. postgres, oracle', 'postgres')
    .option('--backend <name>', 'warehouse adapter (QUERY_ENGINE), e.g. duckdb, bigquery', 'duckdb')
    .option('--staging <scheme>', 'staging store (OFFLOAD_FS_SCHEME), e.g. file, gs', 'file')
    .option('--force', 'replace an existing offload.env (the old one is kept as offload.env.bak)')
    .option('--print', 'print the file on stdout instead of writing it')
    .option('--json', 'print the result as one JSON document on stdout')
    .option('--quiet', 'only errors')
    .option('--no-ansi', 'no colours (also NO_COLOR)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  goe init                                  # the embedded stack: PostgreSQL/PGlite → DuckDB',
        '  goe init --frontend oracle --backend bigquery --staging gs',
        '  OFFLOAD_HOME=/srv/goe goe init --force    # replace /srv/goe/conf/offload.env',
        '  goe init --print > my.env                 # see the file without writing it',
      ].join('\n'),
    )
    .action(async (parsed: Record<string, unknown>) => {
      const o = outputOptions(parsed);
      const reporter = new Reporter(o);
      const home = resolveOffloadHome(process.env);
      const registry = await registerFirstParty();
      const { text, unset, adapters } = await initFile(registry, {
        frontend: String(parsed.frontend),
        backend: String(parsed.backend),
        staging: String(parsed.staging),
      });
      if (parsed.print === true) {
        process.stdout.write(text);
        return;
      }
      const path = offloadEnvPath(home.path);
      let backup: string | undefined;
      if (existsSync(path)) {
        if (parsed.force !== true) {
          throw new GoeError('CONFIG_INVALID', `${path} already exists: goe init does not overwrite it`, {
            hint: 'Edit it, run goe connect --upgrade-environment-file to add new variables, or pass --force to replace it (the old file is kept as offload.env.bak)',
          });
        }
        backup = `${path}.bak`;
        copyFileSync(path, backup);
      }
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, text, { mode: 0o600 });
      chmodSync(path, 0o600);
      if (o.json) {
        process.stdout.write(JSON.stringify({ status: 'ok', path, ...adapters, backup, unset }) + '\n');
        return;
      }
      if (home.isDefault) reporter.print(home.notice ?? `OFFLOAD_HOME is not set; using ${home.path}`);
      reporter.print(
        `Wrote ${path} for ${adapters.frontend} → ${adapters.backend} (staging ${adapters.staging})${backup ? `; the old file is ${backup}` : ''}`,
      );
      const shown = unset.slice(0, 4).join(', ') + (unset.length > 4 ? ', …' : '');
      reporter.print(
        unset.length > 0
          ? `Next: set ${shown} in it (or in the environment), then run: goe connect`
          : 'Next: goe connect',
      );
    });
}
