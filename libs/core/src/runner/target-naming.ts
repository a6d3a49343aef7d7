/**
 * GOE's backend naming (orchestration reference §2.3): database = source owner (with `DB_NAME_PREFIX`), table =
 * source table, or `--target-name`, or the names recorded in metadata; case per `BACKEND_IDENTIFIER_CASE`.
 */
import { GoeError } from '../errors.js';
import type { BackendCapabilities } from '../contracts/backend.js';

/** `BACKEND_IDENTIFIER_CASE` values. */
export type IdentifierCase = 'UPPER' | 'LOWER' | 'NO_MODIFY';

/** Inputs of {@link planTargetNames}. */
export interface TargetNamingInput {
  /** Source owner and table as the frontend reports them. */
  readonly owner: string;
  readonly table: string;
  /** `--target-name`, when given. */
  readonly targetName?: { readonly database: string; readonly table: string };
  /** Names recorded by an earlier offload; they win over everything else. */
  readonly metadata?: { readonly backendDatabase: string; readonly backendTable: string };
  /** `DB_NAME_PREFIX`; empty or unset: none. */
  readonly dbNamePrefix?: string;
  /** `BACKEND_IDENTIFIER_CASE`; unset: the backend's `identifierCase` capability. */
  readonly identifierCase?: IdentifierCase;
  readonly capabilities: Pick<BackendCapabilities, 'identifierCase' | 'maxIdentifierLength' | 'loadDatabase'>;
}

/** Backend names an offload uses. */
export interface TargetNames {
  readonly database: string;
  readonly table: string;
  /** `<db>_load`, only when the backend stages through a load database. */
  readonly loadDatabase?: string;
  /** Log lines for the user ("Re-using backend table name from metadata", "Using adjusted backend table name …"). */
  readonly log: readonly string[];
}

/**
 * Decides the backend database and table names.
 *
 * @throws GoeError `OPTION_INVALID` when a name is longer than the backend allows
 * @example
 * planTargetNames({ owner: 'SH', table: 'SALES', capabilities: { identifierCase: 'lower', maxIdentifierLength: 63, loadDatabase: false } })
 * // { database: 'sh', table: 'sales', log: ['Using adjusted backend table name: sh.sales'] }
 * planTargetNames({ owner: 'SH', table: 'SALES', dbNamePrefix: 'DEV', identifierCase: 'NO_MODIFY', capabilities })
 * // database 'dev_SH'
 */
export function planTargetNames(input: TargetNamingInput): TargetNames {
  if (input.metadata !== undefined) {
    const { backendDatabase: database, backendTable: table } = input.metadata;
    const loadDatabase = input.capabilities.loadDatabase ? applyCase(`${database}_load`, caseOf(input)) : undefined;
    return withLoad(
      { database, table, log: [`Re-using backend table name from metadata: ${database}.${table}`] },
      loadDatabase,
    );
  }
  const owner = input.targetName?.database ?? input.owner;
  const table = input.targetName?.table ?? input.table;
  const prefix = (input.dbNamePrefix ?? '').trim();
  const rawDb = prefix === '' ? owner : `${prefix.toLowerCase()}_${owner}`;
  const c = caseOf(input);
  const database = applyCase(rawDb, c);
  const finalTable = applyCase(table, c);
  const log =
    database !== rawDb || finalTable !== table ? [`Using adjusted backend table name: ${database}.${finalTable}`] : [];
  const loadDatabase = input.capabilities.loadDatabase ? applyCase(`${rawDb}_load`, c) : undefined;
  for (const name of [database, finalTable, loadDatabase]) {
    if (name !== undefined && name.length > input.capabilities.maxIdentifierLength) {
      throw new GoeError(
        'OPTION_INVALID',
        `Backend identifier ${name} is longer than the backend allows (${input.capabilities.maxIdentifierLength} characters)`,
        { variable: '--target-name', hint: 'Choose shorter backend names with --target-name DB.TABLE' },
      );
    }
  }
  return withLoad({ database, table: finalTable, log }, loadDatabase);
}

function withLoad(names: TargetNames, loadDatabase: string | undefined): TargetNames {
  return loadDatabase === undefined ? names : { ...names, loadDatabase };
}

function caseOf(input: TargetNamingInput): IdentifierCase {
  if (input.identifierCase !== undefined) return input.identifierCase;
  switch (input.capabilities.identifierCase) {
    case 'upper':
      return 'UPPER';
    case 'lower':
      return 'LOWER';
    case 'preserve':
      return 'NO_MODIFY';
  }
}

function applyCase(name: string, c: IdentifierCase): string {
  return c === 'UPPER' ? name.toUpperCase() : c === 'LOWER' ? name.toLowerCase() : name;
}
