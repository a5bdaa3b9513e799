/**
 * `*.pkr.json` files: HCL2 in JSON syntax, which Packer reads with HCL's
 * JSON parser as part of the directory's configuration (not a legacy
 * template: those are named `*.json`). chrootforge does not convert this
 * syntax into the model yet. What is certain is reported: JSON syntax
 * errors, and top-level properties that are no block type Packer knows (a
 * legacy template named `.pkr.json` is the usual cause, and Packer refuses
 * it the same way). One warning then says the rest is not checked.
 */
import { diagnostic } from '../diagnostic.js';
import type { ParsedFile, Range } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import { NOT_AN_OBJECT, parseJson } from './parse-json.js';

/** The stable code of the "not checked" warning. */
export const HCL_JSON_UNCHECKED_CODE = 'hcl-json-unchecked';

/** Packer's top-level block types (hcl2template configSchema). */
const TOP_LEVEL_BLOCKS = [
  'packer',
  'source',
  'variables',
  'variable',
  'locals',
  'local',
  'data',
  'build',
  'hcp_packer_registry',
  'communicator',
];

/** Keys of a legacy JSON template that HCL2 has no block for. */
const LEGACY_ONLY_KEYS = new Set(['builders', 'provisioners', 'post-processors', 'sensitive-variables']);

/**
 * Parses an HCL2 JSON-syntax file. Never throws. Its body stays empty: its
 * blocks are not validated, and what it declares is not seen by the other
 * files (the warning says so). Syntax `hcl`: it is HCL2, and nothing in it
 * must be read as a legacy template.
 */
export function parseHclJson(path: string, text: string): ParsedFile {
  const json = parseJson(path, text);
  const diagnostics = json.diagnostics.map((d) =>
    d.message === NOT_AN_OBJECT ? { ...d, message: 'An HCL2 JSON file (.pkr.json) must hold one object of blocks' } : d,
  );
  const { start } = json.body.range;
  // The root object's opening brace: the file as a whole, without marking every line.
  const openingBrace: Range = { start, end: { line: start.line, character: start.character + 1 } };
  if (diagnostics.length === 0) {
    const isLegacy = json.body.attributes.some((a) => LEGACY_ONLY_KEYS.has(a.name));
    for (const property of json.body.attributes) {
      // "//" is HCL JSON's comment property.
      if (property.name === '//' || TOP_LEVEL_BLOCKS.includes(property.name)) continue;
      diagnostics.push(
        diagnostic(
          path,
          property.nameRange,
          'unknown-block',
          `No argument or block type is named "${property.name}".${didYouMean(suggest(property.name, TOP_LEVEL_BLOCKS))}` +
            (isLegacy
              ? ' Packer reads a .pkr.json file as HCL2 in JSON syntax: a legacy JSON template needs a name ending in .json only (e.g. template.json).'
              : ''),
        ),
      );
    }
    diagnostics.push(
      diagnostic(
        path,
        openingBrace,
        HCL_JSON_UNCHECKED_CODE,
        'chrootforge does not check HCL2 JSON syntax (.pkr.json) yet: the blocks of this file are not validated, and the variables, locals and sources it declares are unknown to the other files of the configuration.',
        'warning',
      ),
    );
  }
  return { path, text, syntax: 'hcl', body: { ...json.body, attributes: [], blocks: [] }, diagnostics };
}
