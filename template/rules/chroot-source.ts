/**
 * What the chroot schema cannot say about source_image: whether its name
 * tells the runner what kind of image it is (the schema handles the
 * from_scratch, tarball and size rules).
 */
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import type { SourceDecl } from '../configuration-model.js';
import type { Fields } from './rule-context.js';

const KNOWN_KIND = /\.(img|raw|qcow2|gz|xz|zst|tar|tgz|txz|tzst)$/i;

export function checkChrootSource(source: SourceDecl, fields: Fields): Diagnostic[] {
  const attribute = fields.attribute('source_image');
  const image = fields.string('source_image');
  if (!attribute || image === undefined || KNOWN_KIND.test(image.replace(/[?#].*$/, ''))) return [];
  return [
    diagnostic(
      source.file,
      attribute.value.range,
      'unknown-source-kind',
      `The kind of source_image "${image}" is not known from its name, so it is treated as a raw disk image. Expected .img/.raw, .qcow2, a compressed raw (.gz/.xz/.zst) or a tarball (.tar[.gz/.xz/.zst]).`,
      'warning',
    ),
  ];
}
