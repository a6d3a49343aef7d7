/**
 * The `offload.env` templates the CLI ships (`dist/templates/conf/offload.env.template.<group>`, copied from the
 * repository's `templates/conf` at build; generated from the adapters' config schemas) and the file `goe init`
 * writes from them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GoeError, renderEnvTemplate, type ConfigSchema } from '@goe/core';

/** The prefix of every template file name. @example TEMPLATE_PREFIX // 'offload.env.template.' */
export const TEMPLATE_PREFIX = 'offload.env.template.';

/**
 * The directory of the shipped templates: `templates/conf` beside the bundled binary (`dist/`), else — running from
 * the sources in this repository — the repository's `templates/conf`.
 *
 * @example
 * templatesDir() // '/usr/lib/node_modules/@goe/cli/dist/templates/conf'
 */
export function templatesDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  const candidates = [join(from, 'templates', 'conf'), join(from, '..', '..', '..', 'templates', 'conf')];
  const found = candidates.find((d) => existsSync(join(d, `${TEMPLATE_PREFIX}common`)));
  if (found === undefined) {
    throw new GoeError('INTERNAL', `The offload.env templates are missing (looked in ${candidates.join(', ')})`, {
      hint: 'Reinstall @goe/cli',
    });
  }
  return found;
}

/** One shipped template: its group and text without its own four-line header. */
export interface EnvTemplate {
  readonly group: string;
  /** The schema's title, from the header (`Oracle frontend`). */
  readonly title: string;
  /** The variables' text. */
  readonly body: string;
}

/**
 * Every shipped template by group.
 *
 * @example
 * shippedTemplates().get('oracle')?.title // 'Oracle frontend'
 */
export function shippedTemplates(dir: string = templatesDir()): ReadonlyMap<string, EnvTemplate> {
  const out = new Map<string, EnvTemplate>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.startsWith(TEMPLATE_PREFIX)) continue;
    out.set(file.slice(TEMPLATE_PREFIX.length), parseTemplate(readFileSync(join(dir, file), 'utf8')));
  }
  return out;
}

/** A template's group, title and body (the header comment block removed). */
export function parseTemplate(text: string): EnvTemplate {
  const first = /^# GOE offload\.env template: (.*) \(group "([^"]+)"\)\.$/m.exec(text);
  if (first === null) throw new GoeError('INTERNAL', 'An offload.env template has no header line');
  const lines = text.split('\n');
  let start = 0;
  while (start < lines.length && lines[start]!.startsWith('#')) start++;
  return { group: first[2]!, title: first[1]!, body: lines.slice(start).join('\n').trim() + '\n' };
}

/**
 * The template group of a package: `@goe/backend-bigquery` → `backend-bigquery`, else its name without the kind
 * (`@goe/backend-duckdb` → `duckdb`, `@goe/frontend-oracle` → `oracle`), whichever is shipped.
 *
 * @example
 * groupOfPackage('@goe/backend-duckdb', new Set(['duckdb'])) // 'duckdb'
 */
