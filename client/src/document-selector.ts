/**
 * Which documents the language server gets: the two HCL languages always,
 * and JSON files only when they match a `chrootforge.jsonTemplates` glob
 * (a legacy Packer template has no extension of its own, and every other
 * JSON file in the workspace is none of our business).
 */

/** One entry of a VS Code document selector (the `DocumentFilter` shape). */
export interface DocumentFilterLike {
  scheme: string;
  language: string;
  pattern?: string;
}

/** The language ids this extension contributes. */
export const LANGUAGES = { template: 'packer', variables: 'packer-vars' } as const;

/**
 * The document selector for the given JSON template globs. `scheme`: `file`
 * on the desktop (the server reads the disk); `*` in a browser, where the
 * workspace is the editor's own file system (`vscode-vfs:` on github.dev).
 */
export function documentSelector(jsonTemplateGlobs: readonly string[], scheme = 'file'): DocumentFilterLike[] {
  const hcl: DocumentFilterLike[] = [
    { scheme, language: LANGUAGES.template },
    { scheme, language: LANGUAGES.variables },
  ];
  const json = [...new Set(jsonTemplateGlobs.map((g) => g.trim()).filter(Boolean))].flatMap((pattern) => [
    { scheme, language: 'json', pattern },
    { scheme, language: 'jsonc', pattern },
  ]);
  return [...hcl, ...json];
}
