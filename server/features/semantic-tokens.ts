/**
 * Semantic tokens of a whole file: block types, labels, attribute names,
 * strings, numbers, comments, operators, references and function calls,
 * and inside strings the `${ }` interpolations and `{{ }}` Go-template
 * actions that TextMate grammars colour as plain string text. Types and
 * modifiers are LSP's standard ones, so any client's theme colours them.
 *
 * Each character gets at most one type: lexical classes (from the HCL
 * scanner, or jsonc-parser's for JSON) are painted first, what the model
 * knows (a label names a source, a word is a reference) over them, and the
 * paint is read back as runs. Linear in the text.
 */
import type { SemanticTokens } from 'vscode-languageserver/node';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import {
  LineIndex,
  scanHcl,
  walkExpr,
  type Block,
  type Body,
  type Expr,
  type ParsedFile,
  type Range,
  type TemplateExpr,
} from '../../template/index.js';

/** Token types and modifiers; the feature emits indexes into these lists. */
export const SEMANTIC_LEGEND = {
  tokenTypes: [
    'keyword',
    'type',
    'class',
    'variable',
    'property',
    'function',
    'macro',
    'string',
    'number',
    'comment',
    'operator',
    'namespace',
  ],
  tokenModifiers: ['declaration', 'readonly', 'defaultLibrary'],
};

type TokenType =
  | 'keyword'
  | 'type'
  | 'class'
  | 'variable'
  | 'property'
  | 'function'
  | 'macro'
  | 'string'
  | 'number'
  | 'comment'
  | 'operator'
  | 'namespace';

const TYPE = Object.fromEntries(SEMANTIC_LEGEND.tokenTypes.map((t, i) => [t, i])) as Record<TokenType, number>;
const DECLARATION = 1;
const READONLY = 2;
const DEFAULT_LIBRARY = 4;

/** Block types whose first label is a plugin type. */
const TYPED_BLOCKS = new Set(['source', 'data', 'provisioner', 'error-cleanup-provisioner', 'post-processor']);
/** Roots of references that name a namespace of values. */
const NAMESPACES = new Set(['var', 'local', 'path', 'source', 'build', 'data', 'packer', 'self', 'count', 'each']);
const GO_KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'template', 'define', 'block', 'break', 'continue']);
const LITERAL_WORDS = new Set(['true', 'false', 'null']);

/** The tokens of a file, encoded as LSP wants (relative positions). */
export function semanticTokens(file: ParsedFile): SemanticTokens {
  const index = new LineIndex(file.text);
  const paint = new Paint(file.text, index);
  if (file.syntax === 'json') paintJson(paint, file.text);
  else paintHclLexemes(paint, file.text);
  paintBody(paint, file.body, file.syntax === 'json', 0);
  return { data: paint.encode() };
}

/** One type (and modifiers) per character; -1 where nothing is painted. */
class Paint {
  private readonly types: Int8Array;
  private readonly modifiers: Uint8Array;

  constructor(
    private readonly text: string,
    private readonly index: LineIndex,
  ) {
    this.types = new Int8Array(text.length).fill(-1);
    this.modifiers = new Uint8Array(text.length);
  }

  at(start: number, end: number, type: TokenType, modifiers = 0): void {
    const to = Math.min(end, this.text.length);
    if (to <= start) return;
    this.types.fill(TYPE[type], start, to);
    this.modifiers.fill(modifiers, start, to);
  }

  range(range: Range, type: TokenType, modifiers = 0): void {
    this.at(this.index.offsetAt(range.start), this.index.offsetAt(range.end), type, modifiers);
  }

  offset(position: Range['start']): number {
    return this.index.offsetAt(position);
  }

  /** Runs of one type and modifiers, split at line ends (clients need not support multi-line tokens). */
  encode(): number[] {
    const { text, types, modifiers } = this;
    const data: number[] = [];
    let line = 0;
    let lineStart = 0;
    let lastLine = 0;
    let lastChar = 0;
    let i = 0;
    while (i < text.length) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || ch === 13) {
        i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        line++;
        lineStart = i;
        continue;
      }
      const type = types[i]!;
      if (type < 0) {
        i++;
        continue;
      }
      const mods = modifiers[i]!;
      let end = i + 1;
      while (end < text.length && types[end] === type && modifiers[end] === mods) {
        const c = text.charCodeAt(end);
        if (c === 10 || c === 13) break;
        end++;
      }
      const character = i - lineStart;
      data.push(line - lastLine, line === lastLine ? character - lastChar : character, end - i, type, mods);
      lastLine = line;
      lastChar = character;
      i = end;
    }
    return data;
  }
}

/* ------------------------------------------------------------ lexemes */

const OPERATORS = new Set([
  '=',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '&&',
  '||',
  '!',
  '+',
  '-',
  '*',
  '/',
  '%',
  '?',
  ':',
  '=>',
  '...',
]);

