/**
 * The {@link OffloadPlan} as text for people (preview mode) and as stable JSON for files and the repository, with a
 * validating parser.
 */
import { GoeError, isGoeError } from '../errors.js';
import type { OffloadScope } from '../contracts/frontend.js';
import { assertPredicateAst, type PredicateAst } from '../predicate/ast.js';
import { printPredicate } from '../predicate/printer.js';
import { canonicalColumn, type CanonicalColumn, type ColumnPartitionInfo } from '../types/column.js';
import { describeCanonicalType, LOSSY_ALLOWANCE_OPTIONS } from '../types/data-type-controls.js';
import { describeColumnTransform } from '../types/column-transforms.js';
import type {
  BackendPartitionColumn,
  BackendPartitionSpec,
  LossyAllowances,
  OffloadPlan,
  OffloadVariant,
  StagingSpec,
} from './offload-plan.js';
import type { StagingEncoding } from './staging-encoding.js';

/**
 * The plan format version {@link parseOffloadPlan} reads.
 *
 * @example
 * parseOffloadPlan(text).planVersion === OFFLOAD_PLAN_VERSION // true
 */
export const OFFLOAD_PLAN_VERSION = 1;

// ---------------------------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------------------------

/**
 * One line describing what an offload reads: `full table`, `partitions P1, P2`, or `predicate <DSL>` (GOE's
 * `--offload-predicate` syntax, e.g. `column(REGION) IN (string("EU"), string("US"))`).
 *
 * @example
 * describeOffloadScope({ kind: 'partitions', partitions: ['P1', 'P2'] }) // 'partitions P1, P2'
 */
export function describeOffloadScope(scope: OffloadScope): string {
  switch (scope.kind) {
    case 'full':
      return 'full table';
    case 'partitions':
      return `partitions ${scope.partitions.join(', ')}`;
    case 'predicate':
      try {
        return `predicate ${printPredicate(scope.predicate)}`;
      } catch {
        return `predicate (invalid) ${JSON.stringify(scope.predicate)}`;
      }
  }
}

function bytesText(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1 && Number.isInteger(v / 1024)) {
    v /= 1024;
    u++;
  }
  return `${v} ${units[u]}`;
}

function columnAttributes(c: CanonicalColumn): string {
  const a: string[] = [c.nullable ? 'NULL' : 'NOT NULL'];
  if (c.charSemantics) a.push(c.charSemantics);
  if (!c.safeMapping) a.push('unsafe mapping');
  if (c.fromOverride) a.push('override');
  if (c.partitionInfo) a.push(`partition key ${c.partitionInfo.position + 1}`);
  if (c.dataDefault !== undefined) a.push(`default ${c.dataDefault}`);
  return a.join(', ');
}

function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    (indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).trimEnd(),
  );
}

function partitionText(p: BackendPartitionColumn): string {
  const parts = [p.synthetic ? 'synthetic' : 'native', `granularity ${p.granularity}`];
  if (p.digits !== undefined) parts.push(`digits ${p.digits}`);
  if (p.lowerValue !== undefined || p.upperValue !== undefined)
    parts.push(`range ${p.lowerValue ?? '?'}..${p.upperValue ?? '?'}`);
  if (p.function) parts.push(`function ${p.function}`);
  return `${p.sourceColumn} -> ${p.backendColumn} (${parts.join(', ')})`;
}

const VARIANT_NAMES: Readonly<Record<OffloadVariant['kind'], string>> = Object.freeze({
  full: 'full offload',
  range: 'RANGE partition append',
  list: 'LIST partition append',
  'list-as-range': 'LIST_AS_RANGE partition append',
  predicate: 'predicate-based offload',
});

/**
 * One line describing an offload variant: kind, OFFLOAD_TYPE, INCREMENTAL_PREDICATE_TYPE, key columns, high values.
 *
 * @example
 * describeOffloadVariant({ kind: 'range', offloadType: 'INCREMENTAL', predicateType: 'RANGE', keyColumns: ['YR', 'MO'], highValues: [['2024', '3']] })
 * // 'RANGE partition append (INCREMENTAL, RANGE) on YR, MO; high values (2024, 3)'
 */
