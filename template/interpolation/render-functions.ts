/**
 * What each template function does when rendered: Packer's functions
 * (template/interpolate funcs.go semantics, error texts in Packer's words)
 * and the Go builtins templates use. Argument count and types are checked
 * by the renderer from the table in functions.ts before these run.
 */
import { isUnknown, type Unknown } from '../evaluation-model.js';
import { PACKER_COMPAT_VERSION } from './functions.js';
import { formatGoTime, RFC3339 } from './go-time-layout.js';
import { RenderError, type RenderErrorCode } from './render-error.js';
import { formatStrftime } from './strftime.js';

/** Values inside a template: Go strings, numbers, booleans and nil. */
export type GoValue = string | number | boolean | null;

/** What the functions may read. Everything is optional; a function whose input is missing fails clearly. */
export interface FunctionContext {
  /** Legacy user variables; UNKNOWN = declared but without a value (yet). */
  userVariables?: UserVariableLookup;
  env?: Readonly<Record<string, string | undefined>>;
  /** `env` (and secret functions) are enabled only while rendering `"variables"`. */
  enableEnv?: boolean;
  templateDir?: string;
  cwd?: string;
  buildName?: string;
  buildType?: string;
  /** The build start time; fixed for one build (Packer's InitTime). */
  now?: Date;
  packerVersion?: string;
  /** UUID source, for reproducible tests; default a time-ordered random UUID. */
  uuid?: () => string;
}

/** Reads a user variable (a Map will do; evaluate-legacy resolves lazily). */
export interface UserVariableLookup {
  get(name: string): string | Unknown | undefined;
}

export type FunctionImplementation = (args: GoValue[], ctx: FunctionContext) => GoValue;

const fail = (message: string, code: RenderErrorCode = 'function-error'): never => {
  throw new RenderError(message, code);
};

const text = (value: GoValue): string => value as string;
const int = (value: GoValue): number => value as number;

