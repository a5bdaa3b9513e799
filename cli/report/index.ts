/** The output formats of `chrootforge validate`. */
import type { Diagnostic } from '../../template/index.js';
import { formatCheckstyle } from './checkstyle.js';
import { formatCompact } from './compact.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const REPORT_FORMATS = ['text', 'compact', 'json', 'sarif', 'checkstyle'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function formatReport(format: ReportFormat, diagnostics: Diagnostic[], version: string): string {
  switch (format) {
    case 'text':
      return formatText(diagnostics);
    case 'compact':
      return formatCompact(diagnostics);
    case 'json':
      return formatJson(diagnostics);
    case 'sarif':
      return formatSarif(diagnostics, version);
    case 'checkstyle':
      return formatCheckstyle(diagnostics);
  }
}
