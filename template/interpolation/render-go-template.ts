/**
 * Renders Go-template text the way Packer does: `{{.Device}}` from the
 * field's data, `{{user "x"}}`, `{{timestamp}}` and the other functions from
 * a {@link FunctionContext}, `if`/`else`/`with` blocks, trim markers and
 * comments.
 *
 * With `keepUnknownData`, an action (or block) that needs data not given —
 * `{{.Device}}` while evaluating variables, `{{build "MountPath"}}` before
 * the build runs — is kept exactly as written, to be rendered later.
 * Failures are {@link RenderError}s with a message meant for users.
 */
import { arityOf, templateFunction } from './functions.js';
import type { ActionNode, Command, FieldName, GoTemplate, Operand, Pipeline, TemplateNode } from './go-template-ast.js';
import { parseGoTemplateText } from './parse-go-template.js';
import { RenderError } from './render-error.js';
import { implementationOf, isTruthy, printValue, type FunctionContext, type GoValue } from './render-functions.js';

export interface RenderOptions {
  /** The field's template data, e.g. `{ Device: '/dev/loop3' }`. */
  data?: Readonly<Record<string, string>>;
  /** Shared build data for `{{build "X"}}` (provisioners and post-processors). */
  buildData?: Readonly<Record<string, string>>;
  functions?: FunctionContext;
  /** Keep actions that reference data not given, verbatim, instead of failing. */
  keepUnknownData?: boolean;
}

/** Renders template text. Throws {@link RenderError} only. */
export function renderGoTemplate(text: string, options: RenderOptions = {}): string {
  if (!text.includes('{{')) return text;
  return renderParsedTemplate(parseGoTemplateText(text), options);
}

/** Renders an already parsed template (its ranges then point into the file). */
export function renderParsedTemplate(template: GoTemplate, options: RenderOptions = {}): string {
  const first = template.errors[0];
  if (first) throw new RenderError(`template: ${first.message}`, 'syntax', first.range);
  return new Renderer(template, options).renderItems(structureOf(template));
}

/** A template's blocks, built once per template: evaluation renders one string several times (read-only). */
const structures = new WeakMap<GoTemplate, Item[]>();

function structureOf(template: GoTemplate): Item[] {
  let items = structures.get(template);
  if (!items) {
    items = buildTree(trimText(template.nodes));
    structures.set(template, items);
  }
  return items;
}

/* ------------------------------------------------------------------ */
/* Structure: trim markers and blocks                                  */
/* ------------------------------------------------------------------ */

type Item =
  | { kind: 'text'; text: string }
  | { kind: 'action'; node: ActionNode }
  | { kind: 'block'; branches: Branch[]; close: ActionNode };

/** `{{if x}}…`, `{{else if y}}…`, `{{else}}…`: a head and the items it guards. */
interface Branch {
  head: ActionNode;
  body: Item[];
}

