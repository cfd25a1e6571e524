import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalAddress, cidrContains, classifyAddress, formatAddress, parseCidr, parseIPv4, parseIPv6, parseIpLiteral } from './ip.ts';

const show = (text: string): string | undefined => {
  const parsed = parseIpLiteral(text);
  return parsed && formatAddress(canonicalAddress(parsed));
};

describe('parseIpLiteral', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0177.1', '127.0.0.1'],
    ['0x7F.0X0.0.01', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['0', '0.0.0.0'],
    ['0x', '0.0.0.0'],
    ['010.010.010.010', '8.8.8.8'],
    ['[::1]', '::1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['[::ffff:7f00:1]', '127.0.0.1'],
    ['0:0:0:0:0:ffff:7f00:0001', '127.0.0.1'],
    ['::127.0.0.1', '127.0.0.1'],
    ['::ffff:0:7f00:1', '::ffff:0:7f00:1'],
    ['fd12:3456:789a::1', 'fd12:3456:789a::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['FE80::1', 'fe80::1'],
  ])('%s is %s', (text, expected) => {
    expect(show(text)).toBe(expected);
  });

  it.each(['', '.', '1..2', '256.0.0.1', '1.2.3.4.5', '4294967296', '08.0.0.1', '0x1g', '1.2.3.-4', 'localhost', '127.0.0.1..', '[127.0.0.1]', '::1%lo', 'fe80::1%25eth0', ':::', '1:2:3:4:5:6:7:8:9', '1::2::3', '::ffff:127.1', '1.2.3.4::', '12345::', '::1.2.3.256'])(
    '%j is not an address',
    (text) => {
      expect(parseIpLiteral(text)).toBeUndefined();
    },
  );

  it('reads every inet_aton spelling of an IPv4 address as that address', () => {
    const spell = (value: number, radix: 8 | 10 | 16) => (radix === 16 ? `0x${value.toString(16)}` : radix === 8 ? `0${value.toString(8)}` : String(value));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom<8 | 10 | 16>(8, 10, 16), fc.integer({ min: 1, max: 4 }), (value, radix, parts) => {
        const bytes = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
        const head = bytes.slice(0, parts - 1).map((b) => spell(b, radix));
        const rest = bytes.slice(parts - 1).reduce((acc, b) => acc * 256 + b, 0);
        const text = [...head, spell(rest, radix)].join('.');
        expect(formatAddress(parseIPv4(text)!)).toBe(bytes.join('.'));
      }),
    );
  });

  it('parses every compressed form of an IPv6 address to the same bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0, 0, 1, 0xffff, 0xfd00, 0x7f00), { minLength: 8, maxLength: 8 }), (groups) => {
        const full = groups.map((g) => g.toString(16)).join(':');
        const expected = Array.from(parseIPv6(full)!.bytes);
        expect(Array.from(parseIPv6(formatAddress({ family: 6, bytes: parseIPv6(full)!.bytes }))!.bytes)).toEqual(expected);
      }),
    );
  });
});

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['192.168.0.1', 'private'],
    ['192.169.0.1', 'public'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::7f00:1', 'public'],
    ['2002:7f00:1::', 'public'],
  ])('%s is %s', (text, kind) => {
    expect(classifyAddress(parseIpLiteral(text)!)).toBe(kind);
  });
});

describe('parseCidr', () => {
  it('matches addresses inside the block only, across IPv4 and mapped IPv6 spellings', () => {
    const block = parseCidr('203.0.113.0/24')!;
    expect(cidrContains(block, parseIpLiteral('203.0.113.77')!)).toBe(true);
    expect(cidrContains(block, parseIpLiteral('::ffff:203.0.113.77')!)).toBe(true);
    expect(cidrContains(block, parseIpLiteral('203.0.114.1')!)).toBe(false);
    const odd = parseCidr('100.64.0.0/10')!;
    expect(cidrContains(odd, parseIpLiteral('100.127.1.1')!)).toBe(true);
    expect(cidrContains(odd, parseIpLiteral('100.128.0.0')!)).toBe(false);
    const mapped = parseCidr('::ffff:10.0.0.0/104')!;
    expect(mapped).toMatchObject({ family: 4, prefix: 8 });
    const v6 = parseCidr('2001:db8::/32')!;
    expect(cidrContains(v6, parseIpLiteral('2001:db8:ffff::1')!)).toBe(true);
    expect(cidrContains(v6, parseIpLiteral('2001:db9::1')!)).toBe(false);
    expect(parseCidr('192.0.2.7')).toMatchObject({ family: 4, prefix: 32 });
  });

  it.each(['010.0.0.0/8', '10.0.0.0/33', '10/8', '127.1', 'fd00::/129', '10.0.0.0/', '10.0.0.0/x', 'exemple.fr'])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});
