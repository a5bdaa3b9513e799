/**
 * The VS Code extension's browser entry: its package.json declares it, the
 * build puts it and its server worker in client/out/, and that worker,
 * driven in Chromium as the web extension drives it on github.dev
 * (`vscode-vfs:` URIs, the workspace read through the client), gives the
 * CLI's diagnostics for a configuration spread over several files.
 * VS Code's own web build cannot be run here: see README.md, "In a browser".
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipNote } from '../support/requirements.js';
import { browserTestsMissing, root, sorted, validateDirectory, type Shown } from './support/page.js';
import { openWorkerSite, SERVER_DIR, type WorkerSite } from './support/worker-site.js';

const missing = browserTestsMissing();

const REPO = 'vscode-vfs://github/owner/images';
const FILES: Record<string, string> = {
  'images/variables.pkr.hcl':
    'variable "hostname" {\n  type = string\n}\n\nvariable "size" {\n  type    = string\n  default = "2G"\n}\n',
  'images/main.pkr.hcl': `source "chroot" "pi" {
  source_image    = "https://example.com/base.img"
  image_size      = var.size
  mount_partiton  = "2"
  command_wrapper = "sudo {{.Comand}}"
}

build {
  sources = ["source.chroot.pi"]
  provisioner "shell" {
    inline = ["echo \${var.hostname} \${var.undeclared}"]
  }
}
`,
  'images/prod.auto.pkrvars.hcl': 'hostname = "pi"\nsize     = 4\n',
  'images/notes.txt': 'not a template\n',
};

describe('the extension declares its browser entry', () => {
  it('package.json has `browser` and the build writes it with its worker', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'client/package.json'), 'utf8'));
    expect(manifest.browser).toBe('./out/browser.js');
    expect(manifest.files).toEqual(expect.arrayContaining(['out/browser.js', 'out/server/*']));
    if (!missing) {
      expect(existsSync(join(root, 'client/out/browser.js'))).toBe(true);
      expect(readdirSync(SERVER_DIR).sort()).toEqual(['server.js', 'tree-sitter-hcl.wasm', 'web-tree-sitter.wasm']);
    }
  });
});

describe.skipIf(missing)(`the extension's server worker in Chromium${skipNote(missing)}`, () => {
  let site: WorkerSite | undefined;
  beforeAll(async () => {
    site = await openWorkerSite();
  }, 120_000);
  afterAll(async () => {
    await site?.close();
  });

  it('reads the sibling files through the client and gives the CLI diagnostics of the opened file', async () => {
    const { page } = site!;
    const files = Object.fromEntries(Object.entries(FILES).map(([path, text]) => [`${REPO}/${path}`, text]));
    const open = `${REPO}/images/main.pkr.hcl`;
    const { published, asked } = await page.evaluate(
      ([f, o]) =>
        (
          window as never as {
            runHarness(f: unknown, o: string): Promise<{ published: { diagnostics: unknown[] }; asked: string[] }>;
          }
        ).runHarness(f, o),
      [files, open] as const,
    );
    // The directory was listed and its configuration's other files read through the client.
    expect(asked).toEqual(
      expect.arrayContaining([
        `dir ${REPO}/images`,
        `file ${REPO}/images/variables.pkr.hcl`,
        `file ${REPO}/images/prod.auto.pkrvars.hcl`,
      ]),
    );
    expect(asked).not.toContain(`file ${REPO}/images/notes.txt`);
    const shown = (published.diagnostics as Array<Shown & { severity: number }>).map((d) => ({
      range: d.range,
      severity: ['', 'error', 'warning', 'information', 'hint'][d.severity]!,
      code: String(d.code),
      message: d.message,
    }));
    const cli = cliOnDirectory(FILES, 'images/main.pkr.hcl');
    expect(cli.map((d) => d.code)).toEqual(expect.arrayContaining(['unknown-field', 'undefined-variable']));
    expect(sorted(shown)).toEqual(cli);
  });
});

/** The CLI on a real directory with the same files: the diagnostics of one of them. */
function cliOnDirectory(files: Record<string, string>, only: string): Shown[] {
  const dir = mkdtempSync(join(tmpdir(), 'chrootforge-ext-cli-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      const target = join(dir, path);
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, text);
    }
    const all = validateDirectory(join(dir, 'images'));
    return sorted(all.filter((d) => d.file === join(dir, only)).map(({ file: _file, ...d }) => d));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
