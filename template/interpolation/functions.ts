/**
 * The functions a `{{ }}` action may call in a legacy JSON template: Packer's
 * template-engine functions (hashicorp/packer `template/interpolate`) and the
 * builtins of Go's text/template. One table serves checking, rendering,
 * completion, hover and signature help.
 */

/** Types the checker can tell apart in literal arguments. */
export type ParamType = 'string' | 'int' | 'any';

export interface FunctionParam {
  name: string;
  type: ParamType;
  /** May be left out (isotime's format). */
  optional?: boolean;
  /** Takes any number of further arguments of this type. */
  variadic?: boolean;
  doc: string;
}

/**
 * Where a function may be used:
 * - `everywhere`: any string of a legacy JSON template;
 * - `variables`: only in the defaults of `"variables"` (Packer enables
 *   environment access only there);
 * - `provisioners`: only in provisioners and post-processors, where shared
 *   build data exists;
 * - `fields`: only in the fields whose builder registers it (e.g. amazon's
 *   `ami_name` for `clean_resource_name`).
 */
export type FunctionScope = 'everywhere' | 'variables' | 'provisioners' | 'fields';

export interface TemplateFunction {
  name: string;
  params: FunctionParam[];
  /** Markdown shown on hover and in completion. */
  doc: string;
  scope: FunctionScope;
  /** Go's own text/template builtin (not Packer's). */
  builtin?: boolean;
  /** Removed from Packer: using it is an error; the text says what to use. */
  deprecated?: string;
  /**
   * Why the function fails in an HCL2 template's plugin fields, if it does.
   * Plugins render their fields with this engine in HCL2 too, but Packer
   * gives them no user variables, no template path and no environment there.
   */
  hclUnavailable?: string;
  /** What to write in an HCL2 template instead: valid HCL (`var.NAME`, `formatdate(FORMAT, timestamp())`). */
  hclEquivalent?: string;
}

/** The version of Packer whose template language chrootforge implements. */
export const PACKER_COMPAT_VERSION = '1.6.6';

const str = (name: string, doc: string, extra: Partial<FunctionParam> = {}): FunctionParam => ({
  name,
  type: 'string',
  doc,
  ...extra,
});
const int = (name: string, doc: string): FunctionParam => ({ name, type: 'int', doc });
const any = (name: string, doc: string, extra: Partial<FunctionParam> = {}): FunctionParam => ({
  name,
  type: 'any',
  doc,
  ...extra,
});

