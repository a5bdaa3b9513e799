/**
 * A demanding author against a real server process (issue 12): texts that
 * made one completion quadratic, requests sent while a large analysis
 * runs, cancellation, and a client that goes away while the server is
 * busy. Time bounds here catch a hang on a loaded shared machine; they are
 * not speed targets (bench/lsp measures speed).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CompletionList, DocumentSymbol } from 'vscode-languageserver/node';
import { pathToUri } from '../../server/workspace/files.js';
import { largeTemplate } from './support/large-template.js';
import { LspProcess } from './support/lsp-process.js';
import { tempWorkspaces } from './support/temp-workspaces.js';

/** A bound that only a hang (or a quadratic cost) crosses. */
const HANG = 10_000;

let server: LspProcess | undefined;
const workspaces = tempWorkspaces('cf-hostile-');
afterEach(() => {
  server?.kill();
  server = undefined;
  workspaces.removeAll();
});

const workspace = workspaces.make;

/** A server with one document open; `published` is its first diagnostics (waited for from before the open). */
async function opened(text: string, name = 'main.pkr.hcl') {
  const dir = workspace();
  const uri = pathToUri(join(dir, name));
  server = new LspProcess();
  await server.initialize(dir);
  const published = server.diagnosticsFor(uri, () => true, 120_000);
  // Not every test waits for them: a late rejection is no unhandled one.
  published.catch(() => undefined);
  await server.open(uri, text);
  return { uri, dir, published };
}

describe('cursor analysis is linear (the inputs of issue 12, doubled so a quadratic cost shows on any machine)', () => {
  it("completes inside 40,000 nested blocks ('b {' per line), at line 20,000", { timeout: 60_000 }, async () => {
    const { uri } = await opened('b {\n'.repeat(40_000));
    const { result } = await server!.within<CompletionList>(HANG, 'textDocument/completion', {
      textDocument: { uri },
      position: { line: 20_000, character: 0 },
    });
    expect(result.isIncomplete).toBe(false);
  });

  it('completes before 80,000 open brackets and 16,000 attributes', { timeout: 60_000 }, async () => {
    const text = `source "chroot" "x" {\n  \n  a = ${'['.repeat(80_000)}\n${'x = 1\n'.repeat(16_000)}`;
    const { uri } = await opened(text);
    const { result } = await server!.within<CompletionList>(HANG, 'textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 2 },
    });
    // In a chroot source's body: its fields are offered.
    expect(result.items.map((i) => i.label)).toContain('source_image');
  });

  it('completes and explains signatures on a 46 KB line of {', { timeout: 60_000 }, async () => {
    const { uri } = await opened('{'.repeat(46_000));
    for (const character of [23_000, 46_000]) {
      await server!.within(HANG, 'textDocument/completion', {
        textDocument: { uri },
        position: { line: 0, character },
      });
      await server!.within(HANG, 'textDocument/signatureHelp', {
        textDocument: { uri },
        position: { line: 0, character },
      });
    }
  });

  it('stays responsive after a 174 KB paste with 73,000 open frames: requests, diagnostics, shutdown', {
    timeout: 120_000,
  }, async () => {
    const start = 'source "chroot" "a" {\n  source_image = "a.img"\n}\n';
    const { uri, published } = await opened(start);
    await published;
    const frames = '{[('.repeat(24_334);
    const paste = `${frames}\n${'  x = "y"\n'.repeat(10_000)}`;
    expect(paste.length).toBeGreaterThan(170_000);
    const at = { line: 1, character: 2 };
    const pasted = server!.diagnosticsFor(uri, (p) => p.version === 2, 60_000);
    await server!.change(uri, 2, [{ range: { start: at, end: at }, text: paste }]);
    const end = { line: 2, character: frames.length };
    for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/signatureHelp']) {
      await server!.within(HANG, method, { textDocument: { uri }, position: end });
    }
    await server!.within(HANG, 'textDocument/documentSymbol', { textDocument: { uri } });
    await server!.within(HANG, 'textDocument/foldingRange', { textDocument: { uri } });
    // Diagnostics of the pasted text are published (nothing froze).
    expect((await pasted).diagnostics.map((d) => d.message)).toContain(
      'max expression depth exceeded: expressions nest more than 256 levels deep here',
    );
    await server!.within(HANG, 'shutdown');
    await server!.connection.sendNotification('exit');
    expect((await server!.exitWithin(HANG)).code).toBe(0);
  });
});

describe('blank space after an unclosed heredoc or block (tree-sitter recovery was quadratic in it)', () => {
  for (const [name, text] of [
    ['heredoc and blank lines', `locals {\n  a = <<EOF\n${'\n'.repeat(100_000)}`],
    ['heredoc and spaces', `locals {\n  a = <<EOF\n${' '.repeat(100_000)}`],
    ['block and blank lines', `b {\n  a = ${' \n'.repeat(50_000)}`],
  ]) {
    it(`publishes diagnostics and answers requests: ${name}`, { timeout: 60_000 }, async () => {
      const { uri, published } = await opened(text!);
      await server!.within(HANG, 'textDocument/documentSymbol', { textDocument: { uri } });
      expect((await published).diagnostics.some((d) => d.code === 'hcl-syntax')).toBe(true);
    });
  }
});

