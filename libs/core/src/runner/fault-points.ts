/**
 * Deterministic fault points for fault tests: `GOE_TEST_KILL_AT` names one point of a run where the process kills
 * itself (SIGKILL, nothing runs after it) or sends itself SIGINT/SIGTERM (the interruption path). Every step of the
 * runner has two points, `before:<STEP>` (before its start is recorded) and `after:<STEP>` (after its end is
 * recorded); adapters report their own through `AdapterContext.faultPoint` (e.g. `transport:batch` with the rows
 * written so far, `load:staged`, `load:before-commit`). `GOE_TEST_FAULT_TRACE=<file>` appends every point a run
 * passes to a file, so a harness can kill at each of them.
 *
 * Grammar: `<point>[#<n>][@<SIGNAL>]` where `<point>` is `before:<STEP>`, `after:<STEP>` (a step code, id or
 * title), an adapter point such as `load:before-commit`, or `<phase>:rows>=<N>` (the first point of `<phase>`
 * reporting at least N rows); `#n` fires at the n-th time the point is passed (default 1); `<SIGNAL>` is `SIGKILL`
 * (default), `SIGINT` or `SIGTERM`.
 */
import { appendFileSync } from 'node:fs';
import { GoeError } from '../errors.js';
import { findStep, OFFLOAD_STEP_LIST } from './steps.js';

/** The variable that arms a fault point. */
export const FAULT_VARIABLE = 'GOE_TEST_KILL_AT';
/** The variable naming the trace file of the points passed. */
export const FAULT_TRACE_VARIABLE = 'GOE_TEST_FAULT_TRACE';

/** A parsed `GOE_TEST_KILL_AT`. */
export interface FaultSpec {
  /** The point name (`before:CREATE_TABLE`, `load:before-commit`), or the phase of a `rows>=` point. */
  readonly point: string;
  /** For `<phase>:rows>=N`: the row count that fires it. */
  readonly rowsAtLeast?: number;
  /** Fires the n-th time the point is passed. */
  readonly occurrence: number;
  readonly signal: 'SIGKILL' | 'SIGINT' | 'SIGTERM';
}

/**
 * Parses a fault point specification.
 *
 * @throws GoeError `CONFIG_INVALID` naming `GOE_TEST_KILL_AT`
 * @example
 * parseFaultSpec('after:final_load') // { point: 'after:FINAL_LOAD', occurrence: 1, signal: 'SIGKILL' }
 * parseFaultSpec('transport:rows>=5000@SIGINT') // { point: 'transport', rowsAtLeast: 5000, occurrence: 1, signal: 'SIGINT' }
 */
