/** Filesystem, date/time, hash/UUID, decryption and network functions. */
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTemplateFiles } from '../../template/node/index.js';
import { isUnknown, type TemplateFiles } from '../../template/evaluation-model.js';
import { evalExpr, onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

const files: Record<string, string> = { '/t/scripts/setup.sh': '#!/bin/sh\necho hi\n', '/etc/hostname': 'box\n' };
const withFiles = { inputs: { readFile: (path: string) => files[path], env: { HOME: '/home/me' } } };

const cases: Array<[string, unknown]> = [
  ['abspath("x")', '/work/dir/x'],
  ['abspath("../x/./y")', '/work/x/y'],
  ['abspath("/a/b/")', '/a/b'],
  ['basename("/a/b")', 'b'],
  ['basename("/a/b/")', 'b'],
  ['basename("")', '.'],
  ['basename("/")', '/'],
  ['dirname("/a/b")', '/a'],
  ['dirname("/a/b/")', '/a/b'],
  ['dirname("a")', '.'],
  ['dirname("/a")', '/'],
  ['pathexpand("~/x")', '/home/me/x'],
  ['pathexpand("~")', '/home/me'],
  ['pathexpand("/abs/~")', '/abs/~'],
  ['file("scripts/setup.sh")', '#!/bin/sh\necho hi\n'],
  ['file("${path.root}/scripts/setup.sh")', '#!/bin/sh\necho hi\n'],
  ['file("/etc/hostname")', 'box\n'],
  ['fileexists("scripts/setup.sh")', true],
  ['fileexists("nope")', false],
  ['timestamp()', '2024-02-03T04:05:06Z'],
  ['formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")', '02 Jan 2018 23:12 UTC'],
  ['formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")', 'Tuesday, 02-Jan-18 23:12:01 UTC'],
  ['formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")', 'Tue, 02 Jan 2018 23:12:01 -0800'],
  ['formatdate("MMM D, YYYY", "2018-01-02T23:12:01Z")', 'Jan 2, 2018'],
  ['formatdate("H:mm aa", "2018-01-02T00:05:01Z")', '12:05 am'],
  [
    'formatdate("h:mm AA aa ZZZZ ZZZZZ Z EEEE MMMM D M YY", "2020-03-04T15:06:07+02:00")',
    '15:06 PM pm +0200 +02:00 +02:00 Wednesday March 4 3 20',
  ],
  ['formatdate("\'quoted\'\'s\' YYYY", "2020-03-04T15:06:07Z")', "quoted's 2020"],
  ['formatdate("YYYY", timestamp())', '2024'],
  ['timeadd("2017-11-22T00:00:00Z", "10m")', '2017-11-22T00:10:00Z'],
  ['timeadd("2017-11-22T00:00:00Z", "1h30m45s")', '2017-11-22T01:30:45Z'],
  ['timeadd("2017-11-22T00:00:00.5Z", "500ms")', '2017-11-22T00:00:01Z'],
  ['timeadd("2020-01-01T00:00:00+05:30", "-1.5h")', '2019-12-31T22:30:00+05:30'],
  ['md5("a")', '0cc175b9c0f1b6a831c399e269772661'],
  ['sha1("a")', '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8'],
  ['sha256("a")', 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb'],
  [
    'sha512("a")',
    '1f40fc92da241694750979ee6cf582f2d5d7d28e18335de05abc54d0560e0f5302860c652bf08d560252aa5e74210546f369fbbbce8c12cfc7957b2652fe9a75',
  ],
  ['base64sha256("a")', 'ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs='],
  ['uuidv5("dns", "x")', '05b16a01-46c6-56dd-bd6e-c6dfb4a1427a'],
  ['uuidv5("url", "https://example.com")', '4fd35a71-71ef-5a55-a9d9-aa75c889a6d0'],
  ['uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "x")', '05b16a01-46c6-56dd-bd6e-c6dfb4a1427a'],
  ['cidrhost("10.0.0.0/8", 3)', '10.0.0.3'],
  ['cidrhost("10.0.0.0/24", -1)', '10.0.0.255'],
  ['cidrhost("fd00::/64", 5)', 'fd00::5'],
  ['cidrnetmask("10.0.0.0/12")', '255.240.0.0'],
  ['cidrsubnet("10.0.0.0/16", 8, 2)', '10.0.2.0/24'],
  ['cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', 'fd00:fd12:3456:7800:a200::/72'],
  ['cidrsubnets("10.0.0.0/16", 4, 8)', ['10.0.0.0/20', '10.0.16.0/24']],
  ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
];

describe('filesystem, time, hash and network functions', () => {
  it.each(cases)('%s', (source, expected) => {
    expect(valueOfSource(source, withFiles)).toEqual(expected);
  });

  it('uuidv4 gives a fresh version 4 UUID', () => {
    const a = valueOfSource('uuidv4()');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(valueOfSource('uuidv4()')).not.toEqual(a);
  });

  it('file and fileexists are unknown when no file reader is given', () => {
    expect(isUnknown(evalExpr('file("x")').value)).toBe(true);
    expect(isUnknown(evalExpr('fileexists("x")').value)).toBe(true);
    expect(evalExpr('file("x")').diagnostics).toEqual([]);
  });

  it('timestamp uses the injected clock, whole seconds', () => {
    expect(valueOfSource('timestamp()', { inputs: { now: new Date('2030-05-06T07:08:09.999Z') } })).toBe(
      '2030-05-06T07:08:09Z',
    );
  });
});

const errors: Array<[string, string, string]> = [
  ['file("missing.txt")', 'no file exists at missing.txt', '"missing.txt"'],
  ['pathexpand("~root")', 'cannot expand user-specific home directory', '"~root"'],
  ['formatdate("YYYY-MM-DD", "2018-02-30T00:00:00Z")', 'not a valid RFC3339 timestamp', '"2018-02-30T00:00:00Z"'],
  ['formatdate("x", "2020")', 'not a valid RFC3339 timestamp', '"2020"'],
  ['formatdate("YYYY xyz", "2020-03-04T15:06:07Z")', 'invalid date format verb "x"', '"YYYY xyz"'],
  ['formatdate("\'open", "2020-03-04T15:06:07Z")', 'unterminated literal', '"\'open"'],
  ['timeadd("2020-01-01T00:00:00Z", "10")', 'time: invalid duration "10"', '"10"'],
  ['timeadd("2020-01-01T00:00:00Z", "1x")', 'time: invalid duration "1x"', '"1x"'],
  ['uuidv5("bogus", "x")', "uuidv5() doesn't support namespace bogus", '"bogus"'],
  ['cidrnetmask("x")', 'invalid CIDR address: x', '"x"'],
  ['cidrnetmask("fd00::/8")', 'only IPv4 networks have a netmask', '"fd00::/8"'],
  ['cidrhost("10.0.0.0/30", 4)', 'prefix of 30 does not accommodate a host numbered 4', '4'],
  ['cidrsubnet("10.0.0.0/30", 4, 0)', 'insufficient address space to extend prefix of 30 by 4', '4'],
  ['cidrsubnet("10.0.0.0/16", 2, 4)', 'prefix extension of 2 does not accommodate a subnet numbered 4', '4'],
  ['cidrsubnets("10.0.0.0/30", 1, 1, 1)', 'not enough remaining address space', '1#3'],
];

describe('filesystem, time, hash and network function errors', () => {
  it.each(errors)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source, withFiles);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });

  it('pathexpand without HOME is an error', () => {
    expect(onlyDiagnostic('pathexpand("~/x")').message).toContain('HOME is not set');
  });
});

