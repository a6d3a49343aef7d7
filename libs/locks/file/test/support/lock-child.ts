/**
 * Child process of the lock tests. argv: dir key mode holdMs [startAt].
 * mode `hold`: acquire, print `acquired`, keep the lock until killed.
 * mode `try`: wait until `startAt` (epoch ms; `late ` is printed first when already past), try once, print `acquired` or `held <message>`, hold `holdMs`, release.
 */
import { hostname } from 'node:os';
import { openFileLock } from '../../src/index.js';

const [dir, key, mode, holdMs, startAt] = process.argv.slice(2);
const locks = await openFileLock({ dir: dir! });
if (startAt !== undefined && Date.now() > Number(startAt)) process.stdout.write('late ');
if (startAt !== undefined) await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
try {
  const handle = await locks.acquire(key!, { pid: process.pid, host: hostname(), executionId: `child-${process.pid}` });
  process.stdout.write('acquired\n');
  if (mode === 'hold') {
    setInterval(() => undefined, 1 << 30);
  } else {
    await new Promise((r) => setTimeout(r, Number(holdMs)));
    await handle.release();
  }
} catch (e) {
  process.stdout.write(`held ${(e as Error).message}\n`);
}
