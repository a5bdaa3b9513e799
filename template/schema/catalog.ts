/**
 * Which schema file describes which block: the only list of schema files.
 * Paths are relative to the package's `schemas/` directory; each file's
 * `$id` is {@link SCHEMA_ID_BASE} plus that path, so `$ref`s between files
 * resolve the same way in ajv, in editors and here.
 */
import type { SchemaKind } from './schema-types.js';

/** Base of every schema `$id`. */
export const SCHEMA_ID_BASE = 'https://chrootforge.dev/schemas/';

/** Kinds whose blocks carry a type label, and the schema of each type. */
export const TYPED_SCHEMAS = {
  source: {
    chroot: 'source/chroot.json',
    'amazon-chroot': 'source/amazon-chroot.json',
    'azure-chroot': 'source/azure-chroot.json',
    arm: 'source/arm.json',
    'arm-image': 'source/arm-image.json',
  },
  provisioner: {
    shell: 'provisioner/shell.json',
    file: 'provisioner/file.json',
    'shell-local': 'provisioner/shell-local.json',
    ansible: 'provisioner/ansible.json',
    'ansible-local': 'provisioner/ansible-local.json',
  },
  'post-processor': {
    checksum: 'post-processor/checksum.json',
    manifest: 'post-processor/manifest.json',
  },
  /** None yet: every data source is a component chrootforge does not check. */
  'data-source': {},
} as const satisfies Partial<Record<SchemaKind, Record<string, string>>>;

/** Kinds with one schema and no type label. */
export const UNTYPED_SCHEMAS = {
  variable: 'block/variable.json',
  build: 'block/build.json',
  packer: 'block/packer.json',
  locals: 'block/locals.json',
  'legacy-template': 'legacy-template.json',
} as const satisfies Partial<Record<SchemaKind, string>>;

/** Schemas that only exist to be referenced by others (shared field groups). */
export const SHARED_SCHEMAS = ['common/provisioner.json', 'common/post-processor.json'] as const;

export type TypedKind = keyof typeof TYPED_SCHEMAS;

/** True for kinds whose schema depends on a type label. */
export function isTypedKind(kind: SchemaKind): kind is TypedKind {
  return kind in TYPED_SCHEMAS;
}

/** The schema file of a kind and type, or undefined for an unknown type. */
export function schemaFile(kind: SchemaKind, type?: string): string | undefined {
  if (isTypedKind(kind)) {
    const files: Record<string, string> = TYPED_SCHEMAS[kind];
    return type !== undefined && Object.hasOwn(files, type) ? files[type] : undefined;
  }
  return UNTYPED_SCHEMAS[kind as keyof typeof UNTYPED_SCHEMAS];
}

/** Every schema file, referenced ones included: what the build compiles. */
export function allSchemaFiles(): string[] {
  const typed = Object.values(TYPED_SCHEMAS).flatMap((files) => Object.values(files) as string[]);
  return [...typed, ...Object.values(UNTYPED_SCHEMAS), ...SHARED_SCHEMAS];
}

/** Key of one validator in the compiled bundle and on disk: `source/chroot`, `legacy-template`. */
export function validatorKey(file: string): string {
  return file.replace(/\.json$/, '');
}
