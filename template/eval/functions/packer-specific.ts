/**
 * Functions Packer adds to the HCL library: the legacy time formats that
 * `hcl2_upgrade` writes for `{{isotime}}` and `{{strftime}}`, `regex_replace`
 * (Packer 1.6), and the secret readers (`vault`, `consul_key`,
 * `aws_secretsmanager`). Secrets are fetched by Packer from a server while
 * it reads the template; template/ reaches no server, so their values are
 * unknown here — known names, so no `unknown-function`, but never guessed.
 */
import { formatGoTime } from '../../interpolation/go-time-layout.js';
import { formatStrftime } from '../../interpolation/strftime.js';
import { fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';
import { UNKNOWN } from '../value.js';
import { compileRe2, re2Replacement } from './re2.js';

const secret = (name: string, description: string, params: string[]): HclFunction =>
  fn(
    name,
    description,
    params.map((p) => param(p, T.string)),
    T.string,
    () => UNKNOWN,
    { impure: true },
  );

/** Packer's own functions. */
export const packerFunctions: HclFunction[] = [
  fn(
    'legacy_isotime',
    'The current time (UTC) in a Go time layout such as `2006-01-02`, like the legacy `{{isotime}}`.',
    [param('format', T.string)],
    T.string,
    ([f], env) => formatGoTime(env.now, f as string),
    { impure: true },
  ),
  fn(
    'legacy_strftime',
    'The current time (UTC) in strftime format such as `%Y-%m-%d`, like the legacy `{{strftime}}`.',
    [param('format', T.string)],
    T.string,
    ([f], env) => formatStrftime(env.now, f as string),
    { impure: true },
  ),
  fn(
    'regex_replace',
    'Replaces every match of a regular expression (RE2) in a string; `$1` names a group.',
    [param('str', T.string), param('pattern', T.string), param('replace', T.string)],
    T.string,
    ([s, p, r]) => (s as string).replace(compileRe2(p as string, 1, true), re2Replacement(r as string)),
  ),
  secret('vault', 'A secret read from HashiCorp Vault (path, key) when the template is loaded; unknown until then.', [
    'path',
    'key',
  ]),
  secret(
    'consul_key',
    'A value read from the Consul key/value store when the template is loaded; unknown until then.',
    ['key'],
  ),
  secret(
    'aws_secretsmanager',
    'A secret read from AWS Secrets Manager (name, key) when the template is loaded; unknown until then.',
    ['name', 'key'],
  ),
];
