/**
 * The real peer: the same expressions evaluated by `packer console`
 * (Packer 1.6.6, when installed) and by evaluateHcl must agree. Packer
 * prints each result through jsonencode, in one call so one process
 * answers all; functions Packer 1.6.6 lacks are not in this list.
 *
 * Deliberate differences, where later Packer (and its documentation)
 * changed what 1.6.6 does, are left out: `replace` with a `/regex/`
 * (1.6.6 matches it literally), `index(list, value)` (1.6.6 has cty's
 * `index(collection, key)`, an element lookup), `yamldecode` of an empty
 * document or a lone null (1.6.6: an error, or unknown; later: null) and
 * `optional(…)` in `convert`'s type (1.6.6 has no optional attributes).
 */
import { execFileSync } from 'node:child_process';
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTemplateFiles } from '../../template/node/index.js';
import { missing, skipNote } from '../support/requirements.js';
import { evaluateFiles, parseExpr, setup, varFile } from './helpers.js';

/** A key and a message for `rsadecrypt`, made afresh: Packer decrypts what Node encrypted. */
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const rsaLocals = `locals {
  rsa_key        = ${JSON.stringify(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }))}
  rsa_ciphertext = "${publicEncrypt({ key: rsa.publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('sécret')).toString('base64')}"
}
`;

const declarations = `${rsaLocals}variable "name" {
  type    = string
  default = "debian"
}
variable "size" {
  type    = number
  default = "4"
}
variable "pkgs" {
  type    = list(string)
  default = ["vim", "curl", "vim"]
}
variable "tags" {
  type    = map(string)
  default = {env = "ci", owner = 7}
}
variable "opts" {
  type    = object({arch = string, gpu = bool})
  default = {arch = "arm64", gpu = "false", extra = 1}
}
variable "cli" {
  type = list(number)
}
locals {
  image = "\${var.name}-\${var.size}"
  pkg_set = distinct(var.pkgs)
  by_index = {for i, p in var.pkgs : p => i...}
}
`;

const expressions = [
  'var.name',
  'var.size',
  'var.pkgs',
  'var.tags',
  'var.opts',
  'var.cli',
  'local.image',
  'local.pkg_set',
  'local.by_index',
  'upper(var.name)',
  'title("hello wORLD-foo_bar x.y")',
  'format("%05.2f|%-4s|%x|%q", 3.14159, "ab", 255, "q")',
  'format("%v|%v|%g|%e", 1e21, 0.1, 1234.5, 12345)',
  'formatlist("%s=%d", ["a", "b"], [1, 2])',
  'join("-", var.pkgs)',
  'split(",", "a,,b")',
  'replace("a.b.c", ".", "/")',
  'substr("héllo wörld", -5, 3)',
  'strrev("héllo")',
  'trim("--x--", "-")',
  'trimprefix("prefix-x", "prefix-")',
  'trimsuffix("x.img", ".img")',
  'trimspace("  x \\n")',
  'chomp("x\\r\\n\\n")',
  'indent(4, "a\\nb\\n")',
  'lower("ÀB")',
  'length("héllo")',
  'abs(-2.5)',
  'ceil(2.1)',
  'floor(-2.1)',
  'log(1024, 2)',
  'max(3, 7, 1)',
  'min(var.cli...)',
  'parseint("777", 8)',
  'pow(3, 3)',
  'signum(-5)',
  'chunklist(range(5), 2)',
  'coalesce("", null, "x")',
  'coalescelist([], ["y"])',
  'compact(["a", "", "b"])',
  'concat(var.pkgs, ["z"])',
  'contains(var.pkgs, "curl")',
  'element(var.pkgs, 4)',
  'flatten([[1, [2, [3]]], []])',
  'keys(var.tags)',
  'values(var.tags)',
  'lookup(var.tags, "env", "none")',
  'lookup(var.tags, "nope", "none")',
  'merge(var.tags, {env = "prod"})',
  'range(10, 0, -3)',
  'reverse(var.cli)',
  'setintersection(["a", "b", "c"], ["c", "a"])',
  'setunion(["b"], ["a"], ["b"])',
  'setproduct(["x", "y"], [1, 2])',
  'slice(var.pkgs, 1, 3)',
  'sort(["b", "C", "a"])',
  'zipmap(["k1", "k2"], [true, false])',
  'base64encode("héllo")',
  'base64decode("aMOpbGxv")',
  'csvdecode("a,b\\n1,\\"x,y\\"\\n")',
  'jsondecode("{\\"a\\":[1,null]}")',
  'urlencode("a b/c?d=é")',
  'md5("x")',
  'sha1("x")',
  'sha256("x")',
  'sha512("x")',
  'uuidv5("dns", "example.com")',
  'basename("/a/b.txt")',
  'dirname("/a/b/c")',
  'formatdate("EEEE DD MMM YYYY hh:mm:ss ZZZZ", "2021-06-07T08:09:10+02:00")',
  'timeadd("2021-06-07T23:30:00Z", "45m")',
  'cidrsubnet("172.16.0.0/12", 4, 2)',
  'cidrhost("10.12.112.0/20", 16)',
  'cidrnetmask("172.16.0.0/12")',
  'cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)',
  'can(var.opts.nope)',
  'try(var.tags.nope, "fallback")',
  '[for p in var.pkgs : upper(p) if p != "curl"]',
  '{for k, v in var.tags : v => k}',
  'var.opts.gpu ? "gpu" : "cpu"',
  '"${var.name}:{{.Device}}"',
  'yamlencode({a = 1, b = "x", c = [1, "two", true, null], d = {e = "f"}, g = [], h = {}, i = "multi\\nline", j = "true", l = "", n = [{x = 1, y = 2}, [3, 4]]})',
  'yamlencode(["x\\n", "x\\n\\n", " lead\\nx", "trail \\nx", "t\\tb\\nx", "\\nx", "é\\u0001\\"\\\\", "#!/bin/sh\\necho hi\\n"])',
  'yamlencode(["l1\\nl2", {b = "q\\nr", "b c" = [[]]}])',
  'yamlencode("x\\ny")',
  'yamlencode(1.5)',
  'yamlencode(null)',
  'yamlencode(var.opts)',
  '1 + 2 * 3 - 4 / 8',
  '"5" * 2',
  '[1, "a"] == [1, "a"]',
  '!(1 > 2) && true',
  'yamldecode("a: [1, x]\\nb: {c: yes, d: ~, e: 0b101, f: 017, g: 0x1F, h: \\"017\\", i: 1_000, j: 2001-12-14, k: off, l: .5}")',
  'yamldecode("- &a {x: 1, y: [2]}\\n- *a\\n- <<: *a\\n  x: 3\\n- 1.5e3\\n- !!str 5\\n- |\\n  l1\\n  l2\\n")',
  'yamldecode("{1.0: a, 1e21: b, true: c, \\"q\\": d, \\"<<\\": {e: f}}")',
  'yamldecode("[2001-12-14t21:59:43.10-05:00, 2001-02-30, 1p3, -0b11, !!int 0x_1F, !!binary aGk=, \\"~\\", <<]")',
  'yamldecode(yamlencode(var.opts))',
  'convert([1, "a"], list(string))',
  'convert({a = 1, b = true}, object({a = string}))',
  'convert(var.pkgs, set(string))',
  'convert([1, "2"], tuple([string, number]))',
  'convert(var.tags, map(any))',
  'convert("true", bool)',
  'rsadecrypt(local.rsa_ciphertext, local.rsa_key)',
];