export function describeOffloadVariant(v: OffloadVariant): string {
  const types = [
    v.offloadType,
    v.predicateType,
    v.predicateCase === undefined || v.predicateCase === 'predicate' ? undefined : v.predicateCase,
  ]
    .filter((x) => x !== undefined)
    .join(', ');
  const keys = v.keyColumns === undefined || v.keyColumns.length === 0 ? '' : ` on ${v.keyColumns.join(', ')}`;
  const hv =
    v.highValues === undefined || v.highValues.length === 0
      ? ''
      : `; high values ${v.highValues.map((t) => `(${t.join(', ')})`).join(', ')}`;
  const done =
    v.alreadyOffloaded === undefined || v.alreadyOffloaded.length === 0
      ? ''
      : `; already offloaded ${v.alreadyOffloaded.join(', ')}`;
  return `${VARIANT_NAMES[v.kind]} (${types})${keys}${hv}${done}`;
}

/**
 * A readable multi-line description of a plan: source, target, scope, a columns table (canonical type and
 * attributes), partitioning and sorting, transport, staging, allowances and notices. Ends with a newline.
 *
 * @example
 * process.stdout.write(formatOffloadPlan(plan));
 * // Offload plan (version 1)
 * // Source:       acme SH.SALES
 * // ...
 */
export function formatOffloadPlan(plan: OffloadPlan): string {
  const label = (l: string) => `${l}:`.padEnd(14);
  const lines: string[] = [`Offload plan (version ${plan.planVersion})`];
  lines.push(`${label('Source')}${plan.source.frontend} ${plan.source.owner}.${plan.source.table}`);
  const load = plan.target.loadDatabase ? ` (load database ${plan.target.loadDatabase})` : '';
  lines.push(`${label('Target')}${plan.target.backend} ${plan.target.database}.${plan.target.table}${load}`);
  lines.push(`${label('Scope')}${describeOffloadScope(plan.scope)}`);
  if (plan.variant !== undefined) lines.push(`${label('Variant')}${describeOffloadVariant(plan.variant)}`);
  lines.push(`Columns (${plan.columns.length}):`);
  if (plan.columns.length > 0) {
    const rows = [
      ['#', 'Name', 'Type', 'Attributes'],
      ...plan.columns.map((c, i) => [String(i + 1), c.name, describeCanonicalType(c), columnAttributes(c)]),
    ];
    lines.push(...table(rows, '  '));
  }
  // --transform-column (printed only when given): what the backend's final load does to each column
  for (const [i, t] of (plan.columnTransforms ?? []).entries()) {
    const what = t.fn === 'suppress' ? ' (left out of the backend table)' : t.fn === 'null' ? ' (loaded as NULL)' : '';
    lines.push(`${i === 0 ? label('Transforms') : ' '.repeat(14)}${describeColumnTransform(t)}${what}`);
  }
  const parts = plan.partitioning;
  if (!parts || parts.columns.length === 0) lines.push(`${label('Partitioning')}none`);
  else if (parts.columns.length === 1) lines.push(`${label('Partitioning')}${partitionText(parts.columns[0]!)}`);
  else {
    lines.push('Partitioning:');
    for (const p of parts.columns) lines.push(`  ${partitionText(p)}`);
  }
  lines.push(
    `${label('Sort columns')}${parts && parts.sortColumns.length > 0 ? parts.sortColumns.join(', ') : 'none'}`,
  );
  const t = plan.transport;
  lines.push(
    `${label('Transport')}${t.method}, parallelism ${t.parallelism}, batches of ${t.batchRows} rows${t.fetchRows === undefined ? '' : `, fetch size ${t.fetchRows}`}${t.snapshot === undefined ? '' : `, snapshot: ${t.snapshot}`}`,
  );
  const s = plan.staging;
  lines.push(
    `${label('Staging')}${s.format}/${s.compression} under ${s.prefix}, files up to ${bytesText(s.maxFileBytes)}, row groups of ${s.rowGroupRows} rows${encodingText(s.encoding)}`,
  );
  const allowed = (Object.keys(LOSSY_ALLOWANCE_OPTIONS) as (keyof LossyAllowances)[])
    .filter((k) => plan.allow[k])
    .map((k) => LOSSY_ALLOWANCE_OPTIONS[k]);
  lines.push(`${label('Allowances')}${allowed.length > 0 ? allowed.join(', ') : 'none (lossless)'}`);
  if (plan.notices.length === 0) lines.push(`${label('Notices')}none`);
  else {
    lines.push('Notices:');
    for (const n of plan.notices) lines.push(`  - ${n}`);
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------------------------

const BIGINT_KEY = '$bigint';

function stable(value: unknown): unknown {
  if (typeof value === 'bigint') return { [BIGINT_KEY]: value.toString() };
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : stable(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== 'function') out[key] = stable(v);
    }
    return out;
  }
  return value;
}

