/**
 * Backend partitioning and clustering controls (reference §5.4, §5.5), split by concern under `partitioning/`:
 * option parsing, key planning, synthetic columns, sort columns and messages. This module re-exports them.
 */
export * from './partitioning/messages.js';
export * from './partitioning/options.js';
export * from './partitioning/synthetic-columns.js';
export * from './partitioning/sort-columns.js';
export * from './partitioning/key-planning.js';