describe('requests come first', () => {
  it('answers documentSymbol and completion on a 1 MB template before the analysis of its edit ends', {
    timeout: 180_000,
  }, async () => {
    const text = largeTemplate(1_000_000);
    const { uri, published: first } = await opened(text);
    await first;
    const answered: string[] = [];
    const published = server!
      .diagnosticsFor(uri, (p) => p.version === 2, 120_000)
      .then(() => {
        answered.push('diagnostics');
      });
    const top = { line: 0, character: 0 };
    await server!.change(uri, 2, [{ range: { start: top, end: top }, text: '# edited\n' }]);
    // Past the debounce: the analysis of the edit has started.
    await new Promise((r) => setTimeout(r, 300));
    const symbols = server!
      .within<DocumentSymbol[]>(HANG, 'textDocument/documentSymbol', { textDocument: { uri } })
      .then((r) => {
        answered.push('documentSymbol');
        return r.result;
      });
    const completion = server!
      .within<CompletionList>(HANG, 'textDocument/completion', {
        textDocument: { uri },
        position: { line: 2, character: 2 },
      })
      .then((r) => {
        answered.push('completion');
        return r.result;
      });
    expect((await symbols).length).toBeGreaterThan(100);
    expect((await completion).items.length).toBeGreaterThan(0);
    await published;
    expect(answered).toEqual(['documentSymbol', 'completion', 'diagnostics']);
  });
});

describe('cancellation', () => {
  it('answers RequestCancelled to a request cancelled while it parses, and serves the next ones', {
    timeout: 180_000,
  }, async () => {
    const text = largeTemplate(1_000_000);
    const { uri, published } = await opened(text);
    await published;
    const top = { line: 0, character: 0 };
    await server!.change(uri, 2, [{ range: { start: top, end: top }, text: '# edited\n' }]);
    // The new text is not parsed yet: the request's first step is its parse; the cancel comes meanwhile.
    const source = new CancellationTokenSource();
    const request = server!.connection.sendRequest(
      'textDocument/documentSymbol',
      { textDocument: { uri } },
      source.token,
    );
    source.cancel();
    const error = await request.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError<unknown>).code).toBe(-32800);
    const { result } = await server!.within<DocumentSymbol[]>(HANG, 'textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(result.length).toBeGreaterThan(100);
  });

  it('answers RequestCancelled to requests cancelled while still queued', { timeout: 60_000 }, async () => {
    const { uri } = await opened('source "chroot" "a" {\n  source_image = "a.img"\n}\n');
    const sources = Array.from({ length: 10 }, () => new CancellationTokenSource());
    // Hovers and completions (issue 12: cancelled completions were all computed).
    const methods = ['textDocument/hover', 'textDocument/completion'];
    const requests = sources.map((s, i) =>
      server!.connection
        .sendRequest(methods[i % 2]!, { textDocument: { uri }, position: { line: 1, character: 4 } }, s.token)
        .then(
          () => 'answered',
          (err: ResponseError<unknown>) => err.code,
        ),
    );
    for (const s of sources) s.cancel();
    const outcomes = await Promise.all(requests);
    // Each one either ran before its cancel was read or was cancelled; at least the queued ones are.
    expect(outcomes.filter((o) => o === -32800).length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o === 'answered' || o === -32800)).toBe(true);
  });
});

describe('the client goes away while the server is busy', () => {
  /** A directory whose analysis takes many steps: 30 files of 120 KB each. */
  function busyDirectory(): { dir: string; uri: string } {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++)
      files[`part${i}.pkr.hcl`] = largeTemplate(120_000, `p${i}x`).replace(/build \{[^}]*\}\n/, '');
    files['main.pkr.hcl'] = 'source "chroot" "main" {\n  source_image = "a.img"\n}\n';
    const dir = workspace(files);
    return { dir, uri: pathToUri(join(dir, 'main.pkr.hcl')) };
  }

  it('exits at once when its input ends in the middle of a long analysis', { timeout: 120_000 }, async () => {
    const { dir, uri } = busyDirectory();
    server = new LspProcess();
    await server.initialize(dir);
    await server.open(uri, 'source "chroot" "main" {\n  source_image = "a.img"\n}\n');
    // The analysis of 3.6 MB in 30 files has started.
    await new Promise((r) => setTimeout(r, 500));
    const start = performance.now();
    server.child.stdin.end();
    const { code } = await server.exitWithin(5_000);
    expect(code).toBe(1);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it('exits when the client process is gone, in the middle of a long analysis', { timeout: 120_000 }, async () => {
    const { dir, uri } = busyDirectory();
    // A client that goes away in a second, without closing the server's input.
    // Its exit is awaited from the start: under load, initialize alone can outlast it.
    const client = spawn('sleep', ['2']);
    const clientGone = new Promise((r) => client.on('exit', r));
    server = new LspProcess();
    await server.initialize(dir, { processId: client.pid });
    await server.open(uri, 'source "chroot" "main" {\n  source_image = "a.img"\n}\n');
    await clientGone;
    // The watchdog polls every 3 s; a step of the analysis is short.
    const { code } = await server.exitWithin(8_000);
    expect(code).toBe(1);
  });

  it('answers shutdown in the middle of a long analysis and exits 0 on exit', { timeout: 120_000 }, async () => {
    const { dir, uri } = busyDirectory();
    server = new LspProcess();
    await server.initialize(dir);
    await server.open(uri, 'source "chroot" "main" {\n  source_image = "a.img"\n}\n');
    await new Promise((r) => setTimeout(r, 500));
    await server.within(5_000, 'shutdown');
    await server.connection.sendNotification('exit');
    expect((await server.exitWithin(5_000)).code).toBe(0);
  });
});
