/**
 * Which Go-template data and functions each string of a block may use, from
 * the schema's `x-template-data` and `x-template-functions`. Walks HCL nested
 * blocks and JSON nested objects and lists alike, so a tag value inside a
 * JSON `ami_block_device_mappings` element gets its own field's data.
 */
import type { Value } from '../evaluation-model.js';
import {
  checkGoTemplate,
  checkParsedGoTemplate,
  type GoTemplateCheckContext,
} from '../interpolation/check-go-template.js';
import { mayContainActions, parseGoTemplateText } from '../interpolation/parse-go-template.js';
import type { Body, Diagnostic, Expr, Syntax, TemplateExpr } from '../model.js';
import { elementSchema, fieldsOf, type FieldInfo, fieldAtPath } from './registry.js';
import type { JsonSchema } from './schema-types.js';

/** One string of a block with what its `{{ }}` may use. */
export interface TemplateField {
  expr: TemplateExpr;
  /** Field path from the top of the block (`['tag', 'value']`); list indexes left out. */
  path: string[];
  /** Data names without dots (`Device`); [] = functions only. */
  allowedData: string[];
  /** Functions this block's builder adds (amazon `clean_resource_name`, azure `vm`). */
  fieldFunctions: string[];
}

/** A reference (`var.x`, `local.y[0]`) whose value a field renders: checked once evaluated. */
export interface ReferenceField extends Omit<TemplateField, 'expr'> {
  expr: Expr;
}

/** Every template string of a body, with the data and functions its field allows. */
export function templateFieldsOf(body: Body, schema: JsonSchema): TemplateField[] {
  return fieldExprsOf(body, schema).flatMap((f) => (f.expr.type === 'template' ? [{ ...f, expr: f.expr }] : []));
}

/**
 * Every reference to a variable or local of a body (HCL `var.x`, `local.y`,
 * `var.z[0]`) with what its field's `{{ }}` may use. (`build.X` stands for
 * the build's own data, rendered with it: not text to check here.)
 */
export function referenceFieldsOf(body: Body, schema: JsonSchema): ReferenceField[] {
  return fieldExprsOf(body, schema).filter((f) => {
    const root = referenceRoot(f.expr);
    return root === 'var' || root === 'local';
  });
}

/** The root name of `var.x`, `var.x[0]`, `local.y.z`; undefined for anything else. */
function referenceRoot(expr: Expr): string | undefined {
  if (expr.type === 'traversal') return expr.root;
  if (expr.type === 'index' || expr.type === 'getattr') return referenceRoot(expr.target);
  return undefined;
}

/** Every expression of a body with its field's path, data and functions. */
function fieldExprsOf(body: Body, schema: JsonSchema): ReferenceField[] {
  const out: ReferenceField[] = [];
  const blockFunctions = schema['x-template-functions'] ?? [];
  const visitBody = (current: Body, path: string[]): void => {
    for (const attribute of current.attributes) visitExpr(attribute.value, [...path, attribute.name]);
    for (const block of current.blocks) visitBody(block.body, [...path, block.type]);
  };
  // `field` is given for a sub-expression of the same path: its lookup is the parent's.
  const visitExpr = (expr: Expr, path: string[], field = fieldAtPath(schema, path)): void => {
    // A field the schema does not know is reported as unknown; its text is no one's template (one fault, one diagnostic).
    if (!field && !acceptsAnyField(schema)) return;
    const functions = [...blockFunctions, ...(field?.schema['x-template-functions'] ?? [])];
    out.push({ expr, path, allowedData: field?.templateData ?? [], fieldFunctions: functions });
    // The target of `var.x[0]` is part of the reference, not one of its own.
    if (expr.type === 'index' || expr.type === 'getattr') return;
    for (const [child, childPath] of children(expr, path, field, schema))
      if (childPath === path) visitExpr(child, childPath, field);
      else visitExpr(child, childPath);
  };
  visitBody(body, []);
  return out;
}

/**
 * Sub-expressions with their field paths: the members of a JSON object that
 * stands for a nested block get their own field names; everything else
 * stays under the same field (a list of commands, a map of tags, `${ }`).
 */
function children(expr: Expr, path: string[], field: FieldInfo | undefined, root: JsonSchema): Array<[Expr, string[]]> {
  const structured =
    field && hasFields(field.types.includes('array') ? elementSchema(field.schema, root) : field.schema);
  switch (expr.type) {
    case 'object':
      return expr.items.flatMap(
        (item): Array<[Expr, string[]]> =>
          structured && item.keyName !== undefined
            ? [[item.value, [...path, item.keyName]]]
            : [
                [item.key, path],
                [item.value, path],
              ],
      );
    case 'tuple':
      return expr.items.map((item) => [item, path]);
    case 'template':
      return expr.parts.flatMap(
        (part): Array<[Expr, string[]]> => (part.kind === 'interpolation' ? [[part.expr, path]] : []),
      );
    case 'paren':
      return [[expr.inner, path]];
    case 'conditional':
      return [
        [expr.condition, path],
        [expr.then, path],
        [expr.else, path],
      ];
    case 'call':
      return expr.args.map((arg) => [arg, path]);
    case 'binary':
      return [
        [expr.left, path],
        [expr.right, path],
      ];
    case 'unary':
      return [[expr.operand, path]];
    default:
      return [];
  }
}

