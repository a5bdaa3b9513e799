/**
 * Indentation stripping of flush heredocs (`<<-EOF`), following HCL: the
 * smallest leading whitespace of the content lines is removed from each of
 * them. A line that is only whitespace does not count and keeps its text; a
 * line that starts with `${` or `%{` counts as unindented.
 */

export interface HeredocIndentation {
  /** Whitespace characters to remove at each listed line start. */
  width: number;
  /** File offsets of the line starts to strip. */
  lineStarts: Set<number>;
}

/**
 * Measures the indentation of the content between two file offsets.
 * `tags` are the spans of `${…}` and directive tags, which are not literal.
 */
export function heredocIndentation(
  text: string,
  start: number,
  end: number,
  tags: Array<[number, number]>,
): HeredocIndentation {
  let width = Number.MAX_SAFE_INTEGER;
  const lineStarts = new Set<number>();
  for (const lineStart of contentLineStarts(text, start, end)) {
    if (tags.some(([s, e]) => s < lineStart && lineStart < e)) continue; // a line break inside `${ }`
    if (tags.some(([s]) => s === lineStart)) {
      width = 0;
      continue;
    }
    const run = whitespaceRun(text, lineStart, end);
    const stop = text[lineStart + run];
    if (stop === '\n' || stop === '\r' || lineStart + run >= end) continue; // blank line
    width = Math.min(width, run);
    lineStarts.add(lineStart);
  }
  return { width: width === Number.MAX_SAFE_INTEGER ? 0 : width, lineStarts };
}

/** Removes the indentation from a literal piece whose raw text starts at `offset`. */
export function stripIndentation(raw: string, offset: number, indentation: HeredocIndentation): string {
  if (indentation.width === 0) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    if (indentation.lineStarts.has(offset + i)) {
      const skip = Math.min(indentation.width, whitespaceRun(raw, i, raw.length));
      i += skip;
      if (i >= raw.length) break;
    }
    out += raw[i];
    i++;
  }
  return out;
}

function contentLineStarts(text: string, start: number, end: number): number[] {
  const starts = start < end ? [start] : [];
  for (let i = text.indexOf('\n', start); i >= 0 && i + 1 < end; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

/** Length of the run of non-newline whitespace starting at `from`. */
function whitespaceRun(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && text[i] !== '\n' && text[i] !== '\r' && /\s/.test(text[i]!)) i++;
  return i - from;
}
