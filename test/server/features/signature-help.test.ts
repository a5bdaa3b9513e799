import { describe, expect, it } from 'vitest';
import { signatureHelp } from '../../../server/features/signature-help.js';
import { withCursor } from '../support/cursor.js';

function help(marked: string, kind: 'hcl' | 'legacy-json' = 'hcl') {
  const { text, position } = withCursor(marked);
  const result = signatureHelp(text, kind, position);
  if (!result) return undefined;
  const signature = result.signatures[0]!;
  const [from, to] = signature.parameters![result.activeParameter!]!.label as [number, number];
  return { label: signature.label, active: signature.label.slice(from, to) };
}

describe('signature help', () => {
  it('shows an HCL function with the argument under the cursor', () => {
    expect(help('locals {\n  a = join(",", |)\n}\n')).toEqual({
      label: expect.stringMatching(/^join\(separator string, lists\.\.\. /),
      active: expect.stringMatching(/^lists\.\.\./),
    });
    expect(help('locals {\n  a = format("%s-%s", upper(|"x"), "y")\n}\n')?.label).toMatch(/^upper\(/);
  });

  it('shows a {{ }} function in a legacy JSON string', () => {
    expect(
      help('{"builders":[{"type":"chroot","mount_path":"{{split \\"a,b\\" \\",\\" |}}"}]}', 'legacy-json')?.active,
    ).toMatch(/^index/);
    expect(help('{"builders":[{"type":"chroot","mount_path":"{{isotime |"}]}', 'legacy-json')?.label).toMatch(
      /^isotime /,
    );
  });

  it('shows nothing outside a call', () => {
    expect(help('locals {\n  a = |"x"\n}\n')).toBeUndefined();
    expect(help('locals {\n  a = join(",", # why |\n  [])\n}\n')).toBeUndefined();
  });
});
