/**
 * `yamldecode` as Packer reads YAML (go-cty-yaml): one document, mappings
 * to objects and sequences to tuples, anchors and aliases, `<<` merging a
 * mapping in. Unquoted scalars resolve by YAML 1.1 rules as cty-yaml
 * applies them: `y`, `yes`, `on` are true, `~` and `null` are null,
 * `1_000` and `0b101` are numbers, `017` is 17 while `0x1F` stays a
 * string, dates become RFC 3339 strings; quoted scalars stay strings. The
 * `yaml` package parses; the resolving is cty-yaml's, written out here.
 *
 * An empty document or a lone null is null, as cty-yaml gives since 1.0.3
 * (Packer 1.6.6 has 1.0.2: unknown for a null, an error for no document).
 */
import type * as Yaml from 'yaml';
import { engineResources } from '../../engine-resources.js';
import type { Value } from '../../evaluation-model.js';
import { FunctionError } from '../function-model.js';
import { decimalText } from '../number-text.js';
import { asString, isObjectValue, kindOf, objectFromEntries } from '../value.js';
import { decodeStdBase64 } from './go-base64.js';

/** The `yaml` package, from the host at the first `yamldecode` (Node loads it then: few templates call it). */
function yaml(): typeof Yaml {
  return engineResources().yaml();
}

const TAG = 'tag:yaml.org,2002:';
const STR = `${TAG}str`;
const BINARY = `${TAG}binary`;
const BOOL = `${TAG}bool`;
const INT = `${TAG}int`;
const FLOAT = `${TAG}float`;
const NULL = `${TAG}null`;
const TIMESTAMP = `${TAG}timestamp`;
const RESOLVABLE = new Set(['', STR, BINARY, BOOL, INT, FLOAT, NULL, TIMESTAMP]);

/** Plain scalars with a fixed meaning (YAML 1.1's booleans and nulls, as cty-yaml lists them). */
const FIXED = new Map<string, Value>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, null] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, -Infinity] as const),
]);

/** What the first character suggests a plain scalar might be (go-yaml's resolve table); undefined: a string. */
function hint(src: string): 'sign' | 'digit' | 'fixed' | 'dot' | undefined {
  if (src === '') return 'fixed';
  const c = src[0]!;
  if (c === '+' || c === '-') return 'sign';
  if (c >= '0' && c <= '9') return 'digit';
  if ('yYnNtTfFoO~'.includes(c)) return 'fixed';
  return c === '.' ? 'dot' : undefined;
}

/** A `<<` key: the value is a mapping to merge in. */
const MERGE = Symbol('merge');

/** A number as Go's big.Float parses base 10 (cty.ParseNumberVal): `1.`, `.5`, `1e3`, `1p3` (×2³), `±Inf`. */
function goFloat(text: string): number | undefined {
  const m = /^([+-]?)(?:(\d+\.?\d*|\.\d+)(?:([eEpP])([+-]?\d+))?|([Ii]nf))$/.exec(text);
  if (!m) return undefined;
  const [, sign, mantissa, exponentMark, exponent, inf] = m;
  const magnitude = inf
    ? Infinity
    : /[pP]/.test(exponentMark ?? '')
      ? Number(mantissa) * 2 ** Number(exponent)
      : Number(text.slice(sign!.length));
  return sign === '-' ? -magnitude : magnitude;
}

/** An integer as Go's strconv.ParseInt/ParseUint read it with base 0 (`0x`, `0o`, `0b`, leading-0 octal), in 64 bits. */
function goInt(text: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9]\d*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2]!;
  const magnitude = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
  const value = m[1] === '-' ? -magnitude : magnitude;
  // ParseInt takes int64; ParseUint takes up to 2⁶⁴-1 but no sign.
  const fits = (value >= -(2n ** 63n) && value < 2n ** 63n) || (m[1] === '' && value < 2n ** 64n);
  return fits ? Number(value) : undefined;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A timestamp in one of the forms cty-yaml accepts, as RFC 3339; undefined for none. */