describe('rsadecrypt', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const encrypt = (text: string): string =>
    publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(text)).toString('base64');
  const ciphertext = encrypt('héllo');
  const call = (c: string, k: string): string => `rsadecrypt(${JSON.stringify(c)}, ${JSON.stringify(k)})`;

  it('decrypts PKCS #1 v1.5 ciphertext with a PKCS #1 PEM key', () => {
    expect(valueOfSource(call(ciphertext, pem))).toBe('héllo');
    expect(valueOfSource(call(encrypt(''), pem))).toBe('');
  });

  const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const encryptedPem = pem.replace(
    '-----\n',
    '-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n',
  );
  it.each([
    ['!!', pem, 'failed to decode input "!!": cipher text must be base64-encoded', 0],
    [ciphertext, 'not a key', 'failed to parse key: no key found', 1],
    [
      ciphertext,
      encryptedPem,
      'failed to parse key: password protected keys are not supported. Please decrypt the key prior to use',
      1,
    ],
    [
      ciphertext,
      privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)',
      1,
    ],
    [ciphertext, other.export({ type: 'pkcs1', format: 'pem' }) as string, 'crypto/rsa: decryption error', 0],
    ['aGk=', pem, 'crypto/rsa: decryption error', 0],
  ] as const)('rejects %#', (c, k, message, arg) => {
    const source = call(c, k);
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('function-error');
    expect(d.message).toBe(`Error in function call: rsadecrypt: ${message}`);
    expect(d.range).toEqual(rangeOf(source, JSON.stringify(arg === 0 ? c : k)));
  });
});

