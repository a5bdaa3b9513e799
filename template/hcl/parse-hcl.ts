/**
 * The HCL2 parser of chrootforge: web-tree-sitter with the HCL grammar,
 * converted into the shared template model with exact source ranges.
 *
 * ```ts
 * await initHclParser();              // once, at start-up
 * const file = parseHcl(path, text);  // synchronous from then on
 * ```
 *
 * Syntax errors are HCL's own (hcl-syntax-check.ts, worded and placed as
 * HashiCorp's parser does); the structure of a broken file is recovered
 * line by line (recover-structure.ts), so the rest of it still yields its
 * blocks and attributes. A large valid file is parsed in chunks of whole
 * top-level items (top-level-chunks.ts), and a chunk whose text and line are
 * those of the previous parse of the file keeps that parse's model.
 */
import { configurationFileKind } from '../configuration-files.js';
import type { Block, Body, Diagnostic, ParsedFile, Position } from '../model.js';
import { appendConfigItems, convertConfigFile } from './convert-body.js';
import { convertContext, offsetRange, type ConvertContext } from './convert-context.js';
import { duplicateAttributeDiagnostics } from './duplicate-attributes.js';
import { checkHclSyntax, HCL_SYNTAX, type SyntaxFault } from './hcl-syntax-check.js';
import { grammarCompatibleText, rangesWithoutBlankRuns } from './parser-input.js';
import { errorLineStarts, recoverStructure, type TreeParser } from './recover-structure.js';
import { NestingTooDeep, reopenCut, syntaxTree, type SyntaxNode } from './syntax-node.js';
import { NESTED_TOO_DEEPLY } from '../nesting-limit.js';
import { fileChunks, type Chunk } from './top-level-chunks.js';
import { shiftLines } from '../text/shift-lines.js';
import { hclParser } from './tree-sitter-loader.js';
import type { Token } from './hcl-lexer.js';

export { initHclParser } from './tree-sitter-loader.js';

/**
 * Parses one HCL file. Never throws on bad input: syntax errors become
 * `hcl-syntax` diagnostics and the rest of the file is still converted.
 * Throws only when {@link initHclParser} has not completed. `previous`, an
 * earlier parse of the same file, lends the model of the chunks an edit
 * left as they were.
 */
export function parseHcl(path: string, text: string, previous?: ParsedFile): ParsedFile {
  const ctx = convertContext(path, text);
  const check = checkHclSyntax(text, path);
  const faults = check.faults.map((fault) => faultDiagnostic(ctx, fault));
  if (check.tooDeep) return hclFile(path, text, emptyBody(ctx), faults);
  try {
    const maskable = maskableFaults([...check.faults, ...check.suppressed]);
    const chunked = convertChunks(ctx, check.tokens, previous, maskable);
    const body = chunked?.body ?? convertText(ctx, text, maskable);
    // Syntax errors are HCL's verdict alone: where tree-sitter's grammar is
    // narrower than HCL (it fails on text HCL accepts), it must not raise a
    // false error; the model of such text is then best effort.
    const file = hclFile(path, text, body, [...faults, ...duplicateAttributeDiagnostics(path, body)]);
    if (chunked) chunksOf.set(file, chunked.chunks);
    return file;
  } catch (err) {
    if (!(err instanceof NestingTooDeep)) throw err;
    const tooDeep = faultDiagnostic(ctx, { start: err.offset, end: err.offset + 1, message: NESTED_TOO_DEEPLY });
    return hclFile(path, text, emptyBody(ctx), [...faults, tooDeep]);
  }
}

/** The model of one chunk of a file: its items, and where and from which text they were made. */
interface ChunkModel {
  text: string;
  start: Position;
  /** The whole text this chunk's model was converted from: its strings may be slices of it. */
  origin: string;
  /** Recovered from syntax errors: never reused (its model depends on the faults found around it). */
  broken?: boolean;
  attributes: Body['attributes'];
  blocks: Body['blocks'];
}

/** The chunks of each chunked parse, for the next parse of the same file. */
const chunksOf = new WeakMap<ParsedFile, ChunkModel[]>();

/**
 * How many earlier texts a parse may keep alive through the chunks it
 * reuses (a reused model's strings are slices of the text it was made
 * from): past this, every chunk is converted again from the current text.
 */
const MAX_EARLIER_ORIGINS = 2;

/**
 * A valid file of several chunks, converted chunk by chunk: each chunk is
 * parsed alone (offsets shifted into the file) and its wasm tree freed
 * before the next; a chunk an edit left alone keeps its model (moved when
 * whole lines were added or removed above it). Undefined when the file is one chunk, or when the
 * grammar fails on a chunk (then the whole text goes the way of a broken
 * file, as before chunking).
 */
