/**
 * Which documents the language server gets: the two HCL languages always,
 * saved or not (a new unsaved buffer is checked on its own), and JSON
 * files only when they match a `chrootforge.jsonTemplates` glob (a legacy
 * Packer template has no extension of its own, and every other JSON file
 * in the workspace is none of our business).
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
 * on the desktop (the server reads the disk), where an unsaved buffer
 * (`untitled`) of the HCL languages is checked on its own too; `*` in a
 * browser, where the workspace is the editor's own file system
 * (`vscode-vfs:` on github.dev).
 */
export function documentSelector(jsonTemplateGlobs: readonly string[], scheme = 'file'): DocumentFilterLike[] {
  const hclSchemes = scheme === '*' ? [scheme] : [scheme, 'untitled'];
  const hcl: DocumentFilterLike[] = hclSchemes.flatMap((s) => [
    { scheme: s, language: LANGUAGES.template },
    { scheme: s, language: LANGUAGES.variables },
  ]);
  const json = [...new Set(jsonTemplateGlobs.map((g) => g.trim()).filter(Boolean))].flatMap((pattern) => [
    { scheme, language: 'json', pattern },
    { scheme, language: 'jsonc', pattern },
  ]);
  return [...hcl, ...json];
}