function timestamp(src: string): string | undefined {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})| (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?)?$/.exec(
      src,
    );
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = (m[4] ? [m[5], m[6], m[7]] : [m[9] ?? 0, m[10] ?? 0, m[11] ?? 0]).map(Number) as [
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const zone = m[8] === undefined || /^[+-]00:00$/.test(m[8]) ? 'Z' : m[8];
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${zone}`;
}

/** A number for an `!!int` or `!!float` scalar (underscores dropped), as cty-yaml parses one. */
function taggedNumber(src: string, tag: string): number {
  const plain = src.replaceAll('_', '');
  const value = goFloat(plain) ?? goInt(plain);
  if (value === undefined) throw new Error(`cannot parse ${JSON.stringify(src)} as ${tag}`);
  return value;
}

/** A scalar's value, by cty-yaml's resolveScalar: its tag, its text, whether it was quoted. */
function resolveScalar(tag: string, src: string, quoted: boolean): Value | typeof MERGE {
  if (!RESOLVABLE.has(tag)) throw new Error(`unsupported tag ${JSON.stringify(tag)}`);
  const kind = hint(src);
  if (kind !== undefined && tag !== STR && tag !== BINARY) {
    if (quoted) return src;
    if (FIXED.has(src)) return FIXED.get(src)!;
    if (tag === '' && ['.nan', '.NaN', '.NAN'].includes(src)) throw new Error('floating point NaN is not supported');
    if (kind === 'dot') {
      const n = goFloat(src);
      if (n !== undefined) return n;
    }
    if (kind === 'digit' || kind === 'sign') {
      const time = tag === '' || tag === TIMESTAMP ? timestamp(src) : undefined;
      if (time !== undefined) return time;
      const n = goFloat(src.replaceAll('_', ''));
      if (n !== undefined) return n;
      // Binary needs the integer parser below.
      if (/^-?0b/.test(src.replaceAll('_', ''))) tag = INT;
    }
  }
  if (tag === '' && src === '<<') return MERGE;
  switch (tag) {
    case BINARY:
      if (!decodeStdBase64(src).ok) throw new Error(`cannot parse ${JSON.stringify(src)} as ${tag}: not valid base64`);
      return src;
    case BOOL:
      if (typeof FIXED.get(src) !== 'boolean') throw new Error(`cannot parse ${JSON.stringify(src)} as ${tag}`);
      return FIXED.get(src)!;
    case INT:
    case FLOAT:
      return taggedNumber(src, tag);
    case TIMESTAMP: {
      const time = timestamp(src);
      if (time === undefined) throw new Error(`cannot parse ${JSON.stringify(src)} as ${tag}`);
      return time;
    }
    case NULL:
      return null;
    default:
      return src;
  }
}

/** cty's name for a value's type, in "cannot merge … into mapping". */
function friendlyName(value: Value): string {
  if (value === null) return 'dynamic';
  if (Array.isArray(value)) return 'tuple';
  return kindOf(value);
}

/** Values one document may expand to through aliases; past it, a few lines could stand for billions. */
const MAX_VALUES = 1_000_000;

type YamlNode = Yaml.Scalar | Yaml.YAMLMap | Yaml.YAMLSeq | Yaml.Alias | null;

/** Builds the value of one document, anchors as they are defined. */
class Composer {
  private readonly anchors = new Map<string, { value: Value; size: number }>();
  /** Anchors being defined (a name may be nested in itself), for cty's self-reference error. */
  private readonly pending = new Map<string, number>();
  private count = 0;

  constructor(private readonly lines: Yaml.LineCounter) {}

  /** A FunctionError at a node (or document), with the position prefix cty-yaml writes. */
  fail(node: { range?: readonly number[] | null | undefined } | null | undefined, message: string): never {
    const at = node?.range ? this.lines.linePos(node.range[0]!) : undefined;
    throw new FunctionError(at ? `on line ${at.line}, column ${at.col}: ${message}` : message, 0);
  }

  value(node: YamlNode): Value {
    if (++this.count > MAX_VALUES)
      this.fail(node, `the document expands to more than ${MAX_VALUES} values through aliases`);
    const { isAlias, isMap, isSeq } = yaml();
    if (isAlias(node)) return this.alias(node);
    const start = this.count;
    if (node?.anchor) this.pending.set(node.anchor, (this.pending.get(node.anchor) ?? 0) + 1);
    const value = isMap(node)
      ? this.mapping(node)
      : isSeq(node)
        ? this.sequence(node)
        : this.scalar(node as Yaml.Scalar | null);
    if (node?.anchor) {
      const left = this.pending.get(node.anchor)! - 1;
      if (left === 0) this.pending.delete(node.anchor);
      else this.pending.set(node.anchor, left);
      this.anchors.set(node.anchor, { value, size: this.count - start + 1 });
    }
    return value;
  }

  private resolve(node: Yaml.Scalar | null): Value | typeof MERGE {
    const quoted = node?.type === 'QUOTE_DOUBLE' || node?.type === 'QUOTE_SINGLE';
    try {
      return resolveScalar(node?.tag ?? '', node?.source ?? '', quoted);
    } catch (err) {
      return this.fail(node, (err as Error).message);
    }
  }

  private scalar(node: Yaml.Scalar | null): Value {
    const value = this.resolve(node);
    // Anywhere but a mapping key, `<<` is just text.
    return value === MERGE ? '<<' : value;
  }

  private alias(node: Yaml.Alias): Value {
    if (this.pending.has(node.source))
      this.fail(node, `cannot refer to anchor ${JSON.stringify(node.source)} from inside its own definition`);
    const anchor = this.anchors.get(node.source);
    if (!anchor) return this.fail(node, `reference to undefined anchor ${JSON.stringify(node.source)}`);
    this.count += anchor.size;
    return anchor.value;
  }

  private mapping(node: Yaml.YAMLMap): Value {
    if (node.tag && node.tag !== `${TAG}map`) this.fail(node, `can't interpret mapping as ${node.tag}`);
    const entries = new Map<string, Value>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode;
      if (keyNode !== null && !yaml().isScalar(keyNode)) this.fail(keyNode, 'only strings are allowed as mapping keys');
      const key = this.resolve(keyNode);
      if (key === MERGE) {
        const merged = this.value(pair.value as YamlNode);
        if (!isObjectValue(merged)) this.fail(keyNode, `cannot merge ${friendlyName(merged)} into mapping`);
        for (const [k, v] of Object.entries(merged)) entries.set(k, v);
        continue;
      }
      if (key === null) this.fail(keyNode ?? node, 'mapping key cannot be null');
      // Keys convert to strings as cty converts: numbers in plain decimal.
      entries.set(typeof key === 'number' ? decimalText(key) : asString(key)!, this.value(pair.value as YamlNode));
    }
    return objectFromEntries(entries);
  }

  private sequence(node: Yaml.YAMLSeq): Value {
    if (node.tag && node.tag !== `${TAG}seq`) this.fail(node, `can't interpret sequence as ${node.tag}`);
    return node.items.map((item) => this.value(item as YamlNode));
  }
}

/** Decodes YAML text holding one document. */
export function decodeYaml(text: string): Value {
  const { LineCounter, parseAllDocuments } = yaml();
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    schema: 'failsafe',
    merge: false,
    uniqueKeys: false,
    prettyErrors: false,
  });
  const [first, second] = docs;
  if (!first) return null;
  const syntax = first.errors[0];
  if (syntax) {
    const at = lines.linePos(syntax.pos[0]);
    throw new FunctionError(`on line ${at.line}, column ${at.col}: ${syntax.message}`, 0);
  }
  const composer = new Composer(lines);
  const value = composer.value(first.contents as YamlNode);
  if (second) composer.fail(second, 'unexpected extra content after value');
  return value;
}
