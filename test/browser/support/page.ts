/**
 * The playground in a real browser, for the tests and the bench: the built
 * page (dist/playground, `npm run build:browser`) served on 127.0.0.1, in
 * Debian's Chromium; what the page shows read back as LSP-shaped
 * diagnostics, and the CLI's verdict on the same text for comparison.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from './chromium.mjs';
import { serveDirectory } from './static-server.mjs';

export const root = join(import.meta.dirname, '../../..');
export const PLAYGROUND = join(root, 'dist/playground');
const CLI = join(root, 'dist/cli/main.js');

/**
 * Why the browser tests cannot run; undefined when they can. On CI a
 * missing Chromium is a failure, not a skip (.ci/run installs it).
 */
export function browserTestsMissing(): string | undefined {
  const missing =
    chromiumMissing() ?? (existsSync(join(PLAYGROUND, 'index.html')) ? undefined : 'needs `npm run build:browser`');
  if (missing && process.env.CI === 'true') throw new Error(`browser tests cannot run on CI: ${missing}`);
  return missing;
}

/** One diagnostic as LSP and `validate --format json` give it (0-based lines, UTF-16 columns). */
export interface Shown {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

export interface Playground {
  page: Page;
  url: string;
  close(): Promise<void>;
}

/** Opens the playground (optionally at a fragment) and waits for its language server. */
export async function openPlayground(fragment = ''): Promise<Playground> {
  const server = await serveDirectory(PLAYGROUND);
  const launched = await launchChromium();
  const page = await launched.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}${fragment}`);
  await page
    .waitForFunction(() => 'playground' in window, null, { timeout: 60_000 })
    .catch((err: Error) => {
      throw new Error(`the playground did not start: ${errors.join('; ') || err.message}`);
    });
  return {
    page,
    url: server.url,
    close: async () => {
      await launched.close();
      await server.close();
    },
  };
}

const MARKER_SEVERITY: Record<number, string> = { 8: 'error', 4: 'warning', 2: 'information', 1: 'hint' };

/** The markers Monaco shows on the model, back in LSP's shape, sorted. */
export async function shownDiagnostics(page: Page): Promise<Shown[]> {
  const markers = await page.evaluate(() =>
    (
      window as unknown as {
        playground: {
          markers(): Array<{
            severity: number;
            code?: string | { value: string };
            message: string;
            startLineNumber: number;
            startColumn: number;
            endLineNumber: number;
            endColumn: number;
          }>;
        };
      }
    ).playground.markers(),
  );
  return sorted(
    markers.map((m) => ({
      range: {
        start: { line: m.startLineNumber - 1, character: m.startColumn - 1 },
        end: { line: m.endLineNumber - 1, character: m.endColumn - 1 },
      },
      severity: MARKER_SEVERITY[m.severity] ?? String(m.severity),
      code: typeof m.code === 'object' ? m.code.value : String(m.code),
      message: m.message,
    })),
  );
}

/** `chrootforge validate --format json` on a directory holding only this text, as the page's. */
export function cliDiagnostics(text: string, fileName = 'template.pkr.hcl'): Shown[] {
  const dir = mkdtempSync(join(tmpdir(), 'chrootforge-browser-'));
  try {
    writeFileSync(join(dir, fileName), text);
    return sorted(
      validateDirectory(dir).map(({ range, severity, code, message }) => ({ range, severity, code, message })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `chrootforge validate --format json DIR`, with no environment (a page has none: no PKR_VAR_*). */
export function validateDirectory(dir: string): Array<Shown & { file: string }> {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CLI, 'validate', '--format', 'json', dir], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
  } catch (err) {
    out = (err as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as { diagnostics: Array<Shown & { file: string }> }).diagnostics;
}

export function sorted(list: Shown[]): Shown[] {
  const key = (d: Shown) =>
    `${String(d.range.start.line).padStart(6)}:${String(d.range.start.character).padStart(6)}:${d.code}:${d.message}`;
  return [...list].sort((a, b) => key(a).localeCompare(key(b)));
}

/** Replaces the editor's text (as a paste would) and waits for the diagnostics of that version. */
export async function setText(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => {
    const { model } = (window as unknown as { playground: { model: { setValue(t: string): void } } }).playground;
    model.setValue(value);
  }, text);
  await settled(page);
}

/** Waits until the page shows diagnostics for the model's current version. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const p = (window as unknown as { playground: { model: { getVersionId(): number }; published(): number } })
        .playground;
      return p.published() === p.model.getVersionId();
    },
    null,
    { timeout: 30_000 },
  );
}

export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() =>
    (window as unknown as { playground: { model: { getValue(): string } } }).playground.model.getValue(),
  );
}
