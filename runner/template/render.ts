/**
 * Renders the Go-template text the plan keeps unrendered (`{{.Device}}`,
 * `{{.MountPath}}`, `{{.Command}}`, `{{.Vars}}`, `{{.Path}}`, …).
 *
 * A minimal local renderer: only `{{ .Name }}` field references. It stands
 * in for template/interpolation/render-go-template.ts until that lands; swap
 * the body for `renderGoTemplate(text, { data, keepUnknownData })` then.
 */

/** Values a template may reference as `{{.Name}}`. */
export type TemplateData = Record<string, string>;

const FIELD = /\{\{-?\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}/g;

/**
 * Replaces every `{{.Name}}` with `data[Name]`. An unknown name is an error
 * (a typo must not silently run a different command) unless
 * `keepUnknownData` is set, in which case the text is kept as written.
 */
export function renderTemplate(text: string, data: TemplateData, keepUnknownData = false): string {
  return text.replace(FIELD, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(data, name)) return data[name]!;
    if (keepUnknownData) return whole;
    throw new Error(`template ${JSON.stringify(text)} references {{.${name}}}, which is not available here (known: ${Object.keys(data).map((k) => `.${k}`).join(', ') || 'none'})`);
  });
}
