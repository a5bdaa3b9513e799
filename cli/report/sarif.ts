import type { Diagnostic } from '../../template/index.js';

const LEVEL: Record<Diagnostic['severity'], string> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/**
 * SARIF 2.1.0, as GitHub code scanning reads it: one run, one rule per
 * diagnostic code, 1-based regions (SARIF columns count UTF-16 units too).
 */
export function formatSarif(diagnostics: Diagnostic[], version: string): string {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'chrootforge',
            version,
            informationUri: 'https://github.com/chrootforge/chrootforge',
            rules: codes.map((id) => ({
              id,
              helpUri: `https://github.com/chrootforge/chrootforge/blob/main/docs/diagnostics.md#${id}`,
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: codes.indexOf(d.code),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file.split('\\').join('/') },
                region: {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
