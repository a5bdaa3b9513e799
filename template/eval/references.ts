/**
 * What a name refers to where it stands: `var.*`, `local.*`, `path.root`,
 * `path.cwd`, `source.name`/`source.type`, `build.X`, and `for` iterators.
 */
import type { Value } from '../evaluation-model.js';
import type { Range, TraversalExpr, TraversalStep } from '../model.js';
import { didYouMean, suggest } from '../suggest.js';
import { EvalCode } from './codes.js';
import { CONSTANT_PLACE_TEXT, constantPlace, reportAt, type Frame } from './frame.js';
import { applySteps, stepNameRange } from './traverse.js';
import { UNKNOWN } from './value.js';

/**
 * Shared build data Packer makes available as `build.X`, with what each
 * holds (for hover and completion). In provisioners and post-processors it
 * becomes the Go-template text `{{.X}}`, rendered by the runner once the
 * build has it.
 */
export const BUILD_VARIABLE_DOCS: Readonly<Record<string, string>> = {
  ID: 'Identifier of the build instance, as the builder reports it.',
  Host: 'Address the communicator connects to (none for chroot).',
  Port: 'Port the communicator connects to (none for chroot).',
  User: 'User the communicator logs in as (none for chroot).',
  Password: 'Password the communicator uses (none for chroot).',
  ConnType: 'Communicator type (`none` for chroot).',
  PackerRunUUID: 'Unique identifier of this Packer run.',
  PackerHTTPAddr: 'Address of the HTTP server Packer serves files from, when enabled.',
  PackerHTTPIP: 'IP address of that HTTP server.',
  PackerHTTPPort: 'Port of that HTTP server.',
  SSHPublicKey: 'Public SSH key of the build, when one was generated.',
  SSHPrivateKey: 'Private SSH key of the build, when one was generated.',
  WinRMPassword: 'WinRM password of the build, when one was set.',
  MountPath: 'Where the image root is mounted on the host (chroot builders).',
  Device: 'Device the source image is attached to, e.g. `/dev/loop3` (chroot builders).',
  name: 'Name of the build block.',
};

/** The `build.X` names, in documentation order. */
export const BUILD_VARIABLES: readonly string[] = Object.keys(BUILD_VARIABLE_DOCS);

const ROOTS = ['var', 'local', 'data', 'path', 'source', 'build', 'packer'];
const SOURCE_ATTRIBUTES = ['name', 'type'];
const PATH_ATTRIBUTES = ['root', 'cwd'];
/** `packer.X`: the running Packer's version and HCP Packer's ids, none known before a build. */
export const PACKER_ATTRIBUTES = ['version', 'iterationID', 'versionFingerprint'];

/** The value of a traversal such as `var.x.y`, or UNKNOWN with a diagnostic. */
export function resolveTraversal(expr: TraversalExpr, frame: Frame): Value {
  if (frame.iterators.has(expr.root)) return applySteps(frame.iterators.get(expr.root)!, expr.steps, frame);
  const [first, ...rest] = expr.steps;
  switch (expr.root) {
    case 'var':
      return first ? applyRest(variableValue(first, frame), rest, frame) : alone(expr, frame, 'var.NAME');
    case 'local':
      return first ? applyRest(localValue(first, frame), rest, frame) : alone(expr, frame, 'local.NAME');
    case 'path':
      return first ? applyRest(pathValue(first, frame), rest, frame) : alone(expr, frame, 'path.root');
    case 'source':
      return first ? applyRest(sourceValue(first, frame), rest, frame) : alone(expr, frame, 'source.name');
    case 'build':
      return first ? buildValue(expr, first, rest, frame) : alone(expr, frame, 'build.ID');
    case 'data':
      return dataValue(expr, frame);
    case 'packer':
      return first ? packerValue(first, rest, frame) : alone(expr, frame, 'packer.version');
    default:
      return unknownRoot(expr, frame);
  }
}

