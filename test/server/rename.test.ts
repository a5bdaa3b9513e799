/**
 * Rename against a real server process (issue 12): a rename must never
 * turn a valid configuration into a broken one. Names another declaration
 * has, and names that are no identifier, are refused; var files of the
 * directory that are not open (a `-var-file`, auto var files, JSON ones)
 * are edited too, read from disk, and the CLI accepts the result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { pathToUri } from '../../server/workspace/files.js';
import { applyEdits } from './support/cursor.js';
import { CLI, LspProcess } from './support/lsp-process.js';
import { tempWorkspaces } from './support/temp-workspaces.js';

const VARIABLES = `variable "image" {
  type = string
}

variable "size" {
  default = "2G"
}

locals {
  out  = "out/\${var.image}"
  name = "base"
}
`;

const MAIN = `source "chroot" "base" {
  source_image = var.image
  image_size   = var.size
  output_image = local.out
}

source "chroot" "other" {
  source_image = var.image
}

build {
  sources = ["source.chroot.base", "source.chroot.other"]
}
`;

let server: LspProcess | undefined;
const workspaces = tempWorkspaces('cf-rename-');
afterEach(() => {
  server?.kill();
  server = undefined;
  workspaces.removeAll();
});

async function started(files: Record<string, string>, open: string[]): Promise<string> {
  const dir = workspaces.make(files);
  server = new LspProcess();
  await server.initialize(dir);
  for (const name of open) await server.open(pathToUri(join(dir, name)), files[name]!);
  return dir;
}

function renameParams(dir: string, file: string, line: number, character: number, newName: string) {
  return { textDocument: { uri: pathToUri(join(dir, file)) }, position: { line, character }, newName };
}

describe('rename refuses what would break the configuration', () => {
  it('refuses the name of another variable, local or source of the same type', async () => {
    const dir = await started({ 'variables.pkr.hcl': VARIABLES, 'main.pkr.hcl': MAIN }, ['main.pkr.hcl']);
    const clashes: Array<[number, number, string, RegExp]> = [
      // var.image → size
      [
        1,
        22,
        'size',
        /Cannot rename "image" to "size": a variable named "size" is already declared \(variables\.pkr\.hcl:5\)/,
      ],
      // local.out → name
      [3, 24, 'name', /a local named "name" is already declared \(variables\.pkr\.hcl:11\)/],
      // source chroot.base → other
      [0, 18, 'other', /a source named "other" is already declared \(main\.pkr\.hcl:7\)/],
    ];
    for (const [line, character, newName, message] of clashes) {
      const error = await server!.errorOf(
        'textDocument/rename',
        renameParams(dir, 'main.pkr.hcl', line, character, newName),
      );
      expect(error.code).toBe(-32803);
      expect(error.message).toMatch(message);
    }
    // A name only a source of another type has is free.
    const ok = await server!.request<WorkspaceEdit>(
      'textDocument/rename',
      renameParams(dir, 'main.pkr.hcl', 0, 18, 'image'),
    );
    expect(Object.keys(ok.changes ?? {})).toHaveLength(1);
    expect(await server!.stop()).toBe(0);
  });

  it('refuses a new name that is no HCL identifier', async () => {
    const dir = await started({ 'variables.pkr.hcl': VARIABLES, 'main.pkr.hcl': MAIN }, ['main.pkr.hcl']);
    for (const bad of ['2cool', 'a b', 'a.b', '', 'x"y', 'var.z']) {
      const error = await server!.errorOf('textDocument/rename', renameParams(dir, 'main.pkr.hcl', 1, 22, bad));
      expect({ bad, code: error.code }).toEqual({ bad, code: -32602 });
      expect(error.message).toContain('is not a valid name');
    }
    // Unicode letters and dashes are identifiers to HCL.
    const edit = await server!.request<WorkspaceEdit>(
      'textDocument/rename',
      renameParams(dir, 'main.pkr.hcl', 1, 22, 'bild-größe'),
    );
    expect(Object.keys(edit.changes ?? {})).toHaveLength(2);
    expect(await server!.stop()).toBe(0);
  });
});

describe('rename edits var files that are not open', () => {
  it('edits a -var-file, an auto var file and a JSON var file from disk; the CLI accepts the result', async () => {
    const files: Record<string, string> = {
      'variables.pkr.hcl': VARIABLES,
      'main.pkr.hcl': MAIN,
      'prod.pkrvars.hcl': 'image = "prod.img"\n',
      'common.auto.pkrvars.hcl': 'size = "3G"\nimage = "auto.img"\n',
      'extra.pkrvars.json': '{\n  "image": "json.img"\n}\n',
    };
    const dir = await started(files, ['main.pkr.hcl']);
    const edit = await server!.request<WorkspaceEdit>(
      'textDocument/rename',
      renameParams(dir, 'main.pkr.hcl', 1, 22, 'base_image'),
    );
    const changes = edit.changes ?? {};
    const renamed: Record<string, string> = {};
    for (const name of Object.keys(files)) {
      const edits: TextEdit[] = changes[pathToUri(join(dir, name))] ?? [];
      renamed[name] = applyEdits(files[name]!, edits);
      writeFileSync(join(dir, name), renamed[name]!);
    }
    expect(renamed['prod.pkrvars.hcl']).toBe('base_image = "prod.img"\n');
    expect(renamed['common.auto.pkrvars.hcl']).toBe('size = "3G"\nbase_image = "auto.img"\n');
    expect(renamed['extra.pkrvars.json']).toBe('{\n  "base_image": "json.img"\n}\n');
    expect(renamed['variables.pkr.hcl']).toContain('variable "base_image" {');
    expect(renamed['variables.pkr.hcl']).toContain('out/${var.base_image}');
    expect(renamed['main.pkr.hcl']?.match(/var\.base_image/g)).toHaveLength(2);
    expect(readFileSync(join(dir, 'prod.pkrvars.hcl'), 'utf8')).toBe(renamed['prod.pkrvars.hcl']);
    for (const varFile of ['prod.pkrvars.hcl', 'extra.pkrvars.json']) {
      const run = await execa(process.execPath, [CLI, 'validate', '--var-file', join(dir, varFile), dir], {
        reject: false,
      });
      expect({ varFile, exitCode: run.exitCode, out: run.stdout }).toMatchObject({ varFile, exitCode: 0 });
    }
    expect(await server!.stop()).toBe(0);
  });
});
