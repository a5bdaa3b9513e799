/**
 * Packer's amazon-chroot Prepare checks (builder.go and AMIConfig), with
 * Packer's own messages, now marking the field or the source header.
 */
import type { SourceDecl } from '../configuration-model.js';
import { diagnostic } from '../diagnostic.js';
import type { Diagnostic } from '../model.js';
import type { Fields } from './rule-context.js';

const AMI_NAME_CHARS = /^[\w()[\] ./\-'@]+$/;

export function checkAmazonChroot(source: SourceDecl, fields: Fields): Diagnostic[] {
  return [
    ...amiNameRules(source, fields),
    ...(fields.isTrue('from_scratch') ? fromScratch(source, fields) : fromImage(source, fields)),
  ];
}

function amiNameRules(source: SourceDecl, fields: Fields): Diagnostic[] {
  const attribute = fields.attribute('ami_name');
  if (!attribute) return [diagnostic(source.file, source.headerRange, 'missing-field', 'ami_name must be specified')];
  const name = fields.string('ami_name');
  // Go-template text is rendered at build time; only plain names are checkable.
  if (name === undefined || name.includes('{{')) return [];
  const out: Diagnostic[] = [];
  if (name.length < 3 || name.length > 128) {
    out.push(
      diagnostic(
        source.file,
        attribute.value.range,
        'amazon-ami-name',
        'ami_name must be between 3 and 128 characters long',
      ),
    );
  }
  if (!AMI_NAME_CHARS.test(name)) {
    out.push(
      diagnostic(
        source.file,
        attribute.value.range,
        'amazon-ami-name',
        "AMIName should only contain alphanumeric characters, parentheses (()), square brackets ([]), spaces ( ), periods (.), slashes (/), dashes (-), single quotes ('), at-signs (@), or underscores(_). You can use the `clean_resource_name` template filter to automatically clean your ami name.",
      ),
    );
  }
  return out;
}

function fromScratch(source: SourceDecl, fields: Fields): Diagnostic[] {
  const flag = fields.attribute('from_scratch')!;
  const out: Diagnostic[] = [];
  for (const name of [
    'root_volume_size',
    'pre_mount_commands',
    'ami_virtualization_type',
    'root_device_name',
    'ami_block_device_mappings',
  ]) {
    if (!fields.isSet(name))
      out.push(diagnostic(source.file, flag.range, 'from-scratch-requires', `${name} is required with from_scratch.`));
  }
  for (const name of ['source_ami', 'source_ami_filter']) {
    const attribute = fields.attribute(name);
    if (attribute)
      out.push(
        diagnostic(
          source.file,
          attribute.nameRange,
          'unused-field',
          'source_ami and source_ami_filter are unused when from_scratch is true',
          'warning',
        ),
      );
  }
  return out;
}

function fromImage(source: SourceDecl, fields: Fields): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!fields.isSet('source_ami') && !fields.isSet('source_ami_filter')) {
    out.push(
      diagnostic(source.file, source.headerRange, 'missing-field', 'source_ami or source_ami_filter is required.'),
    );
  }
  const mappings = fields.isSet('ami_block_device_mappings');
  const rootDevice = fields.isSet('root_device_name');
  if (mappings && rootDevice) {
    const at = fields.attribute('ami_block_device_mappings')!.nameRange;
    out.push(
      fields.isSet('root_volume_size')
        ? diagnostic(
            source.file,
            at,
            'amazon-block-devices',
            'ami_block_device_mappings from source image will be completely overwritten',
            'warning',
          )
        : diagnostic(
            source.file,
            at,
            'amazon-block-devices',
            'root_volume_size is required if ami_block_device_mappings is specified',
          ),
    );
  } else if (mappings && !rootDevice) {
    out.push(
      diagnostic(
        source.file,
        fields.attribute('ami_block_device_mappings')!.nameRange,
        'amazon-block-devices',
        'If ami_block_device_mappings is specified, root_device_name must be specified',
      ),
    );
  } else if (rootDevice && !mappings) {
    out.push(
      diagnostic(
        source.file,
        fields.attribute('root_device_name')!.nameRange,
        'amazon-block-devices',
        'If root_device_name is specified, ami_block_device_mappings must be specified',
      ),
    );
  }
  // Packer's root_volume_encrypt_boot is a tri-state: only an explicit false conflicts.
  const kmsKey = fields.attribute('root_volume_kms_key_id');
  if (kmsKey && fields.value('root_volume_encrypt_boot') === false) {
    out.push(
      diagnostic(
        source.file,
        kmsKey.nameRange,
        'amazon-kms-key',
        'If you have set root_volume_kms_key_id, root_volume_encrypt_boot must also be true.',
      ),
    );
  }
  return out;
}
