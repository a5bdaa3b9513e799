/**
 * The playground in Debian's Chromium (headless, playwright-core): the
 * language server runs in the page's Web Worker, the examples and typed
 * text get the CLI's own diagnostics, completion, hover, formatting and
 * the share link work as a person would use them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipNote } from '../support/requirements.js';
import {
  browserTestsMissing,
  cliDiagnostics,
  editorText,
  openPlayground,
  root,
  setText,
  settled,
  shownDiagnostics,
  type Playground,
} from './support/page.js';

const missing = browserTestsMissing();

/** What the tests call on the page's Monaco editor and model (window.playground, playground/src/main.ts). */
interface PageEditor {
  playground: {
    editor: {
      setSelection(range: {
        startLineNumber: number;
        startColumn: number;
        endLineNumber: number;
        endColumn: number;
      }): void;
      setPosition(position: { lineNumber: number; column: number }): void;
      focus(): void;
      trigger(source: string, action: string, payload: unknown): void;
    };
    model: { getLineContent(line: number): string; getValue(): string };
  };
}
const example = (name: string): string => readFileSync(join(root, 'playground/examples', name), 'utf8');

/** A template with an error, a did-you-mean, a warning and a Go-template fault. */
const FAULTY = `variable "name" {
  type = string
}

source "chroot" "x" {
  source_image    = "https://example.com/base.img"
  mount_partiton  = "1"
  output_format   = "vmdk"
  command_wrapper = "sudo {{.Comand}}"
}

build {
  sources = ["source.chroot.x", "source.chroot.missing"]
  provisioner "shell" {
    inline = ["echo \${var.nme}"]
  }
}
`;

describe.skipIf(missing)(`playground in Chromium${skipNote(missing)}`, () => {
  let playground: Playground;

  beforeAll(async () => {
    playground = await openPlayground();
    await settled(playground.page);
  }, 120_000);
  afterAll(async () => {
    await playground?.close();
  });

  it.each(['chroot.pkr.hcl', 'amazon-chroot.pkr.hcl', 'arm.pkr.hcl'])(
    'shows the CLI diagnostics for the example %s',
    async (name) => {
      const { page } = playground;
      await page.selectOption('#example', name);
      await settled(page);
      expect(await editorText(page)).toBe(example(name));
      expect(await shownDiagnostics(page)).toEqual(cliDiagnostics(example(name)));
    },
  );

  it('shows the CLI diagnostics for a faulty template, at their ranges, and lists them', async () => {
    const { page } = playground;
    await setText(page, FAULTY);
    const shown = await shownDiagnostics(page);
    const cli = cliDiagnostics(FAULTY);
    expect(cli.length).toBeGreaterThanOrEqual(4);
    expect(shown).toEqual(cli);
    const typo = shown.find((d) => d.code === 'unknown-field');
    // The unknown key is marked, on line 7 (0-based 6), from its first column.
    expect(typo?.range).toEqual({ start: { line: 6, character: 2 }, end: { line: 6, character: 16 } });
    expect(await page.locator('#problems li').count()).toBe(cli.length);
  });

  it('updates the diagnostics as one types', async () => {
    const { page } = playground;
    await setText(page, example('chroot.pkr.hcl'));
    expect(await shownDiagnostics(page)).toEqual([]);
    // Type a bad value for output_format, as a person would.
    const line = example('chroot.pkr.hcl')
      .split('\n')
      .findIndex((l) => l.includes('output_format'));
    await page.evaluate((lineNumber) => {
      const { editor, model } = (window as never as PageEditor).playground;
      const column = model.getLineContent(lineNumber).indexOf('qcow2') + 1;
      editor.setSelection({
        startLineNumber: lineNumber,
        startColumn: column,
        endLineNumber: lineNumber,
        endColumn: column + 5,
      });
      editor.focus();
    }, line + 1);
    await page.keyboard.type('vmdk');
    await settled(page);
    const shown = await shownDiagnostics(page);
    expect(shown.map((d) => [d.code, d.range.start.line])).toEqual([['invalid-value', line]]);
    expect(shown).toEqual(cliDiagnostics(await editorText(page)));
  });

  it('completes a field name and accepts the suggestion', async () => {
    const { page } = playground;
    await setText(page, 'source "chroot" "x" {\n  source_image = "https://example.com/a.img"\n  \n}\n');
    await page.evaluate(() => {
      const { editor } = (window as never as PageEditor).playground;
      editor.setPosition({ lineNumber: 3, column: 3 });
      editor.focus();
    });
    await page.keyboard.type('mount_pa');
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'mount_partition' });
    await suggestion.first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      (window as never as PageEditor).playground.model.getLineContent(3).includes('mount_partition'),
    );
    expect((await editorText(page)).split('\n')[2]).toMatch(/^\s+mount_partition\b/);
  });

  it('hovers a field and shows its documentation from the schema', async () => {
    const { page } = playground;
    await setText(page, example('chroot.pkr.hcl'));
    const line =
      example('chroot.pkr.hcl')
        .split('\n')
        .findIndex((l) => l.includes('mount_partition')) + 1;
    await page.evaluate((lineNumber) => {
      const { editor } = (window as never as PageEditor).playground;
      editor.setPosition({ lineNumber, column: 5 });
      editor.focus();
      editor.trigger('test', 'editor.action.showHover', {});
    }, line);
    const hover = page.locator('.monaco-hover-content');
    await hover.first().waitFor({ timeout: 15_000 });
    expect(await hover.first().textContent()).toMatch(/mount_partition/);
  });

  it('formats like `chrootforge fmt`', async () => {
    const { page } = playground;
    const messy = 'source "chroot" "x" {\nsource_image="https://example.com/a.img"\n    mount_partition = "1"\n}\n';
    await setText(page, messy);
    await page.click('#format');
    await page.waitForFunction(
      (before) => (window as never as PageEditor).playground.model.getValue() !== before,
      messy,
    );
    expect(await editorText(page)).toBe(cliFormat(messy));
  });

  it('shares the template in a link that opens it again', async () => {
    const { page } = playground;
    await setText(page, FAULTY);
    await page.click('#share');
    await page.waitForFunction(() => (document.getElementById('share-link') as HTMLInputElement).value !== '');
    const link = await page.inputValue('#share-link');
    expect(link).toMatch(/#t=[\w-]+&f=/);
    const other = await page.context().newPage();
    await other.goto(link);
    await other.waitForFunction(() => 'playground' in window, null, { timeout: 60_000 });
    await settled(other);
    expect(await editorText(other)).toBe(FAULTY);
    expect(await shownDiagnostics(other)).toEqual(cliDiagnostics(FAULTY));
    await other.close();
  });
});

/** `chrootforge fmt` on the text (through a file, as a user would). */
function cliFormat(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'chrootforge-fmt-'));
  try {
    const file = join(dir, 'x.pkr.hcl');
    writeFileSync(file, text);
    execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), 'fmt', file]);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
