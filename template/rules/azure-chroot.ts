/**
 * Packer's azure-chroot Prepare checks, with Packer's own messages, marking
 * the field or the source header.
 */
import type { SourceDecl } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import type { Fields } from './rule-context.js';

/** `Publisher:Offer:Sku:Version`. */
const PLATFORM_IMAGE = /^[^:\s]+:[^:\s]+:[^:\s]+:[^:\s]+$/;
/** An ARM resource id: /subscriptions/…/resourceGroups/…/providers/… */
const RESOURCE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/.+/i;
const IMAGE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/images\/[^/]+$/i;

export function checkAzureChroot(source: SourceDecl, fields: Fields): Diagnostic[] {
  const out = fields.isTrue('from_scratch') ? fromScratch(source, fields) : fromSource(source, fields);
  const imageId = fields.attribute('image_resource_id');
  const imageIdValue = fields.string('image_resource_id');
  if (!imageId && !fields.isSet('shared_image_destination')) {
    out.push(diagnostic(source.file, source.headerRange, 'missing-field', 'image_resource_id or shared_image_destination is required'));
  } else if (imageId && imageIdValue !== undefined && !imageIdValue.includes('{{') && !IMAGE_ID.test(imageIdValue)) {
    out.push(diagnostic(source.file, imageId.value.range, 'azure-resource-id', `image_resource_id: "${imageIdValue}" is not a valid image resource id`));
  }
  return out;
}

function fromScratch(source: SourceDecl, fields: Fields): Diagnostic[] {
  const flag = fields.attribute('from_scratch')!;
  const out: Diagnostic[] = [];
  const sourceField = fields.attribute('source');
  if (sourceField) out.push(diagnostic(source.file, sourceField.nameRange, 'from-scratch-conflict', 'source cannot be specified when building from_scratch'));
  for (const name of ['os_disk_size_gb', 'pre_mount_commands']) {
    if (!fields.isSet(name)) out.push(diagnostic(source.file, flag.range, 'from-scratch-requires', `${name} is required with from_scratch`));
  }
  return out;
}

function fromSource(source: SourceDecl, fields: Fields): Diagnostic[] {
  const attribute = fields.attribute('source');
  if (!attribute) return [diagnostic(source.file, source.headerRange, 'missing-field', 'source is required')];
  const value = fields.string('source');
  if (value === undefined || value.includes('{{') || PLATFORM_IMAGE.test(value) || RESOURCE_ID.test(value)) return [];
  return [diagnostic(source.file, attribute.value.range, 'azure-source', `source: "${value}" is not a valid platform image specifier, nor is it a disk resource ID`)];
}
