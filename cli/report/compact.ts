import type { Diagnostic } from '../../template/index.js';

const WORD: Record<Diagnostic['severity'], string> = {
  error: 'Error',
  warning: 'Warning',
  information: 'Info',
  hint: 'Hint',
};

/** ESLint's compact format, which many CI problem matchers already parse. */
export function formatCompact(diagnostics: Diagnostic[]): string {
  const lines = diagnostics.map(
    (d) =>
      `${d.file}: line ${d.range.start.line + 1}, col ${d.range.start.character + 1}, ${WORD[d.severity]} - ${d.message} (${d.code})\n`,
  );
  return (
    lines.join('') +
    (diagnostics.length > 0 ? `\n${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}\n` : '')
  );
}
