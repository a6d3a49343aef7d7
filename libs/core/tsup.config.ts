import { libraryConfig } from '../../tsup.base.ts';

// Core loads adapter packages only through a registry's catalog or GOE_PLUGINS; nothing @goe/ may be bundled into it.
export default libraryConfig({ external: [/^@goe\//] });
