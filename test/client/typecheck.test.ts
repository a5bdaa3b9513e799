/**
 * The extension's sources type-check against VS Code's API (@types/vscode)
 * and vscode-languageclient: esbuild bundles without checking types, so
 * this is where a wrong API use is caught.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('client/ type-check', () => {
  it('tsc -p client/tsconfig.json reports no errors', () => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'client', 'tsconfig.json')],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