function convertChunks(
  ctx: ConvertContext,
  tokens: readonly Token[],
  previous: ParsedFile | undefined,
  maskable: number[],
): { body: Body; chunks: ChunkModel[] } | undefined {
  const chunks = fileChunks(tokens, ctx.text.length);
  if (chunks.length < 2 && !chunks[0]?.block) return undefined;
  const earlier = new Map(
    (previous && chunksOf.get(previous))?.filter((chunk) => !chunk.broken).map((chunk) => [chunk.text, chunk]),
  );
  const models: ChunkModel[] = [];
  const body: Body = { range: offsetRange(ctx, 0, ctx.text.length), attributes: [], blocks: [] };
  if (!convertBody(ctx, chunks, body, { earlier, maskable }, models)) return undefined;
  const origins = new Set(models.map((model) => model.origin));
  origins.delete(ctx.text);
  if (origins.size > MAX_EARLIER_ORIGINS) return convertChunks(ctx, tokens, undefined, maskable);
  return { body, chunks: models };
}

/** What converting chunks reads besides the chunks: the previous parse's chunks, and where syntax errors are. */
interface ChunkSources {
  earlier: ReadonlyMap<string, ChunkModel>;
  maskable: readonly number[];
}

/** Converts the chunks of one body into it; false when the grammar fails on one. */
function convertBody(
  ctx: ConvertContext,
  chunks: readonly Chunk[],
  body: Body,
  sources: ChunkSources,
  models: ChunkModel[],
): boolean {
  for (const chunk of chunks) {
    const faults = sources.maskable.filter((offset) => offset >= chunk.start && offset < chunk.end);
    // A large block whose header is sound: its body's chunks handle the faults in them.
    const inHeader = (offset: number) => !chunk.block || offset < chunk.block.open || offset >= chunk.block.close;
    if (chunk.block && !faults.some(inHeader)) {
      const block = blockShell(ctx, chunk, chunk.block);
      if (!block || !convertBody(ctx, chunk.block.body, block.body, sources, models)) return false;
      body.blocks.push(block);
      continue;
    }
    const text = ctx.text.slice(chunk.start, chunk.end);
    const start = ctx.lines.positionAt(chunk.start);
    const kept = faults.length === 0 ? sources.earlier.get(text) : undefined;
    let model: ChunkModel;
    if (faults.length > 0 || !kept) {
      const items: Body = { range: body.range, attributes: [], blocks: [] };
      if (faults.length === 0 && parseChunk(ctx, text, chunk.start, items)) {
        model = { text, start, origin: ctx.text, attributes: items.attributes, blocks: items.blocks };
      } else {
        // Syntax errors (or text the grammar fails on): this chunk alone goes the way of a broken file.
        if (start.character !== 0) return false;
        const recovered = brokenChunk(ctx, text, chunk.start, start.line, faults);
        model = { text, start, origin: ctx.text, ...recovered, broken: true };
      }
    } else if (kept.start.line === start.line && kept.start.character === start.character) {
      model = { ...kept, text };
    } else if (kept && kept.start.character === start.character) {
      // Whole lines added or removed above it: the same model, moved.
      const lines = start.line - kept.start.line;
      const moved = { attributes: shiftLines(kept.attributes, lines), blocks: shiftLines(kept.blocks, lines) };
      model = { ...kept, ...moved, text, start };
    } else {
      return false;
    }
    models.push(model);
    for (const attribute of model.attributes) body.attributes.push(attribute);
    for (const block of model.blocks) body.blocks.push(block);
  }
  return true;
}

/**
 * A large block with its body left out: its header and braces parsed with
 * the body cut out of the text (a parse of the body's blank space would
 * cost the grammar as much memory as its text), indexes put back.
 */
function blockShell(ctx: ConvertContext, chunk: Chunk, inner: { open: number; close: number }): Block | undefined {
  const shell = ctx.text.slice(chunk.start, inner.open) + ctx.text.slice(inner.close, chunk.end);
  const tree = hclParser().parse(grammarCompatibleText(shell));
  if (!tree) throw new Error(`the HCL parser returned no tree for ${ctx.file}`);
  try {
    if (tree.rootNode.hasError) return undefined;
    const root = reopenCut(syntaxTree(tree.rootNode, chunk.start), inner.open, inner.close - inner.open);
    const outer: Body = { range: offsetRange(ctx, chunk.start, chunk.end), attributes: [], blocks: [] };
    appendConfigItems(ctx, outer, root);
    return outer.blocks.length === 1 && outer.attributes.length === 0 ? outer.blocks[0] : undefined;
  } finally {
    tree.delete();
  }
}

