/**
 * Semantic tokens inside strings: `${ }` interpolations and `{{ }}`
 * Go-template actions, which TextMate grammars colour as plain string
 * text. Outside strings the grammar does well and we add nothing.
 */
import type { SemanticTokens } from 'vscode-languageserver/node';
import { LineIndex, type Expr, type ParsedFile, type TemplateExpr } from '../../template/index.js';
import { walkBody, walkExpr } from './shared/walk.js';

/** Token types and modifiers; the feature emits indexes into these lists. */
export const SEMANTIC_LEGEND = {
  tokenTypes: ['macro', 'variable', 'function', 'property', 'operator', 'keyword', 'parameter'],
  tokenModifiers: ['readonly', 'defaultLibrary'],
};

const TYPE = { macro: 0, variable: 1, function: 2, property: 3, operator: 4, keyword: 5 } as const;

interface Token {
  offset: number;
  length: number;
  type: number;
}

const GO_KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'template', 'define', 'block', 'break', 'continue']);

/** The tokens of a file's strings, encoded as LSP wants (relative positions). */
export function semanticTokens(file: ParsedFile): SemanticTokens {
  const index = new LineIndex(file.text);
  const tokens: Token[] = [];
  walkBody(file.body, (expr) => {
    if (expr.type === 'template') tokens.push(...templateTokens(expr, index));
  });
  return { data: encode(dedupe(tokens), index) };
}

function templateTokens(template: TemplateExpr, index: LineIndex): Token[] {
  const out: Token[] = [];
  for (const part of template.parts) {
    const start = index.offsetAt(part.range.start);
    if (part.kind === 'literal') {
      out.push(...actionTokens(part.raw, start));
      continue;
    }
    const end = index.offsetAt(part.range.end);
    out.push({ offset: start, length: 2, type: TYPE.macro }, { offset: end - 1, length: 1, type: TYPE.macro });
    // Nested templates are visited by walkBody on their own; here only references and calls.
    walkExpr(part.expr, (e) => void out.push(...exprTokens(e, index)));
  }
  return out;
}

function exprTokens(expr: Expr, index: LineIndex): Token[] {
  if (expr.type === 'traversal') {
    const start = index.offsetAt(expr.range.start);
    return [{ offset: start, length: index.offsetAt(expr.range.end) - start, type: TYPE.variable }];
  }
  if (expr.type === 'call') {
    const start = index.offsetAt(expr.nameRange.start);
    return [{ offset: start, length: expr.name.length, type: TYPE.function }];
  }
  return [];
}

/** `{{`, `}}`, `.Data`, function names and keywords in a literal piece of text. */
function actionTokens(raw: string, base: number): Token[] {
  const out: Token[] = [];
  for (const action of raw.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
    const at = base + action.index!;
    const inner = action[1]!;
    const innerAt = at + action[0].indexOf(inner, 2);
    out.push({ offset: at, length: action[0].startsWith('{{-') ? 3 : 2, type: TYPE.macro });
    for (const word of inner.matchAll(
      /"(?:[^"\\]|\\.)*"|`[^`]*`|(\$?\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g,
    )) {
      const text = word[1];
      if (!text) continue;
      const type = text.startsWith('.')
        ? TYPE.property
        : text.startsWith('$')
          ? TYPE.variable
          : GO_KEYWORDS.has(text)
            ? TYPE.keyword
            : TYPE.function;
      out.push({ offset: innerAt + word.index!, length: text.length, type });
    }
    const closeLength = action[0].endsWith('-}}') ? 3 : 2;
    out.push({ offset: at + action[0].length - closeLength, length: closeLength, type: TYPE.macro });
  }
  return out;
}

/** Sorted, without overlaps (the first token at a place wins). */
function dedupe(tokens: Token[]): Token[] {
  const sorted = tokens.filter((t) => t.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
  const out: Token[] = [];
  let end = -1;
  for (const t of sorted) {
    if (t.offset < end) continue;
    out.push(t);
    end = t.offset + t.length;
  }
  return out;
}

/** Relative encoding; a token crossing a line end is left out (clients without multiline tokens reject it). */
function encode(tokens: Token[], index: LineIndex): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of tokens) {
    const start = index.positionAt(t.offset);
    const end = index.positionAt(t.offset + t.length);
    if (end.line !== start.line) continue;
    data.push(
      start.line - line,
      start.line === line ? start.character - character : start.character,
      end.character - start.character,
      t.type,
      0,
    );
    line = start.line;
    character = start.character;
  }
  return data;
}
