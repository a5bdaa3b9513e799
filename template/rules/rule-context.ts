/**
 * What a rule sees: the configuration, its evaluation, and helpers that read
 * a declaration's fields as values. Rules are pure functions of this context.
 */
import type { Configuration } from '../configuration-model.js';
import { type SourceUse, useContext } from '../configuration/source-uses.js';
import type { EvalContext, Evaluation, Value } from '../evaluation-model.js';
import { isUnknown } from '../evaluation-model.js';
import type { Attribute, Block, Body, Expr, ObjectExpr, Range } from '../model.js';

export interface RuleContext {
  config: Configuration;
  evaluation: Evaluation;
}

/** A declaration's body with its evaluation context, for field lookups. */
export class Fields {
  constructor(
    readonly body: Body,
    private readonly evaluation: Evaluation,
    private readonly contextOf: (expr: Expr) => EvalContext,
  ) {}

  /** A source as a build uses it (its body merged with the build's using block, if any). */
  static ofUse(use: SourceUse, evaluation: Evaluation): Fields {
    return new Fields(use.body, evaluation, (expr) => useContext(use, expr));
  }

  attribute(name: string): Attribute | undefined {
    return this.body.attributes.find((a) => a.name === name) ?? blockAsAttribute(this.body, name);
  }

  has(name: string): boolean {
    return this.attribute(name) !== undefined;
  }

  /** The evaluated value; undefined when the field is absent. */
  value(name: string): Value | undefined {
    const attribute = this.attribute(name);
    return attribute ? this.evaluate(attribute.value) : undefined;
  }

  evaluate(expr: Expr): Value {
    return this.evaluation.evaluate(expr, this.contextOf(expr));
  }

  /** A known string value, or undefined (absent, unknown, or not a string). */
  string(name: string): string | undefined {
    const value = this.value(name);
    return typeof value === 'string' ? value : undefined;
  }

  /** Known and truthy in Packer's sense (bools and "true" strings). */
  isTrue(name: string): boolean {
    const value = this.value(name);
    return value === true || value === 'true';
  }

  /** Set to something other than empty (unknown counts as set; a nested block, written or `dynamic`, is set). */
  isSet(name: string): boolean {
    if (!this.body.attributes.some((a) => a.name === name)) return this.body.blocks.some((b) => blockNamed(b, name));
    const value = this.value(name);
    if (value === undefined || value === null || value === '' || value === 0) return false;
    if (Array.isArray(value)) return value.length > 0;
    return isUnknown(value) || typeof value !== 'object' || Object.keys(value).length > 0;
  }

  /**
   * The elements of a list of nested blocks: HCL's repeated blocks or legacy JSON's list of objects, each with
   * its own fields. Undefined when the list is not known as written (a `dynamic` block, a computed value).
   */
  blockList(name: string): NestedFields[] | undefined {
    const attribute = this.body.attributes.find((a) => a.name === name);
    if (attribute) {
      if (attribute.value.type !== 'tuple') return undefined;
      const objects = attribute.value.items;
      return objects.every((o) => o.type === 'object') ? objects.map((o) => this.objectFields(o)) : undefined;
    }
    const blocks = this.body.blocks.filter((b) => blockNamed(b, name));
    if (blocks.some((b) => b.type === 'dynamic')) return undefined;
    return blocks.map((b) => ({ range: b.typeRange, fields: new Fields(b.body, this.evaluation, this.contextOf) }));
  }

  private objectFields(object: ObjectExpr): NestedFields {
    const attributes: Attribute[] = object.items.flatMap((item) =>
      item.keyName === undefined
        ? []
        : [{ name: item.keyName, nameRange: item.key.range, value: item.value, range: item.range }],
    );
    const body: Body = { range: object.range, attributes, blocks: [] };
    return { range: object.range, fields: new Fields(body, this.evaluation, this.contextOf) };
  }
}

/** One element of {@link Fields.blockList}: where it is written, and its fields. */
export interface NestedFields {
  range: Range;
  fields: Fields;
}

function blockNamed(block: Block, name: string): boolean {
  return block.type === name || (block.type === 'dynamic' && block.labels[0]?.value === name);
}

/** Nested HCL blocks (e.g. `source_ami_filter { … }`) count as set fields. */
function blockAsAttribute(body: Body, name: string): Attribute | undefined {
  const block = body.blocks.find((b) => blockNamed(b, name));
  if (!block) return undefined;
  return {
    name,
    // `dynamic "name" { … }` is named by its label.
    nameRange: block.type === name ? block.typeRange : block.labels[0]!.range,
    range: block.range,
    value: { type: 'object', items: [], range: block.range },
  };
}

/** Items of a list-valued field, with their expressions for ranges. */
export function listItems(attribute: Attribute | undefined): Expr[] | undefined {
  return attribute?.value.type === 'tuple' ? attribute.value.items : undefined;
}
