/**
 * What a rule sees: the configuration, its evaluation, and helpers that read
 * a declaration's fields as values. Rules are pure functions of this context.
 */
import type { Configuration, SourceDecl } from '../configuration-model.js';
import type { EvalContext, Evaluation, Value } from '../evaluation-model.js';
import { isUnknown } from '../evaluation-model.js';
import type { Attribute, Body, Expr } from '../model.js';

export interface RuleContext {
  config: Configuration;
  evaluation: Evaluation;
}

/** A declaration's body with its evaluation context, for field lookups. */
export class Fields {
  constructor(
    readonly body: Body,
    private readonly evaluation: Evaluation,
    private readonly context: EvalContext,
  ) {}

  static ofSource(source: SourceDecl, evaluation: Evaluation): Fields {
    return new Fields(source.body, evaluation, {
      file: source.file,
      kind: 'source',
      source: { type: source.type, name: source.name },
    });
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
    return this.evaluation.evaluate(expr, this.context);
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

  /** Set to something other than empty (unknown counts as set; a nested block is set). */
  isSet(name: string): boolean {
    if (!this.body.attributes.some((a) => a.name === name)) return this.body.blocks.some((b) => b.type === name);
    const value = this.value(name);
    if (value === undefined || value === null || value === '' || value === 0) return false;
    if (Array.isArray(value)) return value.length > 0;
    return isUnknown(value) || typeof value !== 'object' || Object.keys(value).length > 0;
  }
}

/** Nested HCL blocks (e.g. `source_ami_filter { … }`) count as set fields. */
function blockAsAttribute(body: Body, name: string): Attribute | undefined {
  const block = body.blocks.find((b) => b.type === name);
  if (!block) return undefined;
  return {
    name,
    nameRange: block.typeRange,
    range: block.range,
    value: { type: 'object', items: [], range: block.range },
  };
}

/** Items of a list-valued field, with their expressions for ranges. */
export function listItems(attribute: Attribute | undefined): Expr[] | undefined {
  return attribute?.value.type === 'tuple' ? attribute.value.items : undefined;
}
