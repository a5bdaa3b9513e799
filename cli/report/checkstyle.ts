import type { Diagnostic } from '../../template/index.js';

const SEVERITY: Record<Diagnostic['severity'], string> = {
  error: 'error',
  warning: 'warning',
  information: 'info',
  hint: 'info',
};

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** Checkstyle XML (Jenkins, reviewdog), grouped by file. */
export function formatCheckstyle(diagnostics: Diagnostic[]): string {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const files = [...byFile].map(([file, items]) => {
    const errors = items.map(
      (d) =>
        `    <error line="${d.range.start.line + 1}" column="${d.range.start.character + 1}" severity="${SEVERITY[d.severity]}" message="${escapeXml(d.message)}" source="chrootforge.${escapeXml(d.code)}"/>`,
    );
    return [`  <file name="${escapeXml(file)}">`, ...errors, '  </file>'].join('\n');
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="8.0">', ...files, '</checkstyle>', ''].join(
    '\n',
  );
}
