/**
 * tree-sitter expression nodes → model {@link Expr}s.
 *
 * The grammar hides its `_expr_term` rule, so a term and its postfix
 * operators (`.name`, `[key]`, `.*`, `[*]`) arrive as a flat run of sibling
 * nodes; {@link convertTermRun} folds such a run left to right. A variable
 * followed by attribute names and literal indexes becomes one
 * {@link TraversalExpr}; anything dynamic after that wraps it in
 * {@link IndexExpr}/{@link GetAttrExpr}/{@link SplatExpr}.
 */
import { childForFieldName, type SyntaxNode } from './syntax-node.js';
import type {
  BinaryExpr,
  CallExpr,
  Expr,
  ForExpr,
  ObjectExpr,
  ObjectItem,
  TraversalStep,
  TupleExpr,
  UnaryExpr,
} from '../model.js';
import {
  childOfType,
  childrenOfType,
  meaningfulChildren,
  nodeText,
  nodeRange,
  offsetRange,
  type ConvertContext,
} from './convert-context.js';
import { convertHeredoc, convertQuotedTemplate } from './convert-template.js';
import { staticString } from '../static-value.js';

const BINARY_OPERATORS = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);
const POSTFIX = new Set(['get_attr', 'index', 'splat']);

/**
 * Converts an `expression` node (or any expression-like node). A missing
 * node gives an {@link InvalidExpr} of zero width at `fallbackOffset`.
 */
export function convertExpression(
  ctx: ConvertContext,
  node: SyntaxNode | null | undefined,
  fallbackOffset: number,
): Expr {
  if (!node) return invalidAt(ctx, fallbackOffset, fallbackOffset);
  if (node.type !== 'expression') return convertTermRun(ctx, [node]);
  const children = meaningfulChildren(node).filter((child) => child.type !== 'ERROR');
  if (children.length === 0) return invalidAt(ctx, node.startIndex, node.endIndex);
  return convertTermRun(ctx, children);
}

function invalidAt(ctx: ConvertContext, start: number, end: number): Expr {
  return { type: 'invalid', range: offsetRange(ctx, start, end) };
}

/** A primary term followed by postfix operators, as flat siblings. */
function convertTermRun(ctx: ConvertContext, nodes: SyntaxNode[]): Expr {
  const run = nodes.filter((node) => node.type !== 'comment' && node.type !== 'ERROR');
  if (run.length === 0) return invalidAt(ctx, nodes[0]?.startIndex ?? 0, nodes[0]?.endIndex ?? 0);
  let index = 0;
  let current: Expr;
  if (run[0]!.type === '(') {
    const close = run.findIndex((node) => node.type === ')');
    const end = close >= 0 ? run[close]!.endIndex : run[run.length - 1]!.endIndex;
    const inner = convertExpression(
      ctx,
      run.find((node) => node.type === 'expression'),
      run[0]!.endIndex,
    );
    current = { type: 'paren', inner, range: offsetRange(ctx, run[0]!.startIndex, end) };
    index = close >= 0 ? close + 1 : run.length;
  } else {
    current = convertPrimary(ctx, run[0]!);
    index = 1;
  }
  for (const postfix of run.slice(index)) {
    if (POSTFIX.has(postfix.type)) current = applyPostfix(ctx, current, postfix);
  }
  return current;
}

function convertPrimary(ctx: ConvertContext, node: SyntaxNode): Expr {
  switch (node.type) {
    case 'expression':
      return convertExpression(ctx, node, node.startIndex);
    case 'literal_value':
    case 'template_expr':
    case 'collection_value':
    case 'for_expr':
    case 'operation':
      return convertPrimary(ctx, meaningfulChildren(node)[0] ?? node);
    case 'numeric_lit':
      return { type: 'literal', value: Number(nodeText(ctx, node)), range: nodeRange(ctx, node) };
    case 'bool_lit':
      return { type: 'literal', value: nodeText(ctx, node) === 'true', range: nodeRange(ctx, node) };
    case 'null_lit':
      return { type: 'literal', value: null, range: nodeRange(ctx, node) };
    case 'string_lit':
    case 'quoted_template':
      return convertQuotedTemplate(ctx, node);
    case 'heredoc_template':
      return convertHeredoc(ctx, node);
    case 'variable_expr':
      // A name the parser's recovery inserted (zero width): the syntax error says what is missing.
      if (node.startIndex === node.endIndex) return invalidAt(ctx, node.startIndex, node.endIndex);
      return {
        type: 'traversal',
        root: nodeText(ctx, node),
        rootRange: nodeRange(ctx, node),
        steps: [],
        range: nodeRange(ctx, node),
      };
    case 'tuple':
      return convertTuple(ctx, node);
    case 'object':
      return convertObject(ctx, node);
    case 'function_call':
      return convertCall(ctx, node);
    case 'for_tuple_expr':
    case 'for_object_expr':
      return convertFor(ctx, node);
    case 'conditional':
      return convertConditional(ctx, node);
    case 'unary_operation':
      return convertUnary(ctx, node);
    case 'binary_operation':
      return convertBinary(ctx, node);
    default:
      return invalidAt(ctx, node.startIndex, node.endIndex);
  }
}