/**
 * Stable JSON of a plan: keys sorted at every level, two-space indentation, `undefined` members left out, a
 * trailing newline; equal plans give byte-identical text. A `bigint` (e.g. a partition range bound) is written as
 * `{"$bigint": "…"}` and read back by {@link parseOffloadPlan}.
 *
 * @example
 * writeFileSync('plan.json', serializeOffloadPlan(plan));
 */
export function serializeOffloadPlan(plan: OffloadPlan): string {
  return JSON.stringify(stable(plan), null, 2) + '\n';
}

class PlanReader {
  constructor(private readonly path: string) {}

  fail(message: string): never {
    throw new GoeError('OPTION_INVALID', `Invalid offload plan at ${this.path}: ${message}`, {
      hint: 'Re-create the plan with this version of GOE',
    });
  }

  at(key: string | number): PlanReader {
    return new PlanReader(typeof key === 'number' ? `${this.path}[${key}]` : `${this.path}.${key}`);
  }

  object(v: unknown): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail('expected an object');
    return v as Record<string, unknown>;
  }

  array(v: unknown): unknown[] {
    if (!Array.isArray(v)) this.fail('expected an array');
    return v as unknown[];
  }

  string(v: unknown, allowEmpty = false): string {
    if (typeof v !== 'string' || (!allowEmpty && v === ''))
      this.fail(allowEmpty ? 'expected a string' : 'expected a non-empty string');
    return v as string;
  }

  optString(v: unknown): string | undefined {
    return v === undefined ? undefined : this.string(v);
  }

  boolean(v: unknown): boolean {
    if (typeof v !== 'boolean') this.fail('expected true or false');
    return v as boolean;
  }

  int(v: unknown, min = 0): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(`expected an integer >= ${min}`);
    return v as number;
  }

  oneOf<T extends string>(v: unknown, values: readonly T[]): T {
    if (typeof v !== 'string' || !values.includes(v as T)) this.fail(`expected one of ${values.join(', ')}`);
    return v as T;
  }
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value !== null && typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (
      keys.length === 1 &&
      keys[0] === BIGINT_KEY &&
      typeof rec[BIGINT_KEY] === 'string' &&
      /^-?\d+$/.test(rec[BIGINT_KEY])
    ) {
      return BigInt(rec[BIGINT_KEY]);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = revive(rec[k]);
    return out;
  }
  return value;
}

function readPredicate(r: PlanReader, v: unknown): PredicateAst {
  r.object(v);
  try {
    assertPredicateAst(v as PredicateAst);
  } catch (e) {
    r.fail(e instanceof Error ? e.message : String(e));
  }
  return v as PredicateAst;
}

function readScope(r: PlanReader, v: unknown): OffloadScope {
  const o = r.object(v);
  switch (o.kind) {
    case 'full':
      return { kind: 'full' };
    case 'partitions':
      return {
        kind: 'partitions',
        partitions: r
          .at('partitions')
          .array(o.partitions)
          .map((x, i) => r.at('partitions').at(i).string(x)),
      };
    case 'predicate':
      return { kind: 'predicate', predicate: readPredicate(r.at('predicate'), o.predicate) };
    default:
      return r.at('kind').fail('expected full, partitions or predicate');
  }
}

function readPartitionInfo(r: PlanReader, v: unknown): ColumnPartitionInfo {
  const o = r.object(v);
  const bound = (k: 'rangeStart' | 'rangeEnd') => {
    const b = o[k];
    if (b === undefined || typeof b === 'bigint' || typeof b === 'string' || typeof b === 'number') return b;
    return r.at(k).fail('expected an integer, a string or a bigint');
  };
  const info: Record<string, unknown> = { position: r.at('position').int(o.position) };
  const set = (k: string, val: unknown) => {
    if (val !== undefined) info[k] = val;
  };
  set('sourceColumnName', r.at('sourceColumnName').optString(o.sourceColumnName));
  set('granularity', r.at('granularity').optString(o.granularity));
  set('digits', o.digits === undefined ? undefined : r.at('digits').int(o.digits, 1));
  set('rangeStart', bound('rangeStart'));
  set('rangeEnd', bound('rangeEnd'));
  set('function', r.at('function').optString(o.function));
  return info as unknown as ColumnPartitionInfo;
}

