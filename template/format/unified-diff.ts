/**
 * Unified diff text in the shape `diff -u` prints (what `packer fmt -diff`
 * shows): `--- old/NAME`, `+++ new/NAME`, hunks with three lines of context.
 */
import { diffLines, splitLines, type DiffOp } from './line-diff.js';

const CONTEXT = 3;

/** The unified diff from `before` to `after`; empty when they are equal. */
export function unifiedDiff(before: string, after: string, name: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  let out = `--- old/${name}\n+++ new/${name}\n`;
  for (const hunk of hunks(ops)) out += renderHunk(hunk, a, b);
  return out;
}

/** Groups changes with their context; changes at most twice the context apart share a hunk. */
function hunks(ops: DiffOp[]): DiffOp[][] {
  const changed = ops.map((op, i) => (op.kind === 'equal' ? -1 : i)).filter((i) => i >= 0);
  const groups: DiffOp[][] = [];
  let start = -1;
  let end = -1;
  for (const i of changed) {
    // Like diff -u: an unchanged run of up to twice the context joins the hunks.
    if (start >= 0 && i - end - 1 > 2 * CONTEXT) {
      groups.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
      start = -1;
    }
    if (start < 0) start = i;
    end = i;
  }
  if (start >= 0) groups.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
  return groups;
}

function renderHunk(hunk: DiffOp[], a: string[], b: string[]): string {
  let oldStart = -1;
  let newStart = -1;
  let oldCount = 0;
  let newCount = 0;
  let body = '';
  for (const op of hunk) {
    if (op.kind !== 'insert') {
      if (oldStart < 0) oldStart = op.oldIndex;
      oldCount++;
    }
    if (op.kind !== 'delete') {
      if (newStart < 0) newStart = op.newIndex;
      newCount++;
    }
    if (op.kind === 'equal') body += line(' ', a[op.oldIndex]!);
    else if (op.kind === 'delete') body += line('-', a[op.oldIndex]!);
    else body += line('+', b[op.newIndex]!);
  }
  // A side with no lines in a hunk only happens for an empty file: diff calls it line 0.
  const oldRange = range(oldStart + 1, oldCount);
  const newRange = range(newStart + 1, newCount);
  return `@@ -${oldRange} +${newRange} @@\n${body}`;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** One diff line; a last line without a newline gets diff's marker. */
function line(prefix: string, text: string): string {
  return text.endsWith('\n') ? `${prefix}${text}` : `${prefix}${text}\n\\ No newline at end of file\n`;
}
