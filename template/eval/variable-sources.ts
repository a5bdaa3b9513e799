/**
 * Where a variable's value may come from, lowest precedence first, as
 * Packer ranks them (measured with packer 1.6.6's `packer console`; the
 * var file order is Packer 1.13's, see configuration-files.ts):
 *
 *   1. the `default` of the variable block
 *   2. `PKR_VAR_<name>` in the environment
 *   3. `*.auto.pkrvars.hcl`, then `*.auto.pkrvars.json`, each by file name
 *   4. `-var-file` files, in the order given
 *   5. `-var name=value`, in the order given (a later one wins)
 *
 * `-var` beats `-var-file` whatever their order on the command line.
 */
import { varFileOrder } from '../configuration-files.js';
import type { EvaluationInputs, ValueOrigin } from '../evaluation-model.js';
import type { Attribute, Expr, ParsedFile, Range } from '../model.js';

/** Pseudo file name for diagnostics about `-var` arguments, which have no file. */
export const COMMAND_LINE = '<command line>';

/** One value given for a variable, before conversion to its type. */
export type ValueSource =
  | { origin: 'default' | 'var-file'; file: string; range: Range; expr: Expr }
  | { origin: 'env' | 'cli'; text: string; label: string };

/** The auto var files in Packer's order, then the explicit ones as given; each file once. */
export function orderedVarFiles(configFiles: ParsedFile[], inputs: EvaluationInputs): ParsedFile[] {
  const seen = new Set<string>();
  const all = [...configFiles.filter((f) => f.isVarFile), ...inputs.varFiles].filter((f) => {
    if (seen.has(f.path)) return false;
    seen.add(f.path);
    return true;
  });
  return varFileOrder(all, (f) => f.path);
}

/** Every value given for `name`, lowest precedence first. */
export function valueSources(
  name: string,
  defaultExpr: Expr | undefined,
  declaredIn: string,
  varFiles: ParsedFile[],
  inputs: EvaluationInputs,
): ValueSource[] {
  const sources: ValueSource[] = [];
  if (defaultExpr) sources.push({ origin: 'default', file: declaredIn, range: defaultExpr.range, expr: defaultExpr });
  const env = inputs.env[`PKR_VAR_${name}`];
  if (env !== undefined) sources.push({ origin: 'env', text: env, label: `PKR_VAR_${name}` });
  for (const file of varFiles) {
    for (const attr of file.body.attributes) {
      if (attr.name === name)
        sources.push({ origin: 'var-file', file: file.path, range: attr.value.range, expr: attr.value });
    }
  }
  for (const [key, text] of inputs.vars) {
    if (key === name) sources.push({ origin: 'cli', text, label: `-var ${name}` });
  }
  return sources;
}

/** Attributes of var files that set no declared variable. */
export function undeclaredFileValues(
  varFiles: ParsedFile[],
  declared: ReadonlySet<string>,
): Array<{ file: string; attr: Attribute }> {
  return varFiles.flatMap((file) =>
    file.body.attributes.filter((attr) => !declared.has(attr.name)).map((attr) => ({ file: file.path, attr })),
  );
}

/** Names given with `-var` that no variable block declares, each once. */
export function undeclaredCliValues(inputs: EvaluationInputs, declared: ReadonlySet<string>): string[] {
  return [...new Set(inputs.vars.map(([name]) => name).filter((name) => !declared.has(name)))];
}

/** How messages name a source. */
export function describeOrigin(origin: ValueOrigin): string {
  switch (origin) {
    case 'default':
      return 'its default';
    case 'var-file':
      return 'a var file';
    case 'env':
      return 'the environment';
    case 'cli':
      return 'the command line';
    default:
      return 'nowhere';
  }
}
