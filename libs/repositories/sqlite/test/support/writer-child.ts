/**
 * Child process of the concurrency test: opens the repository given as argv[2] and writes argv[4] commands,
 * each with steps, a chunk and a metadata save, tagged with argv[3]. Prints `done <n>` on success.
 */
import { openSqliteRepository } from '../../src/index.js';

const [path, tag, countText] = process.argv.slice(2);
const count = Number(countText);
const repo = await openSqliteRepository({ path: path!, busyTimeoutMs: 30_000 });
for (let i = 0; i < count; i++) {
  const id = `${tag}-${i}`;
  const at = new Date().toISOString();
  await repo.startCommand({
    id,
    command: 'OFFLOAD',
    commandLine: `offload -t ${tag}.T${i}`,
    owner: tag!,
    table: `T${i}`,
    startedAt: at,
  });
  await repo.startStep({
    executionId: id,
    stepId: 'STAGING_TRANSPORT',
    title: 'Transport data to staging',
    startedAt: at,
  });
  await repo.startChunk({ executionId: id, chunkNumber: 1, scope: 'full', startedAt: at });
  await repo.endChunk(id, 1, 'SUCCESS', i);
  await repo.endStep(id, 'STAGING_TRANSPORT', 'SUCCESS', { rows: i });
  await repo.saveMetadata({
    owner: tag!,
    table: 'SHARED',
    backendDatabase: tag!.toLowerCase(),
    backendTable: 'shared',
    offloadType: 'FULL',
    executionId: id,
    updatedAt: at,
  });
  await repo.endCommand(id, 'SUCCESS');
}
await repo.close();
process.stdout.write(`done ${count}\n`);
