import { describe, expect, it } from 'vitest';
import type { TextEdit } from 'vscode-languageserver/node';
import { completeJson } from '../../../server/features/completion-json.js';
import { applyEdits, withCursor } from '../support/cursor.js';

function complete(marked: string) {
  const { text, position } = withCursor(marked);
  const items = completeJson(text, position).items;
  return {
    labels: items.map((i) => i.label),
    accept: (label: string) => applyEdits(text, [items.find((i) => i.label === label)!.textEdit as TextEdit]),
  };
}

describe('completion in legacy JSON templates', () => {
  it('offers the fields of a builder by its type, not those already set', () => {
    const result = complete('{"builders": [{"type": "chroot", "source_image": "a.img", "mou|"}]}');
    expect(result.labels).toContain('mount_path');
    expect(result.labels).not.toContain('source_image');
    expect(result.accept('mount_path')).toBe(
      '{"builders": [{"type": "chroot", "source_image": "a.img", "mount_path"}]}',
    );
  });

  it('offers top-level keys', () => {
    expect(complete('{\n  "|"\n}').labels).toEqual(
      expect.arrayContaining(['variables', 'builders', 'provisioners', 'post-processors']),
    );
  });

  it('offers builder types as the type value', () => {
    expect(complete('{"builders": [{"type": "|"}]}').labels).toEqual([
      'chroot',
      'amazon-chroot',
      'azure-chroot',
      'arm',
      'arm-image',
    ]);
  });

  it("after {{. offers the field's data; after {{ the functions allowed there", () => {
    expect(complete('{"builders": [{"type": "chroot", "command_wrapper": "sudo {{.|"}]}').labels).toEqual(['Command']);
    const inBuilder = complete('{"builders": [{"type": "chroot", "output_image": "x-{{|"}]}').labels;
    expect(inBuilder).toEqual(expect.arrayContaining(['timestamp', 'user', 'uuid']));
    expect(inBuilder).not.toContain('env');
    expect(complete('{"variables": {"home": "{{|"}}').labels).toContain('env');
  });
});
