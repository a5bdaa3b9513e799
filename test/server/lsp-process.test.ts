/**
 * The real server process over stdio, driven as an editor drives it:
 * initialize, open, diagnostics, every request, shutdown and exit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CodeAction,
  CompletionList,
  DocumentSymbol,
  Location,
  MarkupContent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { afterEach, describe, expect, it } from 'vitest';
import { pathToUri } from '../../server/workspace/files.js';
import { LspProcess } from './support/lsp-process.js';
import { applyEdits } from './support/cursor.js';

const MAIN = `variable "image" {
  default = "base.img"
}

source "chroot" "base" {
  source_image = var.image
  mount_pathh = "/mnt/x"
  command_wrapper = "sudo"
}

build {
  sources = ["source.chroot.base"]
}
`;

let server: LspProcess | undefined;

afterEach(() => {
  server?.kill();
  server = undefined;
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cf-lsp-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('language server process over stdio', () => {
  it('answers the whole protocol and exits 0 after shutdown + exit', async () => {
    const dir = workspace({ 'main.pkr.hcl': MAIN });
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    const init = await server.initialize(dir);
    expect(init.capabilities.completionProvider).toEqual({
      // ` too: {{user `…`}} in a legacy JSON string offers the variables once the backquote is typed.
      triggerCharacters: ['.', '"', '{', '/', ' ', '=', '`'],
      resolveProvider: false,
    });
    expect(init.capabilities.textDocumentSync).toEqual({ openClose: true, change: 2, save: false });

    const waiting = server.diagnosticsFor(uri);
    await server.open(uri, MAIN);
    const published = await waiting;
    const codes = published.diagnostics.map((d) => d.code);
    expect(codes).toContain('command-wrapper-without-command');
    const unknown = published.diagnostics.find((d) => String(d.message).includes('mount_pathh'))!;
    expect(unknown).toMatchObject({
      range: { start: { line: 6, character: 2 }, end: { line: 6, character: 13 } },
      severity: 1,
      code: 'unknown-field',
      message: 'Unknown field "mount_pathh" in source "chroot". Did you mean "mount_path"?',
    });

    const completion = await server.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 6, character: 4 },
    });
    expect(completion.items.map((i) => i.label)).toContain('mount_partition');

    const hover = await server.request<{ contents: MarkupContent }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 7, character: 4 },
    });
    expect(hover.contents.value).toContain('command_wrapper');

    const definition = await server.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: { line: 5, character: 22 },
    });
    expect(definition).toEqual([
      { uri, range: { start: { line: 0, character: 10 }, end: { line: 0, character: 15 } } },
    ]);

    const refs = await server.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: { line: 0, character: 12 },
      context: { includeDeclaration: false },
    });
    expect(refs).toHaveLength(1);

    const rename = await server.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: { line: 4, character: 18 },
      newName: 'pi',
    });
    const renamed = applyEdits(MAIN, rename.changes![uri]!);
    expect(renamed).toContain('source "chroot" "pi"');
    expect(renamed).toContain('"source.chroot.pi"');

    const formatting = await server.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(applyEdits(MAIN, formatting)).toContain(
      '  source_image    = var.image\n  mount_pathh     = "/mnt/x"\n  command_wrapper = "sudo"\n',
    );

    const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: unknown.range,
      context: { diagnostics: published.diagnostics },
    });
    const titles = actions.map((a) => a.title);
    expect(titles).toContain('Change to "mount_path"');
    expect(titles).toContain('Add {{.Command}} to command_wrapper');
    const fix = actions.find((a) => a.title === 'Change to "mount_path"');
    expect(applyEdits(MAIN, fix!.edit!.changes![uri]!)).toContain('  mount_path = "/mnt/x"');

    expect(await server.stop()).toBe(0);
  });

  it('re-validates an open file when its unopened sibling changes on disk', async () => {
    const dir = workspace({
      'main.pkr.hcl': 'source "chroot" "base" {\n  source_image = var.image\n}\n',
      'variables.pkr.hcl': '',
    });
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir);
    const first = server.diagnosticsFor(uri);
    await server.open(uri, 'source "chroot" "base" {\n  source_image = var.image\n}\n');
    expect((await first).diagnostics.some((d) => String(d.message).includes('image'))).toBe(true);
    writeFileSync(join(dir, 'variables.pkr.hcl'), 'variable "image" {\n  default = "a.img"\n}\n');
    const second = server.diagnosticsFor(
      uri,
      (p) => !p.diagnostics.some((d) => String(d.message).includes('var.image')),
    );
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToUri(join(dir, 'variables.pkr.hcl')), type: 2 }],
    });
    await second;
    expect(await server.stop()).toBe(0);
  });

  it('debounces edits, applies incremental changes and clears diagnostics on close', async () => {
    const dir = workspace({});
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir);
    const opened = server.diagnosticsFor(uri);
    await server.open(uri, 'source "chroot" "base" {\n  source_image = "a.img"\n}\n');
    expect((await opened).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    const before = server.published.length;
    const broken = server.diagnosticsFor(uri, (p) => p.version === 6);
    for (let v = 2; v <= 6; v++) {
      // Five quick edits inserting "x" after "source_image": one validation at the end.
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [
          { range: { start: { line: 1, character: 14 + v - 2 }, end: { line: 1, character: 14 + v - 2 } }, text: 'x' },
        ],
      });
    }
    const last = await broken;
    expect(server.published.length - before).toBe(1);
    expect(last.diagnostics.some((d) => String(d.message).includes('source_imagexxxxx'))).toBe(true);
    const cleared = server.diagnosticsFor(uri);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    expect((await cleared).diagnostics).toEqual([]);
    expect(await server.stop()).toBe(0);
  });

  it('applies rule settings from initializationOptions (severity override, off)', async () => {
    const dir = workspace({});
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir, {
      initializationOptions: { chrootforge: { rules: { 'command-wrapper-without-command': 'error' } } },
    });
    server.settings = { rules: { 'command-wrapper-without-command': 'error' } };
    const first = server.diagnosticsFor(uri);
    await server.open(uri, MAIN);
    const wrapper = (await first).diagnostics.find((d) => d.code === 'command-wrapper-without-command')!;
    expect(wrapper.severity).toBe(1);
    server.settings = { validate: false };
    const none = server.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await none;
    expect(await server.stop()).toBe(0);
  });

  it('answers a failing request with an error and goes on', async () => {
    const dir = workspace({ 'main.pkr.hcl': MAIN });
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir);
    await server.open(uri, MAIN);
    await expect(
      server.request('textDocument/rename', {
        textDocument: { uri },
        position: { line: 0, character: 12 },
        newName: 'not valid',
      }),
    ).rejects.toThrow(/not a valid name/);
    const hover = await server.request<{ contents: MarkupContent }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 7, character: 4 },
    });
    expect(hover.contents.value).toContain('command_wrapper');
    expect(await server.stop()).toBe(0);
  });

  it('answers hover, symbols, definition and rename at positions of the text as just edited', async () => {
    const dir = workspace({});
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir);
    const opened = server.diagnosticsFor(uri);
    await server.open(uri, MAIN);
    await opened;
    // Two new lines on top: everything moves down by two, before any re-analysis.
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a\n# b\n' },
      ],
    });
    const hover = await server.request<{ contents: MarkupContent }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 9, character: 4 },
    });
    expect(hover.contents.value).toContain('command_wrapper');
    const varHover = await server.request<{ contents: MarkupContent }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 7, character: 22 },
    });
    expect(varHover.contents.value).toContain('"base.img"');
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols[0]!.range.start.line).toBe(2);
    const definition = await server.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: { line: 7, character: 22 },
    });
    expect(definition).toEqual([
      { uri, range: { start: { line: 2, character: 10 }, end: { line: 2, character: 15 } } },
    ]);
    const rename = await server.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: { line: 6, character: 18 },
      newName: 'pi',
    });
    const renamed = applyEdits(`# a\n# b\n${MAIN}`, rename.changes![uri]!);
    expect(renamed).toContain('source "chroot" "pi"');
    expect(renamed).toContain('"source.chroot.pi"');
    expect(await server.stop()).toBe(0);
  });

  it('exits when stdin closes, without shutdown (code 1)', async () => {
    server = new LspProcess();
    await server.initialize(workspace({}));
    server.child.stdin.end();
    const { code } = await server.exited;
    // stderr in the comparison: a failure shows why the process ended.
    expect({ code, stderr: server.stderr.join('') }).toEqual({ code: 1, stderr: '' });
  });

  it('stays alive when the client pid is not visible (another pid namespace)', async () => {
    server = new LspProcess();
    // A pid that does not exist here, as the client's pid seen from inside a container.
    await server.initialize(workspace({}), { processId: 2 ** 22 + 12345 });
    await new Promise((r) => setTimeout(r, 3500));
    expect(server.child.exitCode).toBeNull();
    // Still answering: a method the server does not offer gets JSON-RPC's "method not found".
    await expect(server.request('workspace/symbol', { query: '' })).rejects.toMatchObject({
      code: -32601,
      message: 'Unhandled method workspace/symbol',
    });
    expect(await server.stop()).toBe(0);
  });

  it('rejects a command line without a transport', async () => {
    const proc = new LspProcess(['lsp']);
    const { code } = await proc.exited;
    expect(code).toBe(2);
    expect(proc.stderr.join('')).toContain('--stdio');
    proc.kill();
  });
});
