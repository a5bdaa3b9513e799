import { describe, expect, it } from 'vitest';
import { createAjv } from '../../template/node/ajv-setup.js';
import { SCHEMA_ID_BASE, TYPED_SCHEMAS, UNTYPED_SCHEMAS, allSchemaFiles } from '../../template/schema/catalog.js';
import {
  fieldSchema,
  fieldsOf,
  hasDeprecatedField,
  knownTypes,
  schemaFor,
  schemaMentions,
} from '../../template/schema/registry.js';
import type { JsonSchema, SchemaKind } from '../../template/schema/schema-types.js';

const ajv = createAjv();
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];

/** Every property schema below a node, with its path (for annotation checks). */
function* properties(schema: JsonSchema, path = ''): Generator<[string, JsonSchema]> {
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    yield [`${path}/${name}`, field];
    yield* properties(field, `${path}/${name}`);
    if (field.items && typeof field.items === 'object') yield* properties(field.items, `${path}/${name}[]`);
  }
}

describe('schemas', () => {
  it.each(allSchemaFiles())('%s compiles in strict mode', (file) => {
    expect(ajv.getSchema(SCHEMA_ID_BASE + file)).toBeTypeOf('function');
  });

  it.each(allSchemaFiles())('%s: every field has a type and a description, and well-formed annotations', (file) => {
    const schema = ajv.getSchema(SCHEMA_ID_BASE + file)!.schema as JsonSchema;
    expect(schema.$id).toBe(SCHEMA_ID_BASE + file);
    for (const [path, field] of properties(schema)) {
      const unevaluated = field['x-unevaluated'] === true || path === '/default';
      if (!unevaluated && !field.$ref) {
        const types = Array.isArray(field.type) ? field.type : [field.type];
        expect(types.length, `${file}${path} type`).toBeGreaterThan(0);
        for (const type of types) expect(JSON_TYPES, `${file}${path} type`).toContain(type);
      }
      expect(field.markdownDescription, `${file}${path} description`).toMatch(/\S/);
      for (const name of field['x-template-data'] ?? []) expect(name).toMatch(/^[A-Z][A-Za-z]*$/);
      if (field['x-path']) expect(['file', 'dir', 'file-or-url']).toContain(field['x-path']);
      if (field['x-hcl-block']) expect(['object', 'array']).toContain(field.type);
      if ('default' in field && field.type === 'string') expect(field.default).toBeTypeOf('string');
    }
  });

  it('typed schemas name their kind and type', () => {
    for (const [kind, files] of Object.entries(TYPED_SCHEMAS)) {
      for (const type of Object.keys(files)) {
        expect(schemaFor(kind as SchemaKind, type)).toMatchObject({ 'x-kind': kind, 'x-type': type });
      }
    }
    for (const kind of Object.keys(UNTYPED_SCHEMAS)) expect(schemaFor(kind as SchemaKind)?.['x-kind']).toBe(kind);
  });
});

