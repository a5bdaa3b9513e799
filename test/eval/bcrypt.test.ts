import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { blowfishInitialState } from '../../template/eval/functions/blowfish-constants.js';
import { bcryptBase64, bcryptHash, decodeBcryptBase64 } from '../../template/eval/functions/bcrypt.js';
import { isUnknown } from '../../template/evaluation-model.js';
import { missing, skipNote } from '../support/requirements.js';
import { evalExpr, onlyDiagnostic, rangeOf, setup, valueOfSource } from './helpers.js';

beforeAll(setup);

describe('Blowfish constants (hex digits of pi)', () => {
  it('start and end with the published words', () => {
    const words = blowfishInitialState();
    expect(words.length).toBe(1042);
    expect([words[0], words[1], words[17], words[18], words[1041]].map((w) => w!.toString(16))).toEqual([
      '243f6a88',
      '85a308d3',
      '8979fb1b',
      'd1310ba6',
      '3ac372e6',
    ]);
  });
});

describe('bcryptHash', () => {
  // Reference hashes from libxcrypt's crypt(3) with the same salt.
  const salt = decodeBcryptBase64('abcdefghijklmnopqrstuu', 16);
  it('matches crypt(3) at cost 4 and 10', () => {
    expect(bcryptHash('password', 4, salt)).toBe('$2a$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm');
    expect(bcryptHash('password', 10, salt)).toBe('$2a$10$abcdefghijklmnopqrstuu5Lo0g67CiD3M4RpN1BmBb4Crp5w7dbK');
  });
  it('round-trips its Base64', () => {
    expect(bcryptBase64(salt)).toBe('abcdefghijklmnopqrstuu');
  });
});

describe('bcrypt()', () => {
  it('gives a $2a$ hash with the default cost 10 and a fresh salt each time', () => {
    const a = valueOfSource('bcrypt("hunter2")') as string;
    expect(a).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(valueOfSource('bcrypt("hunter2")')).not.toBe(a);
    expect(valueOfSource('bcrypt("x", 5)')).toMatch(/^\$2a\$05\$/);
  });
  it('leaves very slow costs unknown rather than stall the editor', () => {
    const { value, diagnostics } = evalExpr('bcrypt("x", 20)');
    expect(isUnknown(value)).toBe(true);
    expect(diagnostics).toEqual([]);
  });
  const errors: Array<[string, string, string]> = [
    ['bcrypt("x", 3)', 'cost 3 is outside allowed range (4,31)', '3'],
    ['bcrypt("x", 10, 1)', 'takes at most two arguments', '1#1'],
    [`bcrypt("${'a'.repeat(73)}")`, 'password length exceeds 72 bytes', `"${'a'.repeat(73)}"`],
  ];
  it.each(errors)('%s', (source, message, at) => {
    const d = onlyDiagnostic(source);
    expect(d.code).toBe('function-error');
    expect(d.message).toContain(message);
    expect(d.range).toEqual(rangeOf(source, at));
  });

  const reason = missing.tool('python3');
  it.skipIf(reason !== undefined)(`verifies with crypt(3)${skipNote(reason)}`, () => {
    const hash = valueOfSource('bcrypt("s3cret pässword", 6)') as string;
    const script =
      'import sys, warnings; warnings.simplefilter("ignore"); import crypt; print(crypt.crypt(sys.argv[1], sys.argv[2]))';
    const checked = execFileSync('python3', ['-c', script, 's3cret pässword', hash], { encoding: 'utf8' }).trim();
    expect(checked).toBe(hash);
  });
});