function applyPostfix(ctx: ConvertContext, target: Expr, node: SyntaxNode): Expr {
  const range = offsetRange(ctx, exprStart(ctx, target), node.endIndex);
  // `var.` with its name still to type: the syntax error says so; evaluating `var` alone would say more.
  if (target.type === 'invalid' || (node.type === 'get_attr' && !nonEmptyChild(node, 'identifier')))
    return { type: 'invalid', range };
  if (node.type === 'splat') {
    const steps = meaningfulChildren(meaningfulChildren(node)[0] ?? node).filter(
      (c) => c.type === 'get_attr' || c.type === 'index',
    );
    return { type: 'splat', target, each: steps.map((step) => staticStep(ctx, step) ?? dynamicStep(ctx, step)), range };
  }
  const step = staticStep(ctx, node);
  if (!step && node.type !== 'get_attr' && missingIndexKey(ctx, node)) return { type: 'invalid', range };
  if (step && target.type === 'traversal') {
    return { ...target, steps: [...target.steps, step], range };
  }
  if (node.type === 'get_attr') {
    const name = childOfType(node, 'identifier');
    return {
      type: 'getattr',
      target,
      name: name ? nodeText(ctx, name) : '',
      nameRange: nodeRange(ctx, name ?? node),
      range,
    };
  }
  const keyNode = childOfType(childOfType(node, 'new_index', 'legacy_index') ?? node, 'expression');
  const key = convertExpression(ctx, keyNode, node.endIndex);
  // `var[` with its key still to type: indexing nothing is the syntax error's to report.
  if (key.type === 'invalid') return { type: 'invalid', range };
  return { type: 'index', target, key, range };
}

/** An index `[…]` whose key the parser's recovery left out. */
function missingIndexKey(ctx: ConvertContext, node: SyntaxNode): boolean {
  const index = childOfType(node, 'new_index');
  return (
    index !== undefined &&
    index !== null &&
    convertExpression(ctx, childOfType(index, 'expression'), index.endIndex).type === 'invalid'
  );
}

function nonEmptyChild(node: SyntaxNode, type: string): boolean {
  const child = childOfType(node, type);
  return child !== undefined && child !== null && child.endIndex > child.startIndex;
}

function exprStart(ctx: ConvertContext, expr: Expr): number {
  return ctx.lines.offsetAt(expr.range.start);
}

/** `.name`, `[0]`, `["k"]`, `.0` as a traversal step; undefined for a dynamic index. */
function staticStep(ctx: ConvertContext, node: SyntaxNode): TraversalStep | undefined {
  const range = nodeRange(ctx, node);
  if (node.type === 'get_attr') {
    const name = childOfType(node, 'identifier');
    return name ? { kind: 'attr', name: nodeText(ctx, name), range } : undefined;
  }
  const index = childOfType(node, 'new_index', 'legacy_index');
  if (!index) return undefined;
  if (index.type === 'legacy_index') return { kind: 'index', name: Number(nodeText(ctx, index).slice(1)), range };
  const key = convertExpression(ctx, childOfType(index, 'expression'), index.endIndex);
  if (key.type === 'literal' && typeof key.value === 'number') return { kind: 'index', name: key.value, range };
  const text = staticString(key);
  return text === undefined ? undefined : { kind: 'index', name: text, range };
}

/** A dynamic index inside a splat: kept as its source text. */
function dynamicStep(ctx: ConvertContext, node: SyntaxNode): TraversalStep {
  return { kind: 'index', name: ctx.text.slice(node.startIndex, node.endIndex), range: nodeRange(ctx, node) };
}

function convertTuple(ctx: ConvertContext, node: SyntaxNode): TupleExpr {
  const items = childrenOfType(node, 'expression').map((item) => convertExpression(ctx, item, item.startIndex));
  return { type: 'tuple', items, range: nodeRange(ctx, node) };
}

function convertObject(ctx: ConvertContext, node: SyntaxNode): ObjectExpr {
  const items = childrenOfType(node, 'object_elem').map((elem) => convertObjectItem(ctx, elem));
  return { type: 'object', items, range: nodeRange(ctx, node) };
}

