#!/usr/bin/env node
/**
 * Takes the README's screenshots of the playground (docs/images/), in
 * Debian's Chromium: diagnostics on a template with mistakes, and a
 * completion list. Run after `npm run playground`.
 */
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/browser/support/chromium.mjs';
import { serveDirectory } from '../test/browser/support/static-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATE = `variable "hostname" {
  type    = string
  default = "pi"
}

source "chroot" "pi" {
  source_image    = "https://example.com/raspios.img.xz"
  mount_partiton  = "2"
  output_format   = "vmdk"
  command_wrapper = "sudo {{.Comand}}"
  qemu_binary     = "/usr/bin/qemu-aarch64-static"
}

build {
  sources = ["source.chroot.pi"]

  provisioner "shell" {
    inline = ["echo \${var.hostnme} > /etc/hostname"]
  }
}
`;

/**
 * The part of `window.playground` (playground/src/main.ts) this script drives, read inside each page function
 * (they run in the page, serialized: nothing from here is in scope there).
 * @typedef {{ model: { setValue(text: string): void, getVersionId(): number }, published(): number | undefined,
 *   editor: { setPosition(p: { lineNumber: number, column: number }): void, focus(): void,
 *     trigger(source: string, id: string, payload: object): void } }} Playground
 */

const server = await serveDirectory(join(root, 'dist/playground'));
const { browser, close } = await launchChromium();
try {
  // A persistent context's newPage takes no options: the viewport is set on the page.
  const page = await browser.newPage();
  await page.setViewportSize({ width: 980, height: 560 });
  await page.goto(server.url);
  await page.waitForFunction(() => 'playground' in window);
  await page.evaluate((text) => {
    /** @type {{ playground: Playground }} */ (/** @type {unknown} */ (window)).playground.model.setValue(text);
  }, TEMPLATE);
  await page.waitForFunction(() => {
    const { playground } = /** @type {{ playground: Playground }} */ (/** @type {unknown} */ (window));
    return playground.published() === playground.model.getVersionId();
  });
  await page.evaluate(() => {
    const { editor } = /** @type {{ playground: Playground }} */ (/** @type {unknown} */ (window)).playground;
    editor.setPosition({ lineNumber: 8, column: 5 });
    editor.focus();
    editor.trigger('shot', 'editor.action.showHover', {});
  });
  await page.locator('.monaco-hover-content').first().waitFor();
  await page.screenshot({ path: join(root, 'docs/images/playground-diagnostics.png') });
  await page.keyboard.press('Escape');
  await page.evaluate(() => {
    const { editor } = /** @type {{ playground: Playground }} */ (/** @type {unknown} */ (window)).playground;
    editor.setPosition({ lineNumber: 11, column: 47 });
    editor.focus();
  });
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('out');
  await page.keyboard.press('Control+Space');
  await page.locator('.suggest-widget .monaco-list-row').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(root, 'docs/images/playground-completion.png') });
  console.log('screenshots: docs/images/playground-diagnostics.png, docs/images/playground-completion.png');
} finally {
  await close();
  await server.close();
}
