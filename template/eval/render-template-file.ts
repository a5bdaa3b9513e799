/**
 * Rendering a file as an HCL template for `templatefile`: the text is
 * parsed as the body of a heredoc (same template syntax, one extra line
 * before it, so the heredoc's line N+1 is the file's line N), then evaluated
 * with only the given variables in scope and without `templatefile` itself
 * (no recursion, as in Packer).
 */
import type { Value } from '../evaluation-model.js';
import type { ParsedFile } from '../model.js';
import { parseHcl } from '../hcl/parse-hcl.js';
import { FirstErrorRecorder } from './diagnostic-sink.js';
import { evaluateExpr } from './evaluate-expr.js';
import { newBudget, type Frame, type Names } from './frame.js';
import type { FunctionEnv, HclFunction } from './function-model.js';

/** No declared variables or locals: a template file sees only its vars. */
const NO_NAMES: Names = {
  variable: () => undefined,
  variableNames: () => [],
  local: () => undefined,
  localNames: () => [],
  dataSource: () => false,
  dataSourceNames: () => [],
};

/** A delimiter that is not a line of the text. */
function uniqueDelimiter(text: string): string {
  let delimiter = 'TEMPLATEFILE_EOF';
  while (text.includes(delimiter)) delimiter += '_';
  return delimiter;
}

/** `line N` of the file for a line of the wrapped text (one line longer at the top), or the end of the file past it. */
function where(wrappedLine: number, text: string): string {
  return wrappedLine > text.split('\n').length ? 'at the end of the file' : `line ${wrappedLine}`;
}

/** Makes the `renderTemplate` a FunctionEnv offers, evaluating with `functions` (minus templatefile) and `env`. */
export function templateRenderer(
  functions: ReadonlyMap<string, HclFunction>,
  env: () => FunctionEnv,
): NonNullable<FunctionEnv['renderTemplate']> {
  const inner = new Map([...functions].filter(([name]) => name !== 'templatefile'));
  return (text, path, vars) => {
    const delimiter = uniqueDelimiter(text);
    let parsed: ParsedFile;
    try {
      parsed = parseHcl(path, `value = <<${delimiter}\n${text}\n${delimiter}\n`);
    } catch {
      return { ok: false, message: 'the HCL parser is not loaded' };
    }
    const syntax = parsed.diagnostics.find((d) => d.severity === 'error');
    if (syntax) return { ok: false, message: `${where(syntax.range.start.line, text)}: ${syntax.message}` };
    const attr = parsed.body.attributes[0];
    if (!attr) return { ok: false, message: 'the template could not be read' };
    const recorder = new FirstErrorRecorder();
    const frame: Frame = {
      context: { file: path, kind: 'other' },
      names: NO_NAMES,
      reporter: recorder,
      functions: inner,
      env: env(),
      iterators: new Map<string, Value>(Object.entries(vars)),
      budget: newBudget(),
    };
    const value = evaluateExpr(attr.value, frame);
    if (recorder.first)
      return { ok: false, message: `${where(recorder.first.range.start.line, text)}: ${recorder.first.message}` };
    // The heredoc adds the newline that ends its last line; the file's text did not have it.
    return { ok: true, value: typeof value === 'string' ? value.replace(/\n$/, '') : value };
  };
}