const PACKER_FUNCTIONS: TemplateFunction[] = [
  {
    name: 'user',
    params: [str('name', 'Name of a variable declared in "variables".')],
    hclUnavailable: 'an HCL2 build has no user variables',
    scope: 'everywhere',
    doc: 'The value of a user variable declared in `"variables"` (set by its default, `-var` or `-var-file`).',
    hclEquivalent: 'var.NAME',
  },
  {
    name: 'env',
    params: [str('name', 'Environment variable name.')],
    hclUnavailable: 'Packer reads the environment only in a legacy JSON template\'s "variables"',
    scope: 'variables',
    doc: 'The value of an environment variable (empty when unset). Only allowed in the defaults of `"variables"`: declare a variable and use `{{user `name`}}` elsewhere.',
    hclEquivalent: 'var.NAME (declare the variable with default = env("NAME"))',
  },
  {
    name: 'timestamp',
    params: [],
    scope: 'everywhere',
    doc: 'The UNIX time (seconds) when the build started; the same value everywhere in one build.',
    hclEquivalent: 'timestamp()',
  },
  {
    name: 'isotime',
    params: [str('format', 'Go time layout, e.g. `2006-01-02`; default RFC 3339.', { optional: true })],
    scope: 'everywhere',
    doc: 'The build start time (UTC) formatted with a Go time layout (reference time `Mon Jan 2 15:04:05 MST 2006`). Without a format: RFC 3339.',
    hclEquivalent: 'formatdate(FORMAT, timestamp())',
  },
  {
    name: 'strftime',
    params: [str('format', 'strftime format, e.g. `%Y-%m-%d`.')],
    scope: 'everywhere',
    doc: 'The build start time (UTC) formatted with C `strftime` directives (`%Y`, `%m`, `%d`, `%H`, `%M`, `%S`, …).',
    hclEquivalent: 'formatdate(FORMAT, timestamp())',
  },
  {
    name: 'uuid',
    params: [],
    scope: 'everywhere',
    doc: 'A new time-ordered UUID (its first eight hex digits are the UNIX time).',
    hclEquivalent: 'uuidv4()',
  },
  {
    name: 'build_name',
    params: [],
    scope: 'everywhere',
    doc: "The name of the build being run (the builder's `name`, else its `type`).",
    hclEquivalent: 'source.name',
  },
  {
    name: 'build_type',
    params: [],
    scope: 'everywhere',
    doc: 'The type of the builder being run, e.g. `chroot`.',
    hclEquivalent: 'source.type',
  },
  {
    name: 'template_dir',
    params: [],
    hclUnavailable: 'Packer gives HCL2 builds no template path',
    scope: 'everywhere',
    doc: 'The absolute directory of the template file.',
    hclEquivalent: 'path.root',
  },
  {
    name: 'pwd',
    params: [],
    scope: 'everywhere',
    doc: 'The working directory Packer was started in.',
    hclEquivalent: 'path.cwd',
  },
  {
    name: 'packer_version',
    params: [],
    scope: 'everywhere',
    doc: 'The version of Packer (for chrootforge: the Packer version whose template language it implements).',
    hclEquivalent: 'packer.version',
  },
  {
    name: 'split',
    params: [
      str('text', 'Text to split.'),
      str('separator', 'Separator.'),
      int('index', '0-based index of the piece to return.'),
    ],
    scope: 'everywhere',
    doc: 'Splits a string by a separator and returns the piece at an index: `{{split "a-b" "-" 1}}` is `b`. An index past the last piece is an error.',
    hclEquivalent: 'element(split(SEP, STRING), INDEX)',
  },
  {
    name: 'replace',
    params: [
      str('old', 'Text to find.'),
      str('new', 'Replacement.'),
      int('n', 'How many occurrences to replace (negative: all).'),
      str('source', 'Text to search (last, so it can be piped).'),
    ],
    scope: 'everywhere',
    doc: 'Replaces the first `n` occurrences of `old` in `source` (all when `n` < 0): `{{replace "a" "b" 1 "aa"}}` is `ba`.',
    hclEquivalent: 'replace(SOURCE, OLD, NEW)',
  },
  {
    name: 'replace_all',
    params: [
      str('old', 'Text to find.'),
      str('new', 'Replacement.'),
      str('source', 'Text to search (last, so it can be piped).'),
    ],
    scope: 'everywhere',
    doc: 'Replaces every occurrence of `old` in `source`.',
    hclEquivalent: 'replace(SOURCE, OLD, NEW)',
  },
  {
    name: 'upper',
    params: [str('text', 'Text.')],
    scope: 'everywhere',
    doc: 'The text in upper case.',
    hclEquivalent: 'upper(STRING)',
  },
  {
    name: 'lower',
    params: [str('text', 'Text.')],
    scope: 'everywhere',
    doc: 'The text in lower case.',
    hclEquivalent: 'lower(STRING)',
  },
  {
    name: 'build',
    params: [str('name', 'Name of a shared build datum, e.g. `MountPath`.')],
    scope: 'provisioners',
    doc: 'Shared data of the running build (e.g. `{{ build `MountPath` }}`, `{{ build `Device` }}`). Only in provisioners and post-processors.',
    hclEquivalent: 'build.NAME',
  },
  {
    name: 'clean_resource_name',
    params: [str('name', 'Proposed resource name.')],
    scope: 'fields',
    doc: 'Replaces the characters a cloud resource name may not contain (amazon `ami_name`, azure and google image names).',
  },
  {
    name: 'vm',
    params: [str('key', 'What to read: `name`, `subscription_id`, `resource_group`, `location`, …')],
    scope: 'fields',
    doc: 'A value about the Azure VM the azure-chroot build runs on, read from its metadata service (azure-chroot fields only).',
  },
  {
    name: 'consul_key',
    params: [str('key', 'Consul KV path.')],
    hclUnavailable: 'Packer reads secrets only in a legacy JSON template\'s "variables"',
    scope: 'variables',
    doc: 'A value read from Consul\'s key/value store. Only allowed in the defaults of `"variables"`.',
    hclEquivalent: 'consul_key(KEY)',
  },
  {
    name: 'vault',
    params: [str('path', 'Secret path.'), str('key', 'Key in the secret.')],
    hclUnavailable: 'Packer reads secrets only in a legacy JSON template\'s "variables"',
    scope: 'variables',
    doc: 'A secret read from HashiCorp Vault (needs `VAULT_TOKEN`). Only allowed in the defaults of `"variables"`.',
    hclEquivalent: 'vault(PATH, KEY)',
  },
  {
    name: 'aws_secretsmanager',
    params: [str('name', 'Secret name.'), str('key', 'Key in the secret.', { optional: true })],
    hclUnavailable: 'Packer reads secrets only in a legacy JSON template\'s "variables"',
    scope: 'variables',
    doc: 'A secret read from AWS Secrets Manager. Only allowed in the defaults of `"variables"`.',
    hclEquivalent: 'aws_secretsmanager(NAME, KEY)',
  },
  {
    name: 'sed',
    params: [str('expression', 'sed expression.'), str('input', 'Text.')],
    scope: 'everywhere',
    doc: 'Removed from Packer.',
    deprecated: 'The template function `sed` was removed from Packer; use `replace` or `replace_all` instead.',
  },
];

