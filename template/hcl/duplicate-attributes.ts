/**
 * `hcl-duplicate-attribute`: HCL forbids setting the same argument twice in
 * one body ("Attribute redefined"). Checked in every body, nested ones too;
 * the second definition is marked, as HCL does.
 */
import type { Attribute, Body, Diagnostic } from '../model.js';

export const HCL_DUPLICATE_ATTRIBUTE = 'hcl-duplicate-attribute';

/** Diagnostics for every attribute defined again in the same body. */
export function duplicateAttributeDiagnostics(file: string, body: Body): Diagnostic[] {
  const found: Diagnostic[] = [];
  const visit = (current: Body): void => {
    const first = new Map<string, Attribute>();
    for (const attribute of current.attributes) {
      const earlier = first.get(attribute.name);
      if (earlier && attribute.name !== '') {
        found.push({
          file,
          range: attribute.nameRange,
          severity: 'error',
          code: HCL_DUPLICATE_ATTRIBUTE,
          message: `Attribute redefined; The argument "${attribute.name}" was already set at ${where(file, earlier)}. Each argument may be set only once.`,
          data: { previous: earlier.nameRange },
        });
      } else if (!earlier) {
        first.set(attribute.name, attribute);
      }
    }
    for (const block of current.blocks) visit(block.body);
  };
  visit(body);
  return found;
}

/** HCL's way of naming a place: `file:line,column-endColumn`, 1-based. */
function where(file: string, attribute: Attribute): string {
  const { start, end } = attribute.nameRange;
  return `${file}:${start.line + 1},${start.character + 1}-${end.character + 1}`;
}
