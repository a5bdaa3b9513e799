/**
 * Legacy JSON templates into the shared model, with a range for every node.
 * jsonc-parser gives offsets and recovers from errors, so a broken file still
 * yields everything around the fault.
 */
import { createScanner, SyntaxKind, type JSONScanner, type Node } from 'jsonc-parser';
import type { Attribute, Body, Expr, ObjectItem, ParsedFile, Range } from '../model.js';
import type { LineIndex } from '../text/line-index.js';
import { readJson } from './json-syntax.js';

/** What a legacy JSON template that is valid JSON but no object is told. */
export const NOT_AN_OBJECT = 'A JSON template must be an object: {"builders": [...], ...}';

/** Parses a legacy JSON template (or JSON var file). Never throws. */
export function parseJson(path: string, text: string): ParsedFile {
  const { lines, root, diagnostics } = readJson(path, text, 'legacy');
  const converter = new JsonConverter(lines);
  let body: Body = { range: lines.rangeOf(0, text.length), attributes: [], blocks: [] };
  if (root?.type === 'object') {
    body = converter.body(root);
  } else if (root && diagnostics.length === 0) {
    diagnostics.push({
      file: path,
      range: lines.rangeOf(root.offset, root.offset + root.length),
      severity: 'error',
      code: 'json-syntax',
      message: NOT_AN_OBJECT,
    });
  }
  return { path, text, syntax: 'json', body, diagnostics };
}

/** JSON values as literal expressions: every string one literal piece (no `${ }` or `{{ }}` is parsed here). */
export class JsonConverter {
  constructor(private readonly lines: LineIndex) {}

  range(node: Node): Range {
    return this.lines.rangeOf(node.offset, node.offset + node.length);
  }

  /** An object's members become attributes (JSON has no blocks). */
  body(node: Node): Body {
    const attributes: Attribute[] = [];
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key?.type !== 'string') continue;
      attributes.push({
        name: String(key.value),
        nameRange: this.range(key),
        value: value ? this.expr(value) : { type: 'invalid', range: this.range(property) },
        range: this.range(property),
      });
    }
    return { range: this.range(node), attributes, blocks: [] };
  }

  expr(node: Node): Expr {
    const range = this.range(node);
    switch (node.type) {
      case 'string':
        return this.string(node);
      case 'number':
      case 'boolean':
      case 'null':
        return { type: 'literal', value: node.value as number | boolean | null, range };
      case 'array':
        return { type: 'tuple', items: (node.children ?? []).map((child) => this.expr(child)), range };
      case 'object':
        return { type: 'object', items: this.objectItems(node), range };
      default:
        return { type: 'invalid', range };
    }
  }

  private objectItems(node: Node): ObjectItem[] {
    const items: ObjectItem[] = [];
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key?.type !== 'string') continue;
      items.push({
        key: this.string(key),
        keyName: String(key.value),
        value: value ? this.expr(value) : { type: 'invalid', range: this.range(property) },
        range: this.range(property),
      });
    }
    return items;
  }

  /** A JSON string is one literal piece; `raw` is the text between the quotes. */
  private string(node: Node): Expr {
    const range = this.range(node);
    const rawStart = node.offset + 1;
    const rawEnd = Math.max(rawStart, node.offset + node.length - 1);
    return {
      type: 'template',
      range,
      parts: [
        {
          kind: 'literal',
          value: String(node.value ?? ''),
          raw: this.lines.text.slice(rawStart, rawEnd),
          range: this.lines.rangeOf(rawStart, rawEnd),
        },
      ],
    };
  }
}

/**
 * Whether a text is a legacy JSON template: an object with a `builders`
 * key at its top level. Asked of every `.json` file the editor sees, on
 * every change, so it reads tokens without building a tree and stops at
 * the first top-level `builders` key (a 7 MB template's tree took as long
 * as its analysis).
 */
export function isJsonTemplate(text: string): boolean {
  const start = text.search(/\S/);
  if (start < 0 || text[start] !== '{' || !text.includes('"builders"')) return false;
  const scanner = createScanner(text, true);
  let depth = 0;
  // A key is a string at depth 1 that is not a value (after a colon); as
  // jsonc-parser's tree reads broken text (a missing comma or colon), so a
  // template being typed stays one.
  let afterColon = false;
  for (let kind = scanSignificant(scanner); kind !== SyntaxKind.EOF; kind = scanSignificant(scanner)) {
    if (depth === 1 && !afterColon && kind === SyntaxKind.StringLiteral && scanner.getTokenValue() === 'builders')
      return true;
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) depth++;
    else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth--;
      // The root object closed: what follows is no part of it.
      if (depth === 0) return false;
    }
    afterColon = kind === SyntaxKind.ColonToken;
  }
  return false;
}

/** The next token that is not a comment, a line break or white space. */
function scanSignificant(scanner: JSONScanner): SyntaxKind {
  for (;;) {
    const kind = scanner.scan();
    if (
      kind !== SyntaxKind.LineCommentTrivia &&
      kind !== SyntaxKind.BlockCommentTrivia &&
      kind !== SyntaxKind.LineBreakTrivia &&
      kind !== SyntaxKind.Trivia
    )
      return kind;
  }
}
