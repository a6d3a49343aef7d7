/** backendSuite's no-N+1 case on partitions (40 integer-range partitions against 2), on an emulator of its own. */
import { statementsOnFreshEmulator } from './support/fresh-emulator.js';

await statementsOnFreshEmulator(['statements.partitions'], 'conformance-statements.test.ts');
