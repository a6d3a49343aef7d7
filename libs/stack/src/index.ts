/**
 * `@goe/stack`: GOE's first-party adapter catalog and the embedded stack in one install. `offload()` and
 * `OrchestrationRunner` here are core's, with the registry defaulting to {@link createStackRegistry}.
 */
export {
  EMBEDDED_STACK_DEFAULTS,
  FIRST_PARTY_CATALOG,
  FIRST_PARTY_TRANSPORT_RULES,
  STACK_COMMON_CONFIG,
} from './catalog.js';
export { createStackRegistry, offload, OrchestrationRunner } from './stack.js';
/** Core's event bus and error type, re-exported so that a program needs only `@goe/stack`. */
export { createEventBus, GoeError, isGoeError, type GoeEvent, type OffloadResult } from '@goe/core';
export {
  ENGINE_OPTION_PROVIDERS,
  engineOptionPackages,
  engineOptionRefusal,
  type EngineOptionProvider,
} from './engine-options.js';
