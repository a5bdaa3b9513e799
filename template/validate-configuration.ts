/**
 * Schema-driven checks of every declaration: the fields of each block
 * against its JSON Schema, the Go-template text of each plugin field against
 * the data that field offers, and local files that are not there. The schema
 * is the only field list consulted; a plugin component with no schema is
 * reported as not checked (components.ts), never as an error.
 */
import { configurationFileKind } from './configuration-files.js';
import type { Configuration, Declared } from './configuration-model.js';
import { duplicateArguments, inUseFiles, type SourceUse, sourceUses, useContext } from './configuration/source-uses.js';
import { checkGoTemplate } from './interpolation/check-go-template.js';
import type { EvalContext, Evaluation, EvaluationInputs, Value } from './evaluation-model.js';
import { walkExpr } from './hcl/expr-walk.js';
import type { Body, Diagnostic, Expr, Syntax } from './model.js';
import { missingFiles } from './missing-files.js';
import { evaluateUnchecked, uncheckedComponent } from './plugins/unchecked-component.js';
import { requiredPlugins, type RequiredPlugins } from './plugins/required-plugins.js';
import type { Iterators } from './schema/body-to-json.js';
import { isTypedKind } from './schema/catalog.js';
import { schemaFor } from './schema/registry.js';
import type { SchemaKind, SchemaRef } from './schema/schema-types.js';
import { checkFieldTemplates } from './schema/template-fields.js';
import { validateBody } from './schema/validate-body.js';

interface Target extends Declared {
  body: Body;
  ref: SchemaRef;
  context: EvalContext;
  /** Range of the type label, for unknown types. */
  typeRange?: Declared['headerRange'];
  /** Where each expression is evaluated, when not all in `context` (a source use spans two blocks). */
  contextOf?: (expr: Expr) => EvalContext;
  /** The bodies whose strings are Go-template text, each with its file (default: the target's body). */
  templateBodies?: Array<{ body: Body; file: string }>;
}

/** What every target's check reads. */
interface Checking {
  evaluation: Evaluation;
  inputs: EvaluationInputs;
  syntaxOf: Map<string, Syntax>;
  userVariables: Set<string>;
  required: RequiredPlugins;
}

export function validateConfiguration(
  config: Configuration,
  evaluation: Evaluation,
  inputs: EvaluationInputs,
): Diagnostic[] {
  const steps = validationSteps(config, evaluation, inputs);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link validateConfiguration} in steps: a `yield` after each block
 * checked, so an editor answers requests in between (a 5 MB template is
 * thousands of blocks and seconds of checks).
 */