/** A schema that lets any key in (the legacy template's top level): its unknown keys are not errors. */
function acceptsAnyField(schema: JsonSchema): boolean {
  return schema.additionalProperties !== false && schema.unevaluatedProperties !== false;
}

function hasFields(schema: JsonSchema | undefined): boolean {
  return schema !== undefined && fieldsOf(schema).length > 0;
}

// Both depend on the schema only, and every block of every file asks: made once per schema.
const dataElsewhereCache = new WeakMap<JsonSchema, ReadonlyMap<string, readonly string[]>>();
const functionsElsewhereCache = new WeakMap<JsonSchema, ReadonlyMap<string, readonly string[]>>();

/** For did-you-mean messages: each data name of the schema and the fields that offer it. */
export function dataElsewhere(schema: JsonSchema): ReadonlyMap<string, readonly string[]> {
  let map = dataElsewhereCache.get(schema);
  if (!map) {
    map = namesByField(schema, (field) => field.templateData ?? []);
    dataElsewhereCache.set(schema, map);
  }
  return map;
}

/** Functions only some fields of the schema define, with those fields. */
export function functionsElsewhere(schema: JsonSchema): ReadonlyMap<string, readonly string[]> {
  let map = functionsElsewhereCache.get(schema);
  if (!map) {
    map = namesByField(schema, (field) => field.schema['x-template-functions'] ?? []);
    functionsElsewhereCache.set(schema, map);
  }
  return map;
}

function namesByField(schema: JsonSchema, namesOf: (field: FieldInfo) => readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const visit = (container: JsonSchema, prefix: string): void => {
    for (const field of fieldsOf(container)) {
      const name = prefix + field.name;
      for (const data of namesOf(field)) map.set(data, [...(map.get(data) ?? []), name]);
      const nested = field.types.includes('array') ? elementSchema(field.schema, schema) : field.schema;
      if (nested?.properties) visit(nested, `${name}.`);
    }
  };
  visit(schema, '');
  return map;
}

/** What checking a block's templates needs from the caller. */
export interface FieldTemplateContext {
  file: string;
  syntax: Syntax;
  /** Legacy JSON: declared user variables (undefined = do not check `user` names). */
  userVariables?: ReadonlySet<string>;
  /** True for provisioners and post-processors (shared build data exists there). */
  inProvisioner?: boolean;
  /** Shared build data names for `{{build `X`}}`. */
  buildData?: readonly string[];
  /**
   * Evaluates a reference of the body (HCL): text that comes from a variable
   * or a local is Go-template text where this field renders it, and is
   * checked here with this field's data.
   */
  evaluate?: (expr: Expr) => Value;
}

/** Runs the Go-template checker on every string of a block, each with its own field's data. */
export function checkFieldTemplates(body: Body, schema: JsonSchema, ctx: FieldTemplateContext): Diagnostic[] {
  const elsewhere = dataElsewhere(schema);
  const functions = functionsElsewhere(schema);
  const checkContext = (field: Omit<TemplateField, 'expr'>): GoTemplateCheckContext => ({
    file: ctx.file,
    syntax: ctx.syntax,
    allowedData: field.allowedData,
    inVariables: false,
    userVariables: ctx.userVariables,
    field: field.path.join('.'),
    dataElsewhere: elsewhere,
    inProvisioner: ctx.inProvisioner,
    buildData: ctx.buildData,
    fieldFunctions: field.fieldFunctions,
    functionsElsewhere: functions,
  });
  const written = templateFieldsOf(body, schema).flatMap((field) => checkGoTemplate(field.expr, checkContext(field)));
  const evaluate = ctx.evaluate;
  if (!evaluate) return written;
  const referenced = referenceFieldsOf(body, schema).flatMap((field) =>
    referencedText(evaluate(field.expr)).flatMap((text) =>
      checkParsedGoTemplate(parseGoTemplateText(text), checkContext(field)).map((d) => ({
        ...d,
        range: field.expr.range,
        message: `In the value this reference gives "${field.path.join('.')}": ${d.message}`,
      })),
    ),
  );
  return [...written, ...referenced];
}

/** The strings of a value that could hold template actions (a string, or the strings of a list). */
function referencedText(value: Value): string[] {
  if (typeof value === 'string') return mayContainActions(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(referencedText);
  return [];
}
