/**
 * Renders the Go-template text the plan keeps unrendered (`{{.Device}}`,
 * `{{.MountPath}}`, `{{.Command}}`, `{{.Vars}}`, `{{.Path}}`, …) with the
 * template engine's renderer, so the runner renders exactly what the
 * editor checked (functions, `{{build "MountPath"}}`, trim markers, if/else).
 */
import { renderGoTemplate } from '../../template/interpolation/render-go-template.js';

/** Values a template may reference as `{{.Name}}` (and `{{build "Name"}}`). */
export type TemplateData = Record<string, string>;

/**
 * Renders `text` with `data`. An unknown name is an error (a typo must not
 * silently run a different command) unless `keepUnknownData` is set, in
 * which case the action is kept as written.
 */
export function renderTemplate(text: string, data: TemplateData, keepUnknownData = false): string {
  try {
    return renderGoTemplate(text, { data, buildData: data, keepUnknownData });
  } catch (err) {
    // Name the text: the user must see which command or field failed.
    throw new Error(`${JSON.stringify(text)}: ${(err as Error).message}`);
  }
}
