import { beforeAll, describe, expect, it } from 'vitest';
import { checkGoTemplate, type GoTemplateCheckContext } from '../../template/interpolation/check-go-template.js';
import { initHclParser, parseHcl } from '../../template/hcl/parse-hcl.js';
import type { Diagnostic, TemplateExpr } from '../../template/model.js';
import { jsonStringAt, rangeOfText } from './helpers.js';

beforeAll(async () => {
  await initHclParser();
});

const base: GoTemplateCheckContext = {
  file: '/t/template.json',
  syntax: 'json',
  allowedData: ['Device'],
  inVariables: false,
  userVariables: new Set(['image_name', 'size']),
  field: 'pre_mount_commands',
};

/** Checks `"v": "<raw>"` in a one-line JSON document; returns the document too. */
function checkJson(raw: string, ctx: Partial<GoTemplateCheckContext> = {}): { doc: string; diagnostics: Diagnostic[] } {
  const doc = `{"v": "${raw}"}`;
  return { doc, diagnostics: checkGoTemplate(jsonStringAt(doc, 'v'), { ...base, ...ctx }) };
}

function hclString(doc: string): TemplateExpr {
  const value = parseHcl('/t/main.pkr.hcl', doc).body.attributes[0]!.value;
  if (value.type !== 'template') throw new Error('expected a string');
  return value;
}

/** Asserts exactly one diagnostic with `code`, marking `marked` in the document. */
function expectOne(
  result: { doc: string; diagnostics: Diagnostic[] },
  code: string,
  marked: string,
  nth = 0,
): Diagnostic {
  expect(result.diagnostics.map((d) => d.code)).toEqual([code]);
  const [d] = result.diagnostics;
  expect(d!.range).toEqual(rangeOfText(result.doc, marked, nth));
  return d!;
}

