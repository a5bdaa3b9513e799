/**
 * Which schema describes a block, from the chain of enclosing blocks
 * (type and labels, outermost first). The registry then says what the
 * block may contain; nothing here lists fields.
 */
import type { SchemaKind } from '../../../template/index.js';

export interface BlockLike {
  type: string;
  labels: string[];
}

/** A schema and the path of nested blocks inside it. */
export interface SchemaTarget {
  kind: SchemaKind;
  type?: string;
  path: string[];
}

/** Top-level blocks that have a schema (`locals` is free-form). */
const TOP_LEVEL: Record<string, SchemaKind> = {
  source: 'source',
  data: 'data-source',
  variable: 'variable',
  build: 'build',
  packer: 'packer',
};

/** Blocks inside `build` whose first label is a plugin type. */
const IN_BUILD: Record<string, SchemaKind> = {
  provisioner: 'provisioner',
  'error-cleanup-provisioner': 'provisioner',
  'post-processor': 'post-processor',
};

/** The schema for the innermost block of a chain, or undefined (unknown type, free-form block). */
export function schemaTargetOf(chain: BlockLike[]): SchemaTarget | undefined {
  const [top, ...rest] = chain;
  if (!top) return undefined;
  const kind = TOP_LEVEL[top.type];
  if (!kind) return undefined;
  if (kind !== 'build')
    return {
      kind,
      ...(kind === 'source' || kind === 'data-source' ? { type: top.labels[0] } : {}),
      path: rest.map((b) => b.type),
    };
  return buildTarget(rest);
}

function buildTarget(chain: BlockLike[]): SchemaTarget {
  let at = 0;
  // `post-processors { post-processor "x" {} }`: the wrapper adds no schema of its own.
  if (chain[0]?.type === 'post-processors') at = 1;
  const block = chain[at];
  if (!block) return { kind: 'build', path: chain.map((b) => b.type) };
  const plugin = IN_BUILD[block.type];
  if (plugin) return { kind: plugin, type: block.labels[0], path: chain.slice(at + 1).map((b) => b.type) };
  if (block.type === 'source') {
    // `source "chroot.base" { … }` (or "source.chroot.base") refines a declared source.
    const parts = (block.labels[0] ?? '').split('.');
    const type = parts[0] === 'source' ? parts[1] : parts[0];
    return { kind: 'source', type, path: chain.slice(at + 1).map((b) => b.type) };
  }
  return { kind: 'build', path: chain.map((b) => b.type) };
}

/** Top-level block types with their label names (for snippets): the configuration's own table. */
export { TOP_LEVEL_LABELS as TOP_LEVEL_BLOCKS } from '../../../template/index.js';
