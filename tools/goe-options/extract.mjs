#!/usr/bin/env node
/**
 * Extracts GOE's `offload` option list from the behaviour reference (`goe-orchestration-and-cli.md` §1.1, the common
 * options, and §1.2, the offload options: every table, plus the hidden options named in the "Execute / verbosity /
 * developer" paragraph) by parsing its Markdown — never by retyping it, so the CLI's option table can be checked
 * against GOE's.
 *
 * Usage: `node tools/goe-options/extract.mjs [reference.md]` prints the options as a JSON array;
 * `--write` saves them to `tools/goe-options/goe-offload-options.json` (the committed extraction, used where the
 * reference is not mounted), `--check` fails when that file differs from the reference. The reference is
 * `$GOE_SHARED/reference/goe-orchestration-and-cli.md`, else `../shared/reference/…` relative to the repository root.
 */
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The path of the reference document: `$GOE_SHARED/reference/goe-orchestration-and-cli.md`, else the repository's
 * sibling `../shared/reference/goe-orchestration-and-cli.md`.
 *
 * @param {NodeJS.ProcessEnv} [env] default `process.env`
 * @returns {string}
 * @example
 * referencePath({ GOE_SHARED: '/srv/shared' }) // '/srv/shared/reference/goe-orchestration-and-cli.md'
 */
export function referencePath(env = process.env) {
  const shared = env.GOE_SHARED?.trim() ? env.GOE_SHARED.trim() : join(REPO_ROOT, '..', 'shared');
  return join(shared, 'reference', 'goe-orchestration-and-cli.md');
}

/**
 * @typedef {object} GoeOption
 * @property {string} flag the option's primary name: its long flag (`--table`), else its short one (`-v`)
 * @property {string | undefined} long the long flag, e.g. `--table`
 * @property {string | undefined} short the one-letter alias, e.g. `-t`
 * @property {'1.1' | '1.2'} section the reference section
 * @property {string} heading the heading the option is listed under, as written
 * @property {string} group GOE's group: the heading without its parenthetical remark
 * @property {boolean} hidden GOE hides it from `--help` (the reference marks it "(hidden)")
 * @property {string | undefined} default the "Default" cell, when the table has one and it is not empty
 * @property {string} meaning the "Meaning" cell (or the paragraph's remark)
 */

