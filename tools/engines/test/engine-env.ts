// Reads tools/engines/.run/engines.env (written by `tools/engines/engines start`) and decides, per engine,
// whether its suite runs, skips (`skipped: <engine> (<reason>)`) or - with CI=true and an engine that this
// machine kind supports - fails.
import { describe, test } from 'vitest';
import { parseEnvFile, ENV_FILE } from '../lib/common.mjs';
import { ENGINES } from '../lib/catalog.mjs';

export const env: Record<string, string> = { ...parseEnvFile(ENV_FILE) };
const CI = process.env.CI === 'true' || process.env.CI === '1';

/** Runs `body` as a describe block when every `required` variable is set; otherwise skip or (CI) fail. */
export function engineSuite(engine: string, required: string[], body: () => void): void {
  const missing = required.filter((k) => !env[k]);
  if (!missing.length) {
    describe(engine, body);
    return;
  }
  const key = engine.toUpperCase().replace(/-/g, '_');
  const spec = ENGINES.find((e) => e.name === engine);
  const reason =
    spec && spec.supported !== true
      ? `not supported on this machine kind: ${spec.supported}`
      : env[`GOE_ENGINE_${key}_ERROR`]
        ? `failed to start: ${env[`GOE_ENGINE_${key}_ERROR`]}`
        : `not started: no ${missing.join(', ')} in ${ENV_FILE}; run tools/engines/engines start ${engine}`;
  if (CI && spec?.supported === true) {
    describe(engine, () => {
      test(`${engine} must run in CI on this machine kind`, () => {
        throw new Error(`${engine}: ${reason}`);
      });
    });
    return;
  }
  console.log(`skipped: ${engine} (${reason})`);
  describe(engine, () => {
    test.skip(`skipped: ${engine} (${reason.slice(0, 300)})`, () => {});
  });
}

/** A unique, lower-case name so tests can run twice in a row against the same engine. */
export const uniqueName = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
