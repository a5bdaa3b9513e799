/**
 * A copy of model values (attributes, blocks, expressions: plain objects,
 * arrays and scalars) with every position moved down by a number of lines.
 * What an edit above a chunk of a file does to that chunk's model when it
 * adds or removes whole lines: the chunk's text and characters are the
 * same, only its lines moved.
 */
import type { Position } from '../model.js';

export function shiftLines<T>(value: T, lines: number): T {
  return shifted(value, lines) as T;
}

function shifted(value: unknown, lines: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => shifted(item, lines));
  if (isPosition(value)) return { line: value.line + lines, character: value.character };
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = shifted(item, lines);
  return copy;
}

function isPosition(value: object): value is Position {
  const keys = Object.keys(value);
  return (
    keys.length === 2 &&
    typeof (value as Partial<Position>).line === 'number' &&
    typeof (value as Partial<Position>).character === 'number'
  );
}
