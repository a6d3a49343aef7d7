/**
 * An independent Avro reader for tests: fastavro (tools/avro-read/requirements.txt) in a venv of its own
 * (`tools/avro-read/.venv`, created on first use with the machine's `python3`, like tools/sql-check).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const VENV = join(HERE, '.venv');

/** One file as fastavro reads it: the writer schema, the codec and every record (values as exact text). */
export interface AvroFileRead {
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: unknown }[] };
  readonly codec: string;
  readonly records: readonly Readonly<Record<string, string | null>>[];
}

function ensureVenv(): string {
  const python = join(VENV, 'bin', 'python');
  if (existsSync(python)) return python;
  const building = `${VENV}.${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  execFileSync(process.env.GOE_AVRO_READ_PYTHON ?? 'python3', ['-m', 'venv', building], { stdio: 'pipe' });
  const pip = spawnSync(
    join(building, 'bin', 'python'),
    ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', join(HERE, 'requirements.txt')],
    { encoding: 'utf8' },
  );
  if (pip.status !== 0) throw new Error(`avro-read: pip install failed:\n${pip.stdout}\n${pip.stderr}`);
  try {
    renameSync(building, VENV);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another process finished first
  }
  return python;
}

/**
 * Reads Avro files with fastavro.
 *
 * @example
 * const [file] = readAvroFiles(['/tmp/s0-00001.avro']); file.records[0].ID // '0'
 */
export function readAvroFiles(paths: readonly string[]): AvroFileRead[] {
  const run = spawnSync(ensureVenv(), [join(HERE, 'read.py'), ...paths], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`avro-read failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as AvroFileRead[];
}
