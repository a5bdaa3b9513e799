/**
 * A real editor: headless Neovim 0.7.2 attaches the server to a broken
 * template and reads its diagnostics and a completion list.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { missing, skipNote } from '../support/requirements.js';
import { CLI } from './support/lsp-process.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/server/nvim');
const reason = missing.tool('nvim');

describe(`Neovim as the LSP client${skipNote(reason)}`, () => {
  it.skipIf(reason !== undefined)('shows diagnostics and completion of a broken template', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cf-nvim-')), 'result.json');
    const env = {
      ...process.env,
      CF_SERVER_CMD: JSON.stringify([process.execPath, CLI, 'lsp', '--stdio']),
      CF_FILE: join(FIXTURES, 'broken.pkr.hcl'),
      CF_OUT: out,
    };
    await promisify(execFile)(
      'nvim',
      ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(FIXTURES, 'client.lua')}`],
      { env, timeout: 60_000 },
    );
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      diagnostics: Array<{ lnum: number; col: number; message: string; code?: string }>;
      completion: string[];
      errors: string[];
    };
    expect(result.errors).toEqual([]);
    const unknown = result.diagnostics.find((d) => d.message.includes('mount_pathh'));
    expect(unknown).toMatchObject({ lnum: 2, col: 2 });
    expect(result.diagnostics.some((d) => d.message.includes('command_wrapper'))).toBe(true);
    expect(result.completion).toContain('mount_path');
    expect(result.completion).not.toContain('source_image');
  });
});
