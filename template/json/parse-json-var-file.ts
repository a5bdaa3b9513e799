/**
 * HCL2 variable files in JSON syntax (`*.pkrvars.json`, `*.auto.pkrvars.json`,
 * a `-var-file` named `.json`): one object whose properties set variables.
 * Packer reads them as an HCL JSON body, attribute by attribute
 * (JustAttributes), and evaluates each value without a context, so strings
 * are literal text: `"${x}"` is those five characters, not a reference.
 * A `"//"` property is a comment; a `variable` property is a declaration in
 * the wrong file, refused as Packer refuses it.
 */
import { diagnostic } from '../diagnostic.js';
import { HCL_DUPLICATE_ATTRIBUTE } from '../hcl/duplicate-attributes.js';
import type { Attribute, Body, Diagnostic, ParsedFile } from '../model.js';
import { HCL_JSON_STRUCTURE_CODE, readJson } from './json-syntax.js';
import { JsonConverter } from './parse-json.js';

/** Parses a JSON var file of an HCL2 configuration. Never throws. */
export function parseJsonVarFile(path: string, text: string): ParsedFile {
  const { lines, root, diagnostics } = readJson(path, text, 'hcl');
  const converter = new JsonConverter(lines);
  const body: Body = { range: lines.rangeOf(0, text.length), attributes: [], blocks: [] };
  const fault = (offset: number, message: string, code = HCL_JSON_STRUCTURE_CODE): Diagnostic =>
    diagnostic(path, lines.rangeOf(offset, offset + 1), code, message);
  if (root?.type === 'array') {
    diagnostics.push(
      fault(
        root.offset,
        'Incorrect JSON value type; A JSON object is required here, setting the arguments for this block.',
      ),
    );
  } else if (root && root.type !== 'object' && diagnostics.length === 0) {
    diagnostics.push(
      fault(
        root.offset,
        'Root value must be object; The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects.',
      ),
    );
  }
  if (root?.type !== 'object') return { path, text, syntax: 'json', body, diagnostics, isVarFile: true };
  body.range = converter.range(root);
  const first = new Map<string, Attribute>();
  for (const attribute of converter.body(root).attributes) {
    if (attribute.name === '//') continue;
    if (attribute.name === 'variable') {
      diagnostics.push(declarationInVarFile(path, attribute));
      continue;
    }
    const earlier = first.get(attribute.name);
    if (earlier) {
      const { start, end } = earlier.nameRange;
      diagnostics.push(
        diagnostic(
          path,
          attribute.nameRange,
          HCL_DUPLICATE_ATTRIBUTE,
          `Duplicate attribute definition; The argument "${attribute.name}" was already set at ${path}:${start.line + 1},${start.character + 1}-${end.character + 1}.`,
          'error',
          { previous: earlier.nameRange },
        ),
      );
      continue;
    }
    first.set(attribute.name, attribute);
    body.attributes.push(attribute);
  }
  return { path, text, syntax: 'json', body, diagnostics, isVarFile: true };
}

/** Packer's probe for `variable` blocks in a var file, a common mistake. */
function declarationInVarFile(path: string, attribute: Attribute): Diagnostic {
  const value = attribute.value;
  const name = value.type === 'object' ? value.items[0]?.keyName : undefined;
  const named = name ?? 'NAME';
  return diagnostic(
    path,
    attribute.nameRange,
    'variable-in-var-file',
    `Variable declaration in a .pkrvar file; A .pkrvar file is used to assign values to variables that have already been declared in .pkr files, not to declare new variables. To declare variable "${named}", place this block in one of your .pkr files, such as variables.pkr.hcl. To set a value for this variable in ${path}, use the definition syntax instead: "${named}": <value>`,
  );
}
