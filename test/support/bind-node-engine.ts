/**
 * vitest set-up: binds the template engine to Node's resources (schemas,
 * validators, grammar, yaml) as the CLI and the server do by importing
 * template/node/, for the tests that call engine modules directly.
 */
import '../../template/node/bind.js';
