/**
 * Line diff (Myers' O((N+M)·D) algorithm): the shortest edit script turning
 * one list of lines into another. Used for formatting edits and `fmt -diff`.
 */

export type DiffOp =
  | { kind: 'equal'; oldIndex: number; newIndex: number }
  | { kind: 'delete'; oldIndex: number }
  | { kind: 'insert'; newIndex: number };

/** Splits text into lines that keep their terminators, so joining them gives the text back. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Memory cap for the search (Int32 cells); past it the middle is replaced wholesale. */
const TRACE_BUDGET = 1 << 22;

/**
 * The edit script from `a` to `b`, in order; equal lines are included.
 * Common leading and trailing lines are matched first, so the search only
 * runs over the part that differs.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: DiffOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: 'equal', oldIndex: i, newIndex: i });
  const trace = forwardTrace(midA, midB);
  const middle = trace ? backtrack(trace, midA.length, midB.length) : fallback(midA, midB);
  for (const op of middle) ops.push(shift(op, head));
  for (let i = tail; i > 0; i--) ops.push({ kind: 'equal', oldIndex: a.length - i, newIndex: b.length - i });
  return ops;
}

function shift(op: DiffOp, by: number): DiffOp {
  if (op.kind === 'equal') return { kind: 'equal', oldIndex: op.oldIndex + by, newIndex: op.newIndex + by };
  if (op.kind === 'delete') return { kind: 'delete', oldIndex: op.oldIndex + by };
  return { kind: 'insert', newIndex: op.newIndex + by };
}

/**
 * When the search is too big: pair lines one to one if both sides have as
 * many (formatting never adds or removes lines), else replace the middle.
 */
function fallback(a: readonly string[], b: readonly string[]): DiffOp[] {
  if (a.length === b.length) return pairLines(a, b);
  const ops: DiffOp[] = [];
  for (let i = 0; i < a.length; i++) ops.push({ kind: 'delete', oldIndex: i });
  for (let j = 0; j < b.length; j++) ops.push({ kind: 'insert', newIndex: j });
  return ops;
}

/** Line i of `a` against line i of `b`: equal, or deleted and replaced. */
export function pairLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const ops: DiffOp[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) ops.push({ kind: 'equal', oldIndex: i, newIndex: i });
    else ops.push({ kind: 'delete', oldIndex: i }, { kind: 'insert', newIndex: i });
  }
  return ops;
}

/**
 * Runs Myers' forward pass, keeping each round's furthest-reaching x per
 * diagonal; undefined when the search would outgrow {@link TRACE_BUDGET}.
 */
function forwardTrace(a: readonly string[], b: readonly string[]): Int32Array[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    if ((d + 1) * v.length > TRACE_BUDGET) return undefined;
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(next);
        return trace;
      }
    }
    v = next;
  }
  trace.push(v);
  return trace;
}

function backtrack(trace: Int32Array[], n: number, m: number): DiffOp[] {
  const offset = n + m + 1;
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  // trace[d] holds the state before round d; the last entry is the final state.
  for (let d = trace.length - 2; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[offset + prevK]!;
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'equal', oldIndex: x, newIndex: y });
    }
    if (d === 0) break;
    if (down) ops.push({ kind: 'insert', newIndex: --y });
    else ops.push({ kind: 'delete', oldIndex: --x });
  }
  return ops.reverse();
}
