/**
 * The HCL2 parser of chrootforge: web-tree-sitter with the HCL grammar,
 * converted into the shared template model with exact source ranges.
 *
 * ```ts
 * await initHclParser();              // once, at start-up
 * const file = parseHcl(path, text);  // synchronous from then on
 * ```
 */
import type { Node } from 'web-tree-sitter';
import type { Diagnostic, ParsedFile } from '../model.js';
import { convertContext, HCL_SYNTAX, offsetRange, type ConvertContext } from './convert-context.js';
import { convertConfigFile } from './convert-body.js';
import { duplicateAttributeDiagnostics } from './duplicate-attributes.js';
import { syntaxErrorDiagnostics } from './syntax-errors.js';
import { checkHclSyntax } from './hcl-syntax-check.js';
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
    const diagnostics = [...syntaxDiagnostics(ctx, tree.rootNode), ...ctx.diagnostics, ...duplicateAttributeDiagnostics(path, body)];
    const file: ParsedFile = { path, text, syntax: 'hcl', body, diagnostics };
    if (isHclVarFile(path)) file.isVarFile = true;
    return file;
  } finally {
    // The tree lives in wasm memory, which the garbage collector does not see.
    tree.delete();
  }
}

/**
 * HCL's own verdict on the syntax (see hcl-syntax-check.ts). Should it find
 * nothing while tree-sitter could not parse the text, tree-sitter's errors
 * are reported instead, so a text the model could not represent never
 * passes silently.
 */
function syntaxDiagnostics(ctx: ConvertContext, root: Node): Diagnostic[] {
  const faults = checkHclSyntax(ctx.text);
  if (faults.length === 0) return root.hasError ? syntaxErrorDiagnostics(ctx, root) : [];
  return faults.map((fault) => ({
    file: ctx.file,
    range: offsetRange(ctx, fault.start, fault.end),
    severity: 'error',
    code: HCL_SYNTAX,
    message: fault.message,
  }));
}
