import type { Diagnostic, DiagnosticData, Range, Severity } from './model.js';

/** Shorthand used by every rule: one diagnostic with its stable code. */
export function diagnostic(
  file: string,
  range: Range,
  code: string,
  message: string,
  severity: Severity = 'error',
  data?: DiagnosticData,
): Diagnostic {
  return data ? { file, range, severity, code, message, data } : { file, range, severity, code, message };
}
