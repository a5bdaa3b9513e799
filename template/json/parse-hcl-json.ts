/**
 * `*.pkr.json` files: HCL2 in JSON syntax, read into the same model as
 * `*.pkr.hcl` (blocks, attributes, expressions with exact ranges), so every
 * declaration, reference, evaluation, rule and editor feature applies to
 * them unchanged. The reading follows HCL's JSON syntax (hcl json/spec.md,
 * json/structure.go), with the body schemas Packer decodes with
 * (hcl-json-shapes.ts):
 * - a body is an object, or an array of objects whose properties are read
 *   in order; the property `"//"` of a body is a comment;
 * - a property is a block when the schema says so: one object level per
 *   label (`"source": {"chroot": {"base": {…}}}`), then an object for one
 *   block or an array of objects for several; `null` is none;
 * - anything else is an attribute, its value an expression (hcl-json-expr.ts).
 * Structural faults get HCL's messages ("Incorrect JSON value type",
 * "Extraneous JSON object property", …) at the JSON text they concern.
 */
import type { Node } from 'jsonc-parser';
import { diagnostic } from '../diagnostic.js';
import { HCL_DUPLICATE_ATTRIBUTE } from '../hcl/duplicate-attributes.js';
import type { Attribute, Block, BlockLabel, Body, Diagnostic, ParsedFile, Range } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import type { LineIndex } from '../text/line-index.js';
import { HclJsonExpressions } from './hcl-json-expr.js';
import { topLevelShape, type BlockShape, type BodyShape } from './hcl-json-shapes.js';
import { HCL_JSON_STRUCTURE_CODE, readJson } from './json-syntax.js';

/** Keys of a legacy JSON template that HCL2 has no block for. */
const LEGACY_ONLY_KEYS = new Set(['builders', 'provisioners', 'post-processors', 'sensitive-variables']);

/** Parses an HCL2 JSON-syntax file into the model. Never throws (needs the HCL parser loaded, for strings). */
export function parseHclJson(path: string, text: string): ParsedFile {
  const { lines, root, diagnostics } = readJson(path, text, 'hcl');
  const converter = new HclJsonConverter(path, lines);
  let body: Body = { range: lines.rangeOf(0, text.length), attributes: [], blocks: [] };
  if (root?.type === 'object' || root?.type === 'array') {
    converter.legacyKeys =
      root.type === 'object' && properties(root).some(([key]) => LEGACY_ONLY_KEYS.has(String(key.value)));
    body = converter.body(root, topLevelShape());
  } else if (root && diagnostics.length === 0) {
    diagnostics.push(
      diagnostic(
        path,
        lines.rangeOf(root.offset, root.offset + 1),
        HCL_JSON_STRUCTURE_CODE,
        'Root value must be object; The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects.',
      ),
    );
  }
  return { path, text, syntax: 'hcl', body, diagnostics: [...diagnostics, ...converter.finish()] };
}

/** A JSON property: its key and (absent after a syntax error) its value. */
type Property = [key: Node, value: Node | undefined, property: Node];

/** An object's properties, in order (duplicates kept: HCL's JSON keeps every one). */
function properties(node: Node): Property[] {
  const out: Property[] = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key?.type === 'string') out.push([key, value, property]);
  }
  return out;
}

