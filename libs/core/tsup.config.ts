import { libraryConfig } from '../../tsup.base.ts';

// Sibling adapter packages are loaded lazily by the registry; they must never be bundled into core.
export default libraryConfig({ external: [/^@goe\//] });