export function parseFaultSpec(text: string): FaultSpec {
  const m = /^\s*([a-z_]+):([^#@\s]+)(?:#(\d+))?(?:@(SIGKILL|SIGINT|SIGTERM))?\s*$/i.exec(text);
  const invalid = (why: string) =>
    new GoeError('CONFIG_INVALID', `${FAULT_VARIABLE}=${JSON.stringify(text)}: ${why}`, {
      variable: FAULT_VARIABLE,
      hint: 'Form: before:<STEP>|after:<STEP>|<phase>:<point>|<phase>:rows>=<N>, then optional #<n> and @SIGINT|@SIGTERM',
    });
  if (m === null) throw invalid('not a fault point');
  const [, phase, name, nth, signal] = m as unknown as [string, string, string, string?, string?];
  const occurrence = nth === undefined ? 1 : Number(nth);
  if (occurrence < 1) throw invalid('#n counts from 1');
  const base = { occurrence, signal: (signal?.toUpperCase() ?? 'SIGKILL') as FaultSpec['signal'] };
  const lower = phase.toLowerCase();
  if (lower === 'before' || lower === 'after') {
    try {
      return { point: `${lower}:${findStep(name, FAULT_VARIABLE).code}`, ...base };
    } catch {
      throw invalid(`unknown step ${name}`);
    }
  }
  const rows = /^rows>=(\d+)$/.exec(name);
  if (rows !== null) return { point: lower, rowsAtLeast: Number(rows[1]), ...base };
  return { point: `${lower}:${name}`, ...base };
}

/**
 * The fault points adapters report through `AdapterContext.faultPoint` (besides the steps' `before:<STEP>` and
 * `after:<STEP>`): a batch written by the transport, the staged files loaded, the final load about to commit.
 *
 * @example
 * ADAPTER_FAULT_POINTS.includes('load:before-commit') // true
 */
export const ADAPTER_FAULT_POINTS: readonly string[] = Object.freeze([
  'transport:batch',
  'load:staged',
  'load:before-commit',
]);

/**
 * Every token `--error-on-token` accepts: `before:<STEP>` and `after:<STEP>` for each step code, then
 * {@link ADAPTER_FAULT_POINTS}.
 *
 * @example
 * ERROR_TOKEN_POINTS.includes('after:CREATE_TABLE') // true
 */
export const ERROR_TOKEN_POINTS: readonly string[] = Object.freeze([
  ...OFFLOAD_STEP_LIST.flatMap((s) => [`before:${s.code}`, `after:${s.code}`]),
  ...ADAPTER_FAULT_POINTS,
]);

/**
 * Normalizes an `--error-on-token` token: `before:`/`after:` with a step code, id or title, or an adapter point.
 *
 * @throws GoeError `OPTION_INVALID` naming `--error-on-token` and listing the tokens
 * @example
 * parseErrorToken('after:create_table') // 'after:CREATE_TABLE'
 * parseErrorToken('load:before-commit') // 'load:before-commit'
 */
export function parseErrorToken(text: string): string {
  const t = text.trim();
  const m = /^(before|after):(.+)$/i.exec(t);
  if (m !== null) {
    try {
      return `${m[1]!.toLowerCase()}:${findStep(m[2]!.trim(), '--error-on-token').code}`;
    } catch {
      // reported below with the list of tokens
    }
  }
  const point = ADAPTER_FAULT_POINTS.find((p) => p === t.toLowerCase());
  if (point !== undefined) return point;
  throw new GoeError(
    'OPTION_INVALID',
    `Unknown --error-on-token token ${JSON.stringify(text)}; tokens: ${ERROR_TOKEN_POINTS.join(', ')}`,
    {
      variable: '--error-on-token',
    },
  );
}

/**
 * The error `--error-on-token` raises at its point (GOE's exception trigger, worded as its other "Forcing
 * exception" hooks).
 *
 * @example
 * errorTokenException('after:CREATE_TABLE').message // 'Forcing exception on token: after:CREATE_TABLE'
 */
export function errorTokenException(token: string): GoeError {
  return new GoeError('INTERNAL', `Forcing exception on token: ${token}`, { hint: 'Raised by --error-on-token' });
}

/** What the runner calls at each point. */
export interface FaultPoints {
  /** Passes a point: fires the armed fault when it matches; appends to the trace file when one is set. */
  hit(name: string, detail?: { readonly rows?: number }): void;
  /** Whether a fault or a trace is configured (otherwise `hit` does nothing). */
  readonly armed: boolean;
}

/** No fault points (the default outside fault tests). */
export const NO_FAULT_POINTS: FaultPoints = Object.freeze({ hit: () => undefined, armed: false });

/**
 * Fault points from the environment (`GOE_TEST_KILL_AT`, `GOE_TEST_FAULT_TRACE`) and the `--error-on-token` token
 * (which throws {@link errorTokenException} at its point); {@link NO_FAULT_POINTS} when none is set. `fire` is how a matching point ends the run (default: the signal sent to this process; SIGKILL
 * never returns).
 *
 * @throws GoeError `CONFIG_INVALID` for a malformed `GOE_TEST_KILL_AT`
 * @example
 * const faults = faultPointsFrom({ GOE_TEST_KILL_AT: 'after:CREATE_TABLE' });
 * faults.hit('after:CREATE_TABLE'); // the process is killed here
 */
export function faultPointsFrom(
  env: Readonly<Record<string, string | undefined>>,
  fire: (signal: FaultSpec['signal']) => void = (signal) => void process.kill(process.pid, signal),
  errorOnToken?: string,
): FaultPoints {
  const text = env[FAULT_VARIABLE];
  const trace = env[FAULT_TRACE_VARIABLE];
  const spec = text === undefined || text.trim() === '' ? undefined : parseFaultSpec(text);
  const token = errorOnToken === undefined ? undefined : parseErrorToken(errorOnToken);
  if (spec === undefined && token === undefined && (trace === undefined || trace === '')) return NO_FAULT_POINTS;
  const seen = new Map<string, number>();
  let fired = false;
  return {
    armed: true,
    hit(name, detail) {
      if (trace !== undefined && trace !== '')
        appendFileSync(trace, `${name}${detail?.rows === undefined ? '' : ` rows=${detail.rows}`}\n`);
      if (token !== undefined && name.toLowerCase() === token.toLowerCase()) throw errorTokenException(token);
      if (spec === undefined || fired) return;
      const matches =
        spec.rowsAtLeast === undefined
          ? name.toLowerCase() === spec.point.toLowerCase()
          : name.toLowerCase().startsWith(`${spec.point}:`) && (detail?.rows ?? -1) >= spec.rowsAtLeast;
      if (!matches) return;
      const n = (seen.get(spec.point) ?? 0) + 1;
      seen.set(spec.point, n);
      if (n < spec.occurrence) return;
      fired = true;
      fire(spec.signal);
    },
  };
}
