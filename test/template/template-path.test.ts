/**
 * Paths written in templates, resolved from the template's directory: the
 * trailing slash survives (the file provisioner reads meaning into it).
 */
import { describe, expect, it } from 'vitest';
import { resolveTemplatePath } from '../../template/text/template-path.js';

describe('resolveTemplatePath', () => {
  it.each([
    ['/work', 'payload/conf/', '/work/payload/conf/'],
    ['/work', 'payload/conf', '/work/payload/conf'],
    ['/work', '/srv/conf/', '/srv/conf/'],
    ['/work', './a/../b//', '/work/b/'],
    ['/work', '../up/', '/up/'],
    ['/work', '/', '/'],
    ['/work', '', '/work'],
    ['.', 'out/', 'out/'],
    ['sub', '../x/y', 'x/y'],
  ])('%s + %s → %s', (dir, path, expected) => {
    expect(resolveTemplatePath(dir, path)).toBe(expected);
  });
});