function readColumn(r: PlanReader, v: unknown): CanonicalColumn {
  const o = r.object(v);
  const optInt = (k: string, min = 0) => (o[k] === undefined ? undefined : r.at(k).int(o[k], min));
  try {
    return canonicalColumn({
      name: r.at('name').string(o.name),
      dataType: r.at('dataType').string(o.dataType),
      dataLength: optInt('dataLength'),
      charLength: optInt('charLength'),
      charSemantics: r.at('charSemantics').optString(o.charSemantics),
      precision: optInt('precision'),
      scale: o.scale === undefined ? undefined : r.at('scale').int(o.scale, Number.MIN_SAFE_INTEGER),
      nullable: r.at('nullable').boolean(o.nullable),
      dataDefault: r.at('dataDefault').optString(o.dataDefault),
      safeMapping: r.at('safeMapping').boolean(o.safeMapping),
      partitionInfo:
        o.partitionInfo === undefined ? undefined : readPartitionInfo(r.at('partitionInfo'), o.partitionInfo),
      fromOverride: o.fromOverride === undefined ? undefined : r.at('fromOverride').boolean(o.fromOverride),
    });
  } catch (e) {
    if (isGoeError(e) && e.message.startsWith('Invalid offload plan')) throw e;
    return r.fail(e instanceof Error ? e.message : String(e));
  }
}

function readPartitioning(r: PlanReader, v: unknown): BackendPartitionSpec {
  const o = r.object(v);
  const columns = r
    .at('columns')
    .array(o.columns)
    .map((x, i): BackendPartitionColumn => {
      const cr = r.at('columns').at(i);
      const c = cr.object(x);
      const out: Record<string, unknown> = {
        sourceColumn: cr.at('sourceColumn').string(c.sourceColumn),
        backendColumn: cr.at('backendColumn').string(c.backendColumn),
        synthetic: cr.at('synthetic').boolean(c.synthetic),
        granularity: cr.at('granularity').string(c.granularity),
      };
      if (c.digits !== undefined) out.digits = cr.at('digits').int(c.digits, 1);
      for (const k of ['lowerValue', 'upperValue', 'function'] as const) {
        const val = cr.at(k).optString(c[k]);
        if (val !== undefined) out[k] = val;
      }
      return out as unknown as BackendPartitionColumn;
    });
  const sortColumns = r
    .at('sortColumns')
    .array(o.sortColumns)
    .map((x, i) => r.at('sortColumns').at(i).string(x));
  return { columns, sortColumns };
}

function encodingText(e: StagingEncoding | undefined): string {
  const parts = [
    ...(e?.decimal === 'text' ? ['decimals as text'] : []),
    ...(e?.timelike === 'epoch-int64' ? ['times as epoch integers'] : []),
    ...(e?.binary === 'base64' ? ['binary as base64'] : []),
  ];
  return parts.length === 0 ? '' : `, ${parts.join(', ')}`;
}

function readStaging(r: PlanReader, v: unknown): StagingSpec {
  const o = r.object(v);
  return {
    format: r.at('format').oneOf(o.format, ['PARQUET', 'AVRO'] as const),
    compression: r.at('compression').oneOf(o.compression, ['ZSTD', 'SNAPPY', 'NONE'] as const),
    prefix: r.at('prefix').string(o.prefix, true),
    maxFileBytes: r.at('maxFileBytes').int(o.maxFileBytes, 1),
    rowGroupRows: r.at('rowGroupRows').int(o.rowGroupRows, 1),
    ...(o.encoding === undefined ? {} : { encoding: readEncoding(r.at('encoding'), o.encoding) }),
  };
}

