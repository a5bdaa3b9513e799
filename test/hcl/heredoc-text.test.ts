import { describe, expect, it } from 'vitest';
import { heredocKeptCharacters, type HeredocTag } from '../../template/hcl/heredoc-text.js';

/** The kept text of content `text` (whole string) with tags given as [start, end, stripBefore, stripAfter]. */
function kept(text: string, tags: Array<[number, number, boolean, boolean]>, flush: boolean): string {
  const heredocTags: HeredocTag[] = tags.map(([start, end, stripBefore, stripAfter]) => ({
    start,
    end,
    stripBefore,
    stripAfter,
  }));
  const keep = heredocKeptCharacters(text, 0, text.length, heredocTags, flush);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const inTag = heredocTags.some((t) => t.start <= i && i < t.end);
    if (inTag) out += '#';
    else if (keep(i)) out += text[i];
  }
  return out.replace(/#+/g, '#');
}

describe('heredocKeptCharacters', () => {
  it('keeps everything of a plain heredoc', () => {
    expect(kept('  a\n    b\n', [], false)).toBe('  a\n    b\n');
  });

  it('removes the smallest indentation of a flush heredoc, ignoring blank lines', () => {
    expect(kept('    a\n      b\n  \n    c\n', [], true)).toBe('a\n  b\n  \nc\n');
  });

  it('counts a line that starts with a tag as unindented', () => {
    const text = '  a\n${x}\n';
    expect(kept(text, [[4, 8, false, false]], true)).toBe('  a\n#\n');
  });

  it('strips only within the neighbouring line', () => {
    const text = 'a  \n  b ${x} \n  c\n';
    // `${~x~}`: trims "  b " on the left (its own line token) and " \n" on the right.
    expect(kept(text, [[8, 12, true, true]], false)).toBe('a  \n  b#  c\n');
  });

  it('measures indentation after stripping, as HCL does', () => {
    const text = '    x\n  %{if}\n    y\n';
    // The tag's right strip removes the line break after it, so "    y" no longer starts a line.
    expect(kept(text, [[8, 13, false, true]], true)).toBe('  x\n#    y\n');
  });
});
