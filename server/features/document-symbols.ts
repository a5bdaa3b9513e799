/**
 * The outline: blocks with their labels, nested blocks and attributes, as
 * written (HCL blocks, JSON objects alike: both are a Body in the model).
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { rangeContains, type Block, type Body, type ParsedFile, type Range } from '../../template/index.js';

const BLOCK_KINDS: Record<string, SymbolKind> = {
  variable: SymbolKind.Variable,
  locals: SymbolKind.Namespace,
  local: SymbolKind.Variable,
  source: SymbolKind.Class,
  build: SymbolKind.Module,
  provisioner: SymbolKind.Function,
  'post-processor': SymbolKind.Event,
  'post-processors': SymbolKind.Array,
  packer: SymbolKind.Package,
};

/** The outline of one file. */
export function documentSymbols(file: ParsedFile): DocumentSymbol[] {
  return symbolsOf(file.body);
}

function symbolsOf(body: Body): DocumentSymbol[] {
  const attributes = body.attributes.map<DocumentSymbol>((a) => ({
    name: a.name,
    kind: SymbolKind.Property,
    range: a.range,
    selectionRange: a.nameRange,
  }));
  return [...attributes, ...body.blocks.map(blockSymbol)].sort(
    (x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character,
  );
}

function blockSymbol(block: Block): DocumentSymbol {
  const labels = block.labels.map((l) => `"${l.value}"`).join(' ');
  return {
    name: labels ? `${block.type} ${labels}` : block.type,
    kind: BLOCK_KINDS[block.type] ?? SymbolKind.Struct,
    range: block.range,
    selectionRange: selectionOf(block),
    children: symbolsOf(block.body),
  };
}

/**
 * What the outline selects: the type, which the block's range holds in
 * HCL; in JSON syntax the type (and outer labels) are keys before the
 * block's range, so its last label, else its header.
 */
function selectionOf(block: Block): Range {
  if (rangeContains(block.range, block.typeRange.start)) return block.typeRange;
  return block.labels.at(-1)?.range ?? block.headerRange;
}
