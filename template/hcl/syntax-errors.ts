/**
 * tree-sitter ERROR and MISSING nodes → `hcl-syntax` diagnostics worded as
 * HashiCorp's HCL parser words them ("Summary; Detail."), placed on the
 * token where the fault is, not on the whole stretch error recovery skipped.
 */
import type { Node } from 'web-tree-sitter';
import type { Diagnostic } from '../model.js';
import { HCL_SYNTAX, meaningfulChildren, offsetRange, type ConvertContext } from './convert-context.js';

const INVALID_EXPRESSION = 'Invalid expression; Expected the start of an expression, but found an invalid expression token.';
const ARGUMENT_OR_BLOCK = 'Argument or block definition required; An argument or block definition is required here.';
const INVALID_CHARACTER = 'Invalid character; This character is not used within the language.';
const UNCLOSED_BLOCK =
  'Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.';
const UNTERMINATED_STRING = 'Unterminated template string; No closing marker was found for the string.';

/** Node types whose direct ERROR children stand where an argument or block should be. */
const BODY_LEVEL = new Set(['config_file', 'body', 'block']);

/** Characters HCL never accepts outside strings and comments. */
const FOREIGN_CHARACTER = /^[^\sA-Za-z0-9_\-"'{}[\]().,:=!<>+*/%&|?~#$\u0080-\uffff]/u;

/** One diagnostic per error site, in source order. */
export function syntaxErrorDiagnostics(ctx: ConvertContext, root: Node): Diagnostic[] {
  const found: Diagnostic[] = [];
  const visit = (node: Node): void => {
    if (node.isMissing) {
      found.push(missingDiagnostic(ctx, node));
      return;
    }
    if (node.isError) {
      found.push(errorDiagnostic(ctx, node));
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return found;
}

function diagnosticAt(ctx: ConvertContext, start: number, end: number, message: string): Diagnostic {
  return { file: ctx.file, range: offsetRange(ctx, start, end), severity: 'error', code: HCL_SYNTAX, message };
}

function missingDiagnostic(ctx: ConvertContext, node: Node): Diagnostic {
  const type = node.type;
  const owner = node.parent?.type === 'block_end' || node.parent?.type === 'object_end' ? node.parent.parent : node.parent;
  if (type === '}' && owner?.type === 'block') {
    const open = meaningfulChildren(owner).find((child) => child.type === 'block_start');
    const at = open ?? owner;
    return diagnosticAt(ctx, at.startIndex, at.endIndex, UNCLOSED_BLOCK);
  }
  if (type === 'quoted_template_end') return diagnosticAt(ctx, node.startIndex, node.startIndex, UNTERMINATED_STRING);
  if (type === '}' || type === ']' || type === ')') {
    return diagnosticAt(ctx, node.startIndex, node.startIndex, `Missing closing ${closerName(type)}; Expected "${type}" here.`);
  }
  if (type === 'identifier' || type === 'expression' || type.endsWith('_lit')) {
    return diagnosticAt(ctx, node.startIndex, node.startIndex, INVALID_EXPRESSION);
  }
  return diagnosticAt(ctx, node.startIndex, node.startIndex, `Missing ${JSON.stringify(type)}; Expected ${JSON.stringify(type)} here.`);
}

function closerName(type: string): string {
  return type === '}' ? 'brace' : type === ']' ? 'bracket' : 'parenthesis';
}

function errorDiagnostic(ctx: ConvertContext, node: Node): Diagnostic {
  const fault = firstLeaf(node);
  const start = fault.startIndex;
  const end = Math.max(fault.endIndex, start + 1);
  const text = ctx.text.slice(start, end);
  if (FOREIGN_CHARACTER.test(text)) return diagnosticAt(ctx, start, start + 1, INVALID_CHARACTER);
  const message = BODY_LEVEL.has(node.parent?.type ?? 'config_file') ? ARGUMENT_OR_BLOCK : INVALID_EXPRESSION;
  return diagnosticAt(ctx, start, Math.min(end, ctx.text.length), message);
}

/** The first token inside an ERROR node: where the parser got lost. */
function firstLeaf(node: Node): Node {
  let current = node;
  for (;;) {
    const first = current.children.find((child): child is Node => child !== null && child.type !== 'comment');
    if (!first) return current;
    current = first;
  }
}
