import { beforeAll, describe, expect, it } from 'vitest';
import { documentSymbols } from '../../../server/features/document-symbols.js';
import { foldingRanges } from '../../../server/features/folding.js';
import { initHclParser, parseHcl } from '../../../template/hcl/parse-hcl.js';

beforeAll(async () => {
  await initHclParser();
});

const TEXT = `# one
# two
variable "image" {
  default = "a.img"
}
source "chroot" "base" {
  chroot_mounts = [
    ["proc", "proc", "/proc"],
    ["sysfs", "sysfs", "/sys"],
  ]
}
build {
  provisioner "shell" {
    inline = ["a"]
  }
}
`;

describe('document symbols', () => {
  it('lists blocks with labels, nested blocks and attributes', () => {
    const symbols = documentSymbols(parseHcl('/t/main.pkr.hcl', TEXT));
    expect(symbols.map((s) => s.name)).toEqual(['variable "image"', 'source "chroot" "base"', 'build']);
    expect(symbols[1]!.children!.map((c) => c.name)).toEqual(['chroot_mounts']);
    expect(symbols[2]!.children!.map((c) => c.name)).toEqual(['provisioner "shell"']);
    expect(symbols[2]!.children![0]!.children!.map((c) => c.name)).toEqual(['inline']);
  });
});

describe('folding ranges', () => {
  it('folds blocks, multi-line lists and comment runs', () => {
    const ranges = foldingRanges(parseHcl('/t/main.pkr.hcl', TEXT)).map((r) => [r.startLine, r.endLine, r.kind ?? '']);
    expect(ranges).toEqual([
      [0, 1, 'comment'],
      [2, 3, ''],
      [5, 9, ''],
      [6, 8, ''],
      [11, 14, ''],
      [12, 13, ''],
    ]);
  });
});
