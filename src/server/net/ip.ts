// IP address parsing and classification for the egress guard: every textual form a host can take
// (dotted, decimal, hex, octal, short IPv4; compressed, mapped and compatible IPv6) is reduced to bytes
// before any decision, so two spellings of one address can never get two different answers.

export interface IpAddress {
  family: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: Uint8Array;
}

export interface Cidr {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** Why an address may (or may not) be contacted without an explicit allowlist entry. */
export type AddressClass =
  | 'loopback'
  | 'private'
  | 'unique-local'
  | 'unspecified'
  | 'link-local'
  | 'shared'
  | 'metadata'
  | 'multicast'
  | 'reserved'
  | 'public';

/**
 * IPv4 the way inet_aton and the WHATWG URL parser read it: 1 to 4 parts, each decimal, octal (leading 0)
 * or hex (0x), the last part filling the remaining bytes ("127.1", "2130706433"), one trailing dot allowed.
 */
export function parseIPv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    const value = parseIPv4Part(part);
    if (value === undefined) return undefined;
    values.push(value);
  }
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 255)) return undefined;
  if (last >= 256 ** (4 - values.length)) return undefined;
  let number = last;
  values.forEach((v, i) => {
    number += v * 256 ** (3 - i);
  });
  return { family: 4, bytes: Uint8Array.of(number >>> 24, (number >>> 16) & 255, (number >>> 8) & 255, number & 255) };
}

function parseIPv4Part(part: string): number | undefined {
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
    if (digits === '') return 0; // "0x" alone is zero for the URL parser
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  const pattern = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!pattern.test(digits)) return undefined;
  const value = parseInt(digits, radix);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Textual IPv6 (no brackets); the last 32 bits may be written as a dotted IPv4. Zone ids are refused. */
export function parseIPv6(text: string): IpAddress | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (piece.includes('.')) {
        // Embedded IPv4 is only allowed as the very last piece, in strict dotted-decimal form.
        if (index !== pieces.length - 1 || !/^(\d{1,3}\.){3}\d{1,3}$/.test(piece)) return undefined;
        const octets = piece.split('.').map(Number);
        if (octets.some((o) => o > 255)) return undefined;
        const [a = 0, b = 0, c = 0, d = 0] = octets;
        groups.push((a << 8) | b, (c << 8) | d);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(piece)) return undefined;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  // The embedded IPv4 form of the last piece must sit at the end of the whole address.
  if (halves.length === 2 && head.length > 0 && (halves[0] ?? '').includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 255;
  });
  return { family: 6, bytes };
}

/** An IP literal as found in a URL host or a resolver answer: "[::1]", "::1", "10.0.0.1", "0x7f.1"... */
export function parseIpLiteral(text: string): IpAddress | undefined {
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (inner.includes(':')) return parseIPv6(inner);
  if (inner !== text) return undefined;
  return parseIPv4(inner);
}

/**
 * The address a connection really reaches: IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d)
 * IPv6 addresses become the IPv4 they carry, so they are judged by the same rules.
 */
export function canonicalAddress(address: IpAddress): IpAddress {
  if (address.family === 4) return address;
  const b = address.bytes;
  const zeros = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  const mapped = zeros(0, 10) && b[10] === 0xff && b[11] === 0xff;
  // ::/96 holds both :: and ::1, which are IPv6 addresses in their own right, not embedded IPv4.
  const compatible = zeros(0, 12) && !zeros(12, 15);
  if (mapped || compatible) return { family: 4, bytes: b.slice(12, 16) };
  return address;
}

export function formatAddress(address: IpAddress): string {
  if (address.family === 4) return Array.from(address.bytes).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((address.bytes[i] ?? 0) << 8) | (address.bytes[i + 1] ?? 0)).toString(16));
  // Compress the longest run of zero groups (at least two), as RFC 5952 does.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

/** "10.0.0.0/8", "fd00::/8", or a single address (full-length prefix). Undefined when not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const parsed = addressText.includes(':') ? parseIPv6(addressText) : parseStrictIPv4(addressText);
  if (!parsed) return undefined;
  const address = canonicalAddress(parsed);
  const maxPrefix = address.family === 4 ? 32 : 128;
  let prefix = maxPrefix;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    // A mapped IPv6 prefix (::ffff:10.0.0.0/104) is the same block as its IPv4 one.
    if (parsed.family === 6 && address.family === 4) prefix -= 96;
    if (prefix < 0 || prefix > maxPrefix) return undefined;
  }
  return { family: address.family, bytes: address.bytes, prefix };
}

/** Admin-written IPv4 in CIDRs: plain dotted decimal only, so "010.0.0.0/8" cannot mean two things. */
function parseStrictIPv4(text: string): IpAddress | undefined {
  if (!/^(\d{1,3}\.){3}\d{1,3}$/.test(text) || text.split('.').some((p) => p.length > 1 && p.startsWith('0'))) return undefined;
  return parseIPv4(text);
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  const target = canonicalAddress(address);
  if (target.family !== cidr.family) return false;
  const fullBytes = Math.floor(cidr.prefix / 8);
  for (let i = 0; i < fullBytes; i++) if (target.bytes[i] !== cidr.bytes[i]) return false;
  const rest = cidr.prefix % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((target.bytes[fullBytes] ?? 0) & mask) === ((cidr.bytes[fullBytes] ?? 0) & mask);
}

const block = (text: string): Cidr => {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`bad built-in block ${text}`);
  return cidr;
};

// Order matters: the first matching block names the class (the metadata address sits inside fc00::/7).
const BLOCKS: ReadonlyArray<readonly [Cidr, AddressClass]> = [
  [block('0.0.0.0/8'), 'unspecified'],
  [block('127.0.0.0/8'), 'loopback'],
  [block('10.0.0.0/8'), 'private'],
  [block('172.16.0.0/12'), 'private'],
  [block('192.168.0.0/16'), 'private'],
  [block('100.64.0.0/10'), 'shared'],
  [block('169.254.0.0/16'), 'link-local'],
  [block('224.0.0.0/4'), 'multicast'],
  [block('240.0.0.0/4'), 'reserved'],
  [block('::/128'), 'unspecified'],
  [block('::1/128'), 'loopback'],
  [block('fd00:ec2::254/128'), 'metadata'],
  [block('fc00::/7'), 'unique-local'],
  [block('fe80::/10'), 'link-local'],
  [block('fec0::/10'), 'reserved'],
  [block('ff00::/8'), 'multicast'],
  // IPv4-translated addresses: a different mapping from ::ffff:0:0/96, used by SIIT, not something to reach.
  [block('::ffff:0:0:0/96'), 'reserved'],
];

export function classifyAddress(address: IpAddress): AddressClass {
  const target = canonicalAddress(address);
  for (const [cidr, kind] of BLOCKS) if (cidrContains(cidr, target)) return kind;
  return 'public';
}

/** Classes reachable without an allowlist entry: this machine and the school's own private network. */
export const LOCAL_CLASSES: ReadonlySet<AddressClass> = new Set(['loopback', 'private', 'unique-local']);
