/**
 * The browser binding of the template engine (the language server's Web
 * Worker): the engine's resources from the bundle, and file access over a
 * snapshot of the client's files. The counterpart of template/node/.
 */
export { browserEngineResources, type BundledAssets } from './resources.js';
export { FileSnapshot, type SnapshotEntry } from './file-snapshot.js';
export { browserEvaluationInputs, type BrowserInputsOptions } from './inputs.js';
