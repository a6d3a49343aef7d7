import { libraryConfig } from '../../../tsup.base.ts';

// apache-arrow comes with @goe/core (one copy for both: Arrow checks classes by identity); never bundle it.
export default libraryConfig({ external: ['apache-arrow'] });
