/**
 * The extension's server worker (client/out/server/) served beside the
 * bundled worker-harness.ts, open in Chromium: the page the worker tests
 * drive through `window.runHarness` and `window.runProtocolEdges`.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium.mjs';
import { root } from './page.js';
import { serveDirectory } from './static-server.mjs';

export const SERVER_DIR = join(root, 'client/out/server');

export interface WorkerSite {
  page: Page;
  close(): Promise<void>;
}

export async function openWorkerSite(): Promise<WorkerSite> {
  const site = mkdtempSync(join(tmpdir(), 'chrootforge-ext-'));
  for (const name of readdirSync(SERVER_DIR)) copyFileSync(join(SERVER_DIR, name), join(site, name));
  await build({
    entryPoints: [join(import.meta.dirname, 'worker-harness.ts')],
    outfile: join(site, 'harness.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    logLevel: 'error',
  });
  writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="harness.js"></script>');
  const server = await serveDirectory(site);
  const launched = await launchChromium();
  const page = await launched.browser.newPage();
  await page.goto(server.url);
  return {
    page,
    close: async () => {
      await launched.close();
      await server.close();
      rmSync(site, { recursive: true, force: true });
    },
  };
}
