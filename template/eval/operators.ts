/**
 * HCL's arithmetic, comparison and logical operators on values. Operands
 * convert as cty converts them (`"2" * 3` is 6); UNKNOWN in, UNKNOWN out.
 */
import type { Value } from '../evaluation-model.js';
import { UNKNOWN, asBool, asNumber, containsUnknown, isUnknown, valuesEqual } from './value.js';

/** A result, or what is wrong with an operand (`side` says which). */
export type OperatorResult = { ok: true; value: Value } | { ok: false; side: 'left' | 'right'; message: string };

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const COMPARISON = new Set(['<', '>', '<=', '>=']);
const LOGICAL = new Set(['&&', '||']);

/** Applies a binary operator. */
export function applyBinary(operator: string, left: Value, right: Value): OperatorResult {
  if (operator === '==' || operator === '!=') return equality(operator, left, right);
  if (isUnknown(left) || isUnknown(right)) return { ok: true, value: UNKNOWN };
  if (ARITHMETIC.has(operator) || COMPARISON.has(operator)) return numeric(operator, left, right);
  if (LOGICAL.has(operator)) return logical(operator, left, right);
  return { ok: false, side: 'left', message: `Unsupported operator "${operator}".` };
}

/** Applies `!` or unary `-`. */
export function applyUnary(operator: '!' | '-', operand: Value): OperatorResult {
  if (isUnknown(operand)) return { ok: true, value: UNKNOWN };
  if (operator === '!') {
    const b = operand === null ? undefined : asBool(operand);
    return b === undefined ? operandError('right', 'a bool is required') : { ok: true, value: !b };
  }
  const n = operand === null ? undefined : asNumber(operand);
  return n === undefined ? operandError('right', 'a number is required') : { ok: true, value: -n };
}

function equality(operator: '==' | '!=', left: Value, right: Value): OperatorResult {
  if (containsUnknown(left) || containsUnknown(right)) return { ok: true, value: UNKNOWN };
  const equal = valuesEqual(left, right);
  return { ok: true, value: operator === '==' ? equal : !equal };
}

function numeric(operator: string, left: Value, right: Value): OperatorResult {
  const a = left === null ? undefined : asNumber(left);
  if (a === undefined) return operandError('left', 'a number is required');
  const b = right === null ? undefined : asNumber(right);
  if (b === undefined) return operandError('right', 'a number is required');
  switch (operator) {
    case '+':
      return { ok: true, value: a + b };
    case '-':
      return { ok: true, value: a - b };
    case '*':
      return { ok: true, value: a * b };
    case '/':
      return { ok: true, value: a / b };
    case '%':
      return b === 0 ? operandError('right', 'can not divide by zero') : { ok: true, value: a % b };
    case '<':
      return { ok: true, value: a < b };
    case '>':
      return { ok: true, value: a > b };
    case '<=':
      return { ok: true, value: a <= b };
    default:
      return { ok: true, value: a >= b };
  }
}

function logical(operator: string, left: Value, right: Value): OperatorResult {
  const a = left === null ? undefined : asBool(left);
  if (a === undefined) return operandError('left', 'a bool is required');
  const b = right === null ? undefined : asBool(right);
  if (b === undefined) return operandError('right', 'a bool is required');
  return { ok: true, value: operator === '&&' ? a && b : a || b };
}

function operandError(side: 'left' | 'right', reason: string): OperatorResult {
  return { ok: false, side, message: `Invalid operand: unsuitable value for ${side} operand: ${reason}.` };
}
