/**
 * `@goe/core`: the contracts every GOE adapter implements, the canonical type system, the predicate DSL,
 * configuration, errors, events and the adapter registry.
 *
 * @packageDocumentation
 */
export * from './errors.js';
export * from './events.js';
export * from './types/canonical.js';
export * from './types/column.js';
export * from './types/integral.js';
export * from './types/arrow.js';
export * from './types/data-type-controls.js';
export * from './model/table.js';
export * from './contracts/adapter.js';
export * from './contracts/context.js';
export * from './contracts/frontend.js';
export * from './contracts/backend.js';
export * from './contracts/transport.js';
export * from './contracts/remote.js';
export * from './contracts/storage.js';
export * from './contracts/repository.js';
export * from './contracts/lock.js';
export * from './contracts/defaults.js';
export * from './contracts/effective-capabilities.js';
export * from './predicate/ast.js';
export * from './predicate/lexer.js';
export * from './predicate/parser.js';
export * from './predicate/printer.js';
export * from './predicate/render.js';
export * from './plan/offload-plan.js';
export * from './plan/partition-controls.js';
export * from './plan/staging-compatibility.js';
export * from './plan/staging-encoding.js';
export * from './plan/format-plan.js';
export * from './plan/data-identification.js';
export * from './plan/partition-append.js';
export * from './plan/key-tuples.js';
export * from './plan/range-append.js';
export * from './plan/list-append.js';
export * from './config/schema.js';
export * from './config/common.js';
export * from './config/load.js';
export * from './config/mask.js';
export * from './registry.js';
export * from './logging.js';
export * from './runner/index.js';