/** Strings, numbers, comments, literal words and operators, as HCL's scanner reads them. */
function paintHclLexemes(paint: Paint, text: string): void {
  let previousEnd = 0;
  for (const token of scanHcl(text)) {
    paintBlockComments(paint, text, previousEnd, token.start);
    previousEnd = token.end;
    const { start, end } = token;
    switch (token.type) {
      case 'oquote':
      case 'cquote':
      case 'lit':
      case 'oheredoc':
      case 'cheredoc':
        paint.at(start, end, 'string');
        break;
      case 'interp':
      case 'control':
      case 'tmplEnd':
        paint.at(start, end, 'macro');
        break;
      case 'number':
        paint.at(start, end, 'number');
        break;
      case 'ident':
        if (LITERAL_WORDS.has(text.slice(start, end))) paint.at(start, end, 'keyword');
        break;
      case 'newline':
        // A `#` or `//` comment is scanned with its line break as the newline.
        if (text[start] === '#' || text.startsWith('//', start)) paint.at(start, end, 'comment');
        break;
      default:
        if (OPERATORS.has(token.type)) paint.at(start, end, 'operator');
    }
  }
}

/** `/* … *\/` comments in the space between two tokens. */
function paintBlockComments(paint: Paint, text: string, from: number, to: number): void {
  let at = text.indexOf('/*', from);
  while (at >= 0 && at < to) {
    const close = text.indexOf('*/', at + 2);
    const end = close < 0 ? to : Math.min(close + 2, to);
    paint.at(at, end, 'comment');
    at = text.indexOf('/*', end);
  }
}

/** JSON: keys, strings, numbers, literal words, as jsonc-parser's scanner reads them. */
function paintJson(paint: Paint, text: string): void {
  const scanner = createScanner(text, false);
  let expectKey = true;
  const stack: string[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    switch (kind) {
      case SyntaxKind.OpenBraceToken:
        stack.push('{');
        expectKey = true;
        break;
      case SyntaxKind.OpenBracketToken:
        stack.push('[');
        expectKey = false;
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        stack.pop();
        break;
      case SyntaxKind.CommaToken:
        expectKey = stack[stack.length - 1] === '{';
        break;
      case SyntaxKind.ColonToken:
        expectKey = false;
        break;
      case SyntaxKind.StringLiteral:
        paint.at(start, end, expectKey ? 'property' : 'string');
        break;
      case SyntaxKind.NumericLiteral:
        paint.at(start, end, 'number');
        break;
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword:
        paint.at(start, end, 'keyword');
        break;
      case SyntaxKind.LineCommentTrivia:
      case SyntaxKind.BlockCommentTrivia:
        paint.at(start, end, 'comment');
        break;
    }
  }
}

/* ------------------------------------------------------------- model */

function paintBody(paint: Paint, body: Body, json: boolean, depth: number): void {
  for (const attribute of body.attributes) {
    // A JSON key keeps its string colour; an HCL attribute name is a property (a local: a declaration).
    if (!json) paint.range(attribute.nameRange, 'property');
    walkExpr(attribute.value, (expr) => void paintExpr(paint, expr));
  }
  for (const block of body.blocks) {
    paintBlockHeader(paint, block, depth);
    paintBody(paint, block.body, json, depth + 1);
    if (block.type === 'locals')
      for (const local of block.body.attributes) paint.range(local.nameRange, 'variable', DECLARATION | READONLY);
  }
}

function paintBlockHeader(paint: Paint, block: Block, depth: number): void {
  paint.range(block.typeRange, 'keyword');
  block.labels.forEach((label, i) => {
    if (TYPED_BLOCKS.has(block.type) && i === 0) paint.range(label.range, 'type');
    else if (block.type === 'source' && depth === 0) paint.range(label.range, 'class', DECLARATION);
    else if (block.type === 'variable' || block.type === 'local')
      paint.range(label.range, 'variable', DECLARATION | READONLY);
  });
}

function paintExpr(paint: Paint, expr: Expr): void {
  switch (expr.type) {
    case 'traversal': {
      const namespace = NAMESPACES.has(expr.root);
      paint.range(expr.rootRange, namespace ? 'namespace' : 'variable', namespace ? 0 : READONLY);
      for (const step of expr.steps) {
        if (step.kind !== 'attr') continue;
        // The step's range holds its dot: the name alone is the token.
        const end = paint.offset(step.range.end);
        paint.at(end - String(step.name).length, end, namespace ? 'variable' : 'property', READONLY);
      }
      break;
    }
    case 'call':
      paint.range(expr.nameRange, 'function', DEFAULT_LIBRARY);
      break;
    case 'template':
      paintTemplate(paint, expr);
      break;
  }
}

/** `{{`, `}}`, `.Data`, function names and keywords in a string's literal pieces. */
function paintTemplate(paint: Paint, template: TemplateExpr): void {
  for (const part of template.parts) {
    if (part.kind !== 'literal') continue;
    const base = paint.offset(part.range.start);
    for (const action of part.raw.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
      const at = base + action.index!;
      const inner = action[1]!;
      const innerAt = at + action[0].indexOf(inner, 2);
      paint.at(at, at + action[0].length, 'macro');
      for (const word of inner.matchAll(
        /"(?:[^"\\]|\\.)*"|`[^`]*`|(\$?\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g,
      )) {
        const start = innerAt + word.index!;
        const text = word[1];
        if (!text) {
          paint.at(start, start + word[0].length, 'string');
          continue;
        }
        const type: TokenType = text.startsWith('.')
          ? 'property'
          : text.startsWith('$')
            ? 'variable'
            : GO_KEYWORDS.has(text)
              ? 'keyword'
              : 'function';
        paint.at(start, start + text.length, type, type === 'function' ? DEFAULT_LIBRARY : 0);
      }
    }
  }
}