export function groupOfPackage(pkg: string, groups: ReadonlySet<string>): string | undefined {
  const local = pkg.replace(/^@[^/]+\//, '');
  if (groups.has(local)) return local;
  const bare = local.replace(/^[a-z]+-/, '');
  return groups.has(bare) ? bare : undefined;
}

/** A section of the file `goe init` writes: a template's body, or a schema rendered for an installed plugin. */
export interface InitSection {
  readonly title: string;
  readonly body: string;
}

/** A plugin adapter's schema as an {@link InitSection} (the same renderer as the shipped templates). */
export function schemaSection(schema: ConfigSchema): InitSection {
  return { title: schema.title, body: renderEnvTemplate(schema, { header: [] }).trim() + '\n' };
}

/** What `goe init` writes: which adapters, and the sections in order (common first). */
export interface InitFile {
  readonly frontend: string;
  readonly backend: string;
  readonly staging: string;
  readonly sections: readonly InitSection[];
  /** Header lines (`goe init` version, date). */
  readonly header: readonly string[];
}

/**
 * Comments out every assignment of a template body (`NAME=default` → `# NAME=default`): the file `goe init` writes
 * sets only what was chosen, so a default stays a default (a later GOE may change it) and a default path that does
 * not exist yet is not turned into a setting that must.
 *
 * @example
 * commentAssignments('# x\nA=1\n') // '# x\n# A=1\n'
 */
export function commentAssignments(body: string): string {
  return body.replace(/^([A-Z][A-Z0-9_]*=)/gm, '# $1');
}

/** Sets `NAME=value` in a template body, uncommenting it (`# NAME=` or `NAME=default`). */
export function setVariable(body: string, name: string, value: string): string {
  const line = new RegExp(`^(?:# )?${name}=.*$`, 'm');
  if (!line.test(body)) return body;
  return body.replace(line, `${name}=${value}`);
}

/**
 * The text of `offload.env`: a header, then each section under a banner.
 *
 * @example
 * renderInitFile({ frontend: 'ORACLE', backend: 'DUCKDB', staging: 'file', sections, header: [] })
 */
export function renderInitFile(file: InitFile): string {
  const banner = (title: string) => `# ${'='.repeat(76)}\n# ${title}\n# ${'='.repeat(76)}`;
  const head = file.header.map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');
  return `${head}\n\n${file.sections.map((s) => `${banner(s.title)}\n\n${s.body}`).join('\n')}`;
}

/**
 * The variables a section leaves without a value (`# NAME=`: no default), in order — what the user fills in.
 *
 * @example
 * unsetVariables('# ORA_CONN=\nORA_CONNECT_TIMEOUT=30\n') // ['ORA_CONN']
 */
export function unsetVariables(body: string): string[] {
  return [...body.matchAll(/^# ([A-Z][A-Z0-9_]*)=$/gm)].map((m) => m[1]!);
}

/** The variable a paragraph of a template assigns (`NAME=…` or `# NAME=`), if any. */
function assigned(paragraph: string): string | undefined {
  return /^(?:# )?([A-Z][A-Z0-9_]*)=/m.exec(paragraph.split('\n').at(-1) ?? '')?.[1];
}

/**
 * Removes from later sections the variables an earlier section already has (the common settings name
 * `OFFLOAD_REPOSITORY_URL`, and so does the SQLite repository's template), so each variable is in the file once.
 *
 * @example
 * dedupeSections([{ title: 'a', body: 'X=1\n' }, { title: 'b', body: 'X=1\n\nY=2\n' }])[1]!.body // 'Y=2\n'
 */
export function dedupeSections(sections: readonly InitSection[]): InitSection[] {
  const seen = new Set<string>();
  return sections.map((section) => {
    const kept = section.body
      .trim()
      .split(/\n\n+/)
      .filter((paragraph) => {
        const name = assigned(paragraph);
        if (name === undefined) return true;
        if (seen.has(name)) return false;
        seen.add(name);
        return true;
      });
    return { title: section.title, body: kept.join('\n\n') + '\n' };
  });
}

/** Variables a user fills in first: connections, logins, projects, buckets. */
const ESSENTIAL = /(_CONN|_DSN|_HOST|_USER|_PASS|_PASSWORD|_PROJECT|_ACCOUNT|_DATASET)$/;

/**
 * The unset variables worth naming first: the essential ones (connections, logins, projects) when there are any,
 * else all of them.
 *
 * @example
 * essentialFirst(['POSTGRES_CONN', 'POSTGRES_SSLMODE']) // ['POSTGRES_CONN']
 */
export function essentialFirst(names: readonly string[]): string[] {
  const essential = names.filter((n) => ESSENTIAL.test(n));
  return essential.length > 0 ? essential : [...names];
}
