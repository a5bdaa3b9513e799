/**
 * The node-mode command line the extension builds starts a real language
 * server (dist/cli/main.js) that answers initialize and shuts down cleanly.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { InitializeResult } from 'vscode-languageserver/node';
import { serverCommand } from '../../client/src/server-command.js';
import { resolveCliPath } from '../../client/src/resolve-cli.js';
import { StdioLspClient } from '../container/support/lsp-client.js';
import { skipNote } from '../support/requirements.js';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const built = existsSync(cli) ? undefined : 'needs npm run build (dist/cli/main.js)';

describe.skipIf(built)(`node mode${skipNote(built)}`, () => {
  const ws = mkdtempSync(join(tmpdir(), 'cf-node-mode-'));
  let client: StdioLspClient | undefined;
  afterAll(() => {
    client?.kill();
    rmSync(ws, { recursive: true, force: true });
  });

  it('serverCommand(node) runs the server: initialize answers with capabilities; shutdown + exit ends it with 0', async () => {
    const line = serverCommand(
      {
        mode: 'node',
        nodePath: process.execPath,
        cliPath: resolveCliPath(cli, [ws])!,
        image: '',
        extraArgs: [],
        dockerPath: 'docker',
      },
      [ws],
    );
    client = new StdioLspClient(line.command, line.args);
    const init = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ws).href,
      capabilities: {},
    });
    expect(init.capabilities.textDocumentSync).toEqual({ openClose: true, change: 2, save: false });
    expect(init.capabilities.completionProvider).toEqual({
      // ` too: {{user `…`}} in a legacy JSON string offers the variables once the backquote is typed.
      triggerCharacters: ['.', '"', '{', '/', ' ', '=', '`'],
      resolveProvider: false,
    });
    await client.notify('initialized', {});
    expect(await client.request('shutdown', null)).toBeNull();
    await client.notify('exit', null);
    expect(await client.exited).toEqual({ code: 0, signal: null });
  });
});
