/**
 * Evaluates one HCL expression tree to a value. Total: whatever cannot be
 * computed is UNKNOWN, with a diagnostic at the exact range of the fault.
 */
import type { Value } from '../evaluation-model.js';
import type {
  BinaryExpr,
  ConditionalExpr,
  Expr,
  ForExpr,
  ObjectExpr,
  SplatExpr,
  TemplateExpr,
  UnaryExpr,
} from '../model.js';
import { evaluateCall } from './calls.js';
import { EvalCode, STATIC_CODES } from './codes.js';
import { CodeFilter } from './diagnostic-sink.js';
import { STEP_LIMIT, reportAt, withReporter, type Frame } from './frame.js';
import { applyBinary, applyUnary } from './operators.js';
import { resolveTraversal } from './references.js';
import { applySteps, getAttribute, getIndex } from './traverse.js';
import { unifyBranches } from './unify.js';
import {
  UNKNOWN,
  asBool,
  asString,
  isObjectValue,
  isUnknown,
  kindOf,
  objectFromEntries,
  sortedEntries,
} from './value.js';

/** Evaluates `expr` in `frame`. Never throws. */
export function evaluateExpr(expr: Expr, frame: Frame): Value {
  if (!spendStep(expr, frame)) return UNKNOWN;
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'template':
      return evaluateTemplate(expr, frame);
    case 'tuple':
      return expr.items.map((item) => evaluateExpr(item, frame));
    case 'object':
      return evaluateObject(expr, frame);
    case 'traversal':
      return resolveTraversal(expr, frame);
    case 'call':
      return evaluateCall(expr, frame, evaluateExpr);
    case 'index':
      return getIndex(evaluateExpr(expr.target, frame), evaluateExpr(expr.key, frame), expr.key.range, frame);
    case 'getattr':
      return getAttribute(evaluateExpr(expr.target, frame), expr.name, expr.nameRange, frame);
    case 'splat':
      return evaluateSplat(expr, frame);
    case 'conditional':
      return evaluateConditional(expr, frame);
    case 'binary':
      return evaluateBinary(expr, frame);
    case 'unary':
      return evaluateUnary(expr, frame);
    case 'for':
      return evaluateFor(expr, frame);
    case 'paren':
      return evaluateExpr(expr.inner, frame);
    case 'invalid':
      // The parser already reported the syntax error here.
      return UNKNOWN;
  }
}

/** Takes one step of the budget; when it runs out, says so once (at the expression reached) and stops. */
function spendStep(expr: Expr, frame: Frame): boolean {
  const budget = frame.budget;
  if (budget.remaining-- > 0) return true;
  if (!budget.exhausted) {
    budget.exhausted = true;
    reportAt(
      frame,
      expr.range,
      EvalCode.invalidExpression,
      `Evaluation stopped: this expression needs more than ${STEP_LIMIT} steps; its value is not computed.`,
      'warning',
    );
  }
  return false;
}

/**
 * A quoted string: literal text verbatim (`{{ }}` included), interpolations
 * rendered. `"${x}"` alone yields x's value unchanged, as in HCL.
 */
function evaluateTemplate(expr: TemplateExpr, frame: Frame): Value {
  const only = expr.parts.length === 1 ? expr.parts[0] : undefined;
  if (only?.kind === 'interpolation' && !expr.heredoc) return evaluateExpr(only.expr, frame);
  let text = '';
  let unknown = false;
  for (const part of expr.parts) {
    if (part.kind === 'literal') {
      text += part.value;
      continue;
    }
    const value = evaluateExpr(part.expr, frame);
    if (isUnknown(value)) {
      unknown = true;
      continue;
    }
    const piece = value === null ? undefined : asString(value);
    if (piece === undefined) {
      const why =
        value === null
          ? 'the expression result is null; a null value cannot be included in a string template'
          : `a ${kindOf(value)} value cannot be included in a string template: a string is required`;
      reportAt(frame, part.range, EvalCode.invalidExpression, `Invalid template interpolation value: ${why}.`);
      unknown = true;
      continue;
    }
    text += piece;
  }
  return unknown ? UNKNOWN : text;
}

function evaluateObject(expr: ObjectExpr, frame: Frame): Value {
  const entries: Array<[string, Value]> = [];
  let unknown = false;
  for (const item of expr.items) {
    const keyValue = item.keyName ?? evaluateExpr(item.key, frame);
    const value = evaluateExpr(item.value, frame);
    if (isUnknown(keyValue)) {
      unknown = true;
      continue;
    }
    const key = keyValue === null ? undefined : asString(keyValue);
    if (key === undefined) {
      reportAt(
        frame,
        item.key.range,
        EvalCode.invalidExpression,
        'Incorrect key type: a string is required as an object key.',
      );
      unknown = true;
      continue;
    }
    entries.push([key, value]);
  }
  return unknown ? UNKNOWN : objectFromEntries(entries);
}

/** `list[*].attr`: the traversal applied to every element; a non-list is a one-element list, null none. */
function evaluateSplat(expr: SplatExpr, frame: Frame): Value {
  const target = evaluateExpr(expr.target, frame);
  if (isUnknown(target)) return UNKNOWN;
  const items = target === null ? [] : Array.isArray(target) ? target : [target];
  const results = items.map((item) => applySteps(item, expr.each, frame));
  return results.some(isUnknown) ? UNKNOWN : results;
}

