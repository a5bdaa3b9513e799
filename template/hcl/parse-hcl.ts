/**
 * The HCL2 parser of chrootforge: web-tree-sitter with the HCL grammar,
 * converted into the shared template model with exact source ranges.
 *
 * ```ts
 * await initHclParser();              // once, at start-up
 * const file = parseHcl(path, text);  // synchronous from then on
 * ```
 *
 * Syntax errors are HCL's own (hcl-syntax-check.ts, worded and placed as
 * HashiCorp's parser does); the structure of a broken file is recovered
 * line by line (recover-structure.ts), so the rest of it still yields its
 * blocks and attributes.
 */
import { configurationFileKind } from '../configuration-files.js';
import type { Body, Diagnostic, ParsedFile } from '../model.js';
import { convertConfigFile } from './convert-body.js';
import { convertContext, offsetRange, type ConvertContext } from './convert-context.js';
import { duplicateAttributeDiagnostics } from './duplicate-attributes.js';
import { checkHclSyntax, HCL_SYNTAX, type SyntaxFault } from './hcl-syntax-check.js';
import { grammarCompatibleText, rangesWithoutBlankRuns } from './parser-input.js';
import { errorLineStarts, recoverStructure, type TreeParser } from './recover-structure.js';
import { NestingTooDeep, syntaxTree, type SyntaxNode } from './syntax-node.js';
import { NESTED_TOO_DEEPLY } from '../nesting-limit.js';
import { hclParser } from './tree-sitter-loader.js';

export { initHclParser } from './tree-sitter-loader.js';

/**
 * Parses one HCL file. Never throws on bad input: syntax errors become
 * `hcl-syntax` diagnostics and the rest of the file is still converted.
 * Throws only when {@link initHclParser} has not completed.
 */
export function parseHcl(path: string, text: string): ParsedFile {
  const ctx = convertContext(path, text);
  const check = checkHclSyntax(text, path);
  const faults = check.faults.map((fault) => faultDiagnostic(ctx, fault));
  if (check.tooDeep) return hclFile(path, text, emptyBody(ctx), faults);
  try {
    const body = convertText(ctx, text, maskableFaults([...check.faults, ...check.suppressed]));
    // Syntax errors are HCL's verdict alone: where tree-sitter's grammar is
    // narrower than HCL (it fails on text HCL accepts), it must not raise a
    // false error; the model of such text is then best effort.
    return hclFile(path, text, body, [...faults, ...duplicateAttributeDiagnostics(path, body)]);
  } catch (err) {
    if (!(err instanceof NestingTooDeep)) throw err;
    const tooDeep = faultDiagnostic(ctx, { start: err.offset, end: err.offset + 1, message: NESTED_TOO_DEEPLY });
    return hclFile(path, text, emptyBody(ctx), [...faults, tooDeep]);
  }
}

/** The tree-sitter parse of the text, converted; broken files recovered line by line. */
function convertText(ctx: ConvertContext, text: string, maskable: number[]): Body {
  const parser = hclParser();
  const input = grammarCompatibleText(text);
  // A broken text's long blank runs are left out of its parses (rangesWithoutBlankRuns: tree-sitter's recovery is quadratic in them).
  const broken = maskable.length > 0;
  const parse: TreeParser = (source, use) => {
    const includedRanges = broken ? rangesWithoutBlankRuns(source) : undefined;
    const tree = parser.parse(source, null, includedRanges ? { includedRanges } : undefined);
    if (!tree) throw new Error(`the HCL parser returned no tree for ${ctx.file}`);
    try {
      return use(tree.rootNode);
    } finally {
      // The tree lives in wasm memory, which the garbage collector does not see.
      tree.delete();
    }
  };
  // The wasm tree is freed before any recovery parse: only its plain copy is kept.
  const first = parse(input, (root) => ({
    tree: syntaxTree(root),
    errorLines: root.hasError ? errorLineStarts(input, root) : undefined,
  }));
  if (!first.errorLines) return convertConfigFile(ctx, first.tree);
  const recovered = recoverStructure(ctx, input, first.errorLines, maskable, parse);
  // The first tree is converted only when it keeps more than the recovery.
  return itemCount(recovered) >= treeItemCount(first.tree.children) ? recovered : convertConfigFile(ctx, first.tree);
}

function emptyBody(ctx: ConvertContext): Body {
  return { range: offsetRange(ctx, 0, ctx.text.length), attributes: [], blocks: [] };
}

function hclFile(path: string, text: string, body: Body, diagnostics: Diagnostic[]): ParsedFile {
  const file: ParsedFile = { path, text, syntax: 'hcl', body, diagnostics };
  // Variable-value files hold only attributes.
  if (configurationFileKind(path) === 'vars') file.isVarFile = true;
  return file;
}

function faultDiagnostic(ctx: ConvertContext, fault: SyntaxFault): Diagnostic {
  return {
    file: ctx.file,
    range: offsetRange(ctx, fault.start, fault.end),
    severity: 'error',
    code: HCL_SYNTAX,
    message: fault.message,
  };
}

/**
 * Where faults are whose lines may be blanked for recovery. An unclosed
 * block is reported at its opening brace: blanking that line would lose the
 * block, and tree-sitter already recovers a missing closing brace well.
 */
function maskableFaults(faults: SyntaxFault[]): number[] {
  return faults
    .filter((fault) => !fault.message.startsWith('Unclosed configuration block'))
    .map((fault) => fault.start);
}

/** Attributes and blocks, nested ones included: how much of a file a conversion kept. */
function itemCount(body: Body): number {
  return body.attributes.length + body.blocks.reduce((sum, block) => sum + 1 + itemCount(block.body), 0);
}

/**
 * {@link itemCount} of what {@link convertConfigFile} would make of these
 * nodes, without converting them (the same walk as its `collectInto`).
 */
function treeItemCount(nodes: readonly SyntaxNode[]): number {
  let count = 0;
  for (const node of nodes) {
    if (node.type === 'attribute') count++;
    else if (node.type === 'block')
      count += 1 + treeItemCount(node.children.filter((child) => child.type === 'body' || child.type === 'ERROR'));
    else if (node.type === 'body' || node.type === 'ERROR') count += treeItemCount(node.children);
  }
  return count;
}
