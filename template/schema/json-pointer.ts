/**
 * JSON Pointers as ajv reports them (`/ami_block_device_mappings/0/volume_size`),
 * built and split the same way here.
 */

/** Appends one step to a pointer, escaping `~` and `/`. */
export function childPointer(pointer: string, step: string | number): string {
  const text = String(step);
  // Most steps need no escape: asked once per value validated, the replaces were a tenth of validation.
  if (!text.includes('~') && !text.includes('/')) return `${pointer}/${text}`;
  return `${pointer}/${text.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The steps of a pointer, unescaped; array indexes stay strings. */
export function pointerSteps(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((step) => (step.includes('~') ? step.replace(/~1/g, '/').replace(/~0/g, '~') : step));
}

/** The pointer itself, then each ancestor up to the root (`""`). */
export function pointerAndAncestors(pointer: string): string[] {
  const out = [pointer];
  let current = pointer;
  while (current !== '') {
    current = current.slice(0, current.lastIndexOf('/'));
    out.push(current);
  }
  return out;
}