function readEncoding(r: PlanReader, v: unknown): StagingEncoding {
  const o = r.object(v);
  const out: { decimal?: 'text'; timelike?: 'epoch-int64'; binary?: 'base64' } = {};
  if (o.decimal !== undefined) out.decimal = r.at('decimal').oneOf(o.decimal, ['text'] as const);
  if (o.timelike !== undefined) out.timelike = r.at('timelike').oneOf(o.timelike, ['epoch-int64'] as const);
  if (o.binary !== undefined) out.binary = r.at('binary').oneOf(o.binary, ['base64'] as const);
  return out;
}

const KNOWN_KEYS = new Set([
  'planVersion',
  'source',
  'target',
  'columns',
  'scope',
  'partitioning',
  'transport',
  'staging',
  'allow',
  'notices',
]);

/**
 * Parses and validates a plan written by {@link serializeOffloadPlan} (or any JSON of the same shape): the
 * `planVersion` must be {@link OFFLOAD_PLAN_VERSION}; every known member is type-checked; columns are rebuilt with
 * `canonicalColumn` (frozen, validated). Unknown top-level members are kept as parsed.
 *
 * @throws GoeError `OPTION_INVALID` "Invalid offload plan at $.path: …" for malformed JSON or a wrong shape, and
 *   "Unsupported offload plan version" for another `planVersion`.
 * @example
 * const plan = parseOffloadPlan(readFileSync('plan.json', 'utf8'));
 */
export function parseOffloadPlan(json: string): OffloadPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new GoeError(
      'OPTION_INVALID',
      `Invalid offload plan: not JSON (${e instanceof Error ? e.message : String(e)})`,
      { cause: e },
    );
  }
  const r = new PlanReader('$');
  const o = r.object(revive(raw));
  if (o.planVersion !== OFFLOAD_PLAN_VERSION) {
    throw new GoeError(
      'OPTION_INVALID',
      `Unsupported offload plan version: ${JSON.stringify(o.planVersion)} (expected ${OFFLOAD_PLAN_VERSION})`,
      {
        hint: 'Re-create the plan with this version of GOE',
      },
    );
  }
  const src = r.at('source').object(o.source);
  const tgt = r.at('target').object(o.target);
  const tr = r.at('transport').object(o.transport);
  const al = r.at('allow').object(o.allow);
  const loadDatabase = r.at('target').at('loadDatabase').optString(tgt.loadDatabase);
  const plan: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (!KNOWN_KEYS.has(k)) plan[k] = o[k];
  Object.assign(plan, {
    planVersion: OFFLOAD_PLAN_VERSION,
    source: {
      frontend: r.at('source').at('frontend').string(src.frontend),
      owner: r.at('source').at('owner').string(src.owner),
      table: r.at('source').at('table').string(src.table),
    },
    target: {
      backend: r.at('target').at('backend').string(tgt.backend),
      database: r.at('target').at('database').string(tgt.database),
      table: r.at('target').at('table').string(tgt.table),
      ...(loadDatabase !== undefined ? { loadDatabase } : {}),
    },
    columns: r
      .at('columns')
      .array(o.columns)
      .map((c, i) => readColumn(r.at('columns').at(i), c)),
    scope: readScope(r.at('scope'), o.scope),
    ...(o.partitioning !== undefined ? { partitioning: readPartitioning(r.at('partitioning'), o.partitioning) } : {}),
    transport: {
      method: r.at('transport').at('method').string(tr.method),
      parallelism: r.at('transport').at('parallelism').int(tr.parallelism, 1),
      batchRows: r.at('transport').at('batchRows').int(tr.batchRows, 1),
      ...(tr.fetchRows === undefined ? {} : { fetchRows: r.at('transport').at('fetchRows').int(tr.fetchRows, 1) }),
      ...(tr.snapshot === undefined ? {} : { snapshot: r.at('transport').at('snapshot').string(tr.snapshot) }),
    },
    staging: readStaging(r.at('staging'), o.staging),
    allow: {
      decimalScaleRounding: r.at('allow').at('decimalScaleRounding').boolean(al.decimalScaleRounding),
      floatingPointConversions: r.at('allow').at('floatingPointConversions').boolean(al.floatingPointConversions),
      nanosecondTimestamps: r.at('allow').at('nanosecondTimestamps').boolean(al.nanosecondTimestamps),
    },
    notices: r
      .at('notices')
      .array(o.notices)
      .map((n, i) => r.at('notices').at(i).string(n, true)),
  });
  return plan as unknown as OffloadPlan;
}
