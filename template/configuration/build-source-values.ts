/**
 * `build { sources = <expression> }`: Packer evaluates `sources` with the
 * variables and locals in scope (`concat(local.a, local.b)`, `["${var.x}"]`,
 * `local.builds`), then reads each string as a source reference. Done once
 * evaluation exists; the references join the build's like written ones.
 */
import type { BuildDecl, Configuration } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import { isUnknown, type Evaluation, type Value } from '../evaluation-model.js';
import type { Diagnostic, Expr } from '../model.js';
import { badSourceRef, parseSourceRef, unparsedSourceRef } from './source-references.js';

/** Adds the references of every `sources` expression to its build; reports values that are not references. */
export function resolveSourceExpressions(config: Configuration, evaluation: Evaluation): Diagnostic[] {
  return config.builds.flatMap((build) => (build.sourcesExpr ? resolveOne(build, build.sourcesExpr, evaluation) : []));
}

function resolveOne(build: BuildDecl, expr: Expr, evaluation: Evaluation): Diagnostic[] {
  const value = evaluation.evaluate(expr, { file: build.file, kind: 'local' });
  if (isUnknown(value)) {
    build.sourcesUnknown = true;
    return [];
  }
  if (!Array.isArray(value)) {
    return [
      diagnostic(
        build.file,
        expr.range,
        'invalid-source-reference',
        `"sources" must be a list of source references such as ["source.chroot.base"], not ${describe(value)}.`,
      ),
    ];
  }
  // A literal list keeps each element's range; any other expression marks itself.
  const items = expr.type === 'tuple' && expr.items.length === value.length ? expr.items : undefined;
  const out: Diagnostic[] = [];
  value.forEach((item, i) => {
    const range = items?.[i]?.range ?? expr.range;
    if (isUnknown(item)) {
      build.sourcesUnknown = true;
      return;
    }
    const text = typeof item === 'string' ? item : JSON.stringify(item);
    const ref = typeof item === 'string' ? parseSourceRef(text, range) : undefined;
    // Kept even when it is not a reference: the build still names a source (Packer's "hadSource").
    build.sources.push(ref ?? unparsedSourceRef(text, range));
    if (!ref) out.push(badSourceRef(build.file, text, range));
  });
  return out;
}

function describe(value: Value): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
