/**
 * The protocol's guards in the browser host (issue 12): the extension's
 * server worker, in Chromium, keeps the lifecycle, answers malformed params
 * InvalidParams, refuses a malformed change without breaking the document,
 * answers a cancelled request RequestCancelled, and serves nothing after
 * `shutdown` — as the Node host does (test/server/protocol-edges.test.ts,
 * test/server/hostile-input.test.ts). Both hosts wrap their connection in
 * the same server/protocol/guards.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipNote } from '../support/requirements.js';
import { browserTestsMissing } from './support/page.js';
import type { ProtocolEdges } from './support/worker-harness.js';
import { openWorkerSite, type WorkerSite } from './support/worker-site.js';

const missing = browserTestsMissing();

describe.skipIf(missing)(`the server worker's protocol edges in Chromium${skipNote(missing)}`, () => {
  let site: WorkerSite | undefined;
  let edges: ProtocolEdges;
  beforeAll(async () => {
    site = await openWorkerSite();
    edges = await site.page.evaluate(
      (root) => (window as never as { runProtocolEdges(root: string): Promise<ProtocolEdges> }).runProtocolEdges(root),
      'vscode-vfs://github/owner/images',
    );
  }, 180_000);
  afterAll(async () => {
    await site?.close();
  });

  it('refuses requests before initialize and a second initialize', () => {
    expect(edges.beforeInitialize).toEqual({ code: -32002, message: expect.stringMatching(/not initialized/) });
    expect(edges.secondInitialize).toEqual({ code: -32600, message: expect.stringMatching(/already initialized/) });
  });

  it('answers malformed params InvalidParams with a plain sentence', () => {
    for (const [name, answer] of Object.entries(edges.malformed)) {
      expect({ name, code: 'code' in answer ? answer.code : 'answered' }).toEqual({ name, code: -32602 });
      expect('message' in answer && answer.message).toMatch(/must be|parameters by name/);
      expect('message' in answer && answer.message).not.toMatch(/Cannot read|undefined|null \(reading/);
    }
  });

  it('refuses a change with a null range, clamps one past the end, and the document stays whole', () => {
    expect(edges.symbolsAfterChanges).toEqual({ result: ['source "chroot" "a"', 'variable "image"'] });
    expect(edges.clampedVersionErrors).toEqual([]);
    expect(edges.logs.filter((l) => l.includes('didChange ignored'))).toHaveLength(2);
  });

  it('answers RequestCancelled to a request cancelled while it parses, then serves the next', () => {
    expect(edges.cancelled).toEqual({ code: -32800, message: expect.any(String) });
    expect(edges.afterCancel).toEqual({ result: expect.any(Number) });
    expect((edges.afterCancel as { result: number }).result).toBeGreaterThan(100);
  });

  it('answers shutdown, then refuses every request', () => {
    expect(edges.shutdown).toEqual({ result: null });
    expect(edges.afterShutdown).toEqual({ code: -32600, message: expect.stringMatching(/shutting down/) });
  });

  it('logs no JavaScript failure', () => {
    expect(edges.logs.join('\n')).not.toMatch(/Cannot read properties|TypeError|\n\s+at /);
  });
});
