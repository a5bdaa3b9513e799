/**
 * Schema-driven checks of every declaration: the fields of each block
 * against its JSON Schema, the Go-template text of each field against the
 * data that field offers, known block types, and local files that are not
 * there. The schema is the only field list consulted.
 */
import { configurationFileKind } from './configuration-files.js';
import type { Configuration, Declared } from './configuration-model.js';
import { diagnostic } from './diagnostic.js';
import type { EvalContext, Evaluation, EvaluationInputs } from './evaluation-model.js';
import { checkGoTemplate } from './interpolation/check-go-template.js';
import type { Body, Diagnostic, Expr, Syntax } from './model.js';
import { walkExpr } from './hcl/expr-walk.js';
import { fieldAtPath, knownTypes, schemaFor } from './schema/registry.js';
import type { JsonSchema, SchemaKind, SchemaRef } from './schema/schema-types.js';
import { checkFieldTemplates } from './schema/template-fields.js';
import { validateBody } from './schema/validate-body.js';
import { didYouMean, suggest } from './suggest.js';

interface Target extends Declared {
  body: Body;
  ref: SchemaRef;
  context: EvalContext;
  /** Range of the type label, for unknown types. */
  typeRange?: Declared['headerRange'];
}

export function validateConfiguration(
  config: Configuration,
  evaluation: Evaluation,
  inputs: EvaluationInputs,
): Diagnostic[] {
  const syntaxOf = new Map(config.files.map((f) => [f.path, f.syntax] as const));
  const userVariables = userVariableNames(config, inputs);
  const out: Diagnostic[] = [];
  for (const target of targets(config)) {
    const syntax = syntaxOf.get(target.file) ?? 'hcl';
    const schema = schemaFor(target.ref.kind, target.ref.type);
    if (!schema) {
      out.push(unknownType(target));
      continue;
    }
    const evaluate = (expr: Expr) => evaluation.evaluate(expr, target.context);
    out.push(
      ...validateBody(target.body, target.ref, {
        file: target.file,
        syntax,
        evaluate,
        headerRange: target.headerRange,
      }),
    );
    // The legacy top level only frames the declarations; each is checked as its own target.
    if (target.ref.kind === 'legacy-template') continue;
    out.push(
      ...checkFieldTemplates(ownFields(target), schema, {
        file: target.file,
        syntax,
        userVariables: syntax === 'json' ? userVariables : undefined,
        inProvisioner: target.ref.kind === 'provisioner' || target.ref.kind === 'post-processor',
      }),
    );
    out.push(...missingFiles(target, schema, evaluate, inputs));
  }
  out.push(...legacyVariableTemplates(config, syntaxOf, userVariables));
  return out;
}

/**
 * The names legacy JSON `{{user}}` can read: the declared variables and every name given with `--var` or in a
 * var file, declared or not (Packer's core puts them all in the user variables).
 */
function userVariableNames(config: Configuration, inputs: EvaluationInputs): Set<string> {
  const names = new Set(config.variables.map((v) => v.name));
  for (const [name] of inputs.vars) names.add(name);
  for (const file of inputs.varFiles) for (const attribute of file.body.attributes) names.add(attribute.name);
  return names;
}

/** Every block that has (or should have) a schema, with its evaluation context. */
function* targets(config: Configuration): Generator<Target> {
  for (const source of config.sources) {
    yield {
      ...source,
      ref: { kind: 'source', type: source.type },
      typeRange: source.typeRange,
      context: { file: source.file, kind: 'source', source: { type: source.type, name: source.name } },
    };
  }
  for (const build of config.builds) {
    // A legacy template's build is its builders list, checked with the template.
    if (configurationFileKind(build.file) !== 'legacy-json')
      yield { ...build, ref: { kind: 'build' }, context: { file: build.file, kind: 'build' } };
    for (const p of build.provisioners)
      yield {
        ...p,
        ref: { kind: 'provisioner', type: p.type },
        typeRange: p.typeRange,
        context: { file: p.file, kind: 'provisioner' },
      };
    for (const p of build.postProcessors)
      yield {
        ...p,
        ref: { kind: 'post-processor', type: p.type },
        typeRange: p.typeRange,
        context: { file: p.file, kind: 'post-processor' },
      };
  }
  for (const variable of config.variables) {
    if (variable.block)
      yield {
        ...variable,
        body: variable.block.body,
        ref: { kind: 'variable' },
        context: { file: variable.file, kind: 'variable' },
      };
  }
  for (const packer of config.packerBlocks) {
    yield { ...packer, ref: { kind: 'packer' }, context: { file: packer.file, kind: 'packer' } };
  }
  for (const file of config.files) {
    if (file.syntax === 'json' && !file.isVarFile) {
      yield {
        file: file.path,
        headerRange: file.body.range,
        range: file.body.range,
        body: file.body,
        ref: { kind: 'legacy-template' },
        context: { file: file.path, kind: 'other' },
      };
    }
  }
}

