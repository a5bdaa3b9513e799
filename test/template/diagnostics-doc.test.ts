/**
 * docs/diagnostics.md is executable: every `### \`code\` — severity`
 * section's example must report that code with that severity. Every code
 * the sources can emit must have a section.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFiles } from '../support/analyze-text.js';

const root = join(import.meta.dirname, '../..');
const doc = readFileSync(join(root, 'docs/diagnostics.md'), 'utf8');

interface Entry {
  code: string;
  severity: string;
  blocks: Array<{ lang: string; text: string }>;
}

function entries(): Entry[] {
  return doc
    .split(/^### /m)
    .slice(1)
    .map((section) => {
      const head = /^`([a-z0-9-]+)` — (error|warning|information|hint)/.exec(section);
      if (!head) throw new Error(`malformed heading: ${section.slice(0, 60)}`);
      const blocks = [...section.matchAll(/^```([\w.]+)\n([\s\S]*?)^```$/gm)].map((m) => ({
        lang: m[1]!,
        text: m[2]!,
      }));
      return { code: head[1]!, severity: head[2]!, blocks };
    });
}

const FILE_NAMES: Record<string, string> = {
  hcl: 'example.pkr.hcl',
  json: 'example.json',
  'pkr.json': 'example.pkr.json',
};

describe('docs/diagnostics.md examples', () => {
  for (const entry of entries()) {
    it(`${entry.code} (${entry.severity})`, async () => {
      const [template, ...varFiles] = entry.blocks;
      expect(entry.blocks.length, 'each code has an example').toBeGreaterThan(0);
      expect(Object.keys(FILE_NAMES), 'the first example is a template').toContain(template!.lang);
      const analysis = await analyzeFiles(
        { [FILE_NAMES[template!.lang]!]: template!.text },
        { varFiles: Object.fromEntries(varFiles.map((b) => [`example.${b.lang}`, b.text])) },
      );
      const found = analysis.diagnostics.filter((d) => d.code === entry.code);
      expect(
        found.map((d) => d.severity),
        JSON.stringify(analysis.diagnostics.map((d) => [d.code, d.message])),
      ).toContain(entry.severity);
    });
  }
});

/** String literals that are codes: kebab-case literals passed as `code:` or listed in code tables. */
function codesInSources(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/\bcode:\s*'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g)) codes.add(m[1]!);
        for (const m of text.matchAll(/\bdiagnostic\([^;]*?'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)',\s*\n?\s*[`'"]/g))
          codes.add(m[1]!);
        for (const m of text.matchAll(/^\s*[a-zA-Z]+: '([a-z][a-z0-9]*(?:-[a-z0-9]+)+)',$/gm))
          if (/Code|CODES/.test(text)) codes.add(m[1]!);
        for (const m of text.matchAll(
          /_CODE\w* = '([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'|(?:HCL_SYNTAX|HCL_DUPLICATE_ATTRIBUTE) = '([a-z-]+)'/g,
        ))
          codes.add((m[1] ?? m[2])!);
      }
    }
  };
  walk(join(root, 'template'));
  return codes;
}

it('every code the template engine emits is documented', () => {
  const documented = new Set(entries().map((e) => e.code));
  const undocumented = [...codesInSources()].filter((c) => !documented.has(c)).sort();
  expect(undocumented).toEqual([]);
});