function convertObjectItem(ctx: ConvertContext, elem: SyntaxNode): ObjectItem {
  const keyNode = childForFieldName(elem, 'key');
  const valueNode = childForFieldName(elem, 'val');
  let key = convertExpression(ctx, keyNode, elem.startIndex);
  // A bare identifier key is the literal name, not a variable reference.
  if (key.type === 'traversal' && key.steps.length === 0) {
    key = {
      type: 'template',
      parts: [{ kind: 'literal', value: key.root, raw: key.root, range: key.range }],
      range: key.range,
    };
  }
  const item: ObjectItem = {
    key,
    value: convertExpression(ctx, valueNode, elem.endIndex),
    range: nodeRange(ctx, elem),
  };
  const keyName = staticString(key);
  if (keyName !== undefined) item.keyName = keyName;
  return item;
}

function convertCall(ctx: ConvertContext, node: SyntaxNode): CallExpr {
  const name = childOfType(node, 'identifier');
  const argsNode = childOfType(node, 'function_arguments');
  const args = argsNode
    ? childrenOfType(argsNode, 'expression').map((arg) => convertExpression(ctx, arg, arg.startIndex))
    : [];
  return {
    type: 'call',
    name: name ? nodeText(ctx, name) : '',
    nameRange: nodeRange(ctx, name ?? node),
    args,
    expandFinal: argsNode ? childOfType(argsNode, 'ellipsis') !== undefined : false,
    range: nodeRange(ctx, node),
  };
}

function convertFor(ctx: ConvertContext, node: SyntaxNode): ForExpr {
  const intro = childOfType(node, 'for_intro');
  const names = intro ? childrenOfType(intro, 'identifier').map((id) => nodeText(ctx, id)) : [];
  const bodies = childrenOfType(node, 'expression');
  const cond = childOfType(node, 'for_cond');
  const isObject = node.type === 'for_object_expr';
  const valueNode = isObject ? bodies[1] : bodies[0];
  const expr: ForExpr = {
    type: 'for',
    result: isObject ? 'object' : 'tuple',
    valueVar: names[names.length - 1] ?? '',
    collection: convertExpression(
      ctx,
      intro ? childOfType(intro, 'expression') : undefined,
      intro?.endIndex ?? node.startIndex,
    ),
    valueExpr: convertExpression(ctx, valueNode, node.endIndex),
    grouping: isObject && childOfType(node, 'ellipsis') !== undefined,
    range: nodeRange(ctx, node),
  };
  if (names.length > 1) expr.keyVar = names[0];
  if (isObject) expr.keyExpr = convertExpression(ctx, bodies[0], node.endIndex);
  if (cond) expr.condition = convertExpression(ctx, childOfType(cond, 'expression'), cond.endIndex);
  return expr;
}

function convertConditional(ctx: ConvertContext, node: SyntaxNode): Expr {
  const [condition, then, otherwise] = childrenOfType(node, 'expression');
  return {
    type: 'conditional',
    condition: convertExpression(ctx, condition, node.startIndex),
    // biome-ignore lint/suspicious/noThenProperty: the HCL conditional's branch (an Expr object, never a function), named as in `c ? then : else`
    then: convertExpression(ctx, then, node.endIndex),
    else: convertExpression(ctx, otherwise, node.endIndex),
    range: nodeRange(ctx, node),
  };
}

function convertUnary(ctx: ConvertContext, node: SyntaxNode): UnaryExpr {
  const [operator, ...operand] = meaningfulChildren(node);
  return {
    type: 'unary',
    operator: operator?.type === '!' ? '!' : '-',
    operand: operand.length > 0 ? convertTermRun(ctx, operand) : invalidAt(ctx, node.endIndex, node.endIndex),
    range: nodeRange(ctx, node),
  };
}

function convertBinary(ctx: ConvertContext, node: SyntaxNode): BinaryExpr {
  const children = meaningfulChildren(node);
  // The operator is the first anonymous operator token; "(" and ")" of a
  // parenthesised left operand are not operators.
  const at = children.findIndex((child) => !child.isNamed && BINARY_OPERATORS.has(child.type));
  const left = at > 0 ? children.slice(0, at) : [];
  const right = at >= 0 ? children.slice(at + 1) : [];
  return {
    type: 'binary',
    operator: at >= 0 ? children[at]!.type : '',
    left: left.length > 0 ? convertTermRun(ctx, left) : invalidAt(ctx, node.startIndex, node.startIndex),
    right: right.length > 0 ? convertTermRun(ctx, right) : invalidAt(ctx, node.endIndex, node.endIndex),
    range: nodeRange(ctx, node),
  };
}
