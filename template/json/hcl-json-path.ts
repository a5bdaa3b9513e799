/**
 * Where a JSON path (jsonc-parser's: property names and array indexes from
 * the root) lands in an HCL JSON file's model: inside which blocks, and
 * there in a body, at one of a block's label levels, or in an attribute's
 * value. Read with the same body shapes as the conversion
 * (hcl-json-shapes.ts), so an editor's cursor in half-typed JSON maps to
 * the blocks the finished text will have. Pure: no text is read.
 */
import { topLevelShape, type BodyShape } from './hcl-json-shapes.js';

export type JsonPath = ReadonlyArray<string | number>;

/** A block on the way: its type and labels. */
export interface PathBlock {
  type: string;
  labels: string[];
}

export type HclJsonPlace =
  /** Directly in a body (the path names no property of it yet). */
  | { where: 'body' }
  /** At a block's label level `index` (its keys are label values). */
  | { where: 'label'; blockType: string; index: number; labelName: string; labels: string[] }
  /** In the value of an attribute, `path` further inside it. */
  | { where: 'attribute'; name: string; path: JsonPath };

export type HclJsonTarget = HclJsonPlace & {
  /** Blocks the path is inside, outermost first (a label level's block not included). */
  blocks: PathBlock[];
  /** The shape of the innermost body. */
  shape: BodyShape;
};

/** The place a JSON path of a `.pkr.json` file names. */
export function hclJsonTarget(path: JsonPath): HclJsonTarget {
  const blocks: PathBlock[] = [];
  let shape = topLevelShape();
  let i = 0;
  for (;;) {
    // A body may be an array of objects.
    while (typeof path[i] === 'number') i++;
    if (i >= path.length) return { where: 'body', blocks, shape };
    const name = String(path[i]);
    const block = shape.justAttributes ? undefined : shape.block(name);
    if (!block) return { where: 'attribute', name, path: path.slice(i + 1), blocks, shape };
    i++;
    const labels: string[] = [];
    while (labels.length < block.labels.length) {
      while (typeof path[i] === 'number') i++;
      if (i >= path.length) {
        const index = labels.length;
        return { where: 'label', blockType: name, index, labelName: block.labels[index]!, labels, blocks, shape };
      }
      labels.push(String(path[i]));
      i++;
    }
    blocks.push({ type: name, labels });
    shape = block.body(labels);
  }
}