/** Go's text/template builtins, always defined. */
const GO_BUILTINS: TemplateFunction[] = [
  builtin('and', [any('arg', 'Values.', { variadic: true })], 'The first empty argument, or the last one.'),
  builtin('or', [any('arg', 'Values.', { variadic: true })], 'The first non-empty argument, or the last one.'),
  builtin('not', [any('value', 'Value.')], 'The boolean negation of its argument.'),
  builtin('len', [any('value', 'String, list or map.')], 'The length of its argument.'),
  builtin(
    'index',
    [any('collection', 'List or map.'), any('key', 'Indexes.', { variadic: true })],
    'The element at the given indexes.',
  ),
  builtin(
    'slice',
    [any('value', 'String or list.'), { ...int('index', 'Bounds.'), variadic: true }],
    'A slice of its first argument.',
  ),
  builtin('print', [any('arg', 'Values.', { variadic: true })], 'Go `fmt.Sprint` of its arguments.'),
  builtin(
    'printf',
    [str('format', 'Go fmt format.'), any('arg', 'Values.', { variadic: true })],
    'Go `fmt.Sprintf` of its arguments.',
  ),
  builtin('println', [any('arg', 'Values.', { variadic: true })], 'Go `fmt.Sprintln` of its arguments.'),
  builtin('html', [any('arg', 'Values.', { variadic: true })], 'HTML-escaped text of its arguments.'),
  builtin('js', [any('arg', 'Values.', { variadic: true })], 'JavaScript-escaped text of its arguments.'),
  builtin('urlquery', [any('arg', 'Values.', { variadic: true })], 'URL-query-escaped text of its arguments.'),
  builtin(
    'eq',
    [any('a', 'Value.'), any('b', 'Values.', { variadic: true })],
    'True when `a` equals any of the other arguments.',
  ),
  builtin('ne', [any('a', 'Value.'), any('b', 'Value.')], 'True when `a != b`.'),
  builtin('lt', [any('a', 'Value.'), any('b', 'Value.')], 'True when `a < b`.'),
  builtin('le', [any('a', 'Value.'), any('b', 'Value.')], 'True when `a <= b`.'),
  builtin('gt', [any('a', 'Value.'), any('b', 'Value.')], 'True when `a > b`.'),
  builtin('ge', [any('a', 'Value.'), any('b', 'Value.')], 'True when `a >= b`.'),
  builtin(
    'call',
    [any('function', 'Function value.'), any('arg', 'Arguments.', { variadic: true })],
    'Calls a function value.',
  ),
];

function builtin(name: string, params: FunctionParam[], doc: string): TemplateFunction {
  return { name, params, doc: `${doc} (Go text/template builtin)`, scope: 'everywhere', builtin: true };
}

/** Every function, Packer's first, by name. */
export const TEMPLATE_FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map(
  [...PACKER_FUNCTIONS, ...GO_BUILTINS].map((f) => [f.name, f]),
);

/** The function called `name`, if any. */
export function templateFunction(name: string): TemplateFunction | undefined {
  return TEMPLATE_FUNCTIONS.get(name);
}

/** Fewest and most arguments a function takes (`Infinity` when variadic). */
export function arityOf(fn: TemplateFunction): { min: number; max: number } {
  const min = fn.params.filter((p) => !p.optional && !p.variadic).length;
  const max = fn.params.some((p) => p.variadic) ? Infinity : fn.params.length;
  return { min, max };
}

/** `split(string, separator, index int)` — for signature help and messages. */
export function signatureOf(fn: TemplateFunction): string {
  const params = fn.params.map((p) => {
    const type = p.type === 'any' ? '' : ` ${p.type}`;
    return `${p.variadic ? '...' : ''}${p.name}${type}${p.optional ? '?' : ''}`;
  });
  return `${fn.name}(${params.join(', ')})`;
}
