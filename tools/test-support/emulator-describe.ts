/**
 * `describe` for tests that need an emulator: runs when it is there; otherwise skipped with the reason in its title
 * (printed by the reporter), or — with `CI=true` — one failing test saying why.
 *
 * @example
 * emulatorDescribe('GCS store on fake-gcs-server', inject('gcsEndpoint'), inject('gcsMissing'), () => { … });
 */
import { describe, it } from 'vitest';

export function emulatorDescribe(title: string, endpoint: string, missing: string, body: () => void): void {
  if (endpoint !== '') describe(title, body);
  else if (process.env.CI === 'true') {
    describe(title, () =>
      it('the emulator must run in CI', () => {
        throw new Error(missing);
      }),
    );
  } else describe.skip(`${title} (skipped: ${missing})`, body);
}