/** Only typed kinds can lack a schema: their type label names an unknown type. */
const TYPE_CODES: Partial<Record<SchemaKind, string>> = {
  source: 'unknown-builder-type',
  provisioner: 'unknown-provisioner-type',
  'post-processor': 'unknown-post-processor-type',
};

function unknownType(target: Target): Diagnostic {
  const kind = target.ref.kind;
  const known = knownTypes(kind);
  const suggestions = suggest(target.ref.type ?? '', known);
  const what = kind === 'source' ? 'builder' : kind;
  return diagnostic(
    target.file,
    target.typeRange ?? target.headerRange,
    TYPE_CODES[kind]!,
    `Unknown ${what} type "${target.ref.type}": chrootforge knows ${known.map((k) => `"${k}"`).join(', ')}.${didYouMean(suggestions)}`,
    'error',
    { suggestions },
  );
}

/** A build's nested provisioner, post-processor and source blocks are targets of their own. */
function ownFields(target: Target): Body {
  return target.ref.kind === 'build' ? { ...target.body, blocks: [] } : target.body;
}

/** Legacy JSON `variables` values may use `{{env}}` and `{{user}}` (nothing else renders them). */
function legacyVariableTemplates(
  config: Configuration,
  syntaxOf: Map<string, Syntax>,
  userVariables: Set<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const variable of config.variables) {
    if (syntaxOf.get(variable.file) !== 'json' || !variable.default) continue;
    walkExpr(variable.default, (expr) => {
      if (expr.type !== 'template') return;
      out.push(
        ...checkGoTemplate(expr, {
          file: variable.file,
          syntax: 'json',
          allowedData: [],
          inVariables: true,
          userVariables,
          field: `variables.${variable.name}`,
        }),
      );
    });
  }
  return out;
}

/** A URL, or a go-getter source with a forced getter (`s3::https://…`, `git::…`): nothing local to check. */
const URL_LIKE = /^([a-z][a-z0-9+.-]*:\/\/|[a-z0-9]+::)/i;

/** Local paths named by `x-path` fields: a warning now, an error at build time. */
function missingFiles(
  target: Target,
  schema: JsonSchema,
  evaluate: (expr: Expr) => unknown,
  inputs: EvaluationInputs,
): Diagnostic[] {
  if (!inputs.fileExists) return [];
  const out: Diagnostic[] = [];
  for (const attribute of target.body.attributes) {
    const field = fieldAtPath(schema, [attribute.name]);
    if (!field?.path || isDownload(target, evaluate)) continue;
    const items = attribute.value.type === 'tuple' ? attribute.value.items : [attribute.value];
    for (const item of items) {
      const path = evaluate(item);
      if (typeof path !== 'string' || path === '' || path.includes('{{') || URL_LIKE.test(path)) continue;
      if (!inputs.fileExists(path)) {
        out.push(
          diagnostic(
            target.file,
            item.range,
            'missing-file',
            `${attribute.name}: "${path}" does not exist (relative paths are resolved from the template's directory); the build will fail without it.`,
            'warning',
          ),
        );
      }
    }
  }
  return out;
}

/** A file provisioner downloading: its source is a path inside the image. */
function isDownload(target: Target, evaluate: (expr: Expr) => unknown): boolean {
  if (target.ref.kind !== 'provisioner' || target.ref.type !== 'file') return false;
  const direction = target.body.attributes.find((a) => a.name === 'direction');
  return direction !== undefined && evaluate(direction.value) === 'download';
}