describe('fileset and filebase64 on real files', () => {
  let dir = '';
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const options = (): Parameters<typeof evalExpr>[1] => ({
    inputs: { templateDir: dir, cwd: join(dir, 'files'), readFile: read, files: nodeTemplateFiles },
  });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chrootforge-fileset-'));
    mkdirSync(join(dir, 'files/a/b'), { recursive: true });
    mkdirSync(join(dir, 'files/c'));
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'main.pkr.hcl'), '');
    for (const file of ['x.txt', 'y.sh', '.dot', 'a/1.txt', 'a/b/2.txt', 'c/3.sh'])
      writeFileSync(join(dir, 'files', file), file);
    writeFileSync(join(dir, 'files/bytes.bin'), Buffer.from([0, 0xff, 0x80]));
    symlinkSync('a', join(dir, 'files/link'));
    symlinkSync(join(dir, 'files'), join(dir, 'files/c/loop'));
    symlinkSync('nowhere', join(dir, 'broken/dangling'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['fileset("files", "*")', ['.dot', 'bytes.bin', 'x.txt', 'y.sh']],
    ['fileset("files", "**/*.txt")', ['a/1.txt', 'a/b/2.txt', 'link/1.txt', 'link/b/2.txt', 'x.txt']],
    ['fileset("files", "{a,c}/*")', ['a/1.txt', 'c/3.sh']],
    ['fileset("files", "{x.txt,a/b/*}")', ['a/b/2.txt', 'x.txt']],
    ['fileset("files", "[^x]?sh")', ['y.sh']],
    ['fileset("files", "[x-y].*")', ['x.txt', 'y.sh']],
    ['fileset("files", "../*.hcl")', ['../main.pkr.hcl']],
    [
      'fileset("${path.root}/files/", "c/**")',
      [
        'c/3.sh',
        'c/loop/.dot',
        'c/loop/a/1.txt',
        'c/loop/a/b/2.txt',
        'c/loop/bytes.bin',
        'c/loop/link/1.txt',
        'c/loop/link/b/2.txt',
        'c/loop/x.txt',
        'c/loop/y.sh',
      ],
    ],
    ['fileset("files", "a")', []],
    ['fileset("nope", "*")', []],
    ['filebase64("bytes.bin")', 'AP+A'],
    ['filebase64("../main.pkr.hcl")', ''],
  ])('%s', (source, expected) => {
    expect(valueOfSource(source, options())).toEqual(expected);
  });

  it('reports what Packer reports', () => {
    const pattern = onlyDiagnostic('fileset("files", "[")', options());
    expect(pattern.message).toBe(
      `Error in function call: fileset: failed to glob pattern (${dir}/files/[): syntax error in pattern`,
    );
    expect(pattern.range).toEqual(rangeOf('fileset("files", "[")', '"["'));
    const dangling = join(dir, 'broken/dangling');
    expect(onlyDiagnostic('fileset("broken", "*")', options()).message).toBe(
      `Error in function call: fileset: failed to stat (${dangling}): stat ${dangling}: no such file or directory`,
    );
    const missing = onlyDiagnostic('filebase64("nope")', options());
    expect(missing.message).toBe(
      'Error in function call: filebase64: failed to read file "nope": open nope: no such file or directory',
    );
    expect(missing.range).toEqual(rangeOf('filebase64("nope")', '"nope"'));
  });

  it('are unknown when no filesystem is given (a text reader is not one)', () => {
    for (const options of [{}, { inputs: { templateDir: dir, readFile: read } }]) {
      expect(isUnknown(evalExpr('fileset(".", "*")', options).value)).toBe(true);
      expect(isUnknown(evalExpr('filebase64("x")', options).value)).toBe(true);
    }
  });
});

/** A filesystem in memory: files by absolute path, directories the parents of files; no links. */
function memoryFiles(files: Record<string, string>): TemplateFiles {
  const missing = (syscall: string, path: string): Error =>
    Object.assign(new Error(`ENOENT: ${syscall} '${path}'`), { code: 'ENOENT', syscall });
  const under = (dir: string): string[] =>
    Object.keys(files).filter((f) => f.startsWith(dir === '/' ? '/' : `${dir}/`));
  const isDirectory = (path: string): boolean => under(path).length > 0;
  return {
    readBytes: (path) => {
      if (files[path] === undefined) throw missing('open', path);
      return Buffer.from(files[path]);
    },
    stat: (path) => {
      if (files[path] !== undefined) return 'file';
      if (isDirectory(path)) return 'directory';
      throw missing('stat', path);
    },
    exists: (path) => files[path] !== undefined || isDirectory(path),
    list: (path) => {
      if (!isDirectory(path)) throw missing('scandir', path);
      const prefix = path === '/' ? '/' : `${path}/`;
      return [...new Set(under(path).map((f) => f.slice(prefix.length).split('/')[0]!))];
    },
    realpath: (path) => path,
  };
}

describe('fileset and filebase64 read only the injected filesystem', () => {
  const root = '/chrootforge-in-memory-only';
  const files = memoryFiles({
    [`${root}/files/a.txt`]: 'A',
    [`${root}/files/sub/b.txt`]: 'B',
    [`${root}/files/c.sh`]: 'C',
    [`${root}/bytes.bin`]: '\u0000\u00ff',
  });
  const options = { inputs: { templateDir: root, cwd: root, files } };

  it('sees files that are not on disk', () => {
    expect(existsSync(root)).toBe(false);
    expect(valueOfSource('fileset("files", "**/*.txt")', options)).toEqual(['a.txt', 'sub/b.txt']);
    expect(valueOfSource('fileset(path.root, "*/*")', options)).toEqual(['files/a.txt', 'files/c.sh']);
    expect(valueOfSource('filebase64("files/a.txt")', options)).toBe('QQ==');
    expect(valueOfSource('filebase64("bytes.bin")', options)).toBe(Buffer.from('\u0000\u00ff').toString('base64'));
  });

  it("reports its errors in Go's words", () => {
    expect(onlyDiagnostic('filebase64("nope")', options).message).toBe(
      'Error in function call: filebase64: failed to read file "nope": open nope: no such file or directory',
    );
  });
});