const reason = missing.tool('packer');

describe(`evaluateHcl agrees with packer console${skipNote(reason)}`, () => {
  let dir = '';
  let packerValues: unknown[] = [];
  beforeAll(async () => {
    await setup();
    if (reason) return;
    dir = mkdtempSync(join(tmpdir(), 'chrootforge-peer-'));
    writeFileSync(join(dir, 'vars.pkr.hcl'), declarations);
    writeFileSync(
      join(dir, 'build.pkr.hcl'),
      'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n}\n',
    );
    const line = `jsonencode([${expressions.map((e) => `try(${e}, "<packer error>")`).join(', ')}])\n`;
    const out = execFileSync('packer', ['console', '-var', 'cli=[3, "1", 2]', dir], {
      input: line,
      encoding: 'utf8',
      timeout: 60_000,
    });
    packerValues = JSON.parse(out.trim()) as unknown[];
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(reason !== undefined).each(expressions.map((e, i) => [e, i] as const))('%s', (source, index) => {
    const evaluation = evaluateFiles({ '/t/vars.pkr.hcl': declarations }, { vars: [['cli', '[3, "1", 2]']] });
    expect(evaluation.diagnostics).toEqual([]);
    const value = evaluation.evaluate(parseExpr(source, '/t/e.pkr.hcl'), { file: '/t/e.pkr.hcl', kind: 'build' });
    expect(packerValues[index]).not.toBe('<packer error>');
    expect(value).toEqual(packerValues[index]);
  });
});

/** `fileset` over a real tree: relative paths from the template directory, links followed. */
const fileExpressions = [
  'fileset(path.root, "files/**")',
  'fileset("files", "*")',
  'fileset("files", "**/*.txt")',
  'fileset("files", "{a,c}/*")',
  'fileset("files", "{x.txt,a/b/*}")',
  'fileset("files", "[^x]?sh")',
  'fileset("files", "[!x]*")',
  'fileset("files", "../*.hcl")',
  'fileset("files/", "/x.txt")',
  'fileset("files", "*/b/*")',
  'fileset("files", "a")',
  'fileset("nope", "*")',
];

describe(`file functions agree with packer console${skipNote(reason)}`, () => {
  let dir = '';
  let packerValues: unknown[] = [];
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  beforeAll(async () => {
    await setup();
    if (reason) return;
    dir = mkdtempSync(join(tmpdir(), 'chrootforge-peer-files-'));
    writeFileSync(
      join(dir, 'build.pkr.hcl'),
      'source "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n}\n',
    );
    mkdirSync(join(dir, 'files/a/b'), { recursive: true });
    mkdirSync(join(dir, 'files/c'));
    for (const file of ['x.txt', 'y.sh', '!x', '.dot', 'a/1.txt', 'a/b/2.txt', 'c/3.sh'])
      writeFileSync(join(dir, 'files', file), file);
    symlinkSync('a', join(dir, 'files/link'));
    const line = `jsonencode([${fileExpressions.map((e) => `try(${e}, "<packer error>")`).join(', ')}])\n`;
    // From another directory: relative paths must resolve from the template directory, not the working one.
    const out = execFileSync('packer', ['console', dir], {
      input: line,
      encoding: 'utf8',
      timeout: 60_000,
      cwd: tmpdir(),
    });
    packerValues = JSON.parse(out.trim()) as unknown[];
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(reason !== undefined).each(fileExpressions.map((e, i) => [e, i] as const))('%s', (source, index) => {
    const evaluation = evaluateFiles(
      { [join(dir, 'build.pkr.hcl')]: '' },
      { templateDir: dir, cwd: tmpdir(), readFile: read, files: nodeTemplateFiles },
    );
    const value = evaluation.evaluate(parseExpr(source, join(dir, 'e.pkr.hcl')), {
      file: join(dir, 'e.pkr.hcl'),
      kind: 'build',
    });
    expect(packerValues[index]).not.toBe('<packer error>');
    expect(value).toEqual(packerValues[index]);
  });
});

interface PrecedenceCase {
  name: string;
  env?: Record<string, string>;
  /** Var files written next to the template (auto ones are found by Packer itself). */
  files?: Record<string, string>;
  /** Names of the files passed with -var-file, in order. */
  varFiles?: string[];
  vars?: Array<[string, string]>;
}

const precedenceCases: PrecedenceCase[] = [
  { name: 'default only' },
  { name: 'env over default', env: { PKR_VAR_x: 'env' } },
  { name: 'auto file over env', env: { PKR_VAR_x: 'env' }, files: { 'a.auto.pkrvars.hcl': 'x = "auto"\n' } },
  { name: 'later auto file wins', files: { 'b.auto.pkrvars.hcl': 'x = "b"\n', 'a.auto.pkrvars.hcl': 'x = "a"\n' } },
  {
    name: '-var-file over auto file',
    files: { 'a.auto.pkrvars.hcl': 'x = "auto"\n', 'f.pkrvars.hcl': 'x = "file"\n' },
    varFiles: ['f.pkrvars.hcl'],
  },
  {
    name: 'later -var-file wins',
    files: { 'one.pkrvars.hcl': 'x = "one"\n', 'two.pkrvars.hcl': 'x = "two"\n' },
    varFiles: ['one.pkrvars.hcl', 'two.pkrvars.hcl'],
  },
  {
    name: '-var over -var-file',
    files: { 'f.pkrvars.hcl': 'x = "file"\n' },
    varFiles: ['f.pkrvars.hcl'],
    vars: [['x', 'cli']],
  },
  {
    name: 'last -var wins',
    vars: [
      ['x', 'one'],
      ['x', 'two'],
    ],
    env: { PKR_VAR_x: 'env' },
  },
];

describe(`variable precedence agrees with packer console${skipNote(reason)}`, () => {
  const template =
    'variable "x" {\n  type    = string\n  default = "default"\n}\nsource "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n}\n';

  it.skipIf(reason !== undefined).each(precedenceCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await setup();
    const dir = mkdtempSync(join(tmpdir(), 'chrootforge-prec-'));
    try {
      writeFileSync(join(dir, 'main.pkr.hcl'), template);
      for (const [file, text] of Object.entries(c.files ?? {})) writeFileSync(join(dir, file), text);
      const args = [
        'console',
        ...(c.varFiles ?? []).flatMap((f) => ['-var-file', join(dir, f)]),
        ...(c.vars ?? []).flatMap(([k, v]) => ['-var', `${k}=${v}`]),
        dir,
      ];
      const packerValue = execFileSync('packer', args, {
        input: 'var.x\n',
        encoding: 'utf8',
        env: { ...process.env, ...c.env },
        timeout: 60_000,
      }).trim();

      const files = Object.fromEntries(
        Object.entries(c.files ?? {})
          .filter(([f]) => f.includes('.auto.'))
          .map(([f, text]) => [join(dir, f), text]),
      );
      const explicit = (c.varFiles ?? []).map((f) => varFile(join(dir, f), c.files![f]!));
      const evaluation = evaluateFiles(
        { [join(dir, 'main.pkr.hcl')]: 'variable "x" {\n  type    = string\n  default = "default"\n}\n', ...files },
        {
          env: c.env ?? {},
          varFiles: explicit,
          vars: c.vars ?? [],
        },
      );
      expect(evaluation.variables.get('x')?.value).toBe(packerValue);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
