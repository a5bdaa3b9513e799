/**
 * Where evaluation reports what went wrong. An expression may be evaluated
 * many times (a local read by ten sources, a provisioner per source), but
 * each fault is reported once: the sink drops exact repeats.
 */
import type { Diagnostic } from '../model.js';

/** Anything diagnostics can be reported to during evaluation. */
export interface Reporter {
  report(diagnostic: Diagnostic): void;
}

/** Collects diagnostics, keeping the first of identical ones. */
export class DiagnosticSink implements Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  report(diagnostic: Diagnostic): void {
    const { file, range, code, message } = diagnostic;
    const key = `${file}\0${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}\0${code}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }
}

/**
 * Swallows what `can`/`try` evaluate, remembering only whether an error
 * happened: errors there are the function's answer, not the author's fault.
 */
export class FailureRecorder implements Reporter {
  failed = false;

  report(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error') this.failed = true;
  }
}

/** Keeps the first error reported (for `templatefile`, whose faults become one function error). */
export class FirstErrorRecorder implements Reporter {
  first: Diagnostic | undefined;

  report(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error') this.first ??= diagnostic;
  }
}

/**
 * Passes on only the codes given. For the branch of a conditional that is
 * not taken: a misspelt reference there is still a mistake, but a function
 * failing on a value it will never receive is not.
 */
export class CodeFilter implements Reporter {
  constructor(
    private readonly inner: Reporter,
    private readonly codes: ReadonlySet<string>,
  ) {}

  report(diagnostic: Diagnostic): void {
    if (this.codes.has(diagnostic.code)) this.inner.report(diagnostic);
  }
}

/** The one diagnostic constructor of template/ (diagnostic.ts), under the evaluator's name. */
export { diagnostic as makeDiagnostic } from '../diagnostic.js';