describe('registry', () => {
  it('lists known types per kind', () => {
    expect(knownTypes('source')).toEqual(['chroot', 'amazon-chroot', 'azure-chroot', 'arm', 'arm-image']);
    expect(knownTypes('provisioner')).toEqual(['shell', 'file', 'shell-local', 'ansible', 'ansible-local']);
    expect(knownTypes('post-processor')).toEqual(['checksum', 'manifest']);
    expect(knownTypes('variable')).toEqual([]);
    expect(schemaFor('source', 'docker')).toBeUndefined();
  });

  it('gives the chroot fields exactly as docs/design.md lists them', () => {
    expect(fieldsOf(schemaFor('source', 'chroot')!).map((f) => f.name)).toEqual([
      'source_image',
      'source_checksum',
      'from_scratch',
      'image_size',
      'mount_partition',
      'partition_mounts',
      'mount_path',
      'mount_options',
      'pre_mount_commands',
      'post_mount_commands',
      'pre_unmount_commands',
      'chroot_mounts',
      'copy_files',
      'prevent_service_starts',
      'command_wrapper',
      'chroot_env',
      'qemu_binary',
      'output_image',
      'output_format',
    ]);
  });

  it('answers what completion and hover need', () => {
    expect(fieldSchema('source', 'chroot', ['mount_path'])).toMatchObject({
      types: ['string'],
      hasDefault: true,
      default: '/mnt/chrootforge/{{.Device}}',
      templateData: ['Device'],
    });
    expect(fieldSchema('source', 'chroot', ['command_wrapper'])).toMatchObject({
      default: '{{.Command}}',
      templateData: ['Command'],
    });
    expect(fieldSchema('source', 'chroot', ['post_mount_commands'])?.templateData).toEqual(['Device', 'MountPath']);
    expect(fieldSchema('source', 'chroot', ['output_format'])?.enum).toEqual([
      'raw',
      'qcow2',
      'tar',
      'tar.gz',
      'tar.zst',
    ]);
    expect(fieldSchema('source', 'chroot', ['source_image'])?.path).toBe('file-or-url');
    expect(fieldSchema('source', 'chroot', ['source_image'])?.description).toMatch(/from_scratch/);
    expect(fieldSchema('provisioner', 'shell', ['execute_command'])?.templateData).toEqual([
      'Vars',
      'EnvVarFile',
      'Path',
    ]);
    expect(fieldSchema('provisioner', 'shell-local', ['execute_command'])?.templateData).toEqual([
      'Vars',
      'Script',
      'Command',
      'WinRMPassword',
    ]);
    expect(fieldSchema('source', 'amazon-chroot', ['ami_name'])?.templateData).toBeUndefined();
  });

  it('finds shared fields through $ref and nested block fields by path', () => {
    const shell = fieldsOf(schemaFor('provisioner', 'shell')!).map((f) => f.name);
    expect(shell).toEqual(
      expect.arrayContaining(['only', 'except', 'pause_before', 'max_retries', 'timeout', 'inline']),
    );
    expect(fieldSchema('source', 'amazon-chroot', ['ami_block_device_mappings'])?.hclBlock).toBe('repeatable');
    expect(fieldSchema('source', 'amazon-chroot', ['source_ami_filter'])?.hclBlock).toBe('single');
    expect(fieldSchema('source', 'amazon-chroot', ['ami_block_device_mappings', 'volume_size'])?.types).toEqual([
      'integer',
    ]);
    expect(fieldSchema('source', 'amazon-chroot', ['ami_block_device_mappings', 0, 'volume_size'])?.name).toBe(
      'volume_size',
    );
    expect(
      fieldSchema('source', 'azure-chroot', ['shared_image_destination', 'target_regions', 'replicas'])?.types,
    ).toEqual(['integer']);
    expect(fieldSchema('source', 'chroot', ['chroot_env', 'LANG'])?.types).toEqual(['string']);
    expect(fieldSchema('source', 'chroot', ['nope'])).toBeUndefined();
  });
});

describe('hasDeprecatedField (validation skips the deprecation lookups where it is false)', () => {
  it('finds deprecated fields at the top and nested, and none where the schema marks none', () => {
    expect(hasDeprecatedField(schemaFor('source', 'azure-chroot')!)).toBe(true);
    expect(hasDeprecatedField(schemaFor('provisioner', 'shell-local')!)).toBe(true);
    // build { hcp_packer_registry { labels } }: two levels down.
    expect(hasDeprecatedField(schemaFor('build')!)).toBe(true);
    expect(hasDeprecatedField(schemaFor('source', 'amazon-chroot')!)).toBe(false);
    expect(hasDeprecatedField(schemaFor('source', 'chroot')!)).toBe(false);
  });

  it('agrees with the schema files: true exactly where a file says x-deprecated', () => {
    for (const [kind, types] of Object.entries(TYPED_SCHEMAS)) {
      for (const type of Object.keys(types)) {
        const schema = schemaFor(kind as SchemaKind, type)!;
        expect([kind, type, hasDeprecatedField(schema)]).toEqual([
          kind,
          type,
          JSON.stringify(schema).includes('"x-deprecated"'),
        ]);
      }
    }
  });
});

describe('schemaMentions (the strict type check skips schemas without x-no-coerce)', () => {
  it('finds a keyword in the schema or what its references reach, and not where it is absent', () => {
    expect(schemaMentions(schemaFor('legacy-template')!, 'x-no-coerce')).toBe(true);
    expect(schemaMentions(schemaFor('source', 'amazon-chroot')!, 'x-no-coerce')).toBe(false);
    // `pause_before` is written only in the common provisioner fields, which shell's schema reaches by a $ref.
    expect(JSON.stringify(schemaFor('provisioner', 'shell'))).not.toContain('"pause_before"');
    expect(schemaMentions(schemaFor('provisioner', 'shell')!, 'pause_before')).toBe(true);
    expect(schemaMentions(schemaFor('source', 'chroot')!, 'x-no-such-keyword')).toBe(false);
  });

  it('agrees with the schema files for x-no-coerce', () => {
    for (const [kind, types] of Object.entries(TYPED_SCHEMAS)) {
      for (const type of Object.keys(types)) {
        const schema = schemaFor(kind as SchemaKind, type)!;
        expect([kind, type, schemaMentions(schema, 'x-no-coerce')]).toEqual([
          kind,
          type,
          JSON.stringify(schema).includes('"x-no-coerce"'),
        ]);
      }
    }
  });
});
