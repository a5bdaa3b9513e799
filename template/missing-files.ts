/**
 * Local files named by path fields (`x-path` in the schemas: scripts, file
 * sources, source images) that are not there: a warning now, an error when
 * the build runs. Packer and its plugins open relative paths as given, from
 * the working directory Packer runs in (not the template's directory); a
 * template anchors a path to its own directory with `${path.root}`. So does
 * chrootforge, and the message says which base it used.
 */
import { configurationFileKind } from './configuration-files.js';
import type { Declared } from './configuration-model.js';
import { diagnostic } from './diagnostic.js';
import type { EvaluationInputs, Value } from './evaluation-model.js';
import type { Body, Diagnostic, Expr, Syntax } from './model.js';
import { fieldAtPath } from './schema/registry.js';
import type { JsonSchema, SchemaRef } from './schema/schema-types.js';

/** What is checked: a block's fields, its kind and where it is. */
export interface PathTarget extends Declared {
  body: Body;
  ref: SchemaRef;
}

/** A URL, or a go-getter source with a forced getter (`s3::https://…`, `git::…`): nothing local to check. */
const URL_LIKE = /^([a-z][a-z0-9+.-]*:\/\/|[a-z0-9]+::)/i;

/** The path a relative path names, from the working directory (as Packer opens it). */
export function resolveFromWorkingDirectory(path: string, cwd: string): string {
  return path.startsWith('/') ? path : `${cwd.replace(/\/+$/, '')}/${path}`;
}

export function missingFiles(
  target: PathTarget,
  schema: JsonSchema,
  evaluate: (expr: Expr) => Value,
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
      if (inputs.fileExists(resolveFromWorkingDirectory(path, inputs.cwd))) continue;
      out.push(missingFile(target.file, item, attribute.name, path, inputs, syntaxOf(target.file)));
    }
  }
  return out;
}

function missingFile(
  file: string,
  item: Expr,
  field: string,
  path: string,
  inputs: EvaluationInputs,
  syntax: Syntax,
): Diagnostic {
  if (path === '~' || path.startsWith('~/')) {
    const instead =
      syntax === 'hcl'
        ? `write pathexpand("${path}")`
        : 'declare a variable whose default is {{env `HOME`}} and use it';
    return diagnostic(
      file,
      item.range,
      'unexpanded-home',
      `${field}: Packer does not expand "~": "${path}" names a directory called "~" in the working directory ${inputs.cwd}, which does not exist; ${instead} instead.`,
    );
  }
  const where = path.startsWith('/')
    ? ''
    : ` in the working directory ${inputs.cwd} (${relativeBase(path, inputs, syntax)})`;
  return diagnostic(
    file,
    item.range,
    'missing-file',
    `${field}: "${path}" does not exist${where}; the build will fail without it.`,
    'warning',
  );
}

/** Which base a relative path was resolved from, and how to name a file next to the template when that is another. */
function relativeBase(path: string, inputs: EvaluationInputs, syntax: Syntax): string {
  const sameDirectory = inputs.cwd.replace(/\/+$/, '') === inputs.templateDir.replace(/\/+$/, '');
  if (sameDirectory) return "Packer resolves relative paths from where it runs, here the template's directory";
  const anchored = syntax === 'hcl' ? `\${path.root}/${path}` : `{{template_dir}}/${path}`;
  return `Packer resolves relative paths from where it runs, not from the template's directory ${inputs.templateDir}: write "${anchored}" for a file next to the template`;
}

function syntaxOf(path: string): Syntax {
  return configurationFileKind(path) === 'legacy-json' ? 'json' : 'hcl';
}

/** A file provisioner downloading: its source is a path inside the image. */
function isDownload(target: PathTarget, evaluate: (expr: Expr) => Value): boolean {
  if (target.ref.kind !== 'provisioner' || target.ref.type !== 'file') return false;
  const direction = target.body.attributes.find((a) => a.name === 'direction');
  return direction !== undefined && evaluate(direction.value) === 'download';
}
