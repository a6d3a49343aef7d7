/**
 * Hidden test hooks: GOE's `--error-before-step` / `--error-after-step`, and a pause hook that writes a marker
 * file and waits until a test deletes it (for lock and crash tests).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { ensureDirectory } from '../config/paths.js';
import { dirname } from 'node:path';
import { GoeError } from '../errors.js';
import type { StepDefinition } from './steps.js';

/**
 * The error of the `--error-before-step` / `--error-after-step` hooks (GOE: "Forcing exception … step: <title>").
 *
 * @example
 * forcedException('before', OFFLOAD_STEPS.CREATE_TABLE).message // 'Forcing exception before step: Create backend table'
 */
export function forcedException(when: 'before' | 'after', step: StepDefinition): GoeError {
  return new GoeError('INTERNAL', `Forcing exception ${when} step: ${step.title}`, {
    hint: 'Raised by a test hook option',
  });
}

/** What the pause marker file records (JSON). */
export interface PauseMarker {
  readonly pid: number;
  readonly executionId: string;
  readonly step: string;
  readonly when: 'before' | 'after';
}

/**
 * Writes `file` (JSON {@link PauseMarker}) and waits, polling every 25 ms, until it no longer exists or `signal`
 * aborts.
 *
 * @example
 * await pauseAt('/tmp/goe-pause', { pid: process.pid, executionId, step: 'STAGING_TRANSPORT', when: 'after' });
 */
export async function pauseAt(file: string, marker: PauseMarker, signal?: AbortSignal): Promise<void> {
  ensureDirectory(dirname(file), { variable: 'GOE_TEST_PAUSE_FILE', purpose: 'pause marker directory' });
  writeFileSync(file, JSON.stringify(marker));
  while (existsSync(file)) {
    if (signal?.aborted) throw new GoeError('ABORTED', 'Offload cancelled');
    await new Promise((r) => setTimeout(r, 25));
  }
}
