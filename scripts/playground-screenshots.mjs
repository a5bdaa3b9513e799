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

const server = await serveDirectory(join(root, 'dist/playground'));
const { browser, close } = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 980, height: 560 } });
  await page.setViewportSize({ width: 980, height: 560 });
  await page.goto(server.url);
  await page.waitForFunction(() => 'playground' in window);
  await page.evaluate((text) => window.playground.model.setValue(text), TEMPLATE);
  await page.waitForFunction(() => window.playground.published() === window.playground.model.getVersionId());
  await page.evaluate(() => {
    window.playground.editor.setPosition({ lineNumber: 8, column: 5 });
    window.playground.editor.focus();
    window.playground.editor.trigger('shot', 'editor.action.showHover', {});
  });
  await page.locator('.monaco-hover-content').first().waitFor();
  await page.screenshot({ path: join(root, 'docs/images/playground-diagnostics.png') });
  await page.keyboard.press('Escape');
  await page.evaluate(() => {
    window.playground.editor.setPosition({ lineNumber: 11, column: 47 });
    window.playground.editor.focus();
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