function applyRest(value: Value, rest: TraversalStep[], frame: Frame): Value {
  return applySteps(value, rest, frame);
}

function alone(expr: TraversalExpr, frame: Frame, example: string): Value {
  reportAt(
    frame,
    expr.range,
    EvalCode.invalidReference,
    `The "${expr.root}" object cannot be used alone: refer to one of its attributes, as in ${example}.`,
  );
  return UNKNOWN;
}

function stepName(step: TraversalStep): string {
  return String(step.name);
}

function variableValue(step: TraversalStep, frame: Frame): Value {
  const name = stepName(step);
  if (frame.selfVariable !== undefined && frame.selfVariable !== name) {
    return invalid(
      frame,
      stepNameRange(step),
      `A validation condition may refer only to the variable it validates (var.${frame.selfVariable}).`,
    );
  }
  const place = constantPlace(frame);
  if (place)
    return invalid(frame, stepNameRange(step), `Variables may not be used here: ${CONSTANT_PLACE_TEXT[place]}.`);
  // A declared variable may hold null: only undefined means undeclared.
  const value = frame.names.variable(name);
  return value !== undefined
    ? value
    : undeclared(frame, step, EvalCode.undefinedVariable, 'variable', frame.names.variableNames());
}

function localValue(step: TraversalStep, frame: Frame): Value {
  const name = stepName(step);
  const place = constantPlace(frame);
  if (place || frame.context.kind === 'variable') {
    const why = place ? CONSTANT_PLACE_TEXT[place] : 'a validation condition may refer only to its variable';
    return invalid(frame, stepNameRange(step), `Locals may not be used here: ${why}.`);
  }
  const value = frame.names.local(name);
  return value !== undefined
    ? value
    : undeclared(frame, step, EvalCode.undefinedLocal, 'local', frame.names.localNames());
}

/** `var.x` / `local.x` naming nothing declared: reported at the name, with did-you-mean; the value is UNKNOWN. */
function undeclared(
  frame: Frame,
  step: TraversalStep,
  code: string,
  kind: 'variable' | 'local',
  declared: Iterable<string>,
): Value {
  const name = stepName(step);
  const suggestions = suggest(name, declared);
  const title = kind === 'variable' ? 'Undefined variable' : 'Undefined local';
  reportAt(
    frame,
    stepNameRange(step),
    code,
    `${title}: no ${kind} named "${name}" is declared.${didYouMean(suggestions)}`,
    'error',
    suggestions.length > 0 ? { suggestions } : undefined,
  );
  return UNKNOWN;
}

function pathValue(step: TraversalStep, frame: Frame): Value {
  const name = stepName(step);
  const place = constantPlace(frame);
  if (place) {
    return invalid(
      frame,
      stepNameRange(step),
      `Variables not allowed: ${CONSTANT_PLACE_TEXT[place]}; use path.${name} in a local instead.`,
    );
  }
  if (name === 'root') return frame.env.templateDir;
  if (name === 'cwd') return frame.env.cwd;
  return invalidAttribute(frame, stepNameRange(step), 'path', name, PATH_ATTRIBUTES);
}

/**
 * `data.TYPE.NAME.attr`: a data source's outputs. `chrootforge validate`,
 * like `packer validate`, does not run data sources: every attribute of a
 * declared one is UNKNOWN, which no check downstream reports.
 */
function dataValue(expr: TraversalExpr, frame: Frame): Value {
  const [type, name] = expr.steps;
  const place = constantPlace(frame);
  if (place) {
    return invalid(frame, expr.range, `Data sources may not be used here: ${CONSTANT_PLACE_TEXT[place]}.`);
  }
  if (!type || !name) return alone(expr, frame, 'data.TYPE.NAME.ATTRIBUTE');
  const typeName = stepName(type);
  const sourceName = stepName(name);
  if (frame.names.dataSource(typeName, sourceName)) return UNKNOWN;
  const declared = frame.names.dataSourceNames();
  const suggestions = suggest(`${typeName}.${sourceName}`, declared).map((s) => `data.${s}`);
  reportAt(
    frame,
    { start: expr.rootRange.start, end: name.range.end },
    EvalCode.undefinedDataSource,
    `Reference to undeclared data source: no data "${typeName}" "${sourceName}" block is declared.${didYouMean(suggestions)}`,
    'error',
    suggestions.length > 0 ? { suggestions } : undefined,
  );
  return UNKNOWN;
}

