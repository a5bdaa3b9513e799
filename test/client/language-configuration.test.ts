/**
 * The language configuration's regular expressions, as VS Code evaluates
 * them (JavaScript RegExp): folding markers, indentation and word pattern.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const config = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'client', 'language-configuration.json'), 'utf8'),
);

describe('language-configuration.json', () => {
  it('folds # region / // region blocks', () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    expect(start.test('  # region provisioners')).toBe(true);
    expect(start.test('// region')).toBe(true);
    expect(end.test('  #endregion')).toBe(true);
    expect(start.test('# regional settings')).toBe(false);
    expect(start.test('name = "region"')).toBe(false);
  });

  it('indents after an opening brace or bracket and outdents on the closing one', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(increase.test('source "chroot" "pi" {')).toBe(true);
    expect(increase.test('  inline = [')).toBe(true);
    expect(increase.test('  x = { a = 1 }')).toBe(false);
    expect(decrease.test('  }')).toBe(true);
    expect(decrease.test('  ]')).toBe(true);
  });

  it('treats HCL identifiers with dashes and underscores as one word, not the dots of a reference', () => {
    const word = new RegExp(config.wordPattern, 'g');
    expect('shell-local'.match(word)).toEqual(['shell-local']);
    expect('var.image_size'.match(word)).toEqual(['var', 'image_size']);
  });

  it('auto-closes brackets and quotes, but not a quote inside a string or comment', () => {
    const quote = config.autoClosingPairs.find((p: { open: string }) => p.open === '"');
    expect(quote.notIn).toEqual(['string', 'comment']);
    expect(config.autoClosingPairs.map((p: { open: string }) => p.open)).toEqual(
      expect.arrayContaining(['{', '[', '(']),
    );
  });
});
