/** The function table the language server reads: complete, described, with signatures. */
import { describe, expect, it } from 'vitest';
import { functionSignature, hclFunctions } from '../../template/eval/library.js';

/** The functions Packer HCL2 templates use (Packer's documented library, minus the rarely used). */
const REQUIRED = [
  'abs',
  'ceil',
  'floor',
  'log',
  'max',
  'min',
  'parseint',
  'pow',
  'signum',
  'chomp',
  'format',
  'formatlist',
  'indent',
  'join',
  'lower',
  'upper',
  'replace',
  'regex',
  'regexall',
  'split',
  'strrev',
  'substr',
  'title',
  'trim',
  'trimprefix',
  'trimsuffix',
  'trimspace',
  'chunklist',
  'coalesce',
  'coalescelist',
  'compact',
  'concat',
  'contains',
  'distinct',
  'element',
  'flatten',
  'index',
  'keys',
  'length',
  'lookup',
  'merge',
  'range',
  'reverse',
  'setintersection',
  'setproduct',
  'setunion',
  'slice',
  'sort',
  'values',
  'zipmap',
  'base64decode',
  'base64encode',
  'csvdecode',
  'jsondecode',
  'jsonencode',
  'urlencode',
  'yamlencode',
  'abspath',
  'basename',
  'dirname',
  'pathexpand',
  'file',
  'fileexists',
  'timestamp',
  'formatdate',
  'timeadd',
  'uuidv4',
  'uuidv5',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'can',
  'try',
  'tobool',
  'tolist',
  'tomap',
  'tonumber',
  'toset',
  'tostring',
  'cidrhost',
  'cidrnetmask',
  'cidrsubnet',
  'cidrsubnets',
  'convert',
  'fileset',
  'rsadecrypt',
  'yamldecode',
  'base64gzip',
  'base64sha256',
  'base64sha512',
  'filebase64',
  'setsubtract',
  'textdecodebase64',
  'textencodebase64',
  'alltrue',
  'anytrue',
  'sum',
];

describe('hclFunctions', () => {
  it('has every function Packer templates use', () => {
    expect(REQUIRED.filter((name) => !hclFunctions.has(name))).toEqual([]);
  });

  it('describes every function in one line of text and names every parameter', () => {
    for (const f of hclFunctions.values()) {
      expect(f.description.length, f.name).toBeGreaterThan(10);
      expect(f.description, f.name).not.toContain('\n');
      for (const p of [...f.params, ...(f.variadic ? [f.variadic] : [])])
        expect(p.name, f.name).toMatch(/^[a-z][a-zA-Z_]*$/);
    }
  });

  it('keys every function by its own name', () => {
    for (const [name, f] of hclFunctions) expect(f.name).toBe(name);
  });

  it('marks the impure functions', () => {
    const impure = [...hclFunctions.values()]
      .filter((f) => f.impure)
      .map((f) => f.name)
      .sort();
    expect(impure).toEqual([
      'aws_secretsmanager',
      'bcrypt',
      'consul_key',
      'legacy_isotime',
      'legacy_strftime',
      'timestamp',
      'uuidv4',
      'vault',
    ]);
  });

  it('gives signatures as HCL writes types', () => {
    expect(functionSignature(hclFunctions.get('join')!)).toBe('join(separator string, lists... list(string)) string');
    expect(functionSignature(hclFunctions.get('replace')!)).toBe(
      'replace(str string, substr string, replace string) string',
    );
    expect(functionSignature(hclFunctions.get('timestamp')!)).toBe('timestamp() string');
    expect(functionSignature(hclFunctions.get('try')!)).toBe('try(expressions... any) any');
    expect(functionSignature(hclFunctions.get('fileset')!)).toBe('fileset(path string, pattern string) set(string)');
  });
});