/** `packer.version` and HCP Packer's ids: known to the running Packer only. */
function packerValue(step: TraversalStep, rest: TraversalStep[], frame: Frame): Value {
  const name = stepName(step);
  const place = constantPlace(frame);
  if (place)
    return invalid(frame, stepNameRange(step), `Variables may not be used here: ${CONSTANT_PLACE_TEXT[place]}.`);
  if (!PACKER_ATTRIBUTES.includes(name))
    return invalidAttribute(frame, stepNameRange(step), 'packer', name, PACKER_ATTRIBUTES);
  if (rest.length > 0) return invalid(frame, rest[0]!.range, `packer.${name} is a string and has no attributes.`);
  return UNKNOWN;
}

function sourceValue(step: TraversalStep, frame: Frame): Value {
  const name = stepName(step);
  const { kind, source } = frame.context;
  if (!SOURCE_ATTRIBUTES.includes(name))
    return invalidAttribute(frame, stepNameRange(step), 'source', name, SOURCE_ATTRIBUTES);
  if (kind === 'source' || kind === 'build' || kind === 'provisioner' || kind === 'post-processor') {
    if (!source) return UNKNOWN;
    return name === 'name' ? source.name : source.type;
  }
  // Packer gives locals and data sources a `source` whose name and type are unknown: no error, no value.
  if (kind === 'local' || kind === 'data') return UNKNOWN;
  return invalid(frame, stepNameRange(step), `source.${name} is available only inside source and build blocks.`);
}

function buildValue(expr: TraversalExpr, step: TraversalStep, rest: TraversalStep[], frame: Frame): Value {
  const name = stepName(step);
  if (!BUILD_VARIABLES.includes(name)) {
    return invalidAttribute(frame, stepNameRange(step), 'build', name, BUILD_VARIABLES);
  }
  const { kind } = frame.context;
  if (kind !== 'provisioner' && kind !== 'post-processor') {
    return invalid(
      frame,
      expr.range,
      `build.${name} is known only while the build runs: use it in a provisioner or post-processor.`,
    );
  }
  if (rest.length > 0) return invalid(frame, rest[0]!.range, `build.${name} is a string and has no attributes.`);
  return `{{.${name}}}`;
}

function unknownRoot(expr: TraversalExpr, frame: Frame): Value {
  const candidates = [...ROOTS, ...frame.iterators.keys()];
  const suggestions = suggest(expr.root, candidates);
  reportAt(
    frame,
    expr.rootRange,
    EvalCode.invalidReference,
    `Unknown name "${expr.root}": references start with var., local., data., path., source., build. or packer.${didYouMean(suggestions)}`,
    'error',
    suggestions.length > 0 ? { suggestions } : undefined,
  );
  return UNKNOWN;
}

function invalidAttribute(frame: Frame, range: Range, root: string, name: string, known: readonly string[]): Value {
  const suggestions = suggest(name, known);
  reportAt(
    frame,
    range,
    EvalCode.invalidReference,
    `"${root}" has no attribute "${name}"; it has ${known.map((k) => `${root}.${k}`).join(', ')}.${didYouMean(suggestions)}`,
    'error',
    suggestions.length > 0 ? { suggestions } : undefined,
  );
  return UNKNOWN;
}

function invalid(frame: Frame, range: Range, message: string): Value {
  reportAt(frame, range, EvalCode.invalidReference, message);
  return UNKNOWN;
}
