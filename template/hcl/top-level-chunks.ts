/**
 * Where an HCL file splits into chunks of whole body items (attributes and
 * blocks), read from the scanner's tokens: a line break outside every
 * bracket, string, heredoc and template sequence of its body ends an item.
 * A block too large for one chunk (a `build` with thousands of
 * provisioners) is split again inside its body, to any depth.
 *
 * The parser reads a large file chunk by chunk (parse-hcl.ts): the items of
 * a body parse alone exactly as inside the whole file, since items do not
 * depend on each other; the grammar's tree of one chunk at a time needs
 * little wasm memory, which a WebAssembly instance never gives back; and an
 * edit leaves the chunks it does not touch as they were, so their model is
 * reused.
 */
import type { Token } from './hcl-lexer.js';
import { nestingDelta } from './syntax/brackets.js';

/** A chunk is at least this many UTF-16 code units, except the last of a body. */
export const MIN_CHUNK_LENGTH = 32 * 1024;

/** Half-open [start, end) offsets into the text. */
export interface Chunk {
  start: number;
  end: number;
  /** One large block: its header and braces (parsed with the body blanked), and its body's chunks. */
  block?: { open: number; close: number; body: Chunk[] };
}

/** The chunks of a whole file; one chunk for a file shorter than two. */
export function fileChunks(tokens: readonly Token[], textLength: number): Chunk[] {
  return bodyChunks(tokens, 0, tokens.length, 0, 0, textLength);
}

/** Chunks of the body between tokens [first, last), whose items are at `depth`, spanning [start, end). */
function bodyChunks(
  tokens: readonly Token[],
  first: number,
  last: number,
  depth: number,
  start: number,
  end: number,
): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = start;
  let itemStart = start;
  let itemFirst = first;
  let level = depth;
  for (let i = first; i < last; i++) {
    const token = tokens[i]!;
    level = Math.max(0, level + nestingDelta(token));
    if (level !== depth || token.type !== 'newline') continue;
    const large = token.end - itemStart >= 2 * MIN_CHUNK_LENGTH ? largeBlock(tokens, itemFirst, i, depth) : undefined;
    if (large) {
      if (itemStart > chunkStart) chunks.push({ start: chunkStart, end: itemStart });
      chunks.push({ start: itemStart, end: token.end, block: large });
      chunkStart = token.end;
    } else if (token.end - chunkStart >= MIN_CHUNK_LENGTH && end - token.end >= MIN_CHUNK_LENGTH) {
      chunks.push({ start: chunkStart, end: token.end });
      chunkStart = token.end;
    }
    itemStart = token.end;
    itemFirst = i + 1;
  }
  // The last item may end without a line break (at the end of the file).
  const large = end - itemStart >= 2 * MIN_CHUNK_LENGTH ? largeBlock(tokens, itemFirst, last, depth) : undefined;
  if (large) {
    if (itemStart > chunkStart) chunks.push({ start: chunkStart, end: itemStart });
    chunks.push({ start: itemStart, end, block: large });
  } else if (chunkStart < end || chunks.length === 0) chunks.push({ start: chunkStart, end });
  return chunks;
}

/**
 * The item of tokens [first, last) as a block split inside its body, or
 * undefined when it is no block (an attribute: `=` before the first brace)
 * or its body is one chunk anyway.
 */
function largeBlock(tokens: readonly Token[], first: number, last: number, depth: number): Chunk['block'] {
  // The header: a type and labels (quoted labels are a level of their own) up to the opening brace.
  let brace = first;
  for (let level = 0; brace < last; brace++) {
    const token = tokens[brace]!;
    if (level === 0 && (token.type === '{' || token.type === '=')) break;
    level += nestingDelta(token);
  }
  if (tokens[brace]?.type !== '{') return undefined;
  let level = depth + 1;
  let closer = brace + 1;
  for (; closer < last; closer++) {
    level += nestingDelta(tokens[closer]!);
    if (level === depth) break;
  }
  if (tokens[closer]?.type !== '}') return undefined;
  // The body starts on the line after the brace (so each of its chunks starts a line).
  const lineBreak = tokens[brace + 1]?.type === 'newline' ? 1 : 0;
  const open = tokens[brace + lineBreak]!.end;
  const close = tokens[closer]!.start;
  const body = bodyChunks(tokens, brace + 1 + lineBreak, closer, depth + 1, open, close);
  return body.length > 1 || body[0]?.block ? { open, close, body } : undefined;
}
