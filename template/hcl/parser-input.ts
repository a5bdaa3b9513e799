/**
 * The text handed to tree-sitter, adjusted where its HCL grammar is narrower
 * than HCL itself. Every adjustment keeps the length and the line breaks, so
 * offsets in the tree are offsets in the original text, and the converters
 * read all text (numbers, names, strings) from the original.
 */

/** The text as the grammar can read it (same length, same line breaks). */
export function grammarCompatibleText(text: string): string {
  return asciiSpacesAroundMarkers(digitExponents(text));
}

/**
 * `1e3`, `5E-2` and `1.e5` are HCL numbers, but the grammar only accepts an
 * exponent after a fraction (`1.0e3`). Such exponents are hidden from it as
 * digits (`1e3` → `103`, `1.e5` → `1.05`); the converter reads the real
 * number from the original.
 */
function digitExponents(text: string): string {
  return text.replace(
    /(?<![\w.])(\d+\.?)([eE][-+]?\d+)(?![\w.])/gu,
    (_match, digits: string, exponent: string) => digits + exponent.replace(/[eE+-]/g, '0'),
  );
}

/** Go's unicode.IsSpace characters outside ASCII that stay within a line (U+2028/9 end a line in JavaScript). */
const UNICODE_BLANKS = '\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000';
const LONE_NAME_LINE = new RegExp(
  `(?<=^|\\n)([\\t\\v\\f ${UNICODE_BLANKS}]*)([\\p{ID_Start}_][\\p{ID_Continue}-]*)([\\t\\v\\f ${UNICODE_BLANKS}]*)(?=\\r?\\n|$)`,
  'gu',
);
const UNICODE_BLANK = new RegExp(`[${UNICODE_BLANKS}]`, 'gu');
const HAS_UNICODE_BLANK = new RegExp(`[${UNICODE_BLANKS}]`, 'u');

/**
 * hclsyntax closes a heredoc on a line that is its marker once trimmed as
 * bytes.TrimSpace trims (Unicode spaces included); the grammar trims only
 * ASCII blanks. Unicode spaces around a lone name on a line are shown to it
 * as ASCII spaces: a marker line closes the heredoc there too, and any other
 * such line is heredoc text (read from the original) or already an error.
 */
function asciiSpacesAroundMarkers(text: string): string {
  if (!text.includes('<<')) return text;
  return text.replace(LONE_NAME_LINE, (line: string, before: string, name: string, after: string) =>
    HAS_UNICODE_BLANK.test(line) ? before.replace(UNICODE_BLANK, ' ') + name + after.replace(UNICODE_BLANK, ' ') : line,
  );
}

/**
 * The text with the given lines blanked out (every character but line
 * breaks becomes a space): used to re-parse around a line tree-sitter's
 * error recovery could not make sense of.
 */
export function maskLines(text: string, lineStarts: Iterable<number>): string {
  const chars = text.split('');
  for (const start of lineStarts) {
    for (let i = start; i < chars.length && chars[i] !== '\n' && chars[i] !== '\r'; i++) chars[i] = ' ';
  }
  return chars.join('');
}

/** Blank space this long is left out of a broken text's parse (see {@link rangesWithoutBlankRuns}). */
const BLANK_RUN = /[ \t\r\n]{64,}/g;

/**
 * The parts of a text tree-sitter is to read when the text has syntax
 * errors: all of it but the inside of long runs of blank space (spaces,
 * tabs, line breaks). Error recovery re-reads blank space from many
 * positions, and the grammar's external scanner skips all of it each time:
 * after an unclosed heredoc or block, 16 KB of blank lines took 9 s and
 * 32 KB never ended. Each run keeps one character at either end, so tokens
 * stay apart; offsets and positions are those of the whole text.
 * Undefined when there is no such run (parse everything).
 */
export function rangesWithoutBlankRuns(text: string): TreeSitterRange[] | undefined {
  const ranges: TreeSitterRange[] = [];
  let from = 0;
  let line = 0;
  let lineStart = 0;
  const point = (offset: number) => {
    for (let i = text.indexOf('\n', lineStart); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { row: line, column: offset - lineStart };
  };
  let fromPoint = point(0);
  for (const run of text.matchAll(BLANK_RUN)) {
    const cut = run.index + 1;
    const resume = run.index + run[0].length - 1;
    ranges.push({ startIndex: from, endIndex: cut, startPosition: fromPoint, endPosition: point(cut) });
    from = resume;
    fromPoint = point(resume);
  }
  if (ranges.length === 0) return undefined;
  ranges.push({ startIndex: from, endIndex: text.length, startPosition: fromPoint, endPosition: point(text.length) });
  return ranges;
}

/** tree-sitter's range (indices in UTF-16 code units, as web-tree-sitter reads a string). */
interface TreeSitterRange {
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}
