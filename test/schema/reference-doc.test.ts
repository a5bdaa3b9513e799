import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReference } from '../../template/schema/reference-doc.js';
import { fieldsOf, knownTypes, schemaFor } from '../../template/schema/registry.js';

describe('docs/reference.md', () => {
  const text = renderReference();

  it('has a row for every non-internal field of every source, provisioner and post-processor', () => {
    for (const kind of ['source', 'provisioner', 'post-processor'] as const) {
      for (const type of knownTypes(kind)) {
        expect(text).toContain(`### ${kind} "${type}"`);
        for (const field of fieldsOf(schemaFor(kind, type)!).filter((f) => !f.internal)) {
          expect(text, `${type}.${field.name}`).toContain(`| \`${field.name}\``);
        }
      }
    }
    expect(text).toContain('#### `ami_block_device_mappings` block (repeatable)');
    expect(text).not.toContain('packer_build_name');
  });

  it('is up to date with the schemas (regenerate: npm run docs)', () => {
    expect(readFileSync('docs/reference.md', 'utf8')).toBe(text);
  });
});
