/**
 * Debian's Chromium, driven headless by playwright-core (no browser
 * download): the flags this machine needs (no sandbox as root, no GPU, no
 * background network, whose connections are refused here) and a fresh
 * profile at each launch. Shared by test/browser/ and bench/browser/.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser cannot be started here; undefined when it can. */
export function chromiumMissing() {
  return existsSync(CHROMIUM) ? undefined : `needs Chromium at ${CHROMIUM} (bash scripts/install-deps.sh)`;
}

/**
 * A persistent context on a fresh profile (playwright's way to give
 * Chromium its --user-data-dir); `close` ends Chromium and removes the profile.
 * @returns {Promise<{ browser: import('playwright-core').BrowserContext, close(): Promise<void> }>}
 */
export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'chrootforge-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 760 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
