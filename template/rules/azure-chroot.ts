/**
 * Packer's azure-chroot Prepare checks between fields, with Packer's own
 * messages, marking the field or the source header. The form of single
 * values (source, image_resource_id) is the schema's.
 */
import type { SourceDecl } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import type { Fields } from './rule-context.js';

export function checkAzureChroot(source: SourceDecl, fields: Fields): Diagnostic[] {
  const out = fields.isTrue('from_scratch') ? fromScratch(source, fields) : fromSource(source, fields);
  if (!fields.has('image_resource_id') && !fields.isSet('shared_image_destination')) {
    out.push(
      diagnostic(
        source.file,
        source.headerRange,
        'missing-field',
        'image_resource_id or shared_image_destination is required',
      ),
    );
  }
  return out;
}

function fromScratch(source: SourceDecl, fields: Fields): Diagnostic[] {
  const flag = fields.attribute('from_scratch')!;
  const out: Diagnostic[] = [];
  const sourceField = fields.attribute('source');
  if (sourceField)
    out.push(
      diagnostic(
        source.file,
        sourceField.nameRange,
        'from-scratch-conflict',
        'source cannot be specified when building from_scratch',
      ),
    );
  for (const name of ['os_disk_size_gb', 'pre_mount_commands']) {
    if (!fields.isSet(name))
      out.push(diagnostic(source.file, flag.range, 'from-scratch-requires', `${name} is required with from_scratch`));
  }
  return out;
}

/** The form of `source` itself is the schema's pattern. */
function fromSource(source: SourceDecl, fields: Fields): Diagnostic[] {
  return fields.has('source')
    ? []
    : [diagnostic(source.file, source.headerRange, 'missing-field', 'source is required')];
}
