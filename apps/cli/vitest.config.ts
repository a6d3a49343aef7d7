import { packageProject } from '../../vitest.shared.ts';

export default packageProject('cli', 120_000);
