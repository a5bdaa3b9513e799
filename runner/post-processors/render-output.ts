/**
 * Renders the Go-template text of post-processor fields (`output`,
 * custom_data) with the data Packer gives them: .BuildName, .BuilderType and,
 * for checksum, .ChecksumType.
 */
import { renderGoTemplate } from '../../template/interpolation/render-go-template.js';

/** Data of a post-processor template. */
export interface PostProcessorData {
  BuildName: string;
  BuilderType: string;
  ChecksumType?: string;
}

/** Renders `text`; an unknown `{{.X}}` is an error naming it. */
export function renderPostProcessorText(text: string, data: PostProcessorData, templateDir?: string): string {
  const fields: Record<string, string> = { BuildName: data.BuildName, BuilderType: data.BuilderType };
  if (data.ChecksumType) fields.ChecksumType = data.ChecksumType;
  return renderGoTemplate(text, {
    data: fields,
    functions: { buildName: data.BuildName, buildType: data.BuilderType, templateDir, cwd: process.cwd() },
  });
}
