/**
 * Closing a configuration's last document drops what the workspace keeps
 * for it, even when work on it was still running: an analysis (or a
 * request's parses) that ends after the close must not put the model of
 * text nobody has open back into the caches (issue 12: a 5 MB template's
 * model is hundreds of MB). The real workspace and engine, the server's own
 * order of calls on didClose.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { nodeServerHost } from '../../server/node/start-server.js';
import type { ServerHost } from '../../server/server.js';
import { drainSteps } from '../../server/work/steps.js';
import { Documents } from '../../server/workspace/documents.js';
import { pathToUri } from '../../server/workspace/files.js';
import { Workspace } from '../../server/workspace/workspace.js';
import { largeTemplate } from './support/large-template.js';

let host: ServerHost;
beforeAll(async () => {
  host = await nodeServerHost();
});

/** A directory of two templates: `main.pkr.hcl` open in the editor (not on disk), `more.pkr.hcl` on disk. */
function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'cf-retention-'));
  writeFileSync(join(dir, 'more.pkr.hcl'), largeTemplate(20_000, 'm'));
  const documents = new Documents();
  const workspace = new Workspace(documents, host.core, host.files);
  const uri = pathToUri(join(dir, 'main.pkr.hcl'));
  const text = largeTemplate(20_000, 's');
  const open = () => documents.didOpen({ textDocument: { uri, languageId: 'hcl', version: 1, text } });
  /** What LanguageServer does on didClose when no other document of the configuration is open. */
  const close = () => {
    documents.didClose({ textDocument: { uri } });
    workspace.closed(uri);
    workspace.invalidate(join(dir, 'main.pkr.hcl'));
    workspace.forget(dir);
  };
  return { dir, uri, workspace, open, close };
}

it('an analysis that completes after its last document closed is not kept, nor are its parses', () => {
  const { dir, uri, workspace, open, close } = setUp();
  open();
  const where = workspace.classify(uri)!;
  const steps = workspace.analysisSteps(where);
  expect(steps.next().done).toBe(false);
  close();
  const ran = drainSteps(steps);
  expect(ran.analysis.files.map((f) => f.path).sort()).toEqual([join(dir, 'main.pkr.hcl'), join(dir, 'more.pkr.hcl')]);
  expect(workspace.lastAnalysis(dir)).toBeUndefined();

  // Opened again with the same text: parsed afresh, not the parses of the analysis that outlived the close.
  open();
  const again = drainSteps(workspace.analysisSteps(workspace.classify(uri)!));
  expect(again).not.toBe(ran);
  for (const file of again.analysis.files) expect(ran.analysis.files).not.toContain(file);
});

it("a request's parses made after its document closed are not kept", () => {
  const { uri, workspace, open, close } = setUp();
  open();
  const steps = workspace.contextSteps(uri, 'declarations');
  expect(steps.next().done).toBe(false);
  close();
  const context = drainSteps(steps);
  expect(context?.analysis.files).toHaveLength(2);

  open();
  const again = drainSteps(workspace.contextSteps(uri, 'declarations'));
  expect(again?.analysis.files).toHaveLength(2);
  for (const file of again!.analysis.files) expect(context!.analysis.files).not.toContain(file);
});

it('a configuration still open keeps its analysis and parses (the caches still work)', () => {
  const { dir, uri, workspace, open } = setUp();
  open();
  const first = drainSteps(workspace.analysisSteps(workspace.classify(uri)!));
  expect(workspace.lastAnalysis(dir)).toBe(first);
  const context = drainSteps(workspace.contextSteps(uri, 'declarations'));
  for (const file of context!.analysis.files) expect(first.analysis.files).toContain(file);
});
