import { describe, expect, it } from 'vitest';
import { formatDocument, formatRange } from '../../../server/features/formatting.js';
import { applyEdits } from '../support/cursor.js';

const UNFORMATTED =
  'source "chroot" "a" {\n  source_image = "a.img"\n  mount_path = "/mnt"\n}\n\nbuild {\n    sources = ["source.chroot.a"]\n}\n';

describe('formatting', () => {
  it('formats a document as packer fmt does, with minimal edits', () => {
    const edits = formatDocument(UNFORMATTED, 'hcl');
    expect(applyEdits(UNFORMATTED, edits)).toBe(
      'source "chroot" "a" {\n  source_image = "a.img"\n  mount_path   = "/mnt"\n}\n\nbuild {\n  sources = ["source.chroot.a"]\n}\n',
    );
    expect(edits.length).toBe(2);
  });

  it('formats only the edits touching a range', () => {
    const edits = formatRange(UNFORMATTED, 'hcl', { start: { line: 6, character: 0 }, end: { line: 6, character: 5 } });
    expect(applyEdits(UNFORMATTED, edits)).toBe(UNFORMATTED.replace('    sources', '  sources'));
  });

  it('leaves a file with syntax errors and JSON templates alone', () => {
    expect(formatDocument('source "chroot" {\n', 'hcl')).toEqual([]);
    expect(formatDocument('{"builders":[]}', 'legacy-json')).toEqual([]);
  });
});
