// The build-time globals the packages declare for their own compilation (module-format.d.ts), for TypeDoc:
// typedoc.json resolves `@goe/*` imports to the other packages' sources, whose programs do not include those
// declaration files. Listed in typedoc.json (packageOptions.compilerOptions: typeRoots, types).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../../libs/core/src/module-format.d.ts" />
