/**
 * Template data names that some field of a chroot-family builder, provisioner
 * or post-processor renders. Used only to tell "a real datum in the wrong
 * field" from "a typo" when the caller (the schema) gives no fuller list;
 * which field offers what comes from the schema's `x-template-data`.
 */
export const KNOWN_TEMPLATE_DATA: ReadonlySet<string> = new Set([
  // chroot, amazon-chroot, azure-chroot mount and command fields
  'Device',
  'MountPath',
  'Command',
  // amazon-chroot
  'SourceAMI',
  'BuildRegion',
  'SourceAMIName',
  'SourceAMIOwner',
  'SourceAMIOwnerName',
  'SourceAMICreationDate',
  'SourceAMITags',
  // shell / shell-local execute_command
  'Vars',
  'Path',
  'Script',
  'EnvVarFile',
  // checksum / manifest post-processors
  'BuildName',
  'BuilderType',
  'ChecksumType',
]);