/**
 * Only the branch taken is evaluated for its value. The other is still
 * checked for mistakes in the text (misspelt names, unknown functions), but
 * not for failures on values it would never receive.
 */
function evaluateConditional(expr: ConditionalExpr, frame: Frame): Value {
  const condition = evaluateExpr(expr.condition, frame);
  const quiet = withReporter(frame, new CodeFilter(frame.reporter, STATIC_CODES));
  if (isUnknown(condition)) {
    evaluateExpr(expr.then, quiet);
    evaluateExpr(expr.else, quiet);
    return UNKNOWN;
  }
  const chosen = condition === null ? undefined : asBool(condition);
  if (chosen === undefined) {
    reportAt(
      frame,
      expr.condition.range,
      EvalCode.invalidExpression,
      'Incorrect condition type: the condition expression must be a bool.',
    );
    return UNKNOWN;
  }
  const other = evaluateExpr(chosen ? expr.else : expr.then, quiet);
  const result = unifyBranches(evaluateExpr(chosen ? expr.then : expr.else, frame), other);
  if (result.ok) return result.value;
  reportAt(
    frame,
    expr.range,
    EvalCode.invalidExpression,
    `Inconsistent conditional result types: the true and false results must have one type; the given results are ${result.kinds.join(' and ')}.`,
  );
  return UNKNOWN;
}

function evaluateBinary(expr: BinaryExpr, frame: Frame): Value {
  const left = evaluateExpr(expr.left, frame);
  const right = evaluateExpr(expr.right, frame);
  const result = applyBinary(expr.operator, left, right);
  if (result.ok) return result.value;
  reportAt(frame, (result.side === 'left' ? expr.left : expr.right).range, EvalCode.invalidExpression, result.message);
  return UNKNOWN;
}

function evaluateUnary(expr: UnaryExpr, frame: Frame): Value {
  const result = applyUnary(expr.operator, evaluateExpr(expr.operand, frame));
  if (result.ok) return result.value;
  reportAt(frame, expr.operand.range, EvalCode.invalidExpression, result.message);
  return UNKNOWN;
}

/** `[for k, v in coll : …]` and `{for k, v in coll : k => …}`, with `if` and grouping `...`. */
function evaluateFor(expr: ForExpr, frame: Frame): Value {
  const collection = evaluateExpr(expr.collection, frame);
  if (isUnknown(collection)) return UNKNOWN;
  const pairs = iterationPairs(collection);
  if (pairs === undefined) {
    reportAt(
      frame,
      expr.collection.range,
      EvalCode.invalidExpression,
      `Iteration over non-iterable value: a ${kindOf(collection)} cannot be iterated; a list, set, map or object is required.`,
    );
    return UNKNOWN;
  }
  const tuple: Value[] = [];
  const object = new Map<string, Value>();
  for (const [key, value] of pairs) {
    if (frame.budget.exhausted) return UNKNOWN;
    const iterators = new Map(frame.iterators);
    if (expr.keyVar) iterators.set(expr.keyVar, key);
    iterators.set(expr.valueVar, value);
    const inner: Frame = { ...frame, iterators };
    if (expr.condition) {
      const keep = evaluateExpr(expr.condition, inner);
      if (isUnknown(keep)) return UNKNOWN;
      const flag = keep === null ? undefined : asBool(keep);
      if (flag === undefined) {
        reportAt(
          frame,
          expr.condition.range,
          EvalCode.invalidExpression,
          'Invalid for expression filter: the filter expression must be a bool.',
        );
        return UNKNOWN;
      }
      if (!flag) continue;
    }
    const element = evaluateExpr(expr.valueExpr, inner);
    if (expr.result === 'tuple') {
      tuple.push(element);
      continue;
    }
    if (!addObjectElement(expr, inner, element, object)) return UNKNOWN;
  }
  return expr.result === 'tuple' ? tuple : objectFromEntries(object);
}

function addObjectElement(expr: ForExpr, frame: Frame, value: Value, object: Map<string, Value>): boolean {
  const keyValue = expr.keyExpr ? evaluateExpr(expr.keyExpr, frame) : UNKNOWN;
  if (isUnknown(keyValue)) return false;
  const key = keyValue === null ? undefined : asString(keyValue);
  if (key === undefined) {
    reportAt(
      frame,
      expr.keyExpr?.range ?? expr.range,
      EvalCode.invalidExpression,
      'Invalid object key: the key expression must produce a string.',
    );
    return false;
  }
  if (expr.grouping) {
    const group = object.get(key);
    object.set(key, Array.isArray(group) ? [...group, value] : [value]);
    return true;
  }
  if (object.has(key)) {
    reportAt(
      frame,
      expr.keyExpr?.range ?? expr.range,
      EvalCode.invalidExpression,
      `Duplicate object key "${key}": use the grouping mode (... after the value) to collect values with the same key.`,
    );
    return false;
  }
  object.set(key, value);
  return true;
}

/** Key/value pairs to iterate: list index and element, or object key (sorted) and value. */
function iterationPairs(collection: Value): Array<[Value, Value]> | undefined {
  if (Array.isArray(collection)) return collection.map((item, i) => [i, item]);
  if (isObjectValue(collection)) return sortedEntries(collection);
  return undefined;
}
