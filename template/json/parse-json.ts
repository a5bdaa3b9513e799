/**
 * Legacy JSON templates into the shared model, with a range for every node.
 * jsonc-parser gives offsets and recovers from errors, so a broken file still
 * yields everything around the fault.
 */
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';
import type { Attribute, Body, Diagnostic, Expr, ObjectItem, ParsedFile, Range } from '../model.js';
import { firstTooDeep, NESTED_TOO_DEEPLY, type Span } from '../nesting-limit.js';
import { LineIndex } from '../text/line-index.js';

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number format',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: 'Expected ":" after the property name',
  CommaExpected: 'Expected "," between members',
  CloseBraceExpected: 'Expected "}" to close the object',
  CloseBracketExpected: 'Expected "]" to close the array',
  EndOfFileExpected: 'Expected the end of the file after the template object',
  InvalidCommentToken: 'Comments are not allowed in JSON templates',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid unicode escape sequence',
  InvalidEscapeCharacter: 'Invalid escape character in string',
  InvalidCharacter: 'Invalid character',
};

/** What a legacy JSON template that is valid JSON but no object is told. */
export const NOT_AN_OBJECT = 'A JSON template must be an object: {"builders": [...], ...}';

/** Parses a legacy JSON template (or JSON var file). Never throws. */
export function parseJson(path: string, text: string): ParsedFile {
  const lines = new LineIndex(text);
  const emptyBody: Body = { range: lines.rangeOf(0, text.length), attributes: [], blocks: [] };
  const tooDeep = firstTooDeep(jsonTokens(text), (t) => t.delta);
  if (tooDeep) {
    const diagnostic: Diagnostic = {
      file: path,
      range: lines.rangeOf(tooDeep.start, tooDeep.end),
      severity: 'error',
      code: 'json-syntax',
      message: NESTED_TOO_DEEPLY,
    };
    return { path, text, syntax: 'json', body: emptyBody, diagnostics: [diagnostic] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const diagnostics = errors.map((e) => syntaxDiagnostic(path, lines, e));
  const converter = new JsonConverter(lines);
  let body = emptyBody;
  if (root?.type === 'object') {
    body = converter.body(root);
  } else if (root && errors.length === 0) {
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

/** Brackets as jsonc-parser's scanner sees them (strings skipped): +1 opens, -1 closes. */
function* jsonTokens(text: string): Generator<Span & { delta: number }> {
  const scanner = createScanner(text, true);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const opens = kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken;
    const closes = kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken;
    if (opens || closes)
      yield { start: scanner.getTokenOffset(), end: scanner.getTokenOffset() + 1, delta: opens ? 1 : -1 };
  }
}

function syntaxDiagnostic(path: string, lines: LineIndex, error: ParseError): Diagnostic {
  const name = printParseErrorCode(error.error);
  return {
    file: path,
    range: lines.rangeOf(error.offset, error.offset + Math.max(error.length, 1)),
    severity: 'error',
    code: 'json-syntax',
    message: ERROR_TEXT[name] ?? name,
  };
}

class JsonConverter {
  constructor(private readonly lines: LineIndex) {}

  private range(node: Node): Range {
    return this.lines.rangeOf(node.offset, node.offset + node.length);
  }

  /** An object's members become attributes (JSON has no blocks). */
  body(node: Node): Body {
    const attributes: Attribute[] = [];
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || key.type !== 'string') continue;
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
      if (!key || key.type !== 'string') continue;
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
 * True when a text is a legacy JSON template (content sniffing for editors:
 * a `.json` file is a template only when its top-level object has
 * `builders`; a nested "builders" key elsewhere does not count).
 */
export function isJsonTemplate(text: string): boolean {
  const start = text.search(/\S/);
  if (start < 0 || text[start] !== '{' || !text.includes('"builders"')) return false;
  const root = parseTree(text, [], { disallowComments: false, allowTrailingComma: true });
  return root?.type === 'object' && (root.children ?? []).some((p) => p.children?.[0]?.value === 'builders');
}
