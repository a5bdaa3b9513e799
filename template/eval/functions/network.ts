/**
 * IP network functions: cidrhost cidrnetmask cidrsubnet cidrsubnets, for
 * IPv4 and IPv6 prefixes (`10.0.0.0/16`, `fd00::/8`).
 */
import type { Value } from '../../evaluation-model.js';
import { FunctionError, fn, param, type HclFunction } from '../function-model.js';
import { T } from '../types.js';

/** A network prefix: its address as a number, the prefix length and the address width. */
interface Prefix {
  address: bigint;
  length: number;
  bits: 32 | 128;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function parsePrefix(text: string, argIndex: number): Prefix {
  const [addr, len, extra] = text.split('/');
  const v4 = addr !== undefined ? parseIPv4(addr) : undefined;
  const v6 = v4 === undefined && addr !== undefined ? parseIPv6(addr) : undefined;
  const bits = v4 !== undefined ? 32 : 128;
  const length = len !== undefined && /^\d+$/.test(len) ? Number(len) : NaN;
  if (extra !== undefined || (v4 === undefined && v6 === undefined) || !(length >= 0 && length <= bits)) {
    throw new FunctionError(`invalid CIDR expression: invalid CIDR address: ${text}`, argIndex);
  }
  const address = (v4 ?? v6)!;
  const hostBits = BigInt(bits - length);
  return { address: (address >> hostBits) << hostBits, length, bits };
}

function formatAddress(address: bigint, bits: 32 | 128): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((address >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return compressIPv6(groups);
}

/** RFC 5952: the longest run (two or more) of zero groups becomes `::`. */
function compressIPv6(groups: string[]): string {
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

function cidrhost(prefix: Prefix, hostnum: number): string {
  const size = 1n << BigInt(prefix.bits - prefix.length);
  let host = BigInt(Math.trunc(hostnum));
  if (host < 0n) host += size;
  if (host < 0n || host >= size) {
    throw new FunctionError(`prefix of ${prefix.length} does not accommodate a host numbered ${hostnum}`, 1);
  }
  return formatAddress(prefix.address + host, prefix.bits);
}

function cidrnetmask(prefix: Prefix): string {
  if (prefix.bits !== 32) throw new FunctionError('only IPv4 networks have a netmask', 0);
  const mask = ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix.length)) - 1n);
  return formatAddress(mask, 32);
}

function subnet(prefix: Prefix, newbits: number, netnum: number, argIndex: number): string {
  const length = prefix.length + Math.trunc(newbits);
  if (newbits < 0 || length > prefix.bits) {
    throw new FunctionError(`insufficient address space to extend prefix of ${prefix.length} by ${newbits}`, argIndex);
  }
  const num = BigInt(Math.trunc(netnum));
  if (num < 0n || num >= 1n << BigInt(Math.trunc(newbits))) {
    throw new FunctionError(
      `prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`,
      argIndex + 1,
    );
  }
  const address = prefix.address | (num << BigInt(prefix.bits - length));
  return `${formatAddress(address, prefix.bits)}/${length}`;
}

/** Consecutive subnets of the given extra bits, each aligned after the previous, as cidrsubnets allocates. */
function cidrsubnets(prefix: Prefix, newbits: number[]): Value {
  let next = prefix.address;
  const end = prefix.address + (1n << BigInt(prefix.bits - prefix.length));
  return newbits.map((bits, i) => {
    const length = prefix.length + Math.trunc(bits);
    if (bits < 1 || length > prefix.bits) {
      throw new FunctionError(
        `would extend prefix to ${length} bits, which is too long for an IPv${prefix.bits === 32 ? 4 : 6} address`,
        i + 1,
      );
    }
    const size = 1n << BigInt(prefix.bits - length);
    const start = ((next + size - 1n) / size) * size;
    if (start + size > end)
      throw new FunctionError(`not enough remaining address space for a subnet with a prefix of ${length} bits`, i + 1);
    next = start + size;
    return `${formatAddress(start, prefix.bits)}/${length}`;
  });
}

/** The IP network functions of the library. */
export const networkFunctions: HclFunction[] = [
  fn(
    'cidrhost',
    'The IP address of a host number within a network prefix (negative counts from the end).',
    [param('prefix', T.string), param('hostnum', T.number)],
    T.string,
    ([p, n]) => cidrhost(parsePrefix(p as string, 0), n as number),
  ),
  fn(
    'cidrnetmask',
    'The netmask of an IPv4 network prefix, in dotted-decimal form.',
    [param('prefix', T.string)],
    T.string,
    ([p]) => cidrnetmask(parsePrefix(p as string, 0)),
  ),
  fn(
    'cidrsubnet',
    'A subnet of a network prefix: extended by `newbits`, numbered `netnum`.',
    [param('prefix', T.string), param('newbits', T.number), param('netnum', T.number)],
    T.string,
    ([p, b, n]) => subnet(parsePrefix(p as string, 0), b as number, n as number, 1),
  ),
  fn(
    'cidrsubnets',
    'Consecutive subnets of a network prefix, one per given number of extra bits.',
    [param('prefix', T.string)],
    T.list(T.string),
    ([p, ...bits]) => cidrsubnets(parsePrefix(p as string, 0), bits as number[]),
    { variadic: param('newbits', T.number) },
  ),
];
