import type { Diagnostic } from '../../template/index.js';

/** The document docs/design.md describes: 0-based lines, UTF-16 characters, as in LSP. */
export function formatJson(diagnostics: Diagnostic[]): string {
  const items = diagnostics.map(({ file, range, severity, code, message }) => ({
    file,
    range,
    severity,
    code,
    message,
  }));
  return `${JSON.stringify({ diagnostics: items }, null, 2)}\n`;
}
