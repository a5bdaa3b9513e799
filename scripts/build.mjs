#!/usr/bin/env node
// Compiles the TypeScript sources to dist/ and runs the schema precompiler
// (ajv standalone code), so the CLI starts without compiling schemas.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
if (existsSync('scripts/compile-schemas.mjs')) run(process.execPath, ['scripts/compile-schemas.mjs']);
chmodSync('dist/cli/main.js', 0o755);
