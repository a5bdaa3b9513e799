/**
 * Template diagnostics → LSP diagnostics, with the user's rule overrides
 * applied. The code travels in `code` and again in `data.code`, with the
 * core's `data` (did-you-mean suggestions…), so code actions can work from
 * the diagnostic alone.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Diagnostic, Severity } from '../template/index.js';
import type { Settings } from './settings.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The payload code actions read back from a diagnostic. */
export interface DiagnosticPayload {
  code: string;
  suggestions?: string[];
  [key: string]: unknown;
}

/** Converts one file's diagnostics; rules set to `off` (or validation off) drop out. */
export function toLspDiagnostics(diagnostics: Diagnostic[], settings: Settings): LspDiagnostic[] {
  if (!settings.validate) return [];
  const result: LspDiagnostic[] = [];
  for (const d of diagnostics) {
    const override = settings.rules[d.code];
    if (override === 'off') continue;
    const data: DiagnosticPayload = { ...(d.data ?? {}), code: d.code };
    result.push({
      range: d.range,
      severity: SEVERITY[override ?? d.severity],
      code: d.code,
      source: 'chrootforge',
      message: d.message,
      data,
    });
  }
  return result;
}

/** Groups diagnostics by file path. */
export function byFile(diagnostics: Diagnostic[]): Map<string, Diagnostic[]> {
  const map = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = map.get(d.file);
    if (list) list.push(d);
    else map.set(d.file, [d]);
  }
  return map;
}
