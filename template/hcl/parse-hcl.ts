/**
 * The HCL2 parser of chrootforge: web-tree-sitter with the HCL grammar,
 * converted into the shared template model with exact source ranges.
 *
 * ```ts
 * await initHclParser();              // once, at start-up
 * const file = parseHcl(path, text);  // synchronous from then on
 * ```
 */
import type { ParsedFile } from '../model.js';
import { convertContext } from './convert-context.js';
import { convertConfigFile } from './convert-body.js';
import { duplicateAttributeDiagnostics } from './duplicate-attributes.js';
import { syntaxErrorDiagnostics } from './syntax-errors.js';
import { grammarCompatibleText } from './parser-input.js';
import { hclParser } from './tree-sitter-loader.js';

export { initHclParser } from './tree-sitter-loader.js';

/** Variable-value files (`*.pkrvars.hcl`) hold only attributes. */
export function isHclVarFile(path: string): boolean {
  return path.endsWith('.pkrvars.hcl');
}

/**
 * Parses one HCL file. Never throws on bad input: syntax errors become
 * `hcl-syntax` diagnostics and the rest of the file is still converted.
 * Throws only when {@link initHclParser} has not completed.
 */
export function parseHcl(path: string, text: string): ParsedFile {
  const tree = hclParser().parse(grammarCompatibleText(text));
  if (!tree) throw new Error(`the HCL parser returned no tree for ${path}`);
  try {
    const ctx = convertContext(path, text);
    const body = convertConfigFile(ctx, tree.rootNode);
    const diagnostics = [...syntaxErrorDiagnostics(ctx, tree.rootNode), ...ctx.diagnostics, ...duplicateAttributeDiagnostics(path, body)];
    const file: ParsedFile = { path, text, syntax: 'hcl', body, diagnostics };
    if (isHclVarFile(path)) file.isVarFile = true;
    return file;
  } finally {
    // The tree lives in wasm memory, which the garbage collector does not see.
    tree.delete();
  }
}
