/**
 * The language server as a library (`chrootforge/server`): start it on a
 * transport, or use its feature functions directly.
 */
export { LanguageServer, type ServerHost } from './server.js';
export { startServer, nodeServerHost, type ServerOptions } from './node/start-server.js';
export type { TransportOptions } from './transport.js';
export { readSettings, DEFAULT_SETTINGS, type Settings, type RuleSetting } from './settings.js';
export { upgradeToHcl2 } from './features/hcl2-upgrade.js';