/**
 * A chunk with syntax errors, recovered as a broken file is (structure
 * recovered line by line around its faults) but alone: the rest of the
 * file keeps its chunks. The chunk starts a line; its model is made in
 * the chunk's own coordinates and moved down to its line.
 */
function brokenChunk(
  ctx: ConvertContext,
  text: string,
  offset: number,
  line: number,
  faults: readonly number[],
): Pick<Body, 'attributes' | 'blocks'> {
  const own = convertContext(ctx.file, text);
  try {
    const body = convertText(
      own,
      text,
      faults.map((fault) => fault - offset),
    );
    return shiftLines({ attributes: body.attributes, blocks: body.blocks }, line);
  } catch (err) {
    throw err instanceof NestingTooDeep ? new NestingTooDeep(err.offset + offset) : err;
  }
}

/** Parses one chunk's items into `body`; false when the grammar finds an error in it. */
function parseChunk(ctx: ConvertContext, text: string, start: number, body: Body): boolean {
  const tree = hclParser().parse(grammarCompatibleText(text));
  if (!tree) throw new Error(`the HCL parser returned no tree for ${ctx.file}`);
  try {
    if (tree.rootNode.hasError) return false;
    appendConfigItems(ctx, body, syntaxTree(tree.rootNode, start));
    return true;
  } finally {
    tree.delete();
  }
}

/** The tree-sitter parse of the text, converted; broken files recovered line by line. */
function convertText(ctx: ConvertContext, text: string, maskable: number[]): Body {
  const parser = hclParser();
  const input = grammarCompatibleText(text);
  // A broken text's long blank runs are left out of its parses (rangesWithoutBlankRuns: tree-sitter's recovery is quadratic in them).
  const broken = maskable.length > 0;
  const parse: TreeParser = (source, use) => {
    const includedRanges = broken ? rangesWithoutBlankRuns(source) : undefined;
    const tree = parser.parse(source, null, includedRanges ? { includedRanges } : undefined);
    if (!tree) throw new Error(`the HCL parser returned no tree for ${ctx.file}`);
    try {
      return use(tree.rootNode);
    } finally {
      // The tree lives in wasm memory, which the garbage collector does not see.
      tree.delete();
    }
  };
  // The wasm tree is freed before any recovery parse: only its plain copy is kept.
  const first = parse(input, (root) => ({
    tree: syntaxTree(root),
    errorLines: root.hasError ? errorLineStarts(input, root) : undefined,
  }));
  if (!first.errorLines) return convertConfigFile(ctx, first.tree);
  const recovered = recoverStructure(ctx, input, first.errorLines, maskable, parse);
  // The first tree is converted only when it keeps more than the recovery.
  return itemCount(recovered) >= treeItemCount(first.tree.children) ? recovered : convertConfigFile(ctx, first.tree);
}

function emptyBody(ctx: ConvertContext): Body {
  return { range: offsetRange(ctx, 0, ctx.text.length), attributes: [], blocks: [] };
}

function hclFile(path: string, text: string, body: Body, diagnostics: Diagnostic[]): ParsedFile {
  const file: ParsedFile = { path, text, syntax: 'hcl', body, diagnostics };
  // Variable-value files hold only attributes.
  if (configurationFileKind(path) === 'vars') file.isVarFile = true;
  return file;
}

function faultDiagnostic(ctx: ConvertContext, fault: SyntaxFault): Diagnostic {
  return {
    file: ctx.file,
    range: offsetRange(ctx, fault.start, fault.end),
    severity: 'error',
    code: HCL_SYNTAX,
    message: fault.message,
  };
}

/**
 * Where faults are whose lines may be blanked for recovery. An unclosed
 * block is reported at its opening brace: blanking that line would lose the
 * block, and tree-sitter already recovers a missing closing brace well.
 */
function maskableFaults(faults: SyntaxFault[]): number[] {
  return faults
    .filter((fault) => !fault.message.startsWith('Unclosed configuration block'))
    .map((fault) => fault.start);
}

/** Attributes and blocks, nested ones included: how much of a file a conversion kept. */
function itemCount(body: Body): number {
  return body.attributes.length + body.blocks.reduce((sum, block) => sum + 1 + itemCount(block.body), 0);
}

/**
 * {@link itemCount} of what {@link convertConfigFile} would make of these
 * nodes, without converting them (the same walk as its `collectInto`).
 */
function treeItemCount(nodes: readonly SyntaxNode[]): number {
  let count = 0;
  for (const node of nodes) {
    if (node.type === 'attribute') count++;
    else if (node.type === 'block')
      count += 1 + treeItemCount(node.children.filter((child) => child.type === 'body' || child.type === 'ERROR'));
    else if (node.type === 'body' || node.type === 'ERROR') count += treeItemCount(node.children);
  }
  return count;
}
