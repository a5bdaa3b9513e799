import { describe, expect, it } from 'vitest';
import { schemaFor } from '../../template/schema/registry.js';
import { checkFieldTemplates, dataElsewhere, templateFieldsOf } from '../../template/schema/template-fields.js';
import { hclBlock, jsonBody, rangeOf } from './bodies.js';

const chroot = schemaFor('source', 'chroot')!;
const amazon = schemaFor('source', 'amazon-chroot')!;

describe('templateFieldsOf', () => {
  it('gives each string of an HCL block its field data, list elements included', async () => {
    const block = await hclBlock(`source "chroot" "x" {
  source_image = "a.img"
  pre_mount_commands = ["echo {{.Device}}", "b"]
  command_wrapper = "sudo {{.Command}}"
}`);
    const fields = templateFieldsOf(block.body, chroot).map((f) => [f.path.join('.'), f.allowedData]);
    expect(fields).toEqual([
      ['source_image', []],
      ['pre_mount_commands', ['Device']],
      ['pre_mount_commands', ['Device']],
      ['command_wrapper', ['Command']],
    ]);
  });

  it('follows JSON nested objects and lists of objects to their own fields', () => {
    const { body } = jsonBody(`{"type": "amazon-chroot", "ami_name": "n-{{timestamp}}",
      "tag": [{"key": "k", "value": "{{.SourceAMI}}"}], "source_ami_filter": {"owners": ["self"]}}`);
    const fields = templateFieldsOf(body, amazon);
    expect(fields.map((f) => f.path.join('.'))).toEqual([
      'ami_name',
      'tag.key',
      'tag.value',
      'source_ami_filter.owners',
    ]);
    expect(fields.find((f) => f.path.join('.') === 'tag.value')!.allowedData).toContain('SourceAMI');
    expect(fields[0]!.fieldFunctions).toEqual(['clean_resource_name', 'clean_ami_name']);
  });

  it('keeps map keys and values under the map field (tags)', async () => {
    const block = await hclBlock(`source "amazon-chroot" "a" {\n  tags = { Name = "{{.SourceAMIName}}" }\n}`);
    const [key, value] = templateFieldsOf(block.body, amazon);
    expect(key!.path).toEqual(['tags']);
    expect(value!.allowedData).toContain('SourceAMIName');
  });
});

describe('dataElsewhere', () => {
  it('says which fields offer each data name', () => {
    const map = dataElsewhere(chroot);
    expect(map.get('MountPath')).toEqual(['post_mount_commands', 'pre_unmount_commands']);
    expect(map.get('Command')).toEqual(['command_wrapper']);
  });
});

describe('checkFieldTemplates', () => {
  it('reports data a field does not offer, on that string', async () => {
    const text = `source "chroot" "x" {\n  source_image = "a.img"\n  pre_mount_commands = ["echo {{.MountPath}}"]\n}`;
    const block = await hclBlock(text);
    const diagnostics = checkFieldTemplates(block.body, chroot, { file: 't.pkr.hcl', syntax: 'hcl' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toContain('pre_mount_commands');
    const { start } = rangeOf(text, '"echo {{.MountPath}}"');
    expect(diagnostics[0]!.range.start.line).toBe(start.line);
  });

  it('accepts data the field offers', async () => {
    const block = await hclBlock(
      `source "chroot" "x" {\n  source_image = "a.img"\n  post_mount_commands = ["echo {{.Device}} {{.MountPath}}"]\n}`,
    );
    expect(checkFieldTemplates(block.body, chroot, { file: 't.pkr.hcl', syntax: 'hcl' })).toEqual([]);
  });
});
