/**
 * The engine's planning half, as `build` loads it lazily. A dynamic import
 * of template/index.ts itself would make the bundler keep every export of
 * the index for it and put the whole engine (HCL parser and function
 * library included) on the path every command loads; importing this module
 * instead keeps `validate` on a JSON template light (bench/lint).
 */
export { planBuilds, PlanError } from '../template/index.js';
