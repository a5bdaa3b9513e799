import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsOf, knownTypes, schemaFor } from '../../template/schema/registry.js';
import { validateBody } from '../../template/schema/validate-body.js';
import { jsonBody, rangeOf, staticEvaluate } from './bodies.js';

/** A body each builder type accepts as it is. */
const VALID: Record<string, Record<string, unknown>> = {
  chroot: { source_image: 'a.img' },
  'amazon-chroot': { ami_name: 'image', source_ami: 'ami-1' },
  'azure-chroot': {
    source: 'a:b:c:d',
    image_resource_id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/images/i',
  },
};

describe('any unknown key, any builder type (property)', () => {
  it('gives exactly one unknown-field diagnostic, on the key, and nothing else', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,24}$/);
    fc.assert(
      fc.property(fc.constantFrom(...knownTypes('source')), name, fc.jsonValue(), (type, key, value) => {
        const known = fieldsOf(schemaFor('source', type)!).map((f) => f.name);
        fc.pre(!known.includes(key) && key !== 'type' && key !== 'name');
        const text = JSON.stringify({ type, ...VALID[type], [key]: value });
        const { body, header } = jsonBody(text);
        const diagnostics = validateBody(
          body,
          { kind: 'source', type },
          { file: 't.json', syntax: 'json', evaluate: staticEvaluate, headerRange: header },
        );
        expect(diagnostics).toEqual([
          expect.objectContaining({ code: 'unknown-field', range: rangeOf(text, JSON.stringify(key)) }),
        ]);
      }),
      { numRuns: 300 },
    );
  });
});