describe('checkGoTemplate', () => {
  it('skips strings without actions', () => {
    expect(checkJson('plain text {not an action}').diagnostics).toEqual([]);
  });

  describe('template-syntax', () => {
    it('reports a syntax error at the fault, naming the field', () => {
      const d = expectOne(checkJson('mount {{ .Device'), 'template-syntax', '{{ .Device');
      expect(d.message).toContain('"pre_mount_commands"');
      expect(d.message).toContain('unclosed action');
      expect(d.severity).toBe('error');
    });
    it('accepts well-formed text', () => {
      expect(checkJson('mount {{ .Device }} {{/* c */}}').diagnostics).toEqual([]);
    });
  });

  describe('unknown-template-data', () => {
    it('marks the misspelt field with a did-you-mean', () => {
      const d = expectOne(checkJson('mount {{.Devise}}'), 'unknown-template-data', '.Devise');
      expect(d.message).toContain('Did you mean ".Device"?');
      expect(d.data?.suggestions).toEqual(['.Device']);
    });
    it('says when a field has no template data at all', () => {
      const d = expectOne(
        checkJson('{{ .Whatever }}', { allowedData: [], field: 'source_image' }),
        'unknown-template-data',
        '.Whatever',
      );
      expect(d.message).toBe(
        'Unknown template data ".Whatever" in "source_image". This field has no template data; remove the action or use a variable.',
      );
    });
    it('marks a field of a field (data are text)', () => {
      expectOne(checkJson('{{ .Device.Name }}'), 'unknown-template-data', '.Name');
    });
    it('checks $.Field like .Field', () => {
      expectOne(checkJson('{{ $.Devise }}'), 'unknown-template-data', '.Devise');
    });
    it('accepts the data the field offers', () => {
      expect(checkJson('{{ .Device }} {{ $.Device }}').diagnostics).toEqual([]);
    });
    it('checks {{build `X`}} names against the shared build data when given', () => {
      const d = expectOne(
        checkJson('{{ build `MountPth` }}', { inProvisioner: true, buildData: ['MountPath', 'Device'] }),
        'unknown-template-data',
        '`MountPth`',
      );
      expect(d.data?.suggestions).toEqual(['MountPath']);
      expect(
        checkJson('{{ build `MountPath` }}', { inProvisioner: true, buildData: ['MountPath'] }).diagnostics,
      ).toEqual([]);
    });
  });

  describe('template-data-not-allowed', () => {
    it('marks data another field offers and says what this field offers', () => {
      const d = expectOne(checkJson('umount {{ .MountPath }}'), 'template-data-not-allowed', '.MountPath');
      expect(d.message).toBe('.MountPath is not available in "pre_mount_commands": this field offers .Device.');
    });
    it('names the fields that do offer it when the schema says', () => {
      const dataElsewhere = new Map([['MountPath', ['post_mount_commands', 'pre_unmount_commands']]]);
      const d = expectOne(checkJson('{{ .MountPath }}', { dataElsewhere }), 'template-data-not-allowed', '.MountPath');
      expect(d.message).toContain('"post_mount_commands", "pre_unmount_commands"');
    });
    it('accepts it where allowed', () => {
      expect(checkJson('{{ .MountPath }}', { allowedData: ['Device', 'MountPath'] }).diagnostics).toEqual([]);
    });
  });

  describe('unknown-function', () => {
    it('marks the name with a did-you-mean', () => {
      const d = expectOne(checkJson('{{ usr `image_name` }}'), 'unknown-function', 'usr');
      expect(d.data?.suggestions?.[0]).toBe('user');
      expect(d.message).toContain('function "usr" not defined');
    });
    it('checks functions named as arguments too', () => {
      expectOne(checkJson('{{ upper timestmp }}'), 'unknown-function', 'timestmp');
    });
    it('accepts Packer functions and Go builtins', () => {
      expect(checkJson('{{ timestamp }} {{ printf `%s` (upper `a`) }} {{ if eq 1 1 }}x{{ end }}').diagnostics).toEqual(
        [],
      );
    });
  });

  describe('function-arity', () => {
    it('marks the function name and gives the signature', () => {
      const d = expectOne(checkJson('{{ split `a,b` `,` }}'), 'function-arity', 'split');
      expect(d.message).toContain('want 3, got 2');
      expect(d.message).toContain('split(text string, separator string, index int)');
    });
    it('counts the piped value as the last argument', () => {
      expect(checkJson('{{ `A` | lower }}').diagnostics).toEqual([]);
      expectOne(checkJson('{{ `A` | lower `b` }}'), 'function-arity', 'lower');
    });
    it('accepts optional arguments (isotime) and rejects too many', () => {
      expect(checkJson('{{ isotime }} {{ isotime `2006` }}').diagnostics).toEqual([]);
      expectOne(checkJson('{{ isotime `2006` `x` }}'), 'function-arity', 'isotime');
    });
    it('requires a function named as an argument to take no arguments', () => {
      expectOne(checkJson('{{ print upper }}'), 'function-arity', 'upper');
    });
  });

  describe('function-argument-type', () => {
    it('marks a literal of the wrong type (Packer: expected string; found 1)', () => {
      expectOne(checkJson('{{ upper 1 }}'), 'function-argument-type', '1');
      expectOne(checkJson('{{ split `a,b` `,` `1` }}'), 'function-argument-type', '`1`');
    });
    it('accepts the right types', () => {
      expect(checkJson('{{ split `a,b` `,` 1 }} {{ replace `a` `b` -1 `aa` }}').diagnostics).toEqual([]);
    });
  });

  describe('env-outside-variables', () => {
    it('marks env outside "variables" and says what to do', () => {
      const d = expectOne(checkJson('{{ env `HOME` }}'), 'env-outside-variables', 'env');
      expect(d.message).toContain('{{user `name`}}');
    });
    it('accepts env in variables', () => {
      expect(checkJson('{{ env `HOME` }}', { inVariables: true, allowedData: [] }).diagnostics).toEqual([]);
    });
  });

  describe('function-outside-variables', () => {
    it('marks secret functions outside "variables"', () => {
      expectOne(checkJson('{{ vault `secret/x` `k` }}'), 'function-outside-variables', 'vault');
      expect(checkJson('{{ vault `secret/x` `k` }}', { inVariables: true }).diagnostics).toEqual([]);
    });
  });

  describe('deprecated-function', () => {
    it('marks sed as an error pointing at replace', () => {
      const d = expectOne(checkJson('{{ sed `s/a/b/` `abc` }}'), 'deprecated-function', 'sed');
      expect(d.severity).toBe('error');
      expect(d.message).toContain('replace_all');
    });
    it('accepts replace_all', () => {
      expect(checkJson('{{ replace_all `a` `b` `abc` }}').diagnostics).toEqual([]);
    });
  });

  describe('undefined-user-variable', () => {
    it('marks the argument with a did-you-mean', () => {
      const d = expectOne(checkJson('{{ user `imagename` }}'), 'undefined-user-variable', '`imagename`');
      expect(d.data?.suggestions).toEqual(['image_name']);
    });
    it('marks the raw escaped argument exactly', () => {
      expectOne(checkJson('{{ user \\"imagename\\" }}'), 'undefined-user-variable', '\\"imagename\\"');
    });
    it('accepts declared variables, and does not check without a declared list', () => {
      expect(checkJson('{{ user `size` }}').diagnostics).toEqual([]);
      expect(checkJson('{{ user `other` }}', { userVariables: undefined }).diagnostics).toEqual([]);
    });
  });

  describe('build-outside-provisioners', () => {
    it('marks build in a builder field', () => {
      expectOne(checkJson('{{ build `MountPath` }}', { inProvisioner: false }), 'build-outside-provisioners', 'build');
    });
    it('accepts build in provisioners', () => {
      expect(checkJson('{{ build `MountPath` }}', { inProvisioner: true }).diagnostics).toEqual([]);
    });
  });

  describe('function-not-available', () => {
    it('warns on clean_resource_name when the field is not known to define it', () => {
      const d = expectOne(
        checkJson('{{ clean_resource_name `a b` }}'),
        'function-not-available',
        'clean_resource_name',
      );
      expect(d.severity).toBe('warning');
      expect(
        expectOne(
          checkJson('{{ clean_resource_name `a` }}', { fieldFunctions: [] }),
          'function-not-available',
          'clean_resource_name',
        ).severity,
      ).toBe('error');
    });
    it('accepts it where the field defines it', () => {
      expect(
        checkJson('{{ clean_resource_name `a b` }}', { fieldFunctions: ['clean_resource_name'] }).diagnostics,
      ).toEqual([]);
    });
  });

  describe('HCL files', () => {
    const hcl = { ...base, syntax: 'hcl' as const, file: '/t/main.pkr.hcl', userVariables: undefined };

    it('reports legacy functions with their HCL equivalent', () => {
      const doc = 'a = "echo {{ user `x` }} {{env `HOME`}}"\n';
      const diagnostics = checkGoTemplate(hclString(doc), hcl);
      expect(diagnostics.map((d) => d.code)).toEqual(['legacy-function-in-hcl', 'legacy-function-in-hcl']);
      expect(diagnostics[0]!.range).toEqual(rangeOfText(doc, 'user'));
      expect(diagnostics[0]!.message).toContain('var.NAME');
      expect(diagnostics[1]!.message).toContain('env("NAME")');
    });

    it('checks data next to ${ } interpolations with exact ranges', () => {
      const doc = 'a = "${var.root}/{{ .Devise }}/${local.x}"\n';
      const diagnostics = checkGoTemplate(hclString(doc), hcl);
      expect(diagnostics.map((d) => d.code)).toEqual(['unknown-template-data']);
      expect(diagnostics[0]!.range).toEqual(rangeOfText(doc, '.Devise'));
    });

    it('checks heredocs line by line', () => {
      const doc = 'a = <<EOF\nmkfs {{.Device}}\nmount {{ .MountPath }}\nEOF\n';
      const diagnostics = checkGoTemplate(hclString(doc), hcl);
      expect(diagnostics.map((d) => d.code)).toEqual(['template-data-not-allowed']);
      expect(diagnostics[0]!.range).toEqual(rangeOfText(doc, '.MountPath'));
    });

    it('accepts field data and Go builtins', () => {
      expect(checkGoTemplate(hclString('a = "{{ .Device }} {{ printf `%s` .Device }}"\n'), hcl)).toEqual([]);
    });
  });
});
