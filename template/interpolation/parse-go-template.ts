/**
 * Parses the Go text/template text of a string (Packer's `{{ }}`) into
 * {@link GoTemplate}: text, comments and actions with pipelines, each token
 * with its range in the file. Errors use Go's wording where Go has one
 * (`unclosed action`, `missing value for command`, `unexpected {{end}}`).
 *
 * Control actions (`if`, `range`, `with`, `else`, `end`, `template`,
 * `define`, `block`, `break`, `continue`) are parsed enough to check their
 * pipelines and their nesting; the tree itself stays flat.
 */
import type { Position, Syntax, TemplateExpr } from '../model.js';
import type {
  ActionKeyword,
  ActionNode,
  Command,
  FieldName,
  GoTemplate,
  GoTemplateError,
  Located,
  Operand,
  Pipeline,
  StringNode,
  TemplateNode,
  VariableNode,
} from './go-template-ast.js';
import { lexGoTemplate, type Token } from './lex-go-template.js';
import { mapPlainText, mapTemplateExpr, rangeOf, type MappedText } from './mapped-text.js';
import { unquoteGoString } from './unquote.js';
import { MAX_NESTING, NESTED_TOO_DEEPLY } from '../nesting-limit.js';

/**
 * Parses a TemplateExpr of a file of the given syntax. The same string is
 * asked for by the checks, by evaluation and by validation (three or four
 * times each in a legacy template): it is parsed once per expression. The
 * result is shared, as its consumers only read it; the entry is keyed by the
 * expression's `parts` too, which an HCL JSON string receives after it is made.
 * Kept until {@link forgetParsedTemplates} (the end of an analysis): a parse
 * maps every code unit to its source position, too much to keep for the
 * life of an open document.
 */
export function parseGoTemplate(expr: TemplateExpr, syntax: Syntax): GoTemplate {
  const known = parsedTemplates.get(expr);
  if (known && known.parts === expr.parts && known.syntax === syntax) return known.template;
  const template = parseMappedText(mapTemplateExpr(expr, syntax));
  parsedTemplates.set(expr, { parts: expr.parts, syntax, template });
  return template;
}

type ParsedEntry = { parts: TemplateExpr['parts']; syntax: Syntax; template: GoTemplate };
let parsedTemplates = new WeakMap<TemplateExpr, ParsedEntry>();

/** Drops the parses {@link parseGoTemplate} keeps (a later call parses again: the same result). */
export function forgetParsedTemplates(): void {
  parsedTemplates = new WeakMap();
}

/** Parses plain text (no escapes), e.g. a value already decoded; ranges start at `start`. */
export function parseGoTemplateText(text: string, start?: Position): GoTemplate {
  return parseMappedText(mapPlainText(text, start));
}

/** Parses already-mapped text. */
export function parseMappedText(source: MappedText): GoTemplate {
  return new Parser(source).run();
}

/** True when the text could hold an action (a cheap test before parsing). */
export function mayContainActions(text: string): boolean {
  return text.includes('{{');
}

class Parser {
  private readonly tokens: Token[];
  private readonly nodes: TemplateNode[] = [];
  private readonly errors: GoTemplateError[] = [];
  private readonly openBlocks: ActionNode[] = [];
  private readonly declared = new Set<string>(['$']);
  private index = 0;
  /** Set when blocks nest past the limit: the rest is not parsed (nor reported). */
  private tooDeep = false;
  /** Tokens of the action being parsed, and the read position in them. */
  private action: Token[] = [];
  private at = 0;

  constructor(private readonly source: MappedText) {
    this.tokens = lexGoTemplate(source.text);
  }

  run(): GoTemplate {
    while (this.index < this.tokens.length && !this.tooDeep) {
      const token = this.tokens[this.index++]!;
      if (token.kind === 'text')
        this.nodes.push({ kind: 'text', text: token.text, ...this.located(token.start, token.end) });
      else if (token.kind === 'comment')
        this.nodes.push({
          kind: 'comment',
          trimLeft: !!token.trim,
          trimRight: !!token.trimRight,
          ...this.located(token.start, token.end),
        });
      else if (token.kind === 'leftDelim') this.parseAction(token);
      else if (token.kind === 'error') this.error(token.message ?? 'syntax error', token.start, token.end);
    }
    for (const open of this.tooDeep ? [] : this.openBlocks) {
      this.errors.push({
        message: `unexpected EOF: {{${open.keyword}}} has no matching {{end}}`,
        range: open.keywordRange ?? open.range,
      });
    }
    return { source: this.source, nodes: this.nodes, errors: this.errors };
  }

