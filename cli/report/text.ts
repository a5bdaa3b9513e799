import type { Diagnostic } from '../../template/index.js';

/** `file:line:col: severity: message [code]`, 1-based, one per line. */
export function formatText(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map(
      (d) =>
        `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]\n`,
    )
    .join('');
}
