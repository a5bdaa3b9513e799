/**
 * A plain-JavaScript copy of the tree-sitter tree, read once with a
 * TreeCursor; the converters work on it instead of web-tree-sitter's Node.
 *
 * Every getter of a web-tree-sitter Node (`type`, `endIndex`, `children`, …)
 * copies the node into wasm memory and calls into wasm, and `children`
 * allocates a fresh array of fresh Node objects on each access: converting
 * a 3,000-line file that way spent most of its time in those getters and in
 * collecting their garbage. One cursor walk reads each node's kind and
 * offsets exactly once, and the wasm tree can be freed right after.
 *
 * Comments (tree-sitter "extras") are left out: no converter reads them.
 */
import type { Language, Node } from 'web-tree-sitter';
import { MAX_NESTING } from '../nesting-limit.js';

/**
 * Tree depth past which a file is refused: each expression level is about
 * three nodes (expression, its kind, its operand), so this matches the
 * token limit for brackets and also bounds what brackets do not show
 * (`a + a + …`, `- - - a`, nested `%{ if }`). Every later walk is recursive.
 */
const MAX_TREE_DEPTH = 3 * MAX_NESTING;

/** Thrown by {@link syntaxTree} at the first node deeper than the limit. */
export class NestingTooDeep extends Error {
  constructor(readonly offset: number) {
    super(`nesting deeper than ${MAX_TREE_DEPTH} syntax nodes at offset ${offset}`);
  }
}

export interface SyntaxNode {
  /** The node kind, as web-tree-sitter's `Node.type` (`'ERROR'` for errors). */
  readonly type: string;
  readonly isNamed: boolean;
  /** Inserted by error recovery (zero width). */
  readonly isMissing: boolean;
  /** UTF-16 offsets into the parsed text. */
  readonly startIndex: number;
  readonly endIndex: number;
  /** Children in order, comments left out. Shared: never modify. */
  readonly children: readonly SyntaxNode[];
  /** The field this node fills in its parent, where the converters ask (object_elem key/val). */
  readonly fieldName: string | undefined;
}

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

/** Kinds whose children's field names are read (convert-expr.ts, object items). */
const FIELD_PARENTS = new Set(['object_elem']);

interface LanguageTables {
  types: string[];
  named: boolean[];
  fieldParents: boolean[];
  /** Kinds that never have children (tokens): the walk does not look for any. */
  leaves: boolean[];
  comment: number;
}

const tables = new WeakMap<Language, LanguageTables>();
const leafKinds = new WeakMap<Language, ReadonlySet<string>>();

/**
 * Tells which kinds never have children, as `named:type` / `anonymous:type`
 * keys (from the grammar's node-types.json: kinds without children, fields
 * or subtypes). Optional: without it every node is asked for children.
 */
export function registerLeafKinds(language: Language, kinds: ReadonlySet<string>): void {
  leafKinds.set(language, kinds);
  tables.delete(language);
}

/** The {@link registerLeafKinds} keys of a grammar's node-types.json content. */
export function leafKindsOfNodeTypes(nodeTypes: unknown): Set<string> {
  const kinds = new Set<string>();
  if (!Array.isArray(nodeTypes)) return kinds;
  for (const entry of nodeTypes as Array<Record<string, unknown>>) {
    if (typeof entry.type !== 'string' || 'children' in entry || 'fields' in entry || 'subtypes' in entry) continue;
    kinds.add(`${entry.named === true ? 'named' : 'anonymous'}:${entry.type}`);
  }
  return kinds;
}

function languageTables(language: Language): LanguageTables {
  let found = tables.get(language);
  if (!found) {
    const types = language.types;
    const named = types.map((_type, id) => language.nodeTypeIsNamed(id));
    const leaves = leafKinds.get(language);
    found = {
      types,
      named,
      fieldParents: types.map((type) => FIELD_PARENTS.has(type)),
      leaves: types.map((type, id) => leaves?.has(`${named[id] ? 'named' : 'anonymous'}:${type}`) === true),
      comment: types.indexOf('comment'),
    };
    tables.set(language, found);
  }
  return found;
}

/**
 * Copies the tree under `root` (which stays owned by the caller); {@link NestingTooDeep} past the depth limit.
 * `offset` is added to every index: where the parsed text starts in the file (a chunk of it).
 */
export function syntaxTree(root: Node, offset = 0): SyntaxNode {
  const { types, named, fieldParents, leaves, comment } = languageTables(root.tree.language);
  const cursor = root.walk();
  // Children are gathered on one stack and cut off in exact-size arrays
  // (an array grown by push would keep room for 17).
  const stack: SyntaxNode[] = [];
  try {
    // Every cursor getter is a call into wasm: each is asked once per node.
    const visit = (typeId: number, fieldName: string | undefined, depth: number): SyntaxNode => {
      const startIndex = cursor.startIndex + offset;
      if (depth > MAX_TREE_DEPTH) throw new NestingTooDeep(startIndex);
      const endIndex = cursor.endIndex + offset;
      // A missing node has zero width; only those need asking.
      const isMissing = startIndex === endIndex && cursor.nodeIsMissing;
      let children = NO_CHILDREN;
      if (leaves[typeId] !== true && cursor.gotoFirstChild()) {
        const withFields = fieldParents[typeId] === true;
        const base = stack.length;
        do {
          const childType = cursor.nodeTypeId;
          if (childType === comment) continue;
          stack.push(visit(childType, withFields ? (cursor.currentFieldName ?? undefined) : undefined, depth + 1));
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
        if (stack.length > base) children = stack.splice(base);
      }
      return {
        type: types[typeId] || 'ERROR',
        isNamed: named[typeId] ?? true,
        isMissing,
        startIndex,
        endIndex,
        children,
        fieldName,
      };
    };
    return visit(cursor.nodeTypeId, undefined, 0);
  } finally {
    cursor.delete();
  }
}

/** The first child filling a field, as `Node.childForFieldName` (only for {@link FIELD_PARENTS}). */
export function childForFieldName(node: SyntaxNode, field: string): SyntaxNode | undefined {
  return node.children.find((child) => child.fieldName === field);
}

/** Descendants (not the node itself) of the given kinds, in document order. */
export function descendantsOfType(node: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const visit = (parent: SyntaxNode): void => {
    for (const child of parent.children) {
      if (types.includes(child.type)) found.push(child);
      visit(child);
    }
  };
  visit(node);
  return found;
}

/**
 * A tree parsed from a text out of which `width` code units were cut at
 * offset `at`, with the indexes of the text before the cut: what starts at
 * or after the cut moves past it, and what ends after it (or is empty and
 * starts there) likewise.
 */
export function reopenCut(node: SyntaxNode, at: number, width: number): SyntaxNode {
  const startIndex = node.startIndex >= at ? node.startIndex + width : node.startIndex;
  const endIndex =
    node.endIndex > at || (node.endIndex === at && node.startIndex >= at) ? node.endIndex + width : node.endIndex;
  const children = node.children.length === 0 ? node.children : node.children.map((c) => reopenCut(c, at, width));
  return { ...node, startIndex, endIndex, children };
}
