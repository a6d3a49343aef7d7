/**
 * `--transform-column` moved to `types/column-transforms` (a backend capability applied by the final load); this
 * module re-exports it so `checkTransformColumns` and `TRANSFORM_FUNCTIONS` keep their old import path.
 */
export * from '../column-transforms.js';