/** Splits a Markdown table row into trimmed cells (pipes inside backticks are kept). */
function cells(line) {
  const out = [];
  let cur = '';
  let tick = false;
  for (const ch of line.trim().replace(/^\|/, '').replace(/\|$/, '')) {
    if (ch === '`') tick = !tick;
    if (ch === '|' && !tick) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** The flags written in backticks in a cell: `--long-name` and `-x`. */
function flagsIn(text) {
  return [...text.matchAll(/`(--?[a-z][a-z0-9-]*)`/g)].map((m) => m[1]);
}

/** Options of one "Option" cell: one per long flag; a lone short flag pairs with the only long flag. */
function optionsOfCell(cell) {
  const flags = flagsIn(cell);
  const longs = flags.filter((f) => f.startsWith('--'));
  const shorts = flags.filter((f) => !f.startsWith('--'));
  if (longs.length === 0) return shorts.map((s) => ({ flag: s, long: undefined, short: s }));
  if (shorts.length > 1 || (shorts.length === 1 && longs.length > 1)) {
    throw new Error(`cannot pair short flags ${shorts.join(', ')} with ${longs.join(', ')} in "${cell}"`);
  }
  return longs.map((l) => ({ flag: l, long: l, short: shorts[0] }));
}

const cleanCell = (s) => (s === undefined || s === '' || s === '—' ? undefined : s);

/**
 * Parses GOE's option list out of the reference text (§1.1 and §1.2).
 *
 * @param {string} markdown the reference document
 * @returns {GoeOption[]} in document order, each flag once (§1.1's entry wins over a later mention)
 * @throws {Error} when a section or table is missing (the reference changed shape)
 * @example
 * parseGoeOptions(readFileSync(referencePath(), 'utf8')).find((o) => o.flag === '--table')?.short // '-t'
 */
export function parseGoeOptions(markdown) {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^###\s+1\.1\s/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^###\s+1\.3\s/.test(l));
  if (start < 0 || end < 0) throw new Error('reference: sections 1.1 to 1.3 not found');
  /** @type {GoeOption[]} */
  const out = [];
  const seen = new Set();
  let section = '1.1';
  let heading = '';
  let header = /** @type {string[] | undefined} */ (undefined);
  const add = (o) => {
    if (seen.has(o.flag)) return;
    for (const f of [o.long, o.short]) if (f !== undefined) seen.add(f);
    out.push(o);
  };
  for (let i = start; i < end; i++) {
    const line = lines[i];
    const h = /^(#{3,4})\s+(.*)$/.exec(line);
    if (h) {
      const m = /^(1\.[12])\s+(.*)$/.exec(h[2]);
      if (m) {
        section = m[1];
        heading = m[2].replace(/\s*\(`[^)]*\)\s*$/, '').trim();
      } else heading = h[2].trim();
      header = undefined;
      continue;
    }
    if (line.startsWith('|')) {
      const row = cells(line);
      if (header === undefined) {
        header = row.map((c) => c.toLowerCase());
        continue;
      }
      if (row.every((c) => /^:?-+:?$/.test(c))) continue;
      const at = (name) => header.findIndex((c) => c.startsWith(name));
      const def = at('default');
      const meaning = at('meaning');
      for (const o of optionsOfCell(row[0])) {
        add({
          ...o,
          section,
          heading,
          group: heading.replace(/\s*\(.*\)\s*$/, '').trim(),
          hidden: /\(hidden\)/.test(row[0]),
          default: def < 0 ? undefined : cleanCell(row[def]),
          meaning: meaning < 0 ? '' : row[meaning],
        });
      }
      continue;
    }
    header = undefined;
    if (section === '1.2' && /^execute\b/i.test(heading) && line.trim() !== '') {
      // the paragraph: "`-x`, … (§1.1); hidden `--dev-log` (…), `--dev-log-level` (default `WARN`)."
      let text = line;
      while (i + 1 < end && lines[i + 1].trim() !== '') text += ' ' + lines[++i].trim();
      const hiddenAt = text.search(/\bhidden\b/);
      for (const m of text.matchAll(/`(--?[a-z][a-z0-9-]*)`(\s*\(((?:[^()]|\([^()]*\))*)\))?/g)) {
        const flag = m[1];
        const remark = m[3]?.trim() ?? '';
        const dflt = /^default\s+`([^`]+)`/.exec(remark);
        add({
          flag,
          long: flag.startsWith('--') ? flag : undefined,
          short: flag.startsWith('--') ? undefined : flag,
          section,
          heading,
          group: heading.replace(/\s*\(.*\)\s*$/, '').trim(),
          hidden: hiddenAt >= 0 && m.index > hiddenAt,
          default: dflt ? dflt[1] : undefined,
          meaning: dflt ? '' : remark,
        });
      }
    }
  }
  return out;
}

/**
 * GOE's `offload` options, read from the reference (see {@link referencePath}).
 *
 * @param {string} [path] default {@link referencePath}()
 * @returns {GoeOption[]}
 * @example
 * extractGoeOptions().length // 97
 */
export function extractGoeOptions(path = referencePath()) {
  return parseGoeOptions(readFileSync(path, 'utf8'));
}

/**
 * The committed extraction: `tools/goe-options/goe-offload-options.json`, written by `extract.mjs --write` from the
 * reference and checked against it by `--check` (and by the CLI's option test) wherever the reference is mounted.
 *
 * @example
 * JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8')).length // 97
 */
export const SNAPSHOT_PATH = join(REPO_ROOT, 'tools', 'goe-options', 'goe-offload-options.json');

/**
 * GOE's `offload` options from the reference when it is mounted, else from the committed extraction, saying which.
 *
 * @param {NodeJS.ProcessEnv} [env] default `process.env` (for `GOE_SHARED`)
 * @returns {{ options: GoeOption[], source: 'reference' | 'snapshot', path: string }}
 * @example
 * loadGoeOptions().options.length // 97
 */
export function loadGoeOptions(env = process.env) {
  const path = referencePath(env);
  if (existsSync(path)) return { options: extractGoeOptions(path), source: 'reference', path };
  return { options: JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8')), source: 'snapshot', path: SNAPSHOT_PATH };
}

/** The extraction as the committed file holds it (undefined fields dropped, two-space JSON, final newline). */
export const snapshotText = (options) => JSON.stringify(options, null, 2) + '\n';

const invokedDirectly = (() => {
  try {
    return (
      process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const path = args.find((a) => !a.startsWith('--'));
  const text = snapshotText(extractGoeOptions(path));
  if (args.includes('--write')) writeFileSync(SNAPSHOT_PATH, text);
  else if (args.includes('--check')) {
    if (!existsSync(SNAPSHOT_PATH) || readFileSync(SNAPSHOT_PATH, 'utf8') !== text) {
      process.stderr.write(
        `${SNAPSHOT_PATH} differs from the reference: run node tools/goe-options/extract.mjs --write\n`,
      );
      process.exit(1);
    }
  } else process.stdout.write(text);
}