export function* validationSteps(
  config: Configuration,
  evaluation: Evaluation,
  inputs: EvaluationInputs,
): Generator<void, Diagnostic[], void> {
  const checking: Checking = {
    evaluation,
    inputs,
    syntaxOf: new Map(config.files.map((f) => [f.path, f.syntax] as const)),
    userVariables: userVariableNames(config, inputs),
    required: requiredPlugins(config),
  };
  const out: Diagnostic[] = [];
  for (const use of sourceUses(config)) {
    out.push(...inUseFiles(use, checkTarget(sourceTarget(use), checking)), ...duplicateArguments(use));
    yield;
  }
  for (const target of otherTargets(config)) {
    out.push(...checkTarget(target, checking));
    yield;
  }
  out.push(...legacyVariableTemplates(config, checking));
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

function checkTarget(target: Target, checking: Checking): Diagnostic[] {
  const syntax = checking.syntaxOf.get(target.file) ?? 'hcl';
  const contextOf = (expr: Expr, iterators?: Iterators): EvalContext => ({
    ...(target.contextOf?.(expr) ?? target.context),
    ...(iterators && Object.keys(iterators).length > 0 ? { iterators } : {}),
  });
  const evaluate = (expr: Expr, iterators?: Iterators): Value =>
    checking.evaluation.evaluate(expr, contextOf(expr, iterators));
  const schema = schemaFor(target.ref.kind, target.ref.type);
  if (!schema) {
    if (!isTypedKind(target.ref.kind)) return [];
    if (syntax === 'hcl') evaluateUnchecked(target.body, evaluate);
    return [
      uncheckedComponent(
        target.ref.kind,
        target.ref.type ?? '',
        target.file,
        target.typeRange ?? target.headerRange,
        checking.required,
      ),
    ];
  }
  const out = validateBody(target.body, target.ref, {
    file: target.file,
    syntax,
    evaluate,
    headerRange: target.headerRange,
  });
  // The legacy top level only frames the declarations; each is checked as its own target.
  if (target.ref.kind === 'legacy-template') return out;
  if (rendersGoTemplates(target.ref.kind, syntax)) {
    for (const { body, file } of target.templateBodies ?? [{ body: target.body, file: target.file }]) {
      out.push(
        ...checkFieldTemplates(ownFields(target.ref.kind, body), schema, {
          file,
          syntax,
          userVariables: syntax === 'json' ? checking.userVariables : undefined,
          inProvisioner: target.ref.kind === 'provisioner' || target.ref.kind === 'post-processor',
          ...(syntax === 'hcl' ? { evaluate } : {}),
        }),
      );
    }
  }
  out.push(...missingFiles(target, schema, evaluate, checking.inputs));
  return out;
}

/**
 * Whose strings are Go-template text: plugin fields (a plugin renders them),
 * and everything in a legacy JSON template. In HCL, Packer's own blocks
 * (`build`, `variable`, `packer`) keep `{{ }}` as plain text.
 */
function rendersGoTemplates(kind: SchemaKind, syntax: Syntax): boolean {
  return syntax === 'json' || isTypedKind(kind);
}

/** A source as one build uses it: its declaration, or the declaration merged with a using block. */
function sourceTarget(use: SourceUse): Target {
  const { source, addition } = use;
  const added = addition?.ref.body;
  return {
    ...source,
    body: use.body,
    ref: { kind: 'source', type: source.type },
    typeRange: source.typeRange,
    context: { file: source.file, kind: 'source', source: { type: source.type, name: use.name } },
    ...(addition
      ? {
          contextOf: (expr: Expr) => useContext(use, expr),
          templateBodies: [
            { body: source.body, file: source.file },
            {
              body: { ...added!, attributes: added!.attributes.filter((a) => a.name !== 'name') },
              file: addition.file,
            },
          ],
        }
      : {}),
  };
}

/** Every other block that has (or should have) a schema, with its evaluation context. */
function* otherTargets(config: Configuration): Generator<Target> {
  for (const data of config.dataSources) {
    yield {
      ...data,
      ref: { kind: 'data-source', type: data.type },
      context: { file: data.file, kind: 'data' },
    };
  }
  for (const build of config.builds) {
    // A legacy template's build is its builders list, checked with the template.
    if (configurationFileKind(build.file) !== 'legacy-json')
      yield { ...build, ref: { kind: 'build' }, context: { file: build.file, kind: 'build' } };
    const provisioners = [
      ...build.provisioners,
      ...(build.errorCleanupProvisioner ? [build.errorCleanupProvisioner] : []),
    ];
    for (const p of provisioners)
      yield {
        ...p,
        ref: { kind: 'provisioner', type: p.type },
        context: { file: p.file, kind: 'provisioner' },
      };
    for (const p of build.postProcessors)
      yield {
        ...p,
        ref: { kind: 'post-processor', type: p.type },
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

/** A build's nested provisioner, post-processor and source blocks are targets of their own. */
function ownFields(kind: SchemaKind, body: Body): Body {
  return kind === 'build' ? { ...body, blocks: [] } : body;
}

/** Legacy JSON `variables` values may use `{{env}}` and `{{user}}` (nothing else renders them). */
function legacyVariableTemplates(config: Configuration, checking: Checking): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const variable of config.variables) {
    if (checking.syntaxOf.get(variable.file) !== 'json' || !variable.default) continue;
    walkExpr(variable.default, (expr) => {
      if (expr.type !== 'template') return;
      out.push(
        ...checkGoTemplate(expr, {
          file: variable.file,
          syntax: 'json',
          allowedData: [],
          inVariables: true,
          userVariables: checking.userVariables,
          field: `variables.${variable.name}`,
        }),
      );
    });
  }
  return out;
}
