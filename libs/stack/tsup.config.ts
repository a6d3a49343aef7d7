import { libraryConfig } from '../../tsup.base.ts';

// The catalog's packages are dependencies, loaded on demand: never bundled into the stack.
export default libraryConfig({ external: [/^@goe\//] });
