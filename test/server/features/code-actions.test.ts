import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { quickFixes, shaped } from '../../../server/features/code-actions.js';
import { applyEdits } from '../support/cursor.js';

const URI = 'file:///work/t/main.pkr.hcl';

function fixesFor(text: string, diagnostic: Partial<Diagnostic> & Pick<Diagnostic, 'range'>) {
  const document = TextDocument.create(URI, 'hcl', 1, text);
  const actions = quickFixes(document, [{ message: 'm', ...diagnostic }]);
  return actions.map((a) => ({
    title: a.title,
    result: applyEdits(text, a.edit!.changes![URI] as TextEdit[]),
    preferred: a.isPreferred,
  }));
}

describe('quick fixes', () => {
  it('replaces an unknown key with each did-you-mean candidate, the best preferred', () => {
    const text = 'source "chroot" "b" {\n  mount_pathh = "/mnt"\n}\n';
    const fixes = fixesFor(text, {
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 13 } },
      code: 'unknown-field',
      data: { code: 'unknown-field', suggestions: ['mount_path', 'mount_options'] },
    });
    expect(fixes).toEqual([
      { title: 'Change to "mount_path"', result: 'source "chroot" "b" {\n  mount_path = "/mnt"\n}\n', preferred: true },
      {
        title: 'Change to "mount_options"',
        result: 'source "chroot" "b" {\n  mount_options = "/mnt"\n}\n',
        preferred: false,
      },
    ]);
  });

  it('keeps quotes and the leading dot of template data as written', () => {
    expect(shaped('"source.chroot.bse"', 'source.chroot.base')).toBe('"source.chroot.base"');
    expect(shaped('.Devic', 'Device')).toBe('.Device');
    expect(shaped('Devic', 'Device')).toBe('Device');
  });

  it('adds {{.Command}} to a command_wrapper', () => {
    const text = 'source "chroot" "b" {\n  command_wrapper = "sudo -E"\n}\n';
    const [fix] = fixesFor(text, {
      range: { start: { line: 1, character: 20 }, end: { line: 1, character: 29 } },
      code: 'command-wrapper-without-command',
      data: { code: 'command-wrapper-without-command' },
    });
    expect(fix!.result).toBe('source "chroot" "b" {\n  command_wrapper = "sudo -E {{.Command}}"\n}\n');
  });

  it('offers nothing for a diagnostic without suggestions', () => {
    expect(
      fixesFor('x', {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        code: 'hcl-syntax',
      }),
    ).toEqual([]);
  });
});