class HclJsonConverter {
  private readonly exprs: HclJsonExpressions;
  private readonly faults: Diagnostic[] = [];
  /** The file looks like a legacy template (named `.pkr.json` by mistake): extraneous top-level keys say so. */
  legacyKeys = false;

  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
  ) {
    this.exprs = new HclJsonExpressions(file, lines);
  }

  /** The file's diagnostics, once its strings are parsed (which completes the model). */
  finish(): Diagnostic[] {
    this.exprs.finish();
    return [...this.faults, ...this.exprs.diagnostics];
  }

  private range(node: Node): Range {
    return this.lines.rangeOf(node.offset, node.offset + node.length);
  }

  /** Where a diagnostic about a whole value goes: its first character (HCL's StartRange). */
  private start(node: Node): Range {
    return this.lines.rangeOf(node.offset, node.offset + 1);
  }

  private fault(range: Range, message: string): void {
    this.faults.push(diagnostic(this.file, range, HCL_JSON_STRUCTURE_CODE, message));
  }

  /** A body: an object, or an array of objects (`collectDeepAttrs`). */
  body(node: Node, shape: BodyShape): Body {
    const body: Body = { range: this.range(node), attributes: [], blocks: [] };
    if (shape.justAttributes && node.type !== 'object') {
      this.fault(
        this.start(node),
        'Incorrect JSON value type; A JSON object is required here, setting the arguments for this block.',
      );
      return body;
    }
    const first = new Map<string, Attribute>();
    for (const [key, value, property] of this.deepProperties(node)) {
      const name = String(key.value);
      // "//" is a comment in a body (and only in a body).
      if (name === '//') continue;
      const block = shape.justAttributes ? undefined : shape.block(name);
      if (block) {
        this.unpackBlock(value, { name, key }, block, [], key, body.blocks);
        continue;
      }
      if (shape.attributes && !shape.attributes.includes(name)) {
        this.extraneous(key, name, shape);
        continue;
      }
      const earlier = first.get(name);
      if (earlier) {
        this.duplicate(key, name, earlier, shape);
        continue;
      }
      const mode = shape.expressionAttributes?.includes(name) ? 'expression' : 'template';
      const keyRange = this.range(key);
      const expr = this.exprs.expr(value, this.range(property), mode);
      const attribute: Attribute = {
        name,
        nameRange: keyRange,
        value: expr,
        range: { start: keyRange.start, end: expr.range.end },
      };
      first.set(name, attribute);
      body.attributes.push(attribute);
    }
    return body;
  }

  /**
   * The properties of an object, or of each object of an array. A value of
   * another type is HCL's "Incorrect JSON value type" (for labels when
   * `label` says which one is read).
   */
  private deepProperties(node: Node, label?: { type: string; name: string }): Property[] {
    if (node.type === 'null') return [];
    if (node.type === 'object') return properties(node);
    if (node.type === 'array') {
      const out: Property[] = [];
      for (const element of node.children ?? []) {
        if (element.type === 'object') out.push(...properties(element));
        else
          this.fault(
            this.start(element),
            label
              ? `Incorrect JSON value type; A JSON object is required here, to specify ${label.name} labels for this block.`
              : 'Incorrect JSON value type; A JSON object is required here, to define arguments and child blocks.',
          );
      }
      return out;
    }
    this.fault(
      this.start(node),
      label
        ? `Incorrect JSON value type; Either a JSON object or JSON array of objects is required here, to specify ${label.name} labels for this block.`
        : 'Incorrect JSON value type; Either a JSON object or JSON array of objects is required here, to define arguments and child blocks.',
    );
    return [];
  }

  /**
   * Blocks of one type: one object level per label left, then one body
   * (an object) or several (an array of them). `headerKey` is the property
   * whose value the next level is: the type's, then each label's.
   */
  private unpackBlock(
    value: Node | undefined,
    type: { name: string; key: Node },
    shape: BlockShape,
    labels: BlockLabel[],
    headerKey: Node,
    out: Block[],
  ): void {
    if (!value) return;
    if (labels.length < shape.labels.length) {
      const labelName = shape.labels[labels.length]!;
      const before = this.faults.length;
      const found = this.deepProperties(value, { type: type.name, name: labelName });
      if (found.length === 0 && this.faults.length === before) {
        this.fault(
          this.start(value),
          `Missing block label; At least one object property is required, whose name represents the ${type.name} block's ${labelName}.`,
        );
      }
      for (const [key, inner] of found) {
        const label: BlockLabel = { value: String(key.value), range: this.range(key) };
        this.unpackBlock(inner, type, shape, [...labels, label], key, out);
      }
      return;
    }
    const bodyShape = (): BodyShape => shape.body(labels.map((l) => l.value));
    switch (value.type) {
      case 'null':
        return;
      case 'object':
        out.push(this.block(type, labels, value, headerKey.offset, bodyShape()));
        return;
      case 'array':
        for (const element of value.children ?? [])
          out.push(this.block(type, labels, element, element.offset, bodyShape()));
        return;
      default:
        this.fault(
          this.start(value),
          `Incorrect JSON value type; Either a JSON object or a JSON array is required, representing the contents of one or more "${type.name}" blocks.`,
        );
    }
  }

  /** One block whose body is `node`; its header runs from `headerStart` (its last key, or its own brace) to the body's opening brace. */
  private block(
    type: { name: string; key: Node },
    labels: BlockLabel[],
    node: Node,
    headerStart: number,
    shape: BodyShape,
  ): Block {
    return {
      type: type.name,
      typeRange: this.range(type.key),
      labels,
      headerRange: this.lines.rangeOf(headerStart, node.offset + 1),
      body: this.body(node, shape),
      range: this.lines.rangeOf(headerStart, node.offset + node.length),
    };
  }

  /** A property that is no argument or block here (json Body.Content). */
  private extraneous(key: Node, name: string, shape: BodyShape): void {
    const suggestions = suggest(name, shape.names());
    const legacy =
      this.legacyKeys && LEGACY_ONLY_KEYS.has(name)
        ? ' Packer reads a .pkr.json file as HCL2 in JSON syntax: a legacy JSON template needs a name ending in .json only (e.g. template.json).'
        : '';
    this.faults.push(
      diagnostic(
        this.file,
        this.range(key),
        shape.attributes?.length ? 'unknown-field' : 'unknown-block',
        `Extraneous JSON object property; No argument or block type is named "${name}".${didYouMean(suggestions)}${legacy}`,
        'error',
        { suggestions },
      ),
    );
  }

  /** A second definition of an argument: HCL keeps the first. */
  private duplicate(key: Node, name: string, earlier: Attribute, shape: BodyShape): void {
    const { start, end } = earlier.nameRange;
    const where = `${this.file}:${start.line + 1},${start.character + 1}-${end.character + 1}`;
    const summary = shape.justAttributes ? 'Duplicate attribute definition' : 'Duplicate argument';
    this.faults.push(
      diagnostic(
        this.file,
        this.range(key),
        HCL_DUPLICATE_ATTRIBUTE,
        `${summary}; The argument "${name}" was already set at ${where}.`,
        'error',
        { previous: earlier.nameRange },
      ),
    );
  }
}
