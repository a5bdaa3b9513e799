/**
 * Binds the engine to Node's resources (engine-resources.ts). Imported by
 * template/node/index.ts for its effect: every Node face (the CLI, the
 * language server, the runner) reads its files through that entry, so
 * importing it is what makes the engine usable there.
 */
import { bindEngineResources } from '../engine-resources.js';
import { nodeEngineResources } from './resources.js';

bindEngineResources(nodeEngineResources);
