/**
 * JSON values of an HCL JSON file as HCL expressions (hcl json/spec.md,
 * "Expressions"): numbers, booleans and null are literals, arrays tuples,
 * objects objects whose keys are templates too, and every string is an HCL
 * template — `"${var.x}"` is the variable's value, `"a-${var.x}"` a string.
 * Where Packer reads a value by static analysis (a variable's `type`), the
 * string holds a native expression instead. Every node keeps its exact
 * range in the JSON text, inside strings through their escapes.
 */
import type { Node } from 'jsonc-parser';
import { parseEmbeddedExpression, parseEmbeddedTemplates, type EmbeddedText } from '../hcl/parse-embedded.js';
import type { Diagnostic, Expr, ObjectItem, Range, TemplateExpr } from '../model.js';
import type { LineIndex } from '../text/line-index.js';
import { decodeJsonString } from './json-string.js';

/** How a JSON string is read: a template (full expression mode) or a native expression (static analysis). */
export type StringMode = 'template' | 'expression';

/** A string whose template is parsed with the others of its file ({@link HclJsonExpressions.finish}). */
interface Pending {
  expr: TemplateExpr;
  embedded: EmbeddedText;
  /** What else waits for its parts (an object key's static text). */
  onParsed?: (expr: TemplateExpr) => void;
}

/**
 * Converts the values of one file. Strings that hold `${` or `%{` are
 * parsed together when the file is done: {@link finish} must be called
 * before the model is used (their parts are empty until then).
 */
export class HclJsonExpressions {
  /** HCL's syntax errors inside strings. */
  readonly diagnostics: Diagnostic[] = [];
  private readonly pending: Pending[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
  ) {}

  range(node: Node): Range {
    return this.lines.rangeOf(node.offset, node.offset + node.length);
  }

  /** A JSON value as an expression; `mode` says how a string (at this level only) is read. */
  expr(node: Node | undefined, at: Range, mode: StringMode = 'template'): Expr {
    if (!node) return { type: 'invalid', range: at };
    const range = this.range(node);
    switch (node.type) {
      case 'string':
        return mode === 'expression' ? this.expression(node) : this.template(node);
      case 'number':
      case 'boolean':
      case 'null':
        return { type: 'literal', value: node.value as number | boolean | null, range };
      case 'array':
        return { type: 'tuple', items: (node.children ?? []).map((child) => this.expr(child, range)), range };
      case 'object':
        return { type: 'object', items: this.objectItems(node), range };
      default:
        return { type: 'invalid', range };
    }
  }

  /** A string as an HCL template; one without `${` or `%{` is its literal text, no parse needed. */
  template(node: Node): TemplateExpr {
    const embedded = this.embedded(node);
    const range = this.range(node);
    if (!embedded.text.includes('${') && !embedded.text.includes('%{')) {
      const { offsets } = embedded;
      const start = offsets[0]!;
      const end = offsets[offsets.length - 1]!;
      const raw = this.lines.text.slice(start, end);
      const parts: TemplateExpr['parts'] =
        embedded.text === ''
          ? []
          : [{ kind: 'literal', value: embedded.text, raw, range: this.lines.rangeOf(start, end) }];
      return { type: 'template', parts, range, jsonString: true };
    }
    const expr: TemplateExpr = { type: 'template', parts: [], range, jsonString: true };
    this.pending.push({ expr, embedded });
    return expr;
  }

  /** Parses every template string met so far, in one parse of the HCL parser, and fills in their parts. */
  finish(): void {
    const pending = this.pending.splice(0);
    parseEmbeddedTemplates(pending.map((p) => p.embedded)).forEach((parsed, i) => {
      const { expr, onParsed } = pending[i]!;
      expr.parts = parsed.expr.parts;
      this.diagnostics.push(...parsed.diagnostics);
      onParsed?.(expr);
    });
  }

  /** A string holding a native HCL expression (`"list(string)"`). */
  private expression(node: Node): Expr {
    const parsed = parseEmbeddedExpression(this.embedded(node));
    this.diagnostics.push(...parsed.diagnostics);
    return parsed.expr;
  }

  private embedded(node: Node): EmbeddedText {
    const { text, offsets } = decodeJsonString(this.lines.text, node.offset, node.length);
    return { file: this.file, lines: this.lines, text, offsets };
  }

  /** An object's properties; each key is a template (`"${var.k}": 1`), its static text kept when it has none. */
  private objectItems(node: Node): ObjectItem[] {
    const items: ObjectItem[] = [];
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key?.type !== 'string') continue;
      const range = this.range(property);
      const keyExpr = this.template(key);
      // A key with `${` waits for the file's parse (it was the last string met).
      const last = this.pending.at(-1);
      const waiting = last?.expr === keyExpr ? last : undefined;
      const item: ObjectItem = { key: keyExpr, value: this.expr(value, range), range };
      const setName = (expr: TemplateExpr) => {
        if (expr.parts.every((p) => p.kind === 'literal')) item.keyName = expr.parts.map((p) => p.value).join('');
      };
      if (waiting) waiting.onParsed = setName;
      else setName(keyExpr);
      items.push(item);
    }
    return items;
  }
}