/** Packer's uuid.TimeOrderedUUID: UNIX seconds, then random hex. */
function timeOrderedUuid(now: Date): string {
  const random = (digits: number): string =>
    Array.from({ length: digits }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const seconds = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return `${seconds}-${random(4)}-${random(4)}-${random(4)}-${random(12)}`;
}

/** Go's strings.Replace: at most n replacements (all when n < 0); empty `old` matches between runes. */
export function goReplace(source: string, old: string, replacement: string, n: number): string {
  if (n === 0 || old === replacement) return source;
  if (old === '') {
    const runes = [...source];
    const limit = n < 0 ? runes.length + 1 : Math.min(n, runes.length + 1);
    let out = '';
    for (let i = 0; i < runes.length; i++) out += (i < limit ? replacement : '') + runes[i];
    return out + (limit > runes.length ? replacement : '');
  }
  let out = '';
  let from = 0;
  for (let done = 0; n < 0 || done < n; done++) {
    const at = source.indexOf(old, from);
    if (at < 0) break;
    out += source.slice(from, at) + replacement;
    from = at + old.length;
  }
  return out + source.slice(from);
}

/** Go's per-rune case mapping: a rune whose mapping is not one rune stays (ß stays ß). */
function mapRunes(value: string, map: (rune: string) => string): string {
  return [...value]
    .map((rune) => {
      const mapped = map(rune);
      return [...mapped].length === 1 ? mapped : rune;
    })
    .join('');
}

function userVariable(name: string, ctx: FunctionContext): string {
  const value = ctx.userVariables?.get(name);
  if (value === undefined) return fail(`variable not set: ${name}`, 'unset-variable');
  if (isUnknown(value)) return fail(`variable ${name} has no value yet`, 'unknown-value');
  return value;
}

function split(args: GoValue[]): string {
  const [source, separator, index] = [text(args[0]!), text(args[1]!), int(args[2]!)];
  const pieces = separator === '' ? [...source] : source.split(separator);
  if (index < 0 || index >= pieces.length) {
    return fail(
      `the substring ${index} was unavailable using the separator value, ${separator}, only ${pieces.length} values were found`,
    );
  }
  return pieces[index]!;
}

/** amazon's clean_resource_name: characters an AMI name may not hold become "-". */
function cleanResourceName(name: string): string {
  return name.replace(/[^a-zA-Z0-9()[\]./\-'@_ ]/g, '-');
}

const PACKER: Record<string, FunctionImplementation> = {
  user: (args, ctx) => userVariable(text(args[0]!), ctx),
  env: (args, ctx) =>
    ctx.enableEnv ? (ctx.env?.[text(args[0]!)] ?? '') : fail('env vars are not allowed here', 'not-available'),
  timestamp: (_args, ctx) => String(Math.floor(now(ctx).getTime() / 1000)),
  isotime: (args, ctx) => formatGoTime(now(ctx), args.length > 0 ? text(args[0]!) : RFC3339),
  strftime: (args, ctx) => formatStrftime(now(ctx), text(args[0]!)),
  uuid: (_args, ctx) => (ctx.uuid ? ctx.uuid() : timeOrderedUuid(now(ctx))),
  build_name: (_args, ctx) => ctx.buildName || fail('build_name not available', 'not-available'),
  build_type: (_args, ctx) => ctx.buildType || fail('build_type not available', 'not-available'),
  template_dir: (_args, ctx) => ctx.templateDir || fail('template path not available', 'not-available'),
  pwd: (_args, ctx) => ctx.cwd || fail('working directory not available', 'not-available'),
  packer_version: (_args, ctx) => ctx.packerVersion ?? PACKER_COMPAT_VERSION,
  split: (args) => split(args),
  replace: (args) => goReplace(text(args[3]!), text(args[0]!), text(args[1]!), int(args[2]!)),
  replace_all: (args) => goReplace(text(args[2]!), text(args[0]!), text(args[1]!), -1),
  upper: (args) => mapRunes(text(args[0]!), (r) => r.toUpperCase()),
  lower: (args) => mapRunes(text(args[0]!), (r) => r.toLowerCase()),
  clean_resource_name: (args) => cleanResourceName(text(args[0]!)),
  sed: () => fail('template function `sed` is deprecated; use `replace` or `replace_all` instead', 'deprecated'),
  consul_key: () => fail('chrootforge cannot read Consul keys; pass the value with -var or -var-file', 'unsupported'),
  vm: () => fail('chrootforge does not build azure-chroot images, so there is no Azure VM to describe', 'unsupported'),
  vault: () => fail('chrootforge cannot read Vault secrets; pass the value with -var or -var-file', 'unsupported'),
  aws_secretsmanager: () =>
    fail('chrootforge cannot read AWS Secrets Manager; pass the value with -var or -var-file', 'unsupported'),
};

function now(ctx: FunctionContext): Date {
  return ctx.now ?? fail('the build time is not available', 'not-available');
}

/** Go's notion of an empty value (false in `if`, skipped by `and`/`or`). */
export function isTruthy(value: GoValue): boolean {
  return value !== null && value !== false && value !== 0 && value !== '';
}

/** Go's fmt %v of a template value. */
export function printValue(value: GoValue): string {
  return value === null ? '<nil>' : String(value);
}

function compare(args: GoValue[], name: string): number {
  const [a, b] = args;
  if (typeof a !== typeof b || (typeof a !== 'string' && typeof a !== 'number')) {
    return fail(`error calling ${name}: incompatible types for comparison`);
  }
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

/** Go's fmt.Sprintf for the verbs templates use: %s %v %d %q %%. */
function sprintf(format: string, args: GoValue[]): string {
  let next = 0;
  return format.replace(/%([svdq%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const value = args[next++]!;
    return verb === 'q' ? JSON.stringify(printValue(value)) : printValue(value);
  });
}

const BUILTINS: Record<string, FunctionImplementation> = {
  and: (args) => args.find((a) => !isTruthy(a)) ?? args.at(-1)!,
  or: (args) => args.find((a) => isTruthy(a)) ?? args.at(-1)!,
  not: (args) => !isTruthy(args[0]!),
  len: (args) =>
    typeof args[0] === 'string'
      ? new TextEncoder().encode(args[0]).length
      : fail(`error calling len: len of ${printValue(args[0]!)}`),
  print: (args) => args.map(printValue).join(''),
  println: (args) => `${args.map(printValue).join(' ')}\n`,
  printf: (args) => sprintf(text(args[0]!), args.slice(1)),
  eq: (args) => args.slice(1).some((b) => b === args[0]),
  ne: (args) => args[0] !== args[1],
  lt: (args) => compare(args, 'lt') < 0,
  le: (args) => compare(args, 'le') <= 0,
  gt: (args) => compare(args, 'gt') > 0,
  ge: (args) => compare(args, 'ge') >= 0,
  urlquery: (args) => encodeURIComponent(args.map(printValue).join('')).replace(/%20/g, '+'),
  html: (args) =>
    args
      .map(printValue)
      .join('')
      .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
  js: (args) => JSON.stringify(args.map(printValue).join('')).slice(1, -1).replace(/'/g, "\\'"),
};

/** The implementation of a function, if chrootforge can run it. */
export function implementationOf(name: string): FunctionImplementation | undefined {
  return PACKER[name] ?? BUILTINS[name];
}
