/**
 * The arm, arm-image and ansible schemas in a real server process over stdio: completion offers their fields
 * and enum values, hover shows their docs, and diagnostics carry their Prepare rules — as an editor sees them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MarkupContent } from 'vscode-languageserver/node';
import { pathToUri } from '../../server/workspace/files.js';
import { LspProcess } from './support/lsp-process.js';

const ARM = `source "arm" "pi" {
  file_urls          = ["https://example.com/raspios.img.xz"]
  file_checksum_type = "none"
  image_build_method = "reuse"
  image_
  image_type = ""
  image_partitions {
    name = "root"
    moun
  }
}

source "arm-image" "pi" {
  iso_url      = "https://example.com/raspios.img.xz"
  iso_checksum = "none"
  resolv-conf  = ""
}

build {
  sources = ["source.arm.pi", "source.arm-image.pi"]
  provisioner "ansible" {
    playbook_file = "site.yml"
    inventory_file_template = "{{ .H }}"
  }
}
`;

let server: LspProcess | undefined;

afterEach(() => {
  server?.kill();
  server = undefined;
});

type Item = { label: string; documentation?: { value: string } };

/** Position of the end of the first `needle` (after `occurrence` earlier ones), as the editor sends it. */
function positionAfter(needle: string, occurrence = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = ARM.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not in the template`);
  const before = ARM.slice(0, offset + needle.length).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('plugin schemas in the language server process', () => {
  it('completes, hovers and diagnoses arm, arm-image and ansible', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-lsp-arm-'));
    writeFileSync(join(dir, 'main.pkr.hcl'), ARM);
    const uri = pathToUri(join(dir, 'main.pkr.hcl'));
    server = new LspProcess();
    await server.initialize(dir);
    const published = server.diagnosticsFor(uri);
    await server.open(uri, ARM);
    const diagnostics = (await published).diagnostics;
    expect(diagnostics.map((d) => d.code)).toContain('unverified-download');
    expect(
      diagnostics.some((d) => String(d.message).includes('one of image_size_bytes or image_size must be set')),
    ).toBe(true);

    const complete = async (position: { line: number; character: number }): Promise<Item[]> =>
      (await server!.request<{ items: Item[] }>('textDocument/completion', { textDocument: { uri }, position })).items;

    // `source "arm" "x" { image_| }` offers the arm fields, not those already written.
    const fields = (await complete(positionAfter('  image_'))).map((i) => i.label);
    expect(fields).toEqual(
      expect.arrayContaining(['image_path', 'image_size', 'image_size_bytes', 'image_mount_path', 'image_setup_extra']),
    );
    expect(fields).not.toContain('image_build_method');
    expect(fields).not.toContain('source_image');

    // Inside an image_partitions block, the partition fields.
    const partition = (await complete(positionAfter('    moun'))).map((i) => i.label);
    expect(partition).toContain('mountpoint');
    expect(partition).toContain('filesystem_make_options');

    // Enum values of image_type and the known values of resolv-conf, inside the quotes.
    expect((await complete(positionAfter('image_type = "'))).map((i) => i.label)).toEqual(['dos', 'gpt']);
    expect((await complete(positionAfter('resolv-conf  = "'))).map((i) => i.label)).toEqual([
      'off',
      'copy-host',
      'bind-host',
      'delete',
    ]);

    // The Go-template data inventory_file_template renders with.
    const data = (await complete(positionAfter('{{ .H'))).map((i) => i.label);
    expect(data).toEqual(expect.arrayContaining(['HostAlias', 'Host']));

    // Hover on image_build_method shows its doc and its values.
    const hover = await server.request<{ contents: MarkupContent }>('textDocument/hover', {
      textDocument: { uri },
      position: positionAfter('  image_build_'),
    });
    expect(hover.contents.value).toContain('image_build_method');
    expect(hover.contents.value).toContain('`resize`: like `reuse`');
    expect(hover.contents.value).toContain('"new"');

    expect(await server.stop()).toBe(0);
  });
});
