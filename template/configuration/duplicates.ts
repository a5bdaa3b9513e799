/**
 * Names that must be unique across a configuration (all files of a
 * directory): variables, locals, sources and data sources (type + name).
 */
import type { Configuration } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic, Range } from '../model.js';

interface Named {
  key: string;
  label: string;
  file: string;
  range: Range;
}

export function duplicateDeclarationDiagnostics(config: Configuration): Diagnostic[] {
  return [
    ...duplicates(
      'duplicate-variable',
      config.variables.map((v) => ({ key: v.name, label: `variable "${v.name}"`, file: v.file, range: v.nameRange })),
    ),
    ...duplicates(
      'duplicate-local',
      config.locals.map((l) => ({ key: l.name, label: `local "${l.name}"`, file: l.file, range: l.nameRange })),
    ),
    ...duplicates(
      'duplicate-source',
      config.sources.map((s) => ({
        key: `${s.type}.${s.name}`,
        label: `source "${s.type}" "${s.name}"`,
        file: s.file,
        range: s.nameRange,
      })),
    ),
    ...duplicates(
      'duplicate-data-source',
      config.dataSources.map((d) => ({
        key: `${d.type}.${d.name}`,
        label: `data "${d.type}" "${d.name}" block`,
        file: d.file,
        range: d.nameRange,
      })),
    ),
  ];
}

function duplicates(code: string, items: Named[]): Diagnostic[] {
  const first = new Map<string, Named>();
  const out: Diagnostic[] = [];
  for (const item of items) {
    const earlier = first.get(item.key);
    if (!earlier) {
      first.set(item.key, item);
      continue;
    }
    const where = `${earlier.file}:${earlier.range.start.line + 1}:${earlier.range.start.character + 1}`;
    out.push(
      diagnostic(
        item.file,
        item.range,
        code,
        `The ${item.label} is declared twice; the first is at ${where}. Rename or remove one.`,
      ),
    );
  }
  return out;
}