/** Text nodes with the whitespace `{{-` and `-}}` remove already removed. */
function trimText(nodes: TemplateNode[]): Array<TemplateNode | { kind: 'trimmed'; text: string }> {
  return nodes.map((node, i) => {
    if (node.kind !== 'text') return node;
    const before = nodes[i - 1];
    const after = nodes[i + 1];
    let text = node.text;
    if (before && before.kind !== 'text' && before.trimRight) text = text.replace(/^[ \t\r\n]+/, '');
    if (after && after.kind !== 'text' && after.trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    return { kind: 'trimmed', text };
  });
}

/** Nests the flat node list into blocks (the parser has checked the nesting). */
function buildTree(nodes: Array<TemplateNode | { kind: 'trimmed'; text: string }>): Item[] {
  let index = 0;
  const items = (stopAtBranch: boolean): Item[] => {
    const out: Item[] = [];
    while (index < nodes.length) {
      const node = nodes[index]!;
      if (node.kind === 'action' && stopAtBranch && (node.keyword === 'else' || node.keyword === 'end')) return out;
      index++;
      if (node.kind === 'trimmed') out.push({ kind: 'text', text: node.text });
      else if (node.kind !== 'action') continue;
      else if (isBlockOpener(node)) out.push(block(node));
      else out.push({ kind: 'action', node });
    }
    return out;
  };
  const block = (open: ActionNode): Item => {
    const branches: Branch[] = [{ head: open, body: items(true) }];
    let close = nodes[index] as ActionNode | undefined;
    while (close?.keyword === 'else') {
      index++;
      branches.push({ head: close, body: items(true) });
      close = nodes[index] as ActionNode | undefined;
    }
    index++;
    return { kind: 'block', branches, close: close ?? open };
  };
  return items(false);
}

function isBlockOpener(node: ActionNode): boolean {
  return (
    node.keyword === 'if' ||
    node.keyword === 'with' ||
    node.keyword === 'range' ||
    node.keyword === 'define' ||
    node.keyword === 'block'
  );
}

/* ------------------------------------------------------------------ */
/* Evaluation                                                          */
/* ------------------------------------------------------------------ */

/** Thrown inside the renderer when an action needs data not given and keeping is on. */
class KeepVerbatim {}

/** `.` is either the field's data or (inside `with`) a value. */
type Dot = { data: Readonly<Record<string, string>> } | { value: GoValue };

class Renderer {
  private readonly variables = new Map<string, GoValue>();
  private dot: Dot;

  constructor(
    private readonly template: GoTemplate,
    private readonly options: RenderOptions,
  ) {
    this.dot = { data: options.data ?? {} };
  }

  renderItems(items: Item[]): string {
    return items.map((item) => this.renderItem(item)).join('');
  }

  private renderItem(item: Item): string {
    if (item.kind === 'text') return item.text;
    const first = item.kind === 'action' ? item.node : item.branches[0]!.head;
    const last = item.kind === 'action' ? item.node : item.close;
    try {
      return item.kind === 'action' ? this.renderAction(item.node) : this.renderBlock(item.branches);
    } catch (err) {
      if (err instanceof KeepVerbatim) return this.template.source.text.slice(first.offset, last.end);
      if (err instanceof RenderError && !err.range) throw new RenderError(err.message, err.code, first.range);
      throw err;
    }
  }

  private renderAction(node: ActionNode): string {
    if (node.keyword) {
      throw new RenderError(`{{${node.keyword}}} is not supported here`, 'unsupported');
    }
    const pipeline = node.pipeline!;
    const value = this.evalPipeline(pipeline);
    return pipeline.declarations.length > 0 ? '' : printValue(value);
  }

  private renderBlock(branches: Branch[]): string {
    const keyword = branches[0]!.head.keyword;
    if (keyword !== 'if' && keyword !== 'with') {
      throw new RenderError(
        `{{${keyword}}} is not supported in Packer templates rendered by chrootforge (template data is text)`,
        'unsupported',
      );
    }
    for (const branch of branches) {
      const condition = branch.head.pipeline;
      if (!condition) return this.renderItems(branch.body);
      const value = this.evalPipeline(condition);
      if (!isTruthy(value)) continue;
      const isWith = branch.head.keyword === 'with' || branch.head.elseKeyword === 'with';
      return isWith ? this.withDot({ value }, () => this.renderItems(branch.body)) : this.renderItems(branch.body);
    }
    return '';
  }

  private withDot(dot: Dot, render: () => string): string {
    const saved = this.dot;
    this.dot = dot;
    try {
      return render();
    } finally {
      this.dot = saved;
    }
  }

  private evalPipeline(pipeline: Pipeline): GoValue {
    let value: GoValue | undefined;
    pipeline.commands.forEach((command, i) => {
      value = this.evalCommand(command, i > 0 ? value! : undefined);
    });
    for (const declaration of pipeline.declarations) this.variables.set(declaration.name, value!);
    return value!;
  }

  private evalCommand(command: Command, piped: GoValue | undefined): GoValue {
    const [head, ...rest] = command.args;
    if (head!.kind === 'identifier')
      return this.call(
        head!.name,
        rest.map((a) => this.evalArg(a)),
        piped,
      );
    if (rest.length > 0 || piped !== undefined) {
      throw new RenderError(`can't give argument to non-function ${this.sourceOf(head!)}`, 'function-error');
    }
    return this.evalArg(head!);
  }

  private evalArg(operand: Operand): GoValue {
    switch (operand.kind) {
      case 'string':
      case 'number':
      case 'bool':
        return operand.value;
      case 'nil':
        return null;
      case 'identifier':
        return this.call(operand.name, [], undefined);
      case 'field':
        return this.field(operand.names);
      case 'dot':
        return 'value' in this.dot
          ? this.dot.value
          : fail('the data itself cannot be printed; use one of its fields such as {{.Device}}');
      case 'variable':
        return this.variable(operand.name, operand.fields);
      case 'paren':
        return this.evalPipeline(operand.pipeline);
      case 'chain':
        this.evalPipeline(operand.target.pipeline);
        return fail(`can't evaluate field ${operand.fields[0]!.name}: the value is text`);
      case 'hole':
        return fail('an HCL ${ } interpolation cannot be used inside {{ }}', 'unsupported');
    }
  }

  private field(names: FieldName[]): GoValue {
    if ('value' in this.dot) return fail(`can't evaluate field ${names[0]!.name} in type string`);
    return this.lookup(this.dot.data, names, 'data');
  }

  private variable(name: string, fields: FieldName[]): GoValue {
    if (name === '$') return this.lookup(this.options.data ?? {}, fields, 'data');
    const value = this.variables.get(name);
    if (fields.length > 0) return fail(`can't evaluate field ${fields[0]!.name} of ${name}: the value is text`);
    return value ?? null;
  }

  private lookup(data: Readonly<Record<string, string>>, names: FieldName[], what: string): GoValue {
    const [head, next] = names;
    if (!head) return fail('the data itself cannot be printed; use one of its fields');
    if (!Object.hasOwn(data, head.name)) return this.missing(`.${head.name}`, data, what);
    if (next) return fail(`can't evaluate field ${next.name} in type string`);
    return data[head.name]!;
  }

  /** Data not given: kept verbatim, or an error naming what exists. */
  private missing(name: string, data: Readonly<Record<string, string>>, what: string): never {
    if (this.options.keepUnknownData) throw new KeepVerbatim();
    const known =
      Object.keys(data)
        .map((k) => (what === 'data' ? `.${k}` : k))
        .join(', ') || 'none';
    throw new RenderError(`no ${what} ${name} here (available: ${known})`, 'unknown-data');
  }

  private call(name: string, args: GoValue[], piped: GoValue | undefined): GoValue {
    const all = piped === undefined ? args : [...args, piped];
    const fn = templateFunction(name);
    const implementation = implementationOf(name);
    if (name === 'build') {
      checkArguments(name, all);
      return this.buildDatum(all[0] as string);
    }
    if (!fn || !implementation) throw new RenderError(`function "${name}" not defined`, 'unknown-function');
    checkArguments(name, all);
    try {
      return implementation(all, this.options.functions ?? {});
    } catch (err) {
      if (err instanceof RenderError) throw new RenderError(`error calling ${name}: ${err.message}`, err.code);
      throw err;
    }
  }

  private buildDatum(name: string): GoValue {
    const data = this.options.buildData ?? {};
    if (Object.hasOwn(data, name)) return data[name]!;
    return this.missing(name, data, 'build data');
  }

  private sourceOf(operand: Operand): string {
    return this.template.source.text.slice(operand.offset, operand.end);
  }
}

function fail(message: string, code: 'function-error' | 'unsupported' = 'function-error'): never {
  throw new RenderError(message, code);
}

/** Go's call-time checks: argument count and the types Packer's functions declare. */
function checkArguments(name: string, args: GoValue[]): void {
  const fn = templateFunction(name)!;
  const { min, max } = arityOf(fn);
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new RenderError(`wrong number of args for ${name}: want ${want} got ${args.length}`, 'arguments');
  }
  args.forEach((arg, i) => {
    const param = fn.params[Math.min(i, fn.params.length - 1)]!;
    if (param.type === 'string' && typeof arg !== 'string') {
      throw new RenderError(`${name}: expected string; found ${printValue(arg)}`, 'arguments');
    }
    if (param.type === 'int' && !(typeof arg === 'number' && Number.isInteger(arg))) {
      throw new RenderError(`${name}: expected integer; found ${JSON.stringify(arg)}`, 'arguments');
    }
  });
}