  private located(start: number, end: number): Located {
    return { range: rangeOf(this.source, start, end), offset: start, end };
  }

  private error(message: string, start: number, end: number): void {
    this.errors.push({ message, range: rangeOf(this.source, start, end) });
  }

  /** Collects the action's tokens, then parses them. */
  private parseAction(open: Token): void {
    this.action = [];
    this.at = 0;
    let close: Token | undefined;
    let lexError: Token | undefined;
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index]!;
      if (token.kind === 'text' || token.kind === 'leftDelim' || token.kind === 'comment') break;
      this.index++;
      if (token.kind === 'rightDelim') {
        close = token;
        break;
      }
      if (token.kind === 'error') lexError ??= token;
      else if (!lexError) this.action.push(token);
    }
    const end = close?.end ?? lexError?.end ?? this.action.at(-1)?.end ?? open.end;
    const node: ActionNode = {
      kind: 'action',
      trimLeft: !!open.trim,
      trimRight: !!close?.trim,
      broken: false,
      ...this.located(open.start, end),
    };
    this.nodes.push(node);
    if (lexError) {
      node.broken = true;
      this.error(lexError.message ?? 'syntax error', lexError.start, lexError.end);
      return;
    }
    try {
      this.parseActionBody(node, open);
    } catch (err) {
      if (!(err instanceof SyntaxFault)) throw err;
      node.broken = true;
      this.error(err.message, err.start, err.end);
    }
  }

  private parseActionBody(node: ActionNode, open: Token): void {
    const first = this.peek();
    if (!first) throw new SyntaxFault('missing value for command', open.start, open.end);
    if (first.kind !== 'keyword') {
      node.pipeline = this.parsePipeline('command', false);
      this.expectEnd();
      return;
    }
    this.at++;
    const keyword = first.text as ActionKeyword;
    node.keyword = keyword;
    node.keywordRange = rangeOf(this.source, first.start, first.end);
    this.parseControl(node, keyword, first);
  }

  private parseControl(node: ActionNode, keyword: ActionKeyword, token: Token): void {
    switch (keyword) {
      case 'if':
      case 'with':
      case 'range':
        node.pipeline = this.parsePipeline(keyword, keyword === 'range');
        this.expectEnd();
        this.openBlock(node, token);
        return;
      case 'else':
        this.parseElse(node);
        return;
      case 'end':
        this.expectEnd();
        if (!this.openBlocks.pop()) throw new SyntaxFault('unexpected {{end}}', node.offset, node.end);
        return;
      case 'break':
      case 'continue':
        this.expectEnd();
        if (!this.openBlocks.some((b) => b.keyword === 'range')) {
          throw new SyntaxFault(`{{${keyword}}} outside {{range}}`, token.start, token.end);
        }
        return;
      case 'template':
      case 'define':
      case 'block':
        this.parseNamedTemplate(node, keyword, token);
        return;
    }
  }

  /** Rendering walks blocks recursively; Go's own parser has a (deeper) limit too. */
  private openBlock(node: ActionNode, keyword: Token): void {
    if (this.openBlocks.length >= MAX_NESTING) {
      this.tooDeep = true;
      throw new SyntaxFault(NESTED_TOO_DEEPLY, keyword.start, keyword.end);
    }
    this.openBlocks.push(node);
  }

  private parseElse(node: ActionNode): void {
    const top = this.openBlocks.at(-1);
    if (!top || (top.keyword !== 'if' && top.keyword !== 'with' && top.keyword !== 'range')) {
      throw new SyntaxFault('unexpected {{else}}', node.offset, node.end);
    }
    const next = this.peek();
    if (next?.kind === 'keyword' && (next.text === 'if' || next.text === 'with')) {
      this.at++;
      node.elseKeyword = next.text;
      node.pipeline = this.parsePipeline(next.text, false);
    }
    this.expectEnd();
  }

  private parseNamedTemplate(node: ActionNode, keyword: ActionKeyword, token: Token): void {
    const name = this.peek();
    if (!name || (name.kind !== 'string' && name.kind !== 'rawString')) {
      const found = name ? `"${name.text}"` : 'end of action';
      throw new SyntaxFault(
        `unexpected ${found} in ${keyword} clause`,
        name?.start ?? token.start,
        name?.end ?? token.end,
      );
    }
    this.at++;
    node.templateName = this.stringNode(name);
    if (keyword !== 'define' && this.peek()) node.pipeline = this.parsePipeline(keyword, false);
    this.expectEnd();
    if (keyword !== 'template') this.openBlock(node, token);
  }

  private expectEnd(): void {
    const extra = this.peek();
    if (extra) throw new SyntaxFault(`unexpected "${extra.text}" in action`, extra.start, extra.end);
  }

  private peek(offset = 0): Token | undefined {
    return this.action[this.at + offset];
  }

  /** `[$x [, $y] :=] command [| command]…`, up to `)` or the action's end. */
  private parsePipeline(context: string, allowTwoVariables: boolean): Pipeline {
    const start = this.peek();
    if (!start || start.kind === 'rightParen') {
      const where = start ?? this.action.at(-1);
      throw new SyntaxFault(`missing value for ${context}`, where?.start ?? 0, where?.end ?? 0);
    }
    const pipeline: Pipeline = { declarations: [], commands: [], ...this.located(start.start, start.end) };
    this.parseDeclarations(pipeline, allowTwoVariables);
    for (;;) {
      const command = this.parseCommand();
      if (pipeline.commands.length > 0) this.requireExecutable(command, pipeline.commands.length + 1);
      pipeline.commands.push(command);
      if (this.peek()?.kind !== 'pipe') break;
      this.at++;
    }
    const last = pipeline.commands.at(-1)!;
    Object.assign(pipeline, this.located(start.start, last.end));
    return pipeline;
  }

  private parseDeclarations(pipeline: Pipeline, allowTwo: boolean): void {
    const variable = this.peek();
    if (variable?.kind !== 'variable') return;
    const next = this.peek(1);
    if (next?.kind === 'declare' || next?.kind === 'assign') {
      pipeline.declarations.push(this.variableNode(variable, []));
      pipeline.assign = next.kind === 'declare' ? ':=' : '=';
      this.at += 2;
    } else if (
      allowTwo &&
      next?.kind === 'comma' &&
      this.peek(2)?.kind === 'variable' &&
      this.peek(3)?.kind === 'declare'
    ) {
      pipeline.declarations.push(this.variableNode(variable, []), this.variableNode(this.peek(2)!, []));
      pipeline.assign = ':=';
      this.at += 4;
    } else {
      return;
    }
    if (pipeline.assign === ':=') for (const d of pipeline.declarations) this.declared.add(d.name);
    else for (const d of pipeline.declarations) this.requireDeclared(d.name, d.offset, d.end);
  }

  /** Go: only the first command of a pipeline may be a plain value. */
  private requireExecutable(command: Command, stage: number): void {
    const head = command.args[0]!;
    const executable =
      head.kind === 'identifier' ||
      head.kind === 'field' ||
      head.kind === 'variable' ||
      head.kind === 'chain' ||
      head.kind === 'paren' ||
      head.kind === 'hole';
    if (!executable) throw new SyntaxFault(`non executable command in pipeline stage ${stage}`, head.offset, head.end);
  }

  private parseCommand(): Command {
    const args: Operand[] = [];
    for (;;) {
      const token = this.peek();
      if (!token || token.kind === 'pipe' || token.kind === 'rightParen') break;
      args.push(this.parseOperand());
    }
    if (args.length === 0) {
      const token = this.peek() ?? this.action.at(-1);
      throw new SyntaxFault('missing command', token?.start ?? 0, token?.end ?? 0);
    }
    return { args, ...this.located(args[0]!.offset, args.at(-1)!.end) };
  }

  private parseOperand(): Operand {
    const token = this.peek()!;
    this.at++;
    switch (token.kind) {
      case 'field': {
        const names = [this.fieldName(token), ...this.adjacentFields(token.end)];
        return { kind: 'field', names, ...this.located(token.start, this.lastEnd(token)) };
      }
      case 'dot':
        return { kind: 'dot', ...this.located(token.start, token.end) };
      case 'variable':
        this.requireDeclared(token.text, token.start, token.end);
        return this.variableNode(token, this.adjacentFields(token.end));
      case 'identifier':
        this.rejectAdjacentField(token);
        return { kind: 'identifier', name: token.text, ...this.located(token.start, token.end) };
      case 'string':
      case 'rawString':
      case 'char':
        return token.kind === 'char' ? this.charNode(token) : this.stringNode(token);
      case 'number':
        return this.numberNode(token);
      case 'bool':
        return { kind: 'bool', value: token.text === 'true', ...this.located(token.start, token.end) };
      case 'nil':
        return { kind: 'nil', ...this.located(token.start, token.end) };
      case 'hole':
        return { kind: 'hole', ...this.located(token.start, token.end) };
      case 'leftParen':
        return this.parseParen(token);
      default:
        throw new SyntaxFault(`unexpected "${token.text}" in operand`, token.start, token.end);
    }
  }

  private parseParen(open: Token): Operand {
    const pipeline = this.parsePipeline('parenthesized pipeline', false);
    const close = this.peek();
    if (close?.kind !== 'rightParen') throw new SyntaxFault('unclosed left paren', open.start, open.end);
    this.at++;
    const paren = { kind: 'paren' as const, pipeline, ...this.located(open.start, close.end) };
    const fields = this.adjacentFields(close.end);
    if (fields.length === 0) return paren;
    return { kind: 'chain', target: paren, fields, ...this.located(open.start, this.action[this.at - 1]!.end) };
  }

  /** `.A.B` lexes as two field tokens with nothing between: one chain. */
  private adjacentFields(after: number): FieldName[] {
    const names: FieldName[] = [];
    let end = after;
    while (this.peek()?.kind === 'field' && this.peek()!.start === end) {
      const token = this.peek()!;
      names.push(this.fieldName(token));
      end = token.end;
      this.at++;
    }
    return names;
  }

  private rejectAdjacentField(token: Token): void {
    const next = this.peek();
    if ((next?.kind === 'field' || next?.kind === 'dot') && next.start === token.end) {
      throw new SyntaxFault(`unexpected "${next.text}" after function ${token.text}`, next.start, next.end);
    }
  }

  private lastEnd(token: Token): number {
    return this.action[this.at - 1]?.end ?? token.end;
  }

  private fieldName(token: Token): FieldName {
    return { name: token.text.slice(1), range: rangeOf(this.source, token.start, token.end) };
  }

  private variableNode(token: Token, fields: FieldName[]): VariableNode {
    const end = fields.length > 0 ? this.action[this.at - 1]!.end : token.end;
    return { kind: 'variable', name: token.text, fields, ...this.located(token.start, end) };
  }

  private requireDeclared(name: string, start: number, end: number): void {
    if (!this.declared.has(name)) throw new SyntaxFault(`undefined variable "${name}"`, start, end);
  }

  private stringNode(token: Token): StringNode {
    const quote = token.text[0] === '`' ? '`' : '"';
    const value = quote === '`' ? token.text.slice(1, -1) : unquoteGoString(token.text.slice(1, -1));
    if (value === undefined) throw new SyntaxFault(`invalid syntax: ${token.text}`, token.start, token.end);
    return { kind: 'string', value, quote, ...this.located(token.start, token.end) };
  }

  private charNode(token: Token): Operand {
    const value = unquoteGoString(token.text.slice(1, -1));
    if (value === undefined || [...value].length !== 1)
      throw new SyntaxFault(`malformed character constant: ${token.text}`, token.start, token.end);
    const code = value.codePointAt(0)!;
    return { kind: 'number', text: token.text, value: code, isInteger: true, ...this.located(token.start, token.end) };
  }

  private numberNode(token: Token): Operand {
    const value = parseGoNumber(token.text);
    if (value === undefined) throw new SyntaxFault(`illegal number syntax: "${token.text}"`, token.start, token.end);
    // Go marks a float constant with an integral value (`1.0`, `1e3`) as an integer too.
    return {
      kind: 'number',
      text: token.text,
      value,
      isInteger: Number.isInteger(value),
      ...this.located(token.start, token.end),
    };
  }
}

/** A parse error inside one action; caught per action so parsing goes on. */
class SyntaxFault extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** Go number literal → value; undefined when Go would reject it (imaginary too). */
function parseGoNumber(text: string): number | undefined {
  if (/i$/.test(text)) return undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  if (/(^_|_$|__)/.test(body)) return undefined;
  const digits = body.replace(/_/g, '');
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(digits)) value = parseInt(digits.slice(2), 16);
  else if (/^0[bB][01]+$/.test(digits)) value = parseInt(digits.slice(2), 2);
  else if (/^0[oO]?[0-7]+$/.test(digits)) value = parseInt(digits.replace(/^0[oO]?/, ''), 8);
  // A leading zero makes an integer octal: `08` is no number Go accepts.
  else if (/^0\d+$/.test(digits)) return undefined;
  else if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(digits)) value = Number(digits);
  else return undefined;
  return Number.isFinite(value) ? sign * value : undefined;
}
